// The app's access_token (获取access_token, document/path/91039): valid expires_in seconds (7200),
// to be cached rather than fetched per call. It lives in Redis so every bot process shares it, is
// refreshed five minutes before it expires, and only one caller fetches a new one at a time: a
// per-process single flight plus a Redis lock across processes.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { WecomApiError } from './wecom-errors.js';

export type FetchToken = () => Promise<{ token: string; expiresIn: number }>;

const EARLY_MS = 5 * 60_000;
const LOCK_MS = 10_000;
const WAIT_MS = 15_000;

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export class WecomTokens {
  private inflight: Promise<string> | null = null;

  constructor(
    private readonly redis: Redis,
    /** e.g. `${QUEUE_PREFIX}:wecom:token:<corp>:<agent>` */
    private readonly key: string,
    private readonly fetchToken: FetchToken,
  ) {}

  async get(): Promise<string> {
    const cached = await this.redis.get(this.key);
    if (cached) return cached;
    this.inflight ??= this.refresh().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  /** Forgets `token` after WeCom called it invalid or expired — unless another caller already replaced it. */
  async invalidate(token: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key, token);
  }

  private async refresh(): Promise<string> {
    const giveUpAt = Date.now() + WAIT_MS;
    for (;;) {
      const cached = await this.redis.get(this.key);
      if (cached) return cached;
      const owner = randomUUID();
      if ((await this.redis.set(`${this.key}:lock`, owner, 'PX', LOCK_MS, 'NX')) === 'OK') {
        try {
          const again = await this.redis.get(this.key);
          if (again) return again;
          const { token, expiresIn } = await this.fetchToken();
          await this.redis.set(this.key, token, 'PX', Math.max(60_000, expiresIn * 1000 - EARLY_MS));
          return token;
        } finally {
          await this.redis.eval(RELEASE, 1, `${this.key}:lock`, owner);
        }
      }
      if (Date.now() > giveUpAt) throw new WecomApiError('gettoken', null, '等待其他进程获取 access_token 超时', 'transient');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
