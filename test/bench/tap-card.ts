// Tap → next approver's card at a steady rate: 同意 on first-step cards through the console's HTTP
// API, two a second on a fixed schedule, each timed from when it was due until the next approver's
// card was announced to the console (delivered). The bot is otherwise idle. The first taps after the bot
// starts are its first decisions (code compiled on first use, first queries planned): they run on the
// same schedule but are not counted, as the ack figure's warm-up is not.
import { ms, percentile, sleep, startBot, watchConsole, type BenchOptions, type Row } from './bench-kit.js';
import { benchGuanjia, lastMessageId, nextCards, readyForStepOne, tapApprove } from './step-one.js';
import { performance } from 'node:perf_hooks';

export const TAP_RATE = 2;
export const TAPS = 120;
/** taps on the same schedule before the counted ones */
export const TAP_WARM_UP = 5;
export const TAP_GOAL_MS = 100;

export async function benchTapCard(_options: BenchOptions): Promise<Row[]> {
  const app = await benchGuanjia();
  const bot = await startBot(app.config).catch(async (error: unknown) => {
    await app.cleanup();
    throw error;
  });
  try {
    const all = await readyForStepOne(app, TAP_WARM_UP + TAPS);
    const watch = await watchConsole(app.config.REDIS_URL!, app.config.QUEUE_PREFIX);
    const after = await lastMessageId(app);
    const start = performance.now();
    const allDue = all.map((_, i) => start + (i * 1000) / TAP_RATE);
    const sending: Promise<void>[] = [];
    for (let i = 0; i < all.length; i++) {
      await sleep(Math.max(0, allDue[i]! - performance.now()));
      sending.push(tapApprove(bot.url, all[i]!));
    }
    await Promise.all(sending);
    const cards = await nextCards(app, all, after);
    const taps = all.slice(TAP_WARM_UP);
    const due = allDue.slice(TAP_WARM_UP);
    await watch.close();
    const latencies = taps.map((t, i) => (watch.firstSeen.get(t.department.leader)?.get(cards.get(t.requestId)!) ?? Number.NaN) - due[i]!);
    const p50 = percentile(latencies, 0.5);
    const p99 = percentile(latencies, 0.99);
    console.log(`tap → next card at ${TAP_RATE}/s, ${TAPS} taps: p50 ${ms(p50)}, p99 ${ms(p99)}, max ${ms(Math.max(...latencies))}`);
    return [
      {
        figure: `tap → next approver's card p99 at a steady ${TAP_RATE}/s (${TAPS} taps after ${TAP_WARM_UP} not counted; p50 ${ms(p50)})`,
        ours: ms(p99),
        baseline: '—',
        ratio: '—',
        goal: `≤ ${TAP_GOAL_MS} ms`,
        met: p99 <= TAP_GOAL_MS,
      },
    ];
  } finally {
    await bot.stop();
    await app.cleanup();
  }
}
