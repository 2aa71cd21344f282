// The OpenAPI access token: POST /v1.0/oauth2/accessToken with the app's key and secret, valid
// 7200 s (open.dingtalk.com "获取企业内部应用的accessToken"). The SDK's getAccessToken() fetches a
// new one on every call, so we keep our own in the shared Redis cache (adapters/shared/shared-token.ts).
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { SharedToken } from '../shared/shared-token.js';
import type { DingTalkSettings } from './dingtalk-settings.js';
import { DingTalkApiError, requestJson, withRetries, type Fetch, type RetryPolicy } from './openapi-request.js';

const TokenSchema = z.object({ accessToken: z.string().min(1), expireIn: z.number().int().positive() });

export interface AccessTokenDeps {
  redis: Redis;
  settings: DingTalkSettings;
  fetch: Fetch;
  retry: RetryPolicy;
}

/** The DingTalk token, through the shared Redis cache (one fetch at a time across processes). */
export class AccessTokens {
  private readonly shared: SharedToken;

  constructor(private readonly deps: AccessTokenDeps) {
    this.shared = new SharedToken(
      deps.redis,
      `${deps.settings.keyPrefix}token`,
      async () => {
        const { accessToken, expireIn } = await this.fetchToken();
        return { token: accessToken, expiresInS: expireIn };
      },
      () => new DingTalkApiError(0, 'TOKEN_BUSY', 'access token refresh by another process did not finish', true),
    );
  }

  get(): Promise<string> {
    return this.shared.get();
  }

  /** DingTalk refused `token` (revoked, or expired early): forget it unless someone already replaced it. */
  invalidate(token: string): Promise<void> {
    return this.shared.invalidate(token);
  }

  private async fetchToken(): Promise<z.infer<typeof TokenSchema>> {
    const { settings, fetch, retry } = this.deps;
    const body = await withRetries(retry, () =>
      requestJson(
        fetch,
        { method: 'POST', url: `${settings.apiBase}/v1.0/oauth2/accessToken`, body: { appKey: settings.clientId, appSecret: settings.clientSecret } },
        retry.timeoutMs,
      ),
    );
    const parsed = TokenSchema.safeParse(body);
    if (!parsed.success) throw new DingTalkApiError(200, 'BAD_TOKEN_ANSWER', 'oauth2/accessToken answered without accessToken/expireIn', true);
    return parsed.data;
  }
}
