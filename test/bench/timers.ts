// 100,000 pending deadlines (open steps due in a day or two, seeded by SQL on one request): the time
// to arm them all (rearmTimers: a yellow and a red delayed job each), then Redis loses its data
// (FLUSHALL) under a running bot and the time until every timer is armed again, counted with BullMQ's
// getDelayedCount. This figure runs on a private redis-server of its own (no persistence), never on
// the shared one: FLUSHALL there would wipe every other user's queues. If the bot does not re-arm by
// itself (all it had armed before the flush, the count standing still for STALL_S), the explicit rearmTimers call (what the bot does at start and hourly) is
// timed instead, and the row says so.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { rearmTimers } from '../../bot/notify/dispatch-outbox.js';
import { createRedis } from '../../bot/queue/redis.js';
import { startTestGuanjia } from '../helpers/test-guanjia.js';
import { mib, rssOf, sampleMax, seconds, sleep, startBot, type BenchOptions, type Row } from './bench-kit.js';
import { RSS_GOAL_BYTES } from './memory.js';

export const TIMERS_GOAL_S = 10;
/** after Redis lost its data: how long the count may stand still, and how long to watch in all */
const STALL_S = 10;
const MAX_S = 120;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** redis-server on a loopback port of its own, keeping nothing on disk */
async function privateRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'guanjia-bench-redis-'));
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  const probe = createRedis(url, () => {}, { maxRetriesPerRequest: 1 });
  for (let i = 0; ; i++) {
    if (
      await probe.ping().then(
        () => true,
        () => false,
      )
    )
      break;
    if (i > 100) throw new Error('the private redis-server did not start');
    await sleep(100);
  }
  probe.disconnect();
  return {
    url,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function benchTimers(options: BenchOptions): Promise<Row[]> {
  const N = options.timers;
  const redis = await privateRedis();
  const app = await startTestGuanjia({ workers: false, env: { REDIS_URL: redis.url } }).catch(async (error: unknown) => {
    await redis.stop();
    throw error;
  });
  const deadlineQueue = app.deps.queues.queue('deadline');
  const armed = async () => deadlineQueue.getDelayedCount();
  try {
    const actor = { personId: 'fenglei', platform: 'console' as const, account: 'fenglei' };
    const { id } = await app.deps.service.requests.draft(actor, { subject: '办公费', amount: 100n, purpose: 'bench timers' });
    const seedStart = performance.now();
    // open steps in a round of their own on one request, due between one and two days from now
    await app.database.db.$executeRawUnsafe(
      `INSERT INTO "Step" ("id", "requestId", "round", "index", "name", "role", "mode", "assignees", "approvedBy", "state", "limitMinutes",
                           "activatedAt", "yellowAt", "dueAt", "light")
       SELECT md5('bench-timer-' || i)::uuid::text, $1, 99, i, '部门负责人审核', 'department_head', '依次', ARRAY['qianwei'], '{}'::text[], 'active', 480,
              now(), now() + interval '1 day' + interval '1 second' * (i % 43200), now() + interval '2 days' + interval '1 second' * (i % 43200), 'green'
       FROM generate_series(1, ${N}) AS i`,
      id,
    );
    // the request's own card is never sent (its effects are dropped before any bot runs): a card of one
    // request with 100,000 steps would time that render, not the timers, which in a unit belong to
    // 100,000 requests
    await app.database.db.$executeRawUnsafe(`DELETE FROM "Outbox" WHERE "payload"->>'requestId' = $1`, id);
    const seeded = (performance.now() - seedStart) / 1000;
    const armStart = performance.now();
    await rearmTimers(app.deps);
    const armSeconds = (performance.now() - armStart) / 1000;
    const armedCount = await armed();
    console.log(
      `timers: ${N.toLocaleString('en')} open steps seeded in ${seeded.toFixed(1)} s; ${armedCount.toLocaleString('en')} delayed jobs armed in ${armSeconds.toFixed(1)} s`,
    );

    const botStart = performance.now();
    const bot = await startBot(app.config);
    // the bot's resident set from its start (it has just armed every open step) through the re-arm after the flush
    const rss = sampleMax(() => rssOf(bot.pid), 50);
    let rearmed: { how: string; seconds: number; count: number };
    let largest = 0;
    try {
      console.log(`  bot started in ${((performance.now() - botStart) / 1000).toFixed(1)} s (it re-arms every open step at start)`);
      const flusher = createRedis(redis.url, () => {});
      await flusher.flushall();
      flusher.disconnect();
      const lostAt = performance.now();
      // until all are back, or nothing more came back for STALL_S (or MAX_S in all)
      let count = 0;
      let progressAt = lostAt;
      for (;;) {
        const now = performance.now();
        const seen = await armed().catch(() => 0);
        if (seen > count) [count, progressAt] = [seen, now];
        if (count >= armedCount || (now - progressAt) / 1000 > STALL_S || (now - lostAt) / 1000 > MAX_S) break;
        await sleep(100);
      }
      const tookS = (progressAt - lostAt) / 1000;
      if (count >= armedCount) rearmed = { how: 'by the bot itself after FLUSHALL', seconds: tookS, count };
      else {
        console.log(`  after FLUSHALL the bot re-armed ${count.toLocaleString('en')} of ${armedCount.toLocaleString('en')} timers by itself (the last at ${tookS.toFixed(1)} s)`);
        const start = performance.now();
        await rearmTimers(app.deps);
        rearmed = {
          how: `explicit rearmTimers call (the bot re-armed ${count.toLocaleString('en')} by itself)`,
          seconds: (performance.now() - start) / 1000,
          count: await armed(),
        };
      }
    } finally {
      largest = await rss.stop();
      await bot.stop();
    }
    console.log(`  re-armed ${rearmed.count.toLocaleString('en')} delayed jobs in ${rearmed.seconds.toFixed(1)} s: ${rearmed.how}`);
    return [
      {
        figure: `${N.toLocaleString('en')} pending deadlines armed (${armedCount.toLocaleString('en')} delayed jobs)`,
        ours: seconds(armSeconds),
        baseline: '—',
        ratio: '—',
        goal: '—',
      },
      {
        figure: `re-armed after Redis FLUSHALL: ${rearmed.how}`,
        ours: seconds(rearmed.seconds),
        baseline: '—',
        ratio: '—',
        goal: `≤ ${TIMERS_GOAL_S} s, by itself`,
        met: rearmed.how.startsWith('by the bot itself') && rearmed.seconds <= TIMERS_GOAL_S,
      },
      {
        figure: `bot RSS from its start with ${N.toLocaleString('en')} open deadlines through their re-arm after the flush (largest)`,
        ours: mib(largest),
        baseline: '—',
        ratio: '—',
        goal: `≤ ${mib(RSS_GOAL_BYTES)}`,
        met: largest <= RSS_GOAL_BYTES,
      },
    ];
  } finally {
    // the redis-server is ours alone: emptied at once (the tests' cleanup deletes key by key)
    const flusher = createRedis(redis.url, () => {});
    await flusher.flushall();
    flusher.disconnect();
    await app.cleanup();
    await redis.stop();
  }
}
