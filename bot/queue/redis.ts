// Redis connections. `unix://<path>` (the embedded redis child) or any redis:// URL.
import { Redis, type RedisOptions } from 'ioredis';

export function createRedis(url: string, options: RedisOptions = {}): Redis {
  // BullMQ workers block on Redis and must not give up on a request (BullMQ docs, "Connections").
  const base: RedisOptions = { maxRetriesPerRequest: null, enableReadyCheck: true, ...options };
  if (url.startsWith('unix://')) return new Redis({ ...base, path: url.slice('unix://'.length) });
  return new Redis(url, base);
}
