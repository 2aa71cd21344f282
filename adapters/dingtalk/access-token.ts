// The OpenAPI access token: POST /v1.0/oauth2/accessToken with the app's key and secret, valid
// 7200 s (open.dingtalk.com "获取企业内部应用的accessToken"). The SDK's getAccessToken() fetches a
// new one on every call, so we keep our own: cached in Redis for every bot process, refreshed by one
// caller at a time (a Redis lock across processes, one shared promise within a process).
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { DingTalkSettings } from './dingtalk-settings.js';
import { DingTalkApiError, requestJson, withRetries, type Fetch, type RetryPolicy } from './openapi-request.js';

const TokenSchema = z.object({ accessToken: z.string().min(1), expireIn: z.number().int().positive() });

/** deletes KEYS[1] only while it still holds ARGV[1] */
const DELETE_IF_EQUAL = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
/** refresh this long before DingTalk's expiry */
const EARLY_REFRESH_S = 300;
const LOCK_MS = 10_000;

export interface AccessTokenDeps {
  redis: Redis;
  settings: DingTalkSettings;
  fetch: Fetch;
  retry: RetryPolicy;
}

export class AccessTokens {
  private inflight: Promise<string> | undefined;
  private readonly tokenKey: string;
  private readonly lockKey: string;

  constructor(private readonly deps: AccessTokenDeps) {
    this.tokenKey = `${deps.settings.keyPrefix}token`;
    this.lockKey = `${deps.settings.keyPrefix}token-lock`;
  }

  async get(): Promise<string> {
    const cached = await this.deps.redis.get(this.tokenKey);
    if (cached) return cached;
    this.inflight ??= this.refresh().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** DingTalk refused `token` (revoked, or expired early): forget it unless someone already replaced it. */
  async invalidate(token: string): Promise<void> {
    await this.deps.redis.eval(DELETE_IF_EQUAL, 1, this.tokenKey, token);
  }

  private async refresh(): Promise<string> {
    const { redis } = this.deps;
    const me = randomUUID();
    const giveUpAt = Date.now() + LOCK_MS * 2;
    for (;;) {
      if ((await redis.set(this.lockKey, me, 'PX', LOCK_MS, 'NX')) === 'OK') {
        try {
          // another process may have stored a fresh token while we waited for the lock
          const cached = await redis.get(this.tokenKey);
          if (cached) return cached;
          const { accessToken, expireIn } = await this.fetchToken();
          await redis.set(this.tokenKey, accessToken, 'EX', Math.max(60, expireIn - EARLY_REFRESH_S));
          return accessToken;
        } finally {
          await redis.eval(DELETE_IF_EQUAL, 1, this.lockKey, me);
        }
      }
      await sleep(50);
      const cached = await redis.get(this.tokenKey);
      if (cached) return cached;
      if (Date.now() > giveUpAt) throw new DingTalkApiError(0, 'TOKEN_BUSY', 'access token refresh by another process did not finish', true);
    }
  }

  private async fetchToken(): Promise<z.infer<typeof TokenSchema>> {
    const { settings, fetch, retry } = this.deps;
    const body = await withRetries(retry, () =>
      requestJson(fetch, { method: 'POST', url: `${settings.apiBase}/v1.0/oauth2/accessToken`, body: { appKey: settings.clientId, appSecret: settings.clientSecret } }, retry.timeoutMs),
    );
    const parsed = TokenSchema.safeParse(body);
    if (!parsed.success) throw new DingTalkApiError(200, 'BAD_TOKEN_ANSWER', 'oauth2/accessToken answered without accessToken/expireIn', true);
    return parsed.data;
  }
}
