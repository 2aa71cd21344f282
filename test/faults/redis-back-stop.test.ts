// The bot stopped while Redis is down, or a moment after it came back: the workers' blocking
// connections are between reconnect attempts, and BullMQ's close waited on them for ever (the
// shutdown, and so the restart an operator wanted, hung).
import { afterEach, describe, expect, it } from 'vitest';
import { startTestGuanjia, waitFor, type TestGuanjia } from '../helpers/test-guanjia.js';
import { HANG_MS } from '../helpers/time-limits.js';
import { startRedisProcess, type RedisProcess } from './redis-process.js';

let redis: RedisProcess | undefined;
let app: TestGuanjia | undefined;

afterEach(async () => {
  await redis?.start();
  await app?.cleanup();
  await redis?.stop();
});

/** stops the bot; 'hung' when it has not stopped after the hang detector's limit */
const stop = (guanjia: TestGuanjia) => Promise.race([guanjia.stop().then(() => 'stopped'), new Promise<string>((resolve) => setTimeout(resolve, HANG_MS, 'hung').unref())]);

describe('stopping the bot around a Redis outage', () => {
  it('stops while Redis is down', async () => {
    redis = await startRedisProcess();
    app = await startTestGuanjia({ env: { REDIS_URL: redis.url }, redisWatchMs: 200 });
    await redis.kill();
    await waitFor(async () => app!.deps.redis.status === 'reconnecting' || undefined, 'the bot saw Redis go');
    expect(await stop(app)).toBe('stopped');
  });

  it('stops a moment after Redis came back', async () => {
    redis = await startRedisProcess();
    app = await startTestGuanjia({ env: { REDIS_URL: redis.url }, redisWatchMs: 200 });
    await redis.kill();
    await waitFor(async () => app!.deps.redis.status === 'reconnecting' || undefined, 'the bot saw Redis go');
    // a few seconds down: ioredis's reconnect attempts are then hundreds of milliseconds apart
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    await redis.start();
    expect(await stop(app)).toBe('stopped');
  });
});
