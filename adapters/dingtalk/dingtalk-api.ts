// Calls to DingTalk's new OpenAPI (api.dingtalk.com/v1.0/…, or a 专有钉钉 host): the access token
// goes in the x-acs-dingtalk-access-token header (open.dingtalk.com "调用服务端API"); a refused token
// is dropped from the cache and the call tried again with a fresh one. Files sent to the robot are
// downloaded from the temporary links the OpenAPI hands out, through the same fetch and retries.
import type { AccessTokens } from './access-token.js';
import { downloadCapped, type CappedDownload } from './download-capped.js';
import { DingTalkApiError, requestJson, withRetries, type Fetch, type RetryPolicy } from './openapi-request.js';

export interface DingTalkApiDeps {
  apiBase: string;
  tokens: AccessTokens;
  fetch: Fetch;
  retry: RetryPolicy;
  /** a whole file download from a temporary link; default DEFAULT_DOWNLOAD_MS */
  downloadMs?: number;
}

/** long enough for the largest attachment allowed over a slow office line */
export const DEFAULT_DOWNLOAD_MS = 120_000;

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

  /** GETs a temporary download link (no token: the link is the credential), reading at most `maxBytes`. */
  async download(url: string, maxBytes: number): Promise<CappedDownload> {
    const { fetch, retry, downloadMs = DEFAULT_DOWNLOAD_MS } = this.deps;
    // once more at most: a download that hung for downloadMs should not hold a worker for several more;
    // the queue tries the whole event again later
    return withRetries({ ...retry, attempts: Math.min(retry.attempts, 2) }, () => downloadCapped(fetch, url, maxBytes, downloadMs));
  }
}
