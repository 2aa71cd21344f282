// A worker killed mid-flow → the request still completes, once. A real bot process (bot/main.ts)
// runs the workers; the test SIGKILLs it in the middle of a tap, starts workers again on the same
// database and Redis, and finishes the request. PostgreSQL holds the truth (decisions, outbox,
// claimed deliveries); BullMQ hands the dead worker's jobs to the next one once their locks lapse.
//
// With the embedded services (PGlite in-process, a private redis-server child) the database lives
// inside the bot process, so there the killed process is the whole bot with its private Redis —
// its process group is killed, as when the machine loses the process.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../bot/config.js';
import { inboundJobId } from '../../bot/enqueue-inbound.js';
import type { InboundEvent } from '../../bot/inbound-event.js';
import { JobQueues } from '../../bot/queue/job-queues.js';
import type { QueueName } from '../../bot/jobs/index.js';
import { createRedis } from '../../bot/queue/redis.js';
import { verifyAuditChain } from '../../workflows/infra/audit.js';
import { ledgerTotals } from '../../workflows/infra/ledger.js';
import { ConsoleClient, hasButton } from '../helpers/console-client.js';
import { dropTestData, startTestGuanjia, waitFor, type TestGuanjia } from '../helpers/test-guanjia.js';
import { HANG_MS } from '../helpers/time-limits.js';
import { builtBotCommand } from '../helpers/bot-command.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/**
 * The killed bot's locks: short, so the test does not wait long for them to lapse, with the same
 * ordering as the defaults (30 s / 60 s): a dead worker's job is taken over before its claimed
 * delivery counts as stale. Nothing waits a fixed time for them: the workers started after the kill
 * look for lapsed locks every STALLED_CHECK_MS, and a tap still claimed is retried until its claim
 * is stale. Those workers keep the default lock, so a slow machine cannot make their own live jobs
 * look dead.
 */
const BOT_LOCK_MS = 2_000;
const STALE_MS = 6_000;
const STALLED_CHECK_MS = 500;

let config: Config;
let app: TestGuanjia | undefined;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  // migrate the schema and load the demo organisation, then leave the data to the bot processes
  const prep = await startTestGuanjia({ workers: false });
  config = prep.config;
  await prep.stop();
});

afterAll(async () => {
  for (const child of children) killGroup(child);
  await app?.stop();
  if (config?.REDIS_URL) {
    const redis = new Redis(config.REDIS_URL);
    const keys = await redis.keys(`${config.QUEUE_PREFIX}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
  if (config) await dropTestData(config);
});

interface BotProcess {
  child: ChildProcess;
  exited: Promise<void>;
  output: string[];
}

/** Starts the bot as `npm start` does (test/helpers/bot-command.ts) on this test's database, Redis, prefix and data dir. */
async function spawnBot(): Promise<BotProcess> {
  const command = await builtBotCommand();
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  if (config.DATABASE_URL) env.DATABASE_URL = config.DATABASE_URL;
  if (config.REDIS_URL) env.REDIS_URL = config.REDIS_URL;
  Object.assign(env, {
    DATABASE_SCHEMA: config.DATABASE_SCHEMA,
    QUEUE_PREFIX: config.QUEUE_PREFIX,
    DATA_DIR: config.dataDir,
    ORG_FILE: config.ORG_FILE ?? '',
    WORKERS: 'on',
    // the console stays on: a process without a platform's port drops that platform's deliveries
    CONSOLE: 'on',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    WORKER_LOCK_MS: String(BOT_LOCK_MS),
    INBOUND_STALE_MS: String(STALE_MS),
  });
  // its own process group, so the kill takes its private redis-server along when there is one
  const child = spawn(process.execPath, command.args, { cwd: ROOT, env: { ...env, ...command.env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => children.delete(child));
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.join('').includes('管家已启动')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    void exited.then(() => reject(new Error(`the bot process exited before it started:\n${output.join('')}`)));
    // a hang detector only: the start line or the exit settles it
    setTimeout(() => reject(new Error(`the bot process did not start in ${HANG_MS / 1000} s:\n${output.join('')}`)), HANG_MS).unref();
  });
  return { child, exited, output };
}

/** Awaits an event's promise; the limit only detects a hang, and names what never happened. */
async function settledWithin(promise: Promise<void>, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), HANG_MS);
  });
  try {
    await Promise.race([promise, hang]);
  } finally {
    clearTimeout(timer);
  }
}

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** The Redis the bot process uses: the server's, or its private one on a unix socket. */
const redisUrl = () => config.REDIS_URL ?? `unix://${join(config.dataDir, 'redis', 'redis.sock')}`;

/** Kills the bot's process group and waits until the process (and a private Redis) is gone. */
async function killBot(bot: BotProcess): Promise<void> {
  killGroup(bot.child);
  await bot.exited;
  if (!config.REDIS_URL) {
    await waitFor(async () => {
      const probe = createRedis(redisUrl(), () => {}, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      try {
        await probe.connect();
        await probe.ping();
        return false;
      } catch {
        return true;
      } finally {
        probe.disconnect();
      }
    }, 'the private redis-server to die');
  }
}

/** A connection to the bot's queues from outside the bot: enqueue events, hear queue events. */
async function queueClient() {
  const redis = createRedis(redisUrl(), () => {});
  const eventsRedis = createRedis(redisUrl(), () => {});
  const queues = new JobQueues(redis, config.QUEUE_PREFIX);
  const listeners: QueueEvents[] = [];
  return {
    // straight onto the queue, as a build before the edge kept events did (PGlite is the bot's alone)
    enqueue: (event: InboundEvent) => queues.enqueue('inbound.event', event, { jobId: inboundJobId(event.dedupeKey) }),
    /**
     * Waits until the bot delivered what it found on start, then holds deliveries back: at the kill
     * the tap's effects are still in the database or the queue, not half-sent. (A delivery killed
     * between sending a card and recording it leaves a copy nothing refreshes — see the report.)
     */
    async holdDeliveries(): Promise<void> {
      const notify = queues.queue('notify');
      await waitFor(async () => Object.values(await notify.getJobCounts('waiting', 'active', 'delayed', 'prioritized')).every((n) => n === 0), 'start-up deliveries');
      await notify.pause();
    },
    async events(queue: QueueName): Promise<QueueEvents> {
      // from the stream's current end, so no event between now and the first read is missed
      const [last] = await redis.xrevrange(`${config.QUEUE_PREFIX}:${queue}:events`, '+', '-', 'COUNT', 1);
      const events = new QueueEvents(queue, { connection: eventsRedis, prefix: config.QUEUE_PREFIX, lastEventId: last?.[0] ?? '0-0' });
      // a private Redis dies with the bot: the listener's broken connection is expected then
      events.on('error', () => undefined);
      await events.waitUntilReady();
      listeners.push(events);
      return events;
    },
    close() {
      // the far end may be dead already: drop the connections without a goodbye
      redis.disconnect();
      eventsRedis.disconnect();
      for (const l of listeners) void l.close().catch(() => undefined);
      void queues.close().catch(() => undefined);
    },
  };
}

/** fenglei's 1,200 元 用款申请, submitted with no workers running; returns it and its first step. */
async function submittedRequest(purpose: string) {
  const web = await startTestGuanjia({ reuse: config, workers: false });
  try {
    const fenglei = { personId: 'fenglei', platform: 'console' as const, account: 'fenglei' };
    const draft = await web.deps.service.requests.draft(fenglei, { subject: '办公费', amount: 120_000n, purpose });
    await web.deps.service.requests.submit(fenglei, draft.id);
    const step = await web.database.db.step.findFirstOrThrow({ where: { requestId: draft.id, state: 'active' } });
    expect(step.assignees).toEqual(['qianwei']);
    return { requestId: draft.id, no: draft.no, stepId: step.id };
  } finally {
    await web.stop();
  }
}

/** What the dead process left behind, read with no workers running. */
async function leftBehind(requestId: string, dedupeKey: string) {
  const web = await startTestGuanjia({ reuse: config, workers: false });
  try {
    const claim = await web.database.db.inboundKey.findUnique({ where: { key: dedupeKey } });
    return {
      decisions: await web.database.db.decision.count({ where: { requestId } }),
      claimed: !!claim,
      done: !!claim?.doneAt,
      undispatched: await web.database.db.outbox.count({ where: { dispatchedAt: null } }),
    };
  } finally {
    await web.stop();
  }
}

function approveEvent(requestId: string, stepId: string, dedupeKey: string): InboundEvent {
  return { kind: 'button', platform: 'console', account: 'qianwei', dedupeKey, at: new Date().toISOString(), action: 'approve', requestId, stepId, comment: '同意' };
}

/** Workers again, in this process, on the same database and Redis. */
async function restartWorkers(): Promise<{ app: TestGuanjia; client: ConsoleClient }> {
  app = await startTestGuanjia({ reuse: config, workers: true, staleClaimMs: STALE_MS, workerStalledCheckMs: STALLED_CHECK_MS });
  await app.deps.queues.queue('notify').resume();
  return { app, client: new ConsoleClient(app.url) };
}

async function settle(running: TestGuanjia): Promise<void> {
  const busy = async (name: QueueName) => {
    const counts = await running.deps.queues.queue(name).getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    return Object.values(counts).some((n) => n > 0);
  };
  await waitFor(async () => {
    if ((await running.database.db.outbox.count({ where: { dispatchedAt: null } })) > 0) return false;
    if (await busy('inbound')) return false;
    return !(await busy('notify'));
  }, 'queues to settle');
}

/** After the crash: step 1 decided exactly once, then 刘晓燕 and 郑佳 finish the request. */
async function finishAndCheck(running: TestGuanjia, client: ConsoleClient, requestId: string, no: number, firstStepId: string): Promise<void> {
  const db = running.database.db;
  await waitFor(async () => (await db.step.findUniqueOrThrow({ where: { id: firstStepId } })).state === 'approved', 'step 1 approved');
  const second = await client.waitForCard('liuxiaoyan', hasButton('approve'), requestId);
  expect((await client.tap('liuxiaoyan', second, 'approve')).status).toBe(202);
  const finance = await client.waitForCard('zhengjia', hasButton('approve'), requestId);
  expect((await client.tap('zhengjia', finance, 'approve')).status).toBe(202);
  await waitFor(async () => (await db.request.findUniqueOrThrow({ where: { id: requestId } })).status === 'approved', 'the request approved');
  await settle(running);

  const steps = await db.step.findMany({ where: { requestId }, orderBy: { index: 'asc' } });
  expect(steps.map((s) => s.state)).toEqual(['approved', 'approved', 'approved']);
  const decisions = await db.decision.findMany({ where: { requestId }, orderBy: { id: 'asc' } });
  expect(decisions.map((d) => [d.stepId, d.personId, d.action])).toEqual([
    [steps[0]!.id, 'qianwei', 'approve'],
    [steps[1]!.id, 'liuxiaoyan', 'approve'],
    [steps[2]!.id, 'zhengjia', 'approve'],
  ]);
  const ledger = await db.ledgerEntry.findMany({ where: { requestId }, orderBy: { id: 'asc' } });
  expect(ledger.map((e) => [e.kind, e.amount])).toEqual([
    ['FREEZE', 120_000n],
    // a 用款申请 (事前申请) commits on approval
    ['COMMIT', 120_000n],
  ]);
  const line = await db.budgetLine.findFirstOrThrow({ where: { departmentId: 'cjb', subject: '办公费' } });
  expect(await db.$transaction((tx) => ledgerTotals(tx, line.id))).toEqual({
    allotted: line.allotted,
    adjusted: line.adjusted,
    frozen: line.frozen,
    committed: line.committed,
    spent: line.spent,
  });

  // every copy of the card, wherever and whenever it was sent, shows the final state
  for (const person of ['fenglei', 'qianwei', 'liuxiaoyan', 'wugang', 'zhengjia']) {
    const cards = (await client.messages(person)).filter((m) => m.card?.requestId === requestId);
    expect(cards.length, `${person} has a card`).toBeGreaterThan(0);
    for (const m of cards) {
      expect(m.card!.status.label, `${person}'s card ${m.id}`).toBe('已通过');
      expect(m.card!.buttons).toEqual([]);
    }
  }
  const approvedTexts = (await client.messages('fenglei')).filter((m) => m.text?.includes(`No.${no}（1,200.00 元）已审批通过`));
  expect(approvedTexts).toHaveLength(1);
  expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
}

describe('a worker killed mid-flow', () => {
  it('after the decision committed, before its effects went out: the request still completes once', async () => {
    const { requestId, no, stepId } = await submittedRequest('崩溃测试甲');
    const bot = await spawnBot();
    const queues = await queueClient();
    let killed!: Promise<void>;
    try {
      await queues.holdDeliveries();
      // The decision commits with its effects (cards, the answer) in the outbox; they are queued
      // right after. Kill the process the moment the first of them is.
      const notify = await queues.events('notify');
      const effectQueued = new Promise<void>((resolve) =>
        notify.once('added', () => {
          killGroup(bot.child);
          resolve();
        }),
      );
      await queues.enqueue(approveEvent(requestId, stepId, `console:crash-a-${no}`));
      await settledWithin(effectQueued, "the decision's first effect to be queued");
      killed = killBot(bot);
    } finally {
      queues.close();
    }
    await killed;

    const state = await leftBehind(requestId, `console:crash-a-${no}`);
    console.info(`[crash-recovery] killed after the decision: ${JSON.stringify(state)}`);
    expect(state.decisions).toBe(1);
    expect(state.claimed).toBe(true);

    const { app: running, client } = await restartWorkers();
    await finishAndCheck(running, client, requestId, no, stepId);
    await running.stop();
    app = undefined;
  });

  it('holding a claimed tap, before the decision committed: the tap is taken over and decided once', async () => {
    const { requestId, no, stepId } = await submittedRequest('崩溃测试乙');
    const dedupeKey = `console:crash-b-${no}`;
    // On server PostgreSQL the test holds the request's row lock, so the bot claims the tap and
    // then waits inside the decision: the kill lands exactly between claim and commit. (PGlite
    // lives inside the bot process; there the kill follows the job becoming active.)
    const lock = config.DATABASE_URL ? await lockRequestRow(requestId) : undefined;
    try {
      const bot = await spawnBot();
      const queues = await queueClient();
      try {
        await queues.holdDeliveries();
        const inbound = await queues.events('inbound');
        const active = new Promise<void>((resolve) => inbound.on('active', () => resolve()));
        await queues.enqueue(approveEvent(requestId, stepId, dedupeKey));
        if (lock) await waitFor(() => lock.claimed(dedupeKey), 'the bot to claim the tap');
        else await settledWithin(active, 'the tap to become active');
        killGroup(bot.child);
      } finally {
        queues.close();
      }
      await killBot(bot);
    } finally {
      await lock?.release();
    }

    const state = await leftBehind(requestId, dedupeKey);
    console.info(`[crash-recovery] killed holding the claim: ${JSON.stringify(state)}`);
    if (lock) expect(state).toMatchObject({ decisions: 0, claimed: true, done: false });

    const { app: running, client } = await restartWorkers();
    await finishAndCheck(running, client, requestId, no, stepId);
    await running.stop();
    app = undefined;
  });
});

/** Holds `SELECT … FOR UPDATE` on the request's row in a transaction of the test's own. */
async function lockRequestRow(requestId: string) {
  const client = new pg.Client({ connectionString: config.DATABASE_URL, options: `-c search_path="${config.DATABASE_SCHEMA}"` });
  await client.connect();
  await client.query('BEGIN');
  await client.query('SELECT "id" FROM "Request" WHERE "id" = $1 FOR UPDATE', [requestId]);
  return {
    claimed: async (key: string) => (await client.query('SELECT 1 FROM "InboundKey" WHERE "key" = $1 AND "claimedAt" IS NOT NULL', [key])).rowCount === 1,
    release: async () => {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}
