// Calls to DingTalk's new OpenAPI (api.dingtalk.com/v1.0/…, or a 专有钉钉 host): the access token
// goes in the x-acs-dingtalk-access-token header (open.dingtalk.com "调用服务端API"); a refused token
// is dropped from the cache and the call tried again with a fresh one.
import type { AccessTokens } from './access-token.js';
import { DingTalkApiError, requestJson, withRetries, type Fetch, type RetryPolicy } from './openapi-request.js';

export interface DingTalkApiDeps {
  apiBase: string;
  tokens: AccessTokens;
  fetch: Fetch;
  retry: RetryPolicy;
}

export class DingTalkApi {
  constructor(private readonly deps: DingTalkApiDeps) {}

  async call(method: 'POST' | 'PUT', path: string, body: unknown): Promise<Record<string, unknown>> {
    const { apiBase, tokens, fetch, retry } = this.deps;
    return withRetries(retry, async () => {
      const token = await tokens.get();
      try {
        return await requestJson(fetch, { method, url: `${apiBase}${path}`, body, headers: { 'x-acs-dingtalk-access-token': token } }, retry.timeoutMs);
      } catch (error) {
        if (!(error instanceof DingTalkApiError) || !error.isAuth) throw error;
        await tokens.invalidate(token);
        throw new DingTalkApiError(error.status, error.code, error.message, true);
      }
    });
  }
}
