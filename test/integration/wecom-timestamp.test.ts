// WeCom signs each callback's timestamp with it. A correctly signed callback captured and replayed
// later (after its dedupe key was pruned) must not be processed again: the callback route refuses a
// timestamp far from the app's clock, for messages and for the URL verification alike. The router
// runs on its own over HTTP with the local fake's signing; the clock is the app's, passed in.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardCodes } from '../../adapters/wecom/wecom-card-codes.js';
import { decodeAesKey } from '../../adapters/wecom/wecom-crypto.js';
import { wecomRouter, type WecomRouterDeps } from '../../adapters/wecom/wecom-router.js';
import type { Logger } from '../../bot/deps.js';
import type { InboundEvent } from '../../bot/inbound-event.js';
import type { Redis } from 'ioredis';
import { createRedis } from '../../bot/queue/redis.js';
import { testRedis, type TestRedis } from '../helpers/test-redis.js';
import { FakeWecom } from '../helpers/fake-wecom.js';
import { FakeWecomClient } from '../helpers/fake-wecom-client.js';
import { WECOM } from '../helpers/wecom-guanjia.js';

const NOW = new Date('2026-11-30T10:00:00+08:00');
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

let redisServer: TestRedis;
let redis: Redis;
const prefix = `t${randomBytes(5).toString('hex')}`;
const enqueued: InboundEvent[] = [];
const warnings: { msg: string; data?: Record<string, unknown> }[] = [];
const client = new FakeWecomClient(new FakeWecom(WECOM)); // signs and seals only: the fake's server is not needed
let server: ReturnType<ReturnType<typeof express>['listen']>;

const quietLog: Logger = { debug: () => {}, info: () => {}, warn: (msg, data) => void warnings.push({ msg, data }), error: () => {}, child: () => quietLog };

beforeAll(async () => {
  redisServer = await testRedis();
  redis = createRedis(redisServer.url, () => {});
  const deps = {
    settings: { ...WECOM, apiBase: 'http://127.0.0.1:9', oauthBase: 'http://127.0.0.1:9' },
    key: decodeAesKey(WECOM.encodingAesKey),
    enqueue: async (event: InboundEvent) => {
      enqueued.push(event);
    },
    codes: new CardCodes(redis, `${prefix}:wecom`),
    accounts: { canonical: async (_platform: string, account: string) => account },
    log: quietLog,
    clock: () => NOW,
  } satisfies WecomRouterDeps;
  const app = express().use(wecomRouter(deps));
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  client.callbackUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wecom/callback`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  await redisServer?.stop();
});

let msgId = 7_400_000_000_000_000_000n;
function textAt(at: Date, text: string) {
  msgId += 1n;
  const { corpId, agentId } = WECOM;
  const inner =
    `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><FromUserName><![CDATA[FengLei]]></FromUserName><CreateTime>${Math.floor(at.getTime() / 1000)}</CreateTime>` +
    `<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${text}]]></Content><MsgId>${msgId}</MsgId><AgentID>${agentId}</AgentID></xml>`;
  return client.callback(inner, { at });
}

describe('the WeCom callback timestamp', () => {
  it('accepts a fresh callback, and one a little early or late', async () => {
    expect(await client.post(textAt(minutes(0), '/待办'))).toBe(200);
    expect(await client.post(textAt(minutes(-4), '/待办'))).toBe(200);
    expect(await client.post(textAt(minutes(4), '/待办'))).toBe(200);
    expect(enqueued).toHaveLength(3);
  });

  it('refuses a correctly signed callback 10 minutes old, or 10 minutes ahead, and queues nothing', async () => {
    const before = enqueued.length;
    const stale = textAt(minutes(-10), '/同意 12');
    expect(await client.post(stale)).toBe(403);
    expect(await client.post(textAt(minutes(10), '/同意 12'))).toBe(403);
    expect(await client.post(textAt(minutes(-7 * 24 * 60), '/同意 12'))).toBe(403);
    expect(enqueued).toHaveLength(before);
    expect(warnings.filter((w) => w.msg === 'wecom callback refused' && /timestamp/.test(String(w.data?.reason)))).toHaveLength(3);
  });

  it('refuses a timestamp that is not a number of seconds', async () => {
    const good = textAt(minutes(0), '/待办');
    const before = enqueued.length;
    for (const timestamp of ['', 'abc', '1.5e9', `${good.query.timestamp}000`]) {
      const signed = {
        ...good,
        query: { ...good.query, timestamp, msg_signature: client.sign(timestamp, good.query.nonce!, /<Encrypt><!\[CDATA\[(.*)\]\]><\/Encrypt>/.exec(good.body)![1]!) },
      };
      expect([400, 403]).toContain(await client.post(signed));
    }
    expect(enqueued).toHaveLength(before);
  });

  it('applies to the URL verification too', async () => {
    expect(await client.verifyUrl('echo-123', { at: minutes(-1) })).toEqual({ status: 200, text: 'echo-123' });
    expect((await client.verifyUrl('echo-456', { at: minutes(-10) })).status).toBe(403);
    expect(warnings.some((w) => w.msg === 'wecom url verification refused' && /timestamp/.test(String(w.data?.reason)))).toBe(true);
  });
});
