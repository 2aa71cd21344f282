// A platform access token shared by every bot process: cached in Redis until shortly before it
// expires (DingTalk and WeCom tokens last 7200 s and must be cached, not fetched per call), and
// fetched by one caller at a time — a single flight within a process, a Redis lock across processes.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { deleteIfEqual } from '../../bot/queue/redis.js';

export type FetchToken = () => Promise<{ token: string; expiresInS: number }>;

/** refresh this long before the platform's expiry */
const EARLY_REFRESH_S = 300;
const LOCK_MS = 10_000;
/** how long to wait for another process's fetch before giving up */
const WAIT_MS = 15_000;

export class SharedToken {
  private inflight: Promise<string> | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly fetchToken: FetchToken,
    /** the error to throw when another process's fetch does not finish in time (transient) */
    private readonly busyError: () => Error,
  ) {}

  async get(): Promise<string> {
    const cached = await this.redis.get(this.key);
    if (cached) return cached;
    this.inflight ??= this.refresh().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** The platform refused `token` (revoked, or expired early): forget it unless someone already replaced it. */
  async invalidate(token: string): Promise<void> {
    await deleteIfEqual(this.redis, this.key, token);
  }

  private async refresh(): Promise<string> {
    const lock = `${this.key}:lock`;
    const giveUpAt = Date.now() + WAIT_MS;
    for (;;) {
      const owner = randomUUID();
      if ((await this.redis.set(lock, owner, 'PX', LOCK_MS, 'NX')) === 'OK') {
        try {
          // another process may have stored a fresh token while we waited for the lock
          const cached = await this.redis.get(this.key);
          if (cached) return cached;
          const { token, expiresInS } = await this.fetchToken();
          await this.redis.set(this.key, token, 'EX', Math.max(60, expiresInS - EARLY_REFRESH_S));
          return token;
        } finally {
          await deleteIfEqual(this.redis, lock, owner);
        }
      }
      await sleep(50);
      const cached = await this.redis.get(this.key);
      if (cached) return cached;
      if (Date.now() > giveUpAt) throw this.busyError();
    }
  }
}
