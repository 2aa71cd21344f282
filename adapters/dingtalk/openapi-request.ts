// One HTTP call to DingTalk's OpenAPI, and the retry policy around it: network errors, 5xx (the
// gateway's 504 after 3 s among them), rate limits and calls that hang are retried with exponential
// backoff and jitter; other 4xx answers are final. Nothing here knows about tokens (dingtalk-api.ts).
import { setTimeout as sleep } from 'node:timers/promises';

export type Fetch = typeof fetch;

export interface RetryPolicy {
  attempts: number;
  /** per call; the gateway itself gives up after 3 s with 504 (developerpedia "开发者调用OpenAPI超时") */
  timeoutMs: number;
  backoffMs: number;
  maxBackoffMs: number;
  /** told of every failed attempt (the metrics count DingTalk's error codes) */
  onFailure?: (error: DingTalkApiError) => void;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, timeoutMs: 3_500, backoffMs: 250, maxBackoffMs: 4_000 };

/** the old-style API's errcodes for a refused token (oapi-request.ts): 40014 不合法的access_token, 42001 access_token超时 */
const OAPI_TOKEN_ERRCODES = ['40014', '42001'];

export class DingTalkApiError extends Error {
  constructor(
    readonly status: number,
    /** DingTalk's error code from the body (`InvalidAuthentication`, `Forbidden.AccessDenied.QpsLimitForApi` …), or NETWORK / TIMEOUT */
    readonly code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'DingTalkApiError';
  }

  /** the access token was refused: fetch a new one and try again */
  get isAuth(): boolean {
    return this.status === 401 || /InvalidAuthentication|accessToken|access_token/i.test(this.code) || OAPI_TOKEN_ERRCODES.includes(this.code);
  }
}

export interface JsonRequest {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One attempt. Resolves with the parsed JSON body of a 2xx answer; otherwise throws DingTalkApiError. */
export async function requestJson(fetchImpl: Fetch, req: JsonRequest, timeoutMs: number): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetchImpl(req.url, {
      method: req.method,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...req.headers },
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timeout = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new DingTalkApiError(0, timeout ? 'TIMEOUT' : 'NETWORK', `${req.method} ${pathOf(req.url)}: ${timeout ? `no answer in ${timeoutMs} ms` : String(error)}`, true);
  }
  const text = await res.text().catch(() => '');
  const body = parseBody(text);
  if (res.ok) return body ?? {};
  const code = typeof body?.code === 'string' ? body.code : `HTTP_${res.status}`;
  const message = typeof body?.message === 'string' ? body.message : text.slice(0, 200);
  // 429 and 5xx are transient; 403 Forbidden.AccessDenied.QpsLimitFor… is flow control that lifts within a second (developerpedia "API 限流")
  const retryable = res.status === 429 || res.status >= 500 || /QpsLimit|FlowControl|Throttl/i.test(code);
  throw new DingTalkApiError(res.status, code, `${req.method} ${pathOf(req.url)} → ${res.status} ${code}: ${message}`, retryable);
}

/**
 * Runs `attempt` until it succeeds, a final error comes, or the attempts run out. `onError` sees
 * every failure first (the token cache uses it to drop a refused token); it may mark an error
 * retryable by returning true.
 */
export async function withRetries<T>(policy: RetryPolicy, attempt: (n: number) => Promise<T>, onError?: (error: DingTalkApiError) => Promise<boolean>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!(error instanceof DingTalkApiError)) throw error;
      policy.onFailure?.(error);
      const retry = error.retryable || ((await onError?.(error)) ?? false);
      if (!retry || n >= policy.attempts) throw error;
      // wait, with jitter, before trying again (developerpedia "开发者调用OpenAPI超时": 退避重试)
      const backoff = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** (n - 1));
      await sleep(backoff / 2 + Math.random() * (backoff / 2));
    }
  }
}

function parseBody(text: string): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function pathOf(url: string): string {
  return URL.canParse(url) ? new URL(url).pathname : url;
}
