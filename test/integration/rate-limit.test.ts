// The per-destination limit shared by every bot process (group robots take ~20 messages a minute).
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeSlot } from '../../bot/queue/rate-limit.js';
import { createRedis } from '../../bot/queue/redis.js';
import { testRedis, type TestRedis } from '../helpers/test-redis.js';

let redis: Redis;
let other: Redis;
let server: TestRedis;
const prefix = `t${randomBytes(5).toString('hex')}:rate`;

beforeAll(async () => {
  server = await testRedis();
  redis = createRedis(server.url, () => {});
  other = createRedis(server.url, () => {});
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  other.disconnect();
  await server?.stop();
});

describe('takeSlot', () => {
  const minute = Date.UTC(2026, 10, 23, 4, 0, 0);

  it('lets 20 through in a minute, across processes, then says how long to wait', async () => {
    const key = `${prefix}:group-a`;
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => takeSlot(i % 2 ? redis : other, key, 20, minute + 1_000)));
    expect(answers.every((wait) => wait === 0)).toBe(true);
    const wait = await takeSlot(redis, key, 20, minute + 15_000);
    expect(wait).toBeGreaterThanOrEqual(45_000);
    expect(wait).toBeLessThanOrEqual(45_100);
    // the next window opens again
    expect(await takeSlot(redis, key, 20, minute + 60_000)).toBe(0);
  });

  it('counts each destination on its own', async () => {
    for (let i = 0; i < 3; i++) await takeSlot(redis, `${prefix}:group-b`, 3, minute);
    expect(await takeSlot(redis, `${prefix}:group-b`, 3, minute)).toBeGreaterThan(0);
    expect(await takeSlot(redis, `${prefix}:group-c`, 3, minute)).toBe(0);
  });
});
