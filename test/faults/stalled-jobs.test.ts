// A job whose worker dies again and again is failed by BullMQ ("job stalled more than allowable
// limit"): under SIGKILL three card refreshes were given up that way. A job that carries something a
// person is waiting for (an accepted event, a delivery) must not be dropped: PostgreSQL still holds it
// open and the recovery sweep queues it again, and the person gets the answer once.
//
// The stalls are BullMQ's own: a worker of the test's takes each job and lets its lock lapse, and
// BullMQ's stalled-job check puts it back, six times (the bot allows five). Then the bot's workers
// start and meet the job as a worker restarted after those crashes would.
import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../bot/config.js';
import type { QueueName } from '../../bot/jobs/index.js';
import { createRedis } from '../../bot/queue/redis.js';
import { ConsoleClient } from '../helpers/console-client.js';
import { dropTestData, startTestGuanjia, waitFor, type TestGuanjia } from '../helpers/test-guanjia.js';

/** the bot's maxStalledCount (bot/queue/job-queues.ts): one more stall than this fails the job */
const MAX_STALLED = 5;
const STALLED = 'job stalled more than allowable limit';

let config: Config;
let app: TestGuanjia | undefined;
let redis: Redis;

beforeAll(async () => {
  // its workers look for stalled jobs often: BullMQ skips a stalled check for that long after the last one
  const first = await startTestGuanjia({ workerStalledCheckMs: 200 });
  config = first.config;
  app = first;
  redis = createRedis(config.REDIS_URL!, () => {});
});
afterAll(async () => {
  redis?.disconnect();
  if (app) await app.cleanup();
  else if (config) await dropTestData(config);
});

/** Stalls every job of `queue` MAX_STALLED + 1 times, the way a worker killed each time it took them does. */
async function stallOut(name: QueueName, expected: number): Promise<Job[]> {
  const queue = new Queue(name, { connection: redis, prefix: config.QUEUE_PREFIX });
  const connection = createRedis(config.REDIS_URL!, () => {});
  // no processor: the test takes the jobs itself, never renews their locks, and runs the stalled check
  const worker = new Worker(name, null, { connection, prefix: config.QUEUE_PREFIX, autorun: false, lockDuration: 100, stalledInterval: 50, maxStalledCount: MAX_STALLED });
  const checkStalled = () => (worker as unknown as { moveStalledJobsToWait(): Promise<void> }).moveStalledJobsToWait();
  try {
    await queue.resume();
    for (let round = 0; round <= MAX_STALLED; round++) {
      for (let taken = 0; taken < expected; taken++) expect(await worker.getNextJob(`dead-worker-${round}-${taken}`, { block: false }), `round ${round + 1}`).toBeDefined();
      expect(await queue.getWaitingCount(), `jobs left after round ${round + 1}`).toBe(0);
      // the first check marks the active jobs, a later one (their locks lapsed) puts them back
      await waitFor(async () => {
        await checkStalled();
        return (await queue.getWaitingCount()) === expected || undefined;
      }, `the stalled ${name} jobs back in the queue`);
    }
    const jobs = (await queue.getWaiting()).filter((j): j is Job => !!j);
    for (const job of jobs) expect(job.deferredFailure, `job ${job.id}`).toBe(STALLED);
    return jobs;
  } finally {
    await worker.close();
    await queue.close();
    connection.disconnect();
  }
}

/** Every job's failed reason, as the queue reports it. */
async function failures(name: QueueName): Promise<{ reasons: Map<string, string>; close: () => Promise<void> }> {
  const reasons = new Map<string, string>();
  const connection = createRedis(config.REDIS_URL!, () => {});
  const events = new QueueEvents(name, { connection, prefix: config.QUEUE_PREFIX });
  events.on('failed', ({ jobId, failedReason }) => reasons.set(jobId, failedReason));
  await events.waitUntilReady();
  return {
    reasons,
    close: async () => {
      await events.close();
      connection.disconnect();
    },
  };
}

describe('jobs BullMQ fails after their worker died repeatedly', () => {
  it('an accepted event and a delivery are queued again by the sweep and answered once', async () => {
    let client = new ConsoleClient(app!.url);
    const queues = app!.deps.queues;
    // fenglei's question is handled; its answer waits in the notify queue
    await queues.queue('notify').pause();
    expect((await client.post('messages', { as: 'fenglei', text: '/预算' })).status).toBe(202);
    await waitFor(async () => (await queues.queue('notify').getWaitingCount()) === 1 || undefined, "fenglei's answer queued");
    // hefang's question waits in the inbound queue
    await queues.queue('inbound').pause();
    expect((await client.post('messages', { as: 'hefang', text: '/预算' })).status).toBe(202);
    await waitFor(async () => (await queues.queue('inbound').getWaitingCount()) === 1 || undefined, "hefang's question queued");
    const pending = await app!.database.db.outboxDelivery.findMany({ where: { doneAt: null } });
    expect(pending).toHaveLength(1);
    await app!.stop();
    app = undefined;

    const [inbound] = await stallOut('inbound', 1);
    const [delivery] = await stallOut('notify', 1);
    const failed = { inbound: await failures('inbound'), notify: await failures('notify') };
    try {
      // workers again: the first to take each job fails it (BullMQ's deferred stall failure); the sweep brings it back
      app = await startTestGuanjia({ reuse: config, recoverySweepMs: 300, recoveryAgeMs: 500 });
      client = new ConsoleClient(app.url);
      const db = app.database.db;
      await waitFor(() => failed.inbound.reasons.has(inbound!.id!) && failed.notify.reasons.has(delivery!.id!), 'BullMQ to fail both stalled jobs');
      expect(failed.inbound.reasons.get(inbound!.id!)).toBe(STALLED);
      expect(failed.notify.reasons.get(delivery!.id!)).toBe(STALLED);

      for (const person of ['fenglei', 'hefang']) await client.waitForText(person, /预算余额/);
      await waitFor(
        async () => ((await db.inboundKey.count({ where: { doneAt: null } })) === 0 && (await db.outboxDelivery.count({ where: { doneAt: null } })) === 0) || undefined,
        'every accepted event and delivery closed',
      );
      const running = app;
      await waitFor(async () => {
        for (const name of ['inbound', 'notify'] as const) {
          const counts = await running.deps.queues.queue(name).getJobCounts('waiting', 'active', 'delayed', 'failed');
          if (Object.values(counts).some((n) => n > 0)) return false;
        }
        return true;
      }, 'the queues empty, nothing left failed');
      // closed because it was sent, not given up
      expect(await db.outboxDelivery.count({ where: { failed: true } })).toBe(0);
      for (const person of ['fenglei', 'hefang']) {
        const out = (await client.messages(person)).filter((m) => m.direction === 'out');
        expect(
          out.map((m) => m.text?.split('\n')[0]),
          `${person}'s answers`,
        ).toHaveLength(1);
        expect(out[0]!.text).toMatch(/预算余额/);
      }
    } finally {
      await failed.inbound.close();
      await failed.notify.close();
    }
  });
});
