// The embedded default: a private redis-server child with its append-only file under the data dir.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisMissingError, startEmbeddedRedis } from '../../bot/embedded/redis-child.js';
import { createRedis } from '../../bot/queue/redis.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('embedded redis-server', () => {
  it('runs a private server that keeps an append-only file and survives a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'guanjia-redis-'));
    dirs.push(dir);
    const first = await startEmbeddedRedis(dir);
    const client = createRedis(first.url, () => {});
    await client.set('k', 'kept');
    client.disconnect();
    await first.stop();
    expect(await readdir(join(dir, 'redis'))).toContain('appendonlydir');

    const second = await startEmbeddedRedis(dir);
    const again = createRedis(second.url, () => {});
    expect(await again.get('k')).toBe('kept');
    again.disconnect();
    await second.stop();
  });

  it('says which package to install, or how to point at a Redis, when the binary is missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'guanjia-redis-'));
    dirs.push(dir);
    const attempt = startEmbeddedRedis(dir, 'redis-server-that-is-not-installed');
    await expect(attempt).rejects.toBeInstanceOf(RedisMissingError);
    await expect(attempt).rejects.toThrow(/apt-get install redis-server.*REDIS_URL/s);
  });
});
