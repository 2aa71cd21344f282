// Decisions end to end, from outside: 同意 tapped through the console's HTTP API (accepted, 202) →
// handled by the bot's worker (committed, ledger, audit) → the next approver's card delivered to the
// console, for a batch of first-step requests tapped as fast as the API accepts them; decisions per
// second from the first tap to the last next card. Beside it, in the same run on the same Redis, the
// raw rate of BullMQ: a Queue and a Worker that does nothing, jobs added and processed per second.
// Also what one decision costs the bot: SQL statements, Redis commands and CPU time, counted by the
// probe preloaded in the bot process (bot-probe.ts), with the idle sweep's share taken out.
import { performance } from 'node:perf_hooks';
import { Queue, Worker } from 'bullmq';
import { createRedis } from '../../bot/queue/redis.js';
import type { TestGuanjia } from '../helpers/test-guanjia.js';
import { median, percent, perSecond, pool, sleep, startBot, watchConsole, withRuns, type BenchOptions, type BotProcess, type BotStats, type Row } from './bench-kit.js';
import { benchGuanjia, botIdle, lastMessageId, nextCards, readyForStepOne, tapApprove, type PendingTap } from './step-one.js';

export const DECISIONS_PER_RUN = 80;
export const DECISIONS_GOAL_PER_SECOND = 1000;
export const DECISIONS_GOAL_RATIO = 0.25;
const TAPS_IN_FLIGHT = 16;
const RAW_JOBS = 5000;

export interface DecisionRun {
  perSecond: number;
  /** tap sent → next card delivered, ms, one per tap */
  latencies: number[];
}

/** Taps every one of `taps` (TAPS_IN_FLIGHT at a time) and waits for every next card. */
export async function decisionRun(app: TestGuanjia, bot: BotProcess, taps: readonly PendingTap[]): Promise<DecisionRun> {
  const watch = await watchConsole(app.config.REDIS_URL!, app.config.QUEUE_PREFIX);
  try {
    const after = await lastMessageId(app);
    const sent = new Map<string, number>();
    const start = performance.now();
    await pool(taps, TAPS_IN_FLIGHT, async (tap) => {
      sent.set(tap.requestId, performance.now());
      await tapApprove(bot.url, tap);
    });
    const cards = await nextCards(app, taps, after);
    const polledAt = performance.now();
    const delivered = taps.map((t) => watch.firstSeen.get(t.department.leader)?.get(cards.get(t.requestId)!) ?? polledAt);
    const end = Math.max(...delivered);
    return { perSecond: taps.length / ((end - start) / 1000), latencies: taps.map((t, i) => delivered[i]! - sent.get(t.requestId)!) };
  } finally {
    await watch.close();
  }
}

/** Jobs a second through a BullMQ Queue + Worker that does nothing (the worker with the bot's inbound concurrency, 8). */
export async function rawBullmq(redisUrl: string, prefix: string, jobs = RAW_JOBS): Promise<number> {
  const connection = createRedis(redisUrl, () => {});
  const queue = new Queue('raw', { connection, prefix });
  let done = 0;
  let finished: () => void = () => {};
  const all = new Promise<void>((resolve) => (finished = resolve));
  const worker = new Worker('raw', async () => {}, { connection: createRedis(redisUrl, () => {}), prefix, concurrency: 8 });
  worker.on('completed', () => {
    if (++done === jobs) finished();
  });
  await worker.waitUntilReady();
  try {
    const start = performance.now();
    await pool(
      Array.from({ length: jobs }, (_, i) => i),
      TAPS_IN_FLIGHT,
      (i) => queue.add('raw', { i }, { removeOnComplete: true }),
    );
    await all;
    return jobs / ((performance.now() - start) / 1000);
  } finally {
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
    connection.disconnect();
  }
}

/** The bot's counters over `work`, less what it does idle over as long (the outbox sweep). */
export async function costOf(bot: BotProcess, work: () => Promise<void>): Promise<{ delta: BotStats; seconds: number }> {
  const idleStart = await bot.stats();
  const idleT = performance.now();
  await sleep(2000);
  const idleEnd = await bot.stats();
  const idleS = (performance.now() - idleT) / 1000;
  const before = await bot.stats();
  const t = performance.now();
  await work();
  const after = await bot.stats();
  const s = (performance.now() - t) / 1000;
  const idle = (key: 'sql' | 'transactions' | 'advisoryLocks' | 'redis' | 'putBack' | 'cpuMs') => ((idleEnd[key] - idleStart[key]) / idleS) * s;
  return {
    delta: {
      sql: after.sql - before.sql - idle('sql'),
      transactions: after.transactions - before.transactions - idle('transactions'),
      advisoryLocks: after.advisoryLocks - before.advisoryLocks - idle('advisoryLocks'),
      redis: after.redis - before.redis - idle('redis'),
      putBack: after.putBack - before.putBack - idle('putBack'),
      cpuMs: after.cpuMs - before.cpuMs - idle('cpuMs'),
      rss: after.rss,
      heapUsed: after.heapUsed,
    },
    seconds: s,
  };
}

/** the statements sent most often per decision (the idle sweep's few included) */
function printStatements(before: Map<string, number>, after: Map<string, number>, decisions: number): void {
  const per = [...after].map(([shape, n]) => [shape, (n - (before.get(shape) ?? 0)) / decisions] as const).filter(([, n]) => n > 0);
  per.sort((a, b) => b[1] - a[1]);
  console.log(`  statements per decision, the most frequent of ${per.length} kinds:`);
  for (const [shape, n] of per.slice(0, 15)) console.log(`    ${n.toFixed(2).padStart(6)}  ${shape}`);
}

export async function benchDecisions(options: BenchOptions): Promise<Row[]> {
  const app = await benchGuanjia();
  let bot: BotProcess | undefined;
  try {
    bot = await startBot(app.config, { cpuProfDir: options.cpuProfDir });
    const runs = options.runs;
    const prepStart = performance.now();
    const taps = await readyForStepOne(app, DECISIONS_PER_RUN * runs);
    console.log(`decisions: ${taps.length} requests at their first step, cards delivered, in ${((performance.now() - prepStart) / 1000).toFixed(1)} s`);
    const ours: number[] = [];
    const raw: number[] = [];
    let cost: { delta: BotStats; seconds: number } | undefined;
    for (let r = 0; r < runs; r++) {
      const batch = taps.slice(r * DECISIONS_PER_RUN, (r + 1) * DECISIONS_PER_RUN);
      let run: DecisionRun | undefined;
      const once = async () => {
        run = await decisionRun(app, bot!, batch);
        await botIdle(app);
      };
      // the first run also counts what the decisions cost the bot, until it is idle again, and which statements
      if (r === 0) {
        const before = await bot.statements();
        cost = await costOf(bot, once);
        printStatements(before, await bot.statements(), batch.length);
      } else await once();
      ours.push(run!.perSecond);
      raw.push(await rawBullmq(app.config.REDIS_URL!, `${app.config.QUEUE_PREFIX}raw`));
      console.log(`  run ${r + 1}: ${perSecond(run!.perSecond)} decisions end to end; raw BullMQ ${perSecond(raw.at(-1)!)}`);
    }
    const ratio = median(ours) / median(raw);
    const n = DECISIONS_PER_RUN;
    if (cost) {
      console.log(
        `  one decision costs the bot (all the work it causes, idle sweep taken out): ${(cost.delta.sql / n).toFixed(1)} SQL statements ` +
          `in ${(cost.delta.transactions / n).toFixed(1)} transactions, ${(cost.delta.advisoryLocks / n).toFixed(1)} advisory locks taken, ` +
          `${(cost.delta.redis / n).toFixed(1)} Redis commands, ${(cost.delta.putBack / n).toFixed(2)} jobs put back for later (moveToDelayed), ${(cost.delta.cpuMs / n).toFixed(1)} ms CPU`,
      );
    }
    return [
      {
        figure: `decisions end to end (tap → next card), ${n} a run`,
        ours: withRuns(ours, perSecond),
        baseline: `raw BullMQ add+process ${withRuns(raw, perSecond)}`,
        ratio: percent(ratio),
        goal: `≥ ${DECISIONS_GOAL_PER_SECOND.toLocaleString('en')}/s and ≥ ${percent(DECISIONS_GOAL_RATIO)}`,
        met: median(ours) >= DECISIONS_GOAL_PER_SECOND && ratio >= DECISIONS_GOAL_RATIO,
      },
      ...(cost
        ? [
            {
              figure: 'per decision: SQL statements / transactions / advisory locks / Redis commands / jobs put back / bot CPU',
              ours:
                `${(cost.delta.sql / n).toFixed(0)} / ${(cost.delta.transactions / n).toFixed(1)} / ${(cost.delta.advisoryLocks / n).toFixed(1)} / ` +
                `${(cost.delta.redis / n).toFixed(0)} / ${(cost.delta.putBack / n).toFixed(1)} / ${(cost.delta.cpuMs / n).toFixed(0)} ms`,
              baseline: '—',
              ratio: '—',
              goal: '—',
            },
          ]
        : []),
    ];
  } finally {
    await bot?.stop();
    await app.cleanup();
  }
}
