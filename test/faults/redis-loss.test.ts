// Redis loses its data under a working Guanjia (killed and restarted empty, as a Redis without
// persistence comes back) or is down for a while. PostgreSQL keeps what was accepted and what is
// still to send: nothing answered 202 is lost, nothing is answered twice, the deadline timers are
// armed again within seconds, and while Redis is down the edge still accepts (it keeps the events).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleClient, hasButton } from '../helpers/console-client.js';
import { startTestGuanjia, waitFor, type TestGuanjia } from '../helpers/test-guanjia.js';
import { startRedisProcess, type RedisProcess } from './redis-process.js';

const EVENTS = 75;

let redis: RedisProcess;
let app: TestGuanjia;
let client: ConsoleClient;

beforeAll(async () => {
  redis = await startRedisProcess();
  app = await startTestGuanjia({ env: { REDIS_URL: redis.url }, redisWatchMs: 200 });
  client = new ConsoleClient(app.url);
});
afterAll(async () => {
  await app?.cleanup();
  await redis?.stop();
});

const answersTo = async (as: string, pattern: RegExp) => (await client.messages(as)).filter((m) => m.direction === 'out' && m.text && pattern.test(m.text)).length;

describe('Redis loses its data', () => {
  it('handles every accepted event once after Redis comes back empty', async () => {
    const people = ['fenglei', 'qianwei', 'hefang'];
    const before = await Promise.all(people.map((p) => answersTo(p, /预算余额/)));
    // the inbound queue holds them: accepted (202) but not yet handled when Redis is lost
    await app.deps.queues.queue('inbound').pause();
    for (let i = 0; i < EVENTS; i++) {
      const res = await client.post('messages', { as: people[i % people.length]!, text: '/预算' });
      expect(res.status).toBe(202);
    }
    expect(await app.deps.queues.queue('inbound').getWaitingCount()).toBe(EVENTS);
    await redis.restartEmpty();
    // every answer arrives, and no more than one per question
    await waitFor(async () => {
      const now = await Promise.all(people.map((p) => answersTo(p, /预算余额/)));
      return now.reduce((a, b) => a + b, 0) - before.reduce((a, b) => a + b, 0) >= EVENTS || undefined;
    }, `${EVENTS} answers after Redis came back empty`);
    const keys = await app.database.db.inboundKey.count({ where: { doneAt: null } });
    expect(keys).toBe(0);
    // the queue drains: then count again, nothing more arrived
    await waitFor(async () => (await app.deps.service.backlog(0)).undelivered === 0 || undefined, 'every delivery closed');
    const after = await Promise.all(people.map((p) => answersTo(p, /预算余额/)));
    people.forEach((_, i) => expect(after[i]! - before[i]!).toBe(EVENTS / people.length));
  });

  it('arms every open deadline again at once', async () => {
    await client.say('fenglei', '/申请 办公费 300 购买墨盒');
    const draft = await client.waitForCard('fenglei', hasButton('submit'));
    expect((await client.tap('fenglei', draft, 'submit')).status).toBe(202);
    await client.waitForCard('qianwei', hasButton('approve'), draft.card.requestId);
    const steps = await app.database.db.step.findMany({ where: { state: 'active', yellowAt: { not: null } }, select: { id: true } });
    expect(steps.length).toBeGreaterThan(0);
    const deadline = app.deps.queues.queue('deadline');
    const armed = async () => (await Promise.all(steps.map(async (s) => (await deadline.getJob(`deadline-yellow-${s.id}`)) !== undefined))).every(Boolean);
    expect(await armed()).toBe(true);
    // a key only this test writes shows Redis came back empty (the timers may be back before a look at them)
    await app.deps.redis.set('redis-loss-test:probe', '1');
    await redis.restartEmpty();
    await waitFor(async () => (await app.deps.redis.ping().catch(() => undefined)) === 'PONG' || undefined, 'the bot connected to Redis again');
    expect(await app.deps.redis.get('redis-loss-test:probe')).toBeNull();
    await waitFor(async () => (await armed()) || undefined, 'the deadline timers armed again');
  });

  it('sends a delivery Redis lost, once', async () => {
    const last = await client.lastId('hefang');
    await app.deps.queues.queue('notify').pause();
    expect((await client.post('messages', { as: 'hefang', text: '/待办' })).status).toBe(202);
    // the answer is committed and its delivery queued, held by the paused queue
    await waitFor(async () => (await app.deps.queues.queue('notify').getWaitingCount()) > 0 || undefined, 'the answer queued');
    await redis.restartEmpty();
    const answer = await client.waitForText('hefang', /待办|没有待办|待审批/, last);
    expect(answer).toBeDefined();
    await waitFor(async () => (await app.deps.service.backlog(0)).undelivered === 0 || undefined, 'every delivery closed');
    const answers = (await client.messages('hefang')).filter((m) => m.id > last && m.direction === 'out');
    expect(answers).toHaveLength(1);
  });

  it('accepts while Redis is down and handles it when Redis is back', async () => {
    const last = await client.lastId('fenglei');
    await redis.kill();
    try {
      const res = await client.post('messages', { as: 'fenglei', text: '/预算' });
      expect(res.status).toBe(202);
      const ready = await fetch(`${app.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(ready.headers.get('retry-after')).toBeTruthy();
      expect(((await ready.json()) as { checks: { redis: { ok: boolean } } }).checks.redis.ok).toBe(false);
    } finally {
      await redis.start();
    }
    await client.waitForText('fenglei', /预算余额/, last);
    await waitFor(async () => ((await fetch(`${app.url}/readyz`)).status === 200 ? true : undefined), '/readyz 200 again');
  });
});
