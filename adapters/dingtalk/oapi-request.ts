// One call to DingTalk's old-style server API (oapi.dingtalk.com), which the new OpenAPI has not
// replaced for 上传媒体文件 and 免登 (topapi/v2/user/getuserinfo): the access token goes in the access_token query parameter, and an answer is
// HTTP 200 with errcode/errmsg (0 is success; open.dingtalk.com "错误码": -1 系统繁忙 — try again; 88
// 鉴权异常 names the reason in sub_code/sub_msg). Failures come out as DingTalkApiError, so the same
// retries and token handling apply as for the OpenAPI (openapi-request.ts, dingtalk-api.ts).
import type { MultipartBody } from '../shared/multipart-file.js';
import { DingTalkApiError, type Fetch } from './openapi-request.js';

/** A body for the old-style API: a multipart form (uploads) or JSON (the topapi calls). */
export type OapiBody = MultipartBody | { contentType: string; body: string };

/** a JSON body for postOapi */
export function oapiJson(value: object): OapiBody {
  return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(value) };
}

/** One attempt: POSTs `form` to `url` (the token already in it). Resolves with the answer when errcode is 0. */
export async function postOapi(fetchImpl: Fetch, url: string, form: OapiBody, timeoutMs: number): Promise<Record<string, unknown>> {
  const where = `POST ${new URL(url).pathname}`;
  let res: Response;
  try {
    res = await fetchImpl(url, {
      method: 'POST',
      headers: { 'Content-Type': form.contentType, Accept: 'application/json' },
      body: form.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timeout = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new DingTalkApiError(0, timeout ? 'TIMEOUT' : 'NETWORK', `${where}: ${timeout ? `no answer in ${timeoutMs} ms` : String(error)}`, true);
  }
  const text = await res.text().catch(() => '');
  if (!res.ok) throw new DingTalkApiError(res.status, `HTTP_${res.status}`, `${where} → ${res.status}: ${text.slice(0, 200)}`, res.status === 429 || res.status >= 500);
  let answer: Record<string, unknown>;
  try {
    answer = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new DingTalkApiError(res.status, 'BAD_ANSWER', `${where}: the answer is not JSON`, true);
  }
  const errcode = typeof answer.errcode === 'number' ? answer.errcode : 0;
  if (errcode === 0) return answer;
  const reason = [answer.errmsg, answer.sub_code, answer.sub_msg].filter((v) => v !== undefined && v !== '').join(' ');
  throw new DingTalkApiError(res.status, String(errcode), `${where} → errcode ${errcode}: ${reason}`, errcode === -1);
}
