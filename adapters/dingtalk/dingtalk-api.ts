// Calls to DingTalk's new OpenAPI (api.dingtalk.com/v1.0/…, or a 专有钉钉 host): the access token
// goes in the x-acs-dingtalk-access-token header (open.dingtalk.com "调用服务端API"); a refused token
// is dropped from the cache and the call tried again with a fresh one. Files sent to the robot are
// downloaded from the temporary links the OpenAPI hands out, through the same fetch and retries; files
// the robot sends are uploaded through the old-style API with the same token (oapi-request.ts).
import type { MultipartBody } from '../shared/multipart-file.js';
import type { AccessTokens } from './access-token.js';
import { downloadCapped, type CappedDownload } from './download-capped.js';
import { postOapi, type OapiBody } from './oapi-request.js';
import { DingTalkApiError, requestJson, withRetries, type Fetch, type RetryPolicy } from './openapi-request.js';

export interface DingTalkApiDeps {
  apiBase: string;
  tokens: AccessTokens;
  fetch: Fetch;
  retry: RetryPolicy;
  /** a whole file download from a temporary link; default DEFAULT_DOWNLOAD_MS */
  downloadMs?: number;
  /** a whole file upload (上传媒体文件); default DEFAULT_UPLOAD_MS */
  uploadMs?: number;
}

/** long enough for the largest attachment allowed over a slow office line */
export const DEFAULT_DOWNLOAD_MS = 120_000;
/** a workbook of up to DingTalk's 20 MB over a slow office line */
export const DEFAULT_UPLOAD_MS = 120_000;

export class DingTalkApi {
  constructor(private readonly deps: DingTalkApiDeps) {}

  async call(method: 'POST' | 'PUT', path: string, body: unknown): Promise<Record<string, unknown>> {
    const { apiBase, fetch, retry } = this.deps;
    return this.withToken(retry, (token) => requestJson(fetch, { method, url: `${apiBase}${path}`, body, headers: { 'x-acs-dingtalk-access-token': token } }, retry.timeoutMs));
  }

  /**
   * POSTs a file to the old-style API at `url` (on the oapi host) with the same access token in the
   * access_token query parameter; a refused token is dropped and the call tried again. At most three
   * tries: an upload that hung for uploadMs should not hold a worker much longer (the queue retries).
   */
  async upload(url: string, form: MultipartBody): Promise<Record<string, unknown>> {
    const { retry, uploadMs = DEFAULT_UPLOAD_MS } = this.deps;
    return this.oapi(url, form, { attempts: Math.min(retry.attempts, 3), timeoutMs: uploadMs });
  }

  /**
   * POSTs `body` to the old-style API at `url` with the access token in the access_token query
   * parameter, under the retry policy narrowed by `limits`; a refused token is dropped and the call
   * tried again with a fresh one.
   */
  async oapi(url: string, body: OapiBody, limits: { attempts?: number; timeoutMs?: number } = {}): Promise<Record<string, unknown>> {
    const { fetch, retry } = this.deps;
    const timeoutMs = limits.timeoutMs ?? retry.timeoutMs;
    return this.withToken({ ...retry, attempts: limits.attempts ?? retry.attempts }, (token) => {
      const target = new URL(url);
      target.searchParams.set('access_token', token);
      return postOapi(fetch, target.href, body, timeoutMs);
    });
  }

  /** GETs a temporary download link (no token: the link is the credential), reading at most `maxBytes`. */
  async download(url: string, maxBytes: number): Promise<CappedDownload> {
    const { fetch, retry, downloadMs = DEFAULT_DOWNLOAD_MS } = this.deps;
    // once more at most: a download that hung for downloadMs should not hold a worker for several more;
    // the queue tries the whole event again later
    return withRetries({ ...retry, attempts: Math.min(retry.attempts, 2) }, () => downloadCapped(fetch, url, maxBytes, downloadMs));
  }

  /** Runs `attempt` with the token under `policy`: a refused token is dropped and the next try gets a fresh one. */
  private withToken<T>(policy: RetryPolicy, attempt: (token: string) => Promise<T>): Promise<T> {
    const { tokens } = this.deps;
    return withRetries(policy, async () => {
      const token = await tokens.get();
      try {
        return await attempt(token);
      } catch (error) {
        if (!(error instanceof DingTalkApiError) || !error.isAuth) throw error;
        await tokens.invalidate(token);
        throw new DingTalkApiError(error.status, error.code, error.message, true);
      }
    });
  }
}
