// A deadline timer that exhausted its retries sits in BullMQ's failed set under its deterministic id
// (`deadline-yellow-<stepId>`). The hourly re-arm must put it back in play; a timer that completed
// stays deduplicated. Real Redis, a queue prefix of its own; the worker is BullMQ's own, so the test
// decides when a run fails.
import { randomBytes } from 'node:crypto';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotDeps } from '../../bot/deps.js';
import { armDeadline } from '../../bot/notify/dispatch-outbox.js';
import { JobQueues } from '../../bot/queue/job-queues.js';
import { createRedis } from '../../bot/queue/redis.js';
import { waitFor } from '../helpers/test-guanjia.js';
import { testRedis, type TestRedis } from '../helpers/test-redis.js';

const prefix = `t${randomBytes(5).toString('hex')}`;
const stepId = `step-${randomBytes(4).toString('hex')}`;
let server: TestRedis;
let redis: Redis;
let queues: JobQueues;
/** armDeadline reads only the queues and the clock */
let deps: Pick<BotDeps, 'queues' | 'clock'>;

/** runs of the yellow timer; the first one fails for good */
const runs: string[] = [];
let worker: Worker;

beforeAll(async () => {
  server = await testRedis();
  redis = createRedis(server.url, () => {});
  queues = new JobQueues(redis, prefix);
  deps = { queues, clock: () => new Date() };
  worker = new Worker(
    'deadline',
    async (job: Job) => {
      runs.push(String(job.id));
      if (runs.length === 1) throw new UnrecoverableError('the step could not be read');
    },
    { connection: createRedis(server.url, () => {}), prefix },
  );
});

afterAll(async () => {
  await worker?.close();
  await queues.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  await server?.stop();
});

const yellow = () => queues.queue('deadline').getJob(`deadline-yellow-${stepId}`);
const stateOf = async (job: Promise<Job | undefined>) => (await job)?.getState();

describe('re-arming a deadline timer', () => {
  it('runs again a timer that failed for good, and leaves a completed one alone', async () => {
    const now = Date.now();
    const yellowAt = new Date(now - 60_000); // overdue: due at once
    await armDeadline(deps, { stepId, kind: 'yellow', at: yellowAt });
    await waitFor(async () => (await stateOf(yellow())) === 'failed', 'the yellow timer to fail for good');
    expect(runs).toEqual([`deadline-yellow-${stepId}`]);

    // the hourly re-arm
    await armDeadline(deps, { stepId, kind: 'yellow', at: yellowAt });
    await waitFor(async () => (await stateOf(yellow())) === 'completed', 'the re-armed yellow timer to run');
    expect(runs).toEqual([`deadline-yellow-${stepId}`, `deadline-yellow-${stepId}`]);

    // once it has run, re-arming adds nothing: the add is a no-op in Redis, done when armDeadline returns
    await armDeadline(deps, { stepId, kind: 'yellow', at: yellowAt });
    expect(await stateOf(yellow())).toBe('completed');
    const counts = await queues.queue('deadline').getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
    // one timer a step at a time: the red one is armed by the yellow one's handler, not here
    expect(counts).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0, completed: 1 });
    expect(runs).toHaveLength(2);
  });
});
