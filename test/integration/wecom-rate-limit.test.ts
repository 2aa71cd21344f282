// WeCom takes at most 30 app messages a minute to one member (发送应用消息 · 频率限制) and drops the
// rest: the port says so to delivery (limits), and its own check before each message — shared by
// every bot process through Redis — puts the job back for as long as the member's slot takes to free.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WecomApi } from '../../adapters/wecom/wecom-api.js';
import { CardCodes } from '../../adapters/wecom/wecom-card-codes.js';
import { WecomPort } from '../../adapters/wecom/wecom-port.js';
import type { Logger } from '../../bot/deps.js';
import { PlatformRateLimited } from '../../bot/platform-port.js';
import { createRedis } from '../../bot/queue/redis.js';
import { FakeWecom } from '../helpers/fake-wecom.js';
import { testRedis, type TestRedis } from '../helpers/test-redis.js';
import { WECOM } from '../helpers/wecom-guanjia.js';

const log: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => log };
const prefix = `t${randomBytes(5).toString('hex')}`;

let server: TestRedis;
let redis: Redis;
let other: Redis;
let wecom: FakeWecom;
/** two bot processes: each its own Redis connection and port */
let ports: [WecomPort, WecomPort];

beforeAll(async () => {
  server = await testRedis();
  redis = createRedis(server.url, () => {});
  other = createRedis(server.url, () => {});
  wecom = await new FakeWecom(WECOM).start();
  wecom.users.add('QianWei');
  wecom.users.add('FengLei');
  const base = `${prefix}:wecom`;
  const portOn = (connection: Redis) =>
    new WecomPort({
      api: new WecomApi({ ...WECOM, apiBase: wecom.url }, connection, prefix),
      agentId: WECOM.agentId,
      codes: new CardCodes(connection, base),
      redis: connection,
      base,
      log,
      reportFailure: async () => {},
    });
  ports = [portOn(redis), portOn(other)];
});

afterAll(async () => {
  await wecom?.stop();
  const keys = await redis?.keys(`${prefix}*`);
  if (keys?.length) await redis.del(...keys);
  redis?.disconnect();
  other?.disconnect();
  await server?.stop();
});

const textsTo = (userId: string) => wecom.texts.filter((t) => t.userId === userId);

describe('WeCom per-member limit', () => {
  it('tells delivery 30 a minute per member', () => {
    expect(ports[0].limits).toEqual({ perRecipientPerMinute: 30, perGroupPerMinute: 20 });
  });

  it('sends 30 texts to one member from two processes, then puts the rest back until a slot frees, sending nothing more', async () => {
    const to = { personId: 'qianwei', account: 'QianWei' };
    const outcomes = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => ports[i % 2]!.sendText(to, `第 ${i + 1} 条`)));
    const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason as unknown);
    expect(textsTo('QianWei')).toHaveLength(30);
    expect(refused).toHaveLength(10);
    for (const error of refused) {
      expect(error).toBeInstanceOf(PlatformRateLimited);
      // the first of the 30 is a minute old within a minute from now
      expect((error as PlatformRateLimited).retryAfterMs).toBeGreaterThan(40_000);
      expect((error as PlatformRateLimited).retryAfterMs).toBeLessThanOrEqual(60_000);
    }
    await expect(ports[1].sendText(to, '再来一条')).rejects.toBeInstanceOf(PlatformRateLimited);
    expect(textsTo('QianWei')).toHaveLength(30);
    // another member has a count of their own
    await ports[1].sendText({ personId: 'fenglei', account: 'FengLei' }, '你好');
    expect(textsTo('FengLei')).toHaveLength(1);
  });
});
