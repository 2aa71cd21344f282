// PostgreSQL is the truth for timers: when Redis loses everything, a restart arms every open step's
// yellow and red timers again from the database. And the timers do what they say: yellow reminds
// the approver, red tells the approver's superior and the supervision group; firing twice changes
// nothing.
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedRedis } from '../../bot/embedded/redis-child.js';
import { ConsoleClient } from '../helpers/console-client.js';
import { startTestGuanjia, waitFor, type TestGuanjia } from '../helpers/test-guanjia.js';

/** The app's clock runs `offsetMs` ahead of the wall clock. */
let offsetMs = 0;
const clock = () => new Date(Date.now() + offsetMs);

let app: TestGuanjia;
let client: ConsoleClient;
let requestId: string;
let no: number;
let stepId: string;

beforeAll(async () => {
  app = await startTestGuanjia({ clock });
  client = new ConsoleClient(app.url);
});
afterAll(() => app?.cleanup());

const step = () => app.database.db.step.findUniqueOrThrow({ where: { id: stepId } });
const deadlineJob = (kind: 'yellow' | 'red'): Promise<Job | undefined> => app.deps.queues.queue('deadline').getJob(`deadline-${kind}-${stepId}`);

/** A timer job armed for `at`: delayed, with the right payload, due within a moment of `at`. */
async function expectArmed(kind: 'yellow' | 'red', at: Date): Promise<void> {
  const job = await waitFor(deadlineJob.bind(null, kind), `the ${kind} timer`);
  expect(job.name).toBe('deadline.fire');
  expect(job.data).toEqual({ stepId, kind, jobVersion: 1 });
  expect(await job.getState()).toBe('delayed');
  expect(Math.abs(job.timestamp + job.delay - at.getTime())).toBeLessThan(2_000);
}

/** Deletes every Redis key of this app, as if Redis lost everything (the app must be stopped). */
async function loseRedis(): Promise<void> {
  const { REDIS_URL, QUEUE_PREFIX, dataDir } = app.config;
  if (REDIS_URL) {
    // the server Redis is shared with other test files: only this app's keys
    const redis = new Redis(REDIS_URL);
    try {
      const keys = await redis.keys(`${QUEUE_PREFIX}:*`);
      expect(keys.length).toBeGreaterThan(0);
      await redis.del(...keys);
      expect(await redis.keys(`${QUEUE_PREFIX}:*`)).toEqual([]);
    } finally {
      redis.disconnect();
    }
  } else {
    // the embedded redis-server is the app's own: bring it up on its data and flush it
    const embedded = await startEmbeddedRedis(dataDir);
    const redis = new Redis({ path: embedded.url.slice('unix://'.length) });
    try {
      expect(await redis.dbsize()).toBeGreaterThan(0);
      await redis.flushall();
      expect(await redis.dbsize()).toBe(0);
    } finally {
      redis.disconnect();
      await embedded.stop();
    }
  }
}

describe('deadline timers', () => {
  it('are armed on submit and armed again from the database after Redis lost everything', async () => {
    const fenglei = { personId: 'fenglei', platform: 'console' as const, account: 'fenglei' };
    const draft = await app.deps.service.requests.draft(fenglei, { subject: '办公费', amount: 80_000n, purpose: '计时测试' });
    await app.deps.service.requests.submit(fenglei, draft.id);
    requestId = draft.id;
    no = draft.no;
    const first = await app.database.db.step.findFirstOrThrow({ where: { requestId, state: 'active' } });
    stepId = first.id;
    expect(first.assignees).toEqual(['qianwei']);
    expect(first.yellowAt!.getTime()).toBeLessThan(first.dueAt!.getTime());
    expect(first.yellowAt!.getTime()).toBeGreaterThan(Date.now());
    // one timer at a time: the yellow; its handler arms the red when it goes off
    await expectArmed('yellow', first.yellowAt!);
    expect(await deadlineJob('red')).toBeUndefined();

    await app.stop();
    await loseRedis();
    app = await startTestGuanjia({ reuse: app.config, clock });
    client = new ConsoleClient(app.url);

    await expectArmed('yellow', first.yellowAt!);
    // an early timer (the queue's clock ahead of ours) changes nothing
    expect(await app.deps.service.deadlines.fire(stepId, 'yellow')).toBe(false);
    expect(await app.deps.service.deadlines.fire(stepId, 'red')).toBe(false);
    expect((await step()).light).toBe('green');
  });

  it('yellow reminds the approver when it fires', async () => {
    const { yellowAt } = await step();
    offsetMs = yellowAt!.getTime() - Date.now() + 60_000;
    await (await deadlineJob('yellow'))!.promote();
    await waitFor(async () => (await step()).light === 'yellow', 'the yellow light');

    // the yellow timer armed the red (due at dueAt by the app's clock, which runs offsetMs ahead)
    await expectArmed('red', new Date((await step()).dueAt!.getTime() - offsetMs));
    const reminder = await client.waitForText('qianwei', new RegExp(`【催办·黄灯】No\\.${no} 冯磊 的用款申请「部门负责人审核」 即将超时`));
    expect(reminder.text).toContain('请尽快处理');
    const card = await client.waitForCard('fenglei', (c) => c.route[0]?.light === 'yellow', requestId);
    expect(card.card.status.label).toBe('审批中');
    expect(await app.database.db.auditEvent.count({ where: { subject: `request:${requestId}`, action: 'deadline.yellow' } })).toBe(1);
  });

  it('red tells the approver, the superior and the supervision group', async () => {
    const { dueAt } = await step();
    offsetMs = dueAt!.getTime() - Date.now() + 60_000;
    await (await deadlineJob('red'))!.promote();
    await waitFor(async () => (await step()).light === 'red', 'the red light');

    await client.waitForText('qianwei', new RegExp(`【超时·红灯】No\\.${no} .*已超过办理时限`));
    // 钱伟 heads 城建办, so his superior is its 分管领导 刘晓燕
    const superior = await client.waitForText('liuxiaoyan', new RegExp(`【超时·红灯】No\\.${no} .*由 钱伟 办理，已超过时限，请督促`));
    expect(superior.text).toContain('冯磊 的用款申请');
    const digest = await waitFor(async () => (await client.group()).find((m) => m.text?.includes('【红灯】') && m.text.includes(`No.${no}`)), 'the supervision digest');
    expect(digest.text).toMatch(/^【监督提醒】1 条\n· 【红灯】/);
    expect(digest.text).toContain('办理人：钱伟');
    const card = await client.waitForCard('fenglei', (c) => c.flags.some((f) => f.code === 'overdue'), requestId);
    expect(card.card.route[0]?.light).toBe('red');
  });

  it('firing again changes nothing', async () => {
    // let the red light's deliveries (each audited) finish first
    await waitFor(async () => {
      if ((await app.database.db.outbox.count({ where: { dispatchedAt: null } })) > 0) return false;
      const counts = await app.deps.queues.queue('notify').getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return Object.values(counts).every((n) => n === 0);
    }, 'deliveries to finish');
    // their receipts into the chain too (the bot chains them every moment; now, so the count holds still)
    await app.deps.service.audit.flush();
    const outbox = await app.database.db.outbox.count();
    const audit = await app.database.db.auditEvent.count();
    expect(await app.deps.service.deadlines.fire(stepId, 'red')).toBe(false);
    expect(await app.deps.service.deadlines.fire(stepId, 'yellow')).toBe(false);
    expect((await step()).light).toBe('red');
    expect(await app.database.db.outbox.count()).toBe(outbox);
    expect(await app.database.db.auditEvent.count()).toBe(audit);
    expect(await app.database.db.auditEvent.count({ where: { subject: `request:${requestId}`, action: { startsWith: 'deadline.' } } })).toBe(2);
    expect((await client.group()).filter((m) => m.text?.includes(`No.${no}`))).toHaveLength(1);
  });
});
