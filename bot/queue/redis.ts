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
