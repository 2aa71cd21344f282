// Notices when Redis loses its data (a restart without persistence, a flush): a marker key, set with
// NX, comes back as newly set. Every bot process watches; whichever sets the marker again runs the
// recovery (it is idempotent, so two doing it would be harmless too).
import type { Redis } from 'ioredis';
import type { Logger } from '../deps.js';

export interface RedisWatch {
  stop(): void;
}

/** Sets the marker now (the caller has just armed everything), then checks it every `everyMs`. */
export async function watchRedisData(redis: Redis, key: string, everyMs: number, onLost: () => Promise<unknown>, log: Logger): Promise<RedisWatch> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  await redis.set(key, String(Date.now()), 'NX');
  const tick = async () => {
    try {
      // while Redis is down the command waits for the reconnection, then finds the marker gone
      if ((await redis.set(key, String(Date.now()), 'NX')) === 'OK' && !stopped) await onLost();
    } catch (err) {
      log.warn('redis watch failed; trying again', { err });
    } finally {
      if (!stopped) timer = setTimeout(() => void tick(), everyMs);
    }
  };
  timer = setTimeout(() => void tick(), everyMs);
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
