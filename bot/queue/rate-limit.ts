// A per-destination limit (platform rules: WeCom 30 messages a minute per member, ~20 a minute per
// group robot). A sliding window, not fixed minutes: in ANY 60 seconds at most `perMinute` sends go
// to one destination (fixed windows let two windows' worth through across a boundary, e.g. 30 at
// 12:00:59.5 and 30 more at 12:01:00.5). The send times are kept in a sorted set in Redis and
// checked and taken in one Lua script, so every bot process shares the count atomically.
//
// Time: the script reads Redis's own clock (TIME) — one clock for every process, whatever theirs say,
// and the answered wait is real milliseconds, which is what the caller puts the job back for
// (moveToDelayed(Date.now() + wait)). The app's clock (deps.clock) is not used: a test may shift
// or freeze it, and a frozen clock would never see a slot free. `now` exists for tests of the window
// itself; every user of one key must use the same source.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const WINDOW_MS = 60_000;

// KEYS[1] the destination's send times (sorted set, score = ms); ARGV: limit, window ms, now ms ('' = Redis TIME), a unique member.
// A refused attempt is not recorded, so retries do not push the free slot further away.
const TAKE_SLOT = `
local now = tonumber(ARGV[3])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local freeing = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
return math.max(1, tonumber(freeing[2]) + window - now)
`;

/**
 * Takes one slot for `key` when fewer than `perMinute` were taken in the last 60 seconds: returns 0
 * when allowed, else the milliseconds until a slot frees (nothing is taken then).
 */
export async function takeSlot(redis: Redis, key: string, perMinute: number, now?: number): Promise<number> {
  const wait = await redis.eval(TAKE_SLOT, 1, key, perMinute, WINDOW_MS, now === undefined ? '' : Math.floor(now), randomUUID());
  return Number(wait);
}
