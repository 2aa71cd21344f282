// The inbound ack, from outside: /预算 posted to the console's HTTP API (POST /console/api/messages,
// as the page sends it) at a fixed 500 a second for 10 s whatever the answers take (open loop), each
// timed from when it was due until its 202. Beside it, in the same run, the raw edge (raw-edge.ts): a
// bare node:http server that adds one BullMQ job per request, at the same rate, on the same Redis.
// Each run has a Guanjia and a bot of its own (the backlog a run leaves is dropped with them), after a warm-up.
import { startTestGuanjia } from '../helpers/test-guanjia.js';
import { dropQueue, median, ms, openLoop, percentile, startBot, startRawEdge, times, withRuns, type BenchOptions, type OpenLoopResult, type Row } from './bench-kit.js';

export const ACK_RATE = 500;
export const ACK_SECONDS = 10;
export const ACK_GOAL_MS = 5;
const WARM_UP = { rate: 100, seconds: 1 };
const PEOPLE = ['fenglei', 'qianwei', 'liuxiaoyan', 'wugang', 'zhengjia'];

const command = (i: number) => ({ as: PEOPLE[i % PEOPLE.length], text: '/预算' });

function describe(label: string, result: OpenLoopResult): void {
  console.log(
    `  ${label}: ${result.sent} sent at ${result.rate.toFixed(0)}/s, ${result.ok} accepted, ${result.failed} not; ` +
      `p50 ${ms(percentile(result.latencies, 0.5))}, p99 ${ms(percentile(result.latencies, 0.99))}, max ${ms(Math.max(...result.latencies))} ` +
      `(the bench sent them up to ${ms(result.lateP99)} late at p99)`,
  );
}

export async function benchAck(options: BenchOptions): Promise<Row[]> {
  const ours: number[] = [];
  const raw: number[] = [];
  let refused = 0;
  for (let r = 0; r < options.runs; r++) {
    // a Guanjia of its own each run: the events a run accepted and left unhandled are kept in
    // PostgreSQL, and a later bot on the same schema would queue them again
    const app = await startTestGuanjia({ workers: false });
    const redisUrl = app.config.REDIS_URL!;
    try {
      const bot = await startBot(app.config);
      try {
        const url = `${bot.url}/console/api/messages`;
        await openLoop(url, WARM_UP.rate, WARM_UP.seconds, command);
        const result = await openLoop(url, ACK_RATE, ACK_SECONDS, command);
        describe(`run ${r + 1}, the bot's console`, result);
        refused += result.failed;
        ours.push(percentile(result.latencies, 0.99));
      } finally {
        // its backlog goes with its schema and queues
        await bot.kill();
      }
      const edgePrefix = `${app.config.QUEUE_PREFIX}edge`;
      const edge = await startRawEdge(redisUrl, edgePrefix);
      try {
        const url = `${edge.url}/`;
        await openLoop(url, WARM_UP.rate, WARM_UP.seconds, command);
        const result = await openLoop(url, ACK_RATE, ACK_SECONDS, command);
        describe(`run ${r + 1}, raw node:http → BullMQ`, result);
        raw.push(percentile(result.latencies, 0.99));
      } finally {
        await edge.stop();
        await dropQueue(redisUrl, edgePrefix, 'raw-edge');
      }
    } finally {
      await app.cleanup();
    }
  }
  return [
    {
      figure: `inbound ack p99 at ${ACK_RATE}/s for ${ACK_SECONDS} s (/预算)${refused > 0 ? `, ${refused} not accepted` : ''}`,
      ours: withRuns(ours, ms),
      baseline: `raw node:http → BullMQ ${withRuns(raw, ms)}`,
      ratio: times(median(ours) / median(raw)),
      goal: `≤ ${ACK_GOAL_MS} ms`,
      met: median(ours) <= ACK_GOAL_MS && refused === 0,
    },
  ];
}
