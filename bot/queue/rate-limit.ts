// A per-destination limit (platform rule: ~20 messages a minute per group robot). Fixed one-minute
// windows counted in Redis, so every bot process shares the count.
import type { Redis } from 'ioredis';

/** Takes one slot for `key`; returns 0 when allowed, else the milliseconds until the next window. */
export async function takeSlot(redis: Redis, key: string, perMinute: number, now = Date.now()): Promise<number> {
  const window = Math.floor(now / 60_000);
  const counterKey = `${key}:${window}`;
  const [[, count]] = (await redis.multi().incr(counterKey).pexpire(counterKey, 120_000).exec()) as [[null, number], [null, number]];
  if (count <= perMinute) return 0;
  return (window + 1) * 60_000 - now + 50;
}
