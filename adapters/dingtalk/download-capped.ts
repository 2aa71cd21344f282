// One GET of a file at a temporary link (the downloadUrl DingTalk hands out for a file sent to the
// robot, on a storage host, not the OpenAPI): read as a stream and stopped as soon as it is known to
// be larger than allowed, so a 2 GB file is never buffered. Failures are DingTalkApiErrors, retryable
// like the OpenAPI's (network, timeout, 429, 5xx), so withRetries and the queue treat them the same.
import { DingTalkApiError, type Fetch } from './openapi-request.js';
import { readCapped, type CappedBody } from '../shared/read-capped.js';

export type CappedDownload = CappedBody;

/**
 * Reads at most `maxBytes` of `url`. A declared Content-Length over the limit ends it before any
 * byte is read; otherwise bytes are counted and reading stops at the first one past the limit
 * (`tooLarge` is then the count so far). `timeoutMs` covers the whole download.
 */
export async function downloadCapped(fetchImpl: Fetch, url: string, maxBytes: number, timeoutMs: number): Promise<CappedDownload> {
  const where = `GET ${hostOf(url)}`;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    // no access token: the link itself is the credential, and it is another host's
    const res = await fetchImpl(url, { method: 'GET', signal });
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      const retryable = res.status === 429 || res.status >= 500;
      throw new DingTalkApiError(
        res.status,
        `HTTP_${res.status}`,
        `${where} → ${res.status}${res.status === 403 || res.status === 404 ? ' (the temporary link expired or is wrong)' : ''}`,
        retryable,
      );
    }
    return await readCapped(res, maxBytes);
  } catch (error) {
    if (error instanceof DingTalkApiError) throw error;
    const timeout = signal.aborted || (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'));
    throw new DingTalkApiError(0, timeout ? 'TIMEOUT' : 'NETWORK', `${where}: ${timeout ? `not downloaded in ${timeoutMs} ms` : String(error)}`, true);
  }
}

/** the link's host only: its query string is a credential and stays out of logs */
function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).host : 'download link';
}
