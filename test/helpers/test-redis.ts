// A Redis for tests that talk to Redis without starting a whole Guanjia: the server named by
// REDIS_URL, or a private embedded redis-server when it is unset (the embedded CI path). Each test
// still keeps to a key prefix of its own.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFromEnv } from '../../bot/config.js';
import { startEmbeddedRedis } from '../../bot/embedded/redis-child.js';

export interface TestRedis {
  url: string;
  /** stops the embedded server, if one was started */
  stop(): Promise<void>;
}

export async function testRedis(): Promise<TestRedis> {
  const url = loadConfigFromEnv([]).REDIS_URL;
  if (url) return { url, stop: async () => {} };
  const dir = await mkdtemp(join(tmpdir(), 'guanjia-redis-'));
  const embedded = await startEmbeddedRedis(dir);
  return {
    url: embedded.url,
    stop: async () => {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
