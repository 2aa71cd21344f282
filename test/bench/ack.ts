// The inbound ack, from outside: /预算 posted to the console's HTTP API (POST /console/api/messages,
// as the page sends it) at a fixed 500 a second for 10 s whatever the answers take (open loop), each
// timed from when it was due until its 202. Twice: to one bot process doing everything, and to an
// edge process (WORKERS=off) with a worker process beside it at a lower CPU priority (nice 10), as
// the README's «Operating Guanjia» suggests for a busy unit. Beside them, in the same run, the raw
// edge (raw-edge.ts): a bare node:http server that adds one BullMQ job per request, at the same rate,
// on the same Redis, keeping nothing in PostgreSQL. Each run has a Guanjia and bots of its own (the
// backlog a run leaves is dropped with them), after a warm-up of 3 s at the same rate (the JIT, and the
// database and Redis connection pools growing to what the load needs).
import { setPriority } from 'node:os';
import { startTestGuanjia } from '../helpers/test-guanjia.js';
import { dropQueue, median, ms, openLoop, percentile, startBot, startRawEdge, times, withRuns, type BenchOptions, type OpenLoopResult, type Row } from './bench-kit.js';

export const ACK_RATE = 500;
export const ACK_SECONDS = 10;
export const ACK_GOAL_MS = 5;
const WARM_UP = { rate: 500, seconds: 3 };
/** the worker process's CPU priority beside the edge (the edge answers first when the machine is busy) */
const WORKER_NICE = 10;
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
  const single: number[] = [];
  const split: number[] = [];
  const raw: number[] = [];
  let refused = 0;
  const measure = async (label: string, url: string) => {
    await openLoop(url, WARM_UP.rate, WARM_UP.seconds, command);
    const result = await openLoop(url, ACK_RATE, ACK_SECONDS, command);
    describe(label, result);
    return result;
  };
  for (let r = 0; r < options.runs; r++) {
    for (const shape of ['single', 'split'] as const) {
      // a Guanjia of its own each time: the events a run accepted and left unhandled are kept in
      // PostgreSQL, and a later bot on the same schema would queue them again
      const app = await startTestGuanjia({ workers: false });
      try {
        const edge = await startBot(app.config, { env: { WORKERS: shape === 'single' ? 'on' : 'off' } });
        const worker = shape === 'split' ? await startBot(app.config, { env: { WORKERS: 'on' } }) : undefined;
        if (worker) setPriority(worker.pid, WORKER_NICE);
        try {
          const result = await measure(`run ${r + 1}, ${shape === 'single' ? 'one bot process' : 'an edge process, workers in another'}`, `${edge.url}/console/api/messages`);
          refused += result.failed;
          (shape === 'single' ? single : split).push(percentile(result.latencies, 0.99));
        } finally {
          // their backlog goes with their schema and queues
          await edge.kill();
          await worker?.kill();
        }
      } finally {
        await app.cleanup();
      }
    }
    const app = await startTestGuanjia({ workers: false });
    const redisUrl = app.config.REDIS_URL!;
    const edgePrefix = `${app.config.QUEUE_PREFIX}edge`;
    try {
      const edge = await startRawEdge(redisUrl, edgePrefix);
      try {
        raw.push(percentile((await measure(`run ${r + 1}, raw node:http → BullMQ`, `${edge.url}/`)).latencies, 0.99));
      } finally {
        await edge.stop();
        await dropQueue(redisUrl, edgePrefix, 'raw-edge');
      }
    } finally {
      await app.cleanup();
    }
  }
  const row = (figure: string, ours: number[]): Row => ({
    figure: `inbound ack p99 at ${ACK_RATE}/s for ${ACK_SECONDS} s (/预算), ${figure}${refused > 0 ? `, ${refused} not accepted` : ''}`,
    ours: withRuns(ours, ms),
    baseline: `raw node:http → BullMQ ${withRuns(raw, ms)}`,
    ratio: times(median(ours) / median(raw)),
    goal: `≤ ${ACK_GOAL_MS} ms`,
    met: median(ours) <= ACK_GOAL_MS && refused === 0,
  });
  return [row('one bot process', single), row(`an edge process (WORKERS=off), workers in another at nice ${WORKER_NICE}`, split)];
}
