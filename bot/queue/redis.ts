// Redis connections. `unix://<path>` (the embedded redis child) or any redis:// URL.
import { Redis, type RedisOptions } from 'ioredis';

export function createRedis(url: string, onError: (err: Error) => void, options: RedisOptions = {}): Redis {
  // BullMQ workers block on Redis and must not give up on a request (BullMQ docs, "Connections").
  const base: RedisOptions = { maxRetriesPerRequest: null, enableReadyCheck: true, ...options };
  const client = url.startsWith('unix://') ? new Redis({ ...base, path: url.slice('unix://'.length) }) : new Redis(url, base);
  // ioredis reconnects by itself; without a listener a dropped connection is an unhandled error.
  client.on('error', onError);
  return client;
}

const DELETE_IF_EQUAL = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** Deletes `key` only while it still holds `value`: releases a lock we own, or forgets a value nobody replaced. */
export async function deleteIfEqual(redis: Redis, key: string, value: string): Promise<void> {
  await redis.eval(DELETE_IF_EQUAL, 1, key, value);
}
