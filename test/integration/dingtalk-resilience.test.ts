// The DingTalk adapter when things go wrong: the socket drops, DingTalk asks us to reconnect, several
// bot processes share the pushes, the OpenAPI answers 5xx or hangs, a token is revoked, frames are
// malformed. Nothing may be lost, nothing done twice, and nothing may crash the process.
import { TOPIC_CARD, TOPIC_ROBOT } from 'dingtalk-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDingTalk } from '../../adapters/dingtalk/start-dingtalk.js';
import { DINGTALK_IDS as ids, startWithFakeDingTalk } from '../helpers/dingtalk-org.js';
import { FakeDingTalk } from '../helpers/fake-dingtalk.js';
import { queuesIdle } from '../helpers/queues-idle.js';
import { waitFor, type TestGuanjia } from '../helpers/test-guanjia.js';

let fake: FakeDingTalk;
let app: TestGuanjia;

beforeAll(async () => {
  ({ fake, app } = await startWithFakeDingTalk());
});
afterAll(async () => {
  await app?.cleanup();
  await fake?.close();
});

/** 冯磊 asks for his pending items; resolves when the answer arrived (`count` answers in all). */
async function askAndHear(options: Parameters<FakeDingTalk['say']>[2] = {}, count = 1): Promise<void> {
  const before = fake.api.textsTo(ids.fenglei).length;
  fake.say(ids.fenglei, '/待办', options);
  await waitFor(() => fake.api.textsTo(ids.fenglei).length >= before + count, 'the answer to /待办');
}

describe('the Stream connection', () => {
  it('reconnects with a fresh ticket after the socket drops', async () => {
    const opened = fake.stream.opened;
    fake.stream.dropAll();
    await waitFor(() => fake.stream.opened > opened && fake.stream.openConnections > 0, 'a new connection');
    await askAndHear();
  });

  it('loses nothing pushed just before the drop, and acts on it once', async () => {
    const texts = fake.api.textsTo(ids.fenglei).length;
    const opened = fake.stream.opened;
    const pushed = fake.say(ids.fenglei, '/预算', { dropAfterSend: true });
    await waitFor(() => fake.stream.opened > opened, 'a new connection');
    await waitFor(() => fake.stream.acksFor(pushed.messageId).length > 0, 'the push to be acked on some connection');
    await fake.waitForText(ids.fenglei, /预算余额/, texts);
    await queuesIdle(app);
    expect(fake.api.textsTo(ids.fenglei).slice(texts)).toHaveLength(1);
  });

  it('answers SYSTEM ping and reconnects at once when DingTalk announces a disconnect', async () => {
    const ping = fake.stream.system('ping', { opaque: 'opaque-42' });
    const pong = await waitFor(() => fake.stream.acksFor(ping)[0], 'the ping answer');
    expect(pong).toMatchObject({ code: 200, data: { opaque: 'opaque-42' } });
    const opened = fake.stream.opened;
    fake.stream.system('disconnect', { reason: 'connection is expired' });
    await waitFor(() => fake.stream.opened > opened && fake.stream.openConnections > 0, 'a new connection');
    await askAndHear();
  });

  it('shares the pushes with a second bot process, each handled once', async () => {
    const second = await startDingTalk({ config: app.config, deps: app.deps, enqueue: app.enqueue, newRedis: () => app.deps.redis.duplicate() });
    try {
      await waitFor(() => fake.stream.openConnections === 2, 'two connections');
      const texts = fake.api.textsTo(ids.fenglei).length;
      const pushes = [1, 2, 3, 4].map(() => fake.say(ids.fenglei, '/待办').messageId);
      await waitFor(() => fake.api.textsTo(ids.fenglei).length >= texts + 4, 'four answers');
      const connections = new Set(pushes.map((id) => fake.stream.acksFor(id)[0]?.connection));
      expect(connections.size).toBe(2);
      await queuesIdle(app);
      expect(fake.api.textsTo(ids.fenglei).length).toBe(texts + 4);
    } finally {
      await second?.stop();
    }
    await waitFor(() => fake.stream.openConnections === 1, 'the second connection to close');
  });
});

describe('the OpenAPI', () => {
  it('retries 5xx answers with backoff until DingTalk is back', async () => {
    const calls = fake.api.calls.length;
    fake.api.fail(3, 503);
    await askAndHear();
    const seen = fake.api.calls.slice(calls).map((c) => c.status);
    expect(seen.slice(0, 4)).toEqual([503, 503, 503, 200]);
  });

  it('retries when the gateway hangs past its 3 s', async () => {
    const calls = fake.api.calls.length;
    fake.api.fail(1, 504, 4_000);
    await askAndHear();
    await waitFor(() => fake.api.calls.slice(calls).some((c) => c.status === 504), 'the hung call to be recorded');
    expect(fake.api.calls.slice(calls).filter((c) => c.path === '/v1.0/robot/oToMessages/batchSend' && c.status === 200)).toHaveLength(1);
  });

  it('fetches one new token when DingTalk revokes it under concurrent sends', async () => {
    const tokens = fake.api.tokenRequests;
    fake.api.revokeTokens();
    const texts = fake.api.textsTo(ids.fenglei).length;
    for (let i = 0; i < 6; i++) fake.say(ids.fenglei, '/帮助');
    await waitFor(() => fake.api.textsTo(ids.fenglei).length >= texts + 6, 'six answers');
    expect(fake.api.tokenRequests).toBe(tokens + 1);
  });
});

describe('malformed pushes', () => {
  it('are acked where they can be, logged, and do not crash or drop the connection', async () => {
    const opened = fake.stream.opened;
    fake.stream.sendRaw('this is not JSON');
    fake.stream.sendRaw(JSON.stringify({ type: 'CALLBACK', data: '{}' }));
    fake.stream.sendRaw(JSON.stringify({ type: 'CALLBACK', headers: { topic: TOPIC_ROBOT }, data: '{}' }));
    const ids_ = [
      fake.stream.push(TOPIC_ROBOT, 'not json at all'),
      fake.stream.push(TOPIC_ROBOT, { msgId: 'm1', conversationType: '9', text: { content: '/帮助' } }),
      fake.stream.push(TOPIC_CARD, { outTrackId: 'gj-x', userId: ids.fenglei, content: '{broken' }),
      fake.stream.push(TOPIC_CARD, { outTrackId: 'gj-x', userId: ids.fenglei, content: JSON.stringify({ cardPrivateData: { params: { action: 'explode', requestId: 'r' } } }) }),
      fake.stream.push(TOPIC_CARD, {
        outTrackId: 'gj-x',
        userId: ids.fenglei,
        content: JSON.stringify({ cardPrivateData: { params: { action: 'approve', requestId: 'r', meetingDate: '昨天', minutesNo: '7' } } }),
      }),
      fake.stream.push('/v1.0/some/other/topic', { x: 1 }),
    ];
    for (const id of ids_) await waitFor(() => fake.stream.acksFor(id).length > 0, `an ack of ${id}`);
    // a tap with bad params is answered on the card with what to do
    expect(fake.stream.acksFor(ids_[3]!)[0]!.data).toMatchObject({ response: { userPrivateData: { cardParamMap: { busy: 'false', notice: expect.stringContaining('/待办') } } } });
    expect(fake.stream.acksFor(ids_[4]!)[0]!.data).toMatchObject({ response: { userPrivateData: { cardParamMap: { notice: expect.stringMatching(/^会议记录有误：/) } } } });
    await askAndHear();
    expect(fake.stream.opened).toBe(opened);
    await queuesIdle(app);
    expect(await app.database.db.decision.count()).toBe(0);
  });
});
