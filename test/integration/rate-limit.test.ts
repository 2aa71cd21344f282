// The per-destination limit shared by every bot process (WeCom: 30 messages a minute per member;
// group robots ~20 a minute): a sliding window, so no 60 seconds ever hold more than the limit.
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

/** the most of `times` (ms) that fall within any 60 seconds [t, t + 60 s) */
function busiestMinute(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (const [i, at] of sorted.entries()) {
    most = Math.max(most, sorted.slice(0, i + 1).filter((s) => at - s < 60_000).length);
  }
  return most;
}

/** Tries to send at each of `times` in order, alternating two connections (two processes); the times let through and each answer. */
async function attempt(key: string, perMinute: number, times: number[]): Promise<{ sent: number[]; answers: number[] }> {
  const sent: number[] = [];
  const answers: number[] = [];
  for (const [i, at] of times.entries()) {
    const wait = await takeSlot(i % 2 ? redis : other, key, perMinute, at);
    answers.push(wait);
    if (wait === 0) sent.push(at);
  }
  return { sent, answers };
}

describe('takeSlot', () => {
  const minute = Date.UTC(2026, 10, 23, 4, 0, 0);

  it('lets no more than 30 to one member through in any 60 seconds across a minute boundary, and says when a slot frees', async () => {
    const key = `${prefix}:wecom:member-a`;
    // 30 at 04:00:59.5 and 30 at 04:01:00.5: fixed minutes would let all 60 through within one second
    const times = [...Array.from({ length: 30 }, () => minute + 59_500), ...Array.from({ length: 30 }, () => minute + 60_500)];
    const { sent, answers } = await attempt(key, 30, times);
    expect(sent).toHaveLength(30);
    expect(busiestMinute(sent)).toBeLessThanOrEqual(30);
    // the second 30 wait until the first 30 are a minute old: 04:01:59.5
    expect(answers.slice(30)).toEqual(Array.from({ length: 30 }, () => 59_000));
    // one millisecond early is still too early; on time, exactly 30 more go
    expect(await takeSlot(redis, key, 30, minute + 119_499)).toBe(1);
    const next = await attempt(
      key,
      30,
      Array.from({ length: 31 }, () => minute + 119_500),
    );
    expect(next.sent).toHaveLength(30);
    expect(next.answers[30]).toBe(60_000);
  });

  it('keeps to the limit in every 60 seconds for sends spread over five minutes from two processes', async () => {
    const key = `${prefix}:wecom:member-b`;
    // one attempt every 700 ms for five minutes, from two connections in turn
    const times = Array.from({ length: 430 }, (_, i) => minute + 30_000 + i * 700);
    const { sent, answers } = await attempt(key, 30, times);
    expect(busiestMinute(sent)).toBe(30);
    // and it is not stingier than that: every refused attempt is told a wait that ends when the 30th-last send is a minute old
    for (const [i, at] of times.entries()) {
      if (answers[i] === 0) continue;
      const recent = sent.filter((s) => s <= at && s > at - 60_000);
      expect(recent).toHaveLength(30);
      expect(answers[i]).toBe((recent[0] ?? Number.NaN) + 60_000 - at);
    }
  });

  it('lets 20 through at once across processes, then says how long to wait', async () => {
    const key = `${prefix}:group-a`;
    const answers = await Promise.all(Array.from({ length: 25 }, (_, i) => takeSlot(i % 2 ? redis : other, key, 20, minute + 1_000)));
    expect(answers.filter((wait) => wait === 0)).toHaveLength(20);
    expect(answers.filter((wait) => wait === 60_000)).toHaveLength(5);
    expect(await takeSlot(redis, key, 20, minute + 15_000)).toBe(46_000);
    // not when the clock's minute turns, but when the first sends are a minute old
    expect(await takeSlot(other, key, 20, minute + 60_000)).toBe(1_000);
    expect(await takeSlot(other, key, 20, minute + 61_000)).toBe(0);
  });

  it('counts each destination on its own', async () => {
    for (let i = 0; i < 3; i++) await takeSlot(redis, `${prefix}:group-b`, 3, minute);
    expect(await takeSlot(redis, `${prefix}:group-b`, 3, minute)).toBeGreaterThan(0);
    expect(await takeSlot(redis, `${prefix}:group-c`, 3, minute)).toBe(0);
  });

  it("keeps time by Redis's clock when no time is given, the same for every process", async () => {
    const key = `${prefix}:group-d`;
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => takeSlot(i % 2 ? redis : other, key, 5)));
    expect(answers.filter((wait) => wait === 0)).toHaveLength(5);
    for (const wait of answers.filter((w) => w > 0)) {
      expect(wait).toBeGreaterThan(55_000);
      expect(wait).toBeLessThanOrEqual(60_000);
    }
    // the window's entries carry Redis's time, and the key goes a minute after the last send
    const [seconds] = await redis.time();
    const scores = (await redis.zrange(key, 0, '-1', 'WITHSCORES')).filter((_, i) => i % 2 === 1).map(Number);
    expect(scores).toHaveLength(5);
    for (const score of scores) expect(Math.abs(score - Number(seconds) * 1000)).toBeLessThan(5_000);
    expect(await redis.pttl(key)).toBeGreaterThan(50_000);
  });
});
