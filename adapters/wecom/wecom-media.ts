// Fetching a file a member sent the app (附件), by its MediaId. 获取临时素材 (document/path/90254):
// GET /cgi-bin/media/get?access_token=…&media_id=… answers like any HTTP download (Content-Type,
// Content-Length, Content-disposition: attachment; filename="…"), or JSON {errcode, errmsg} when it
// cannot (40007: an unknown media_id, or one past its 3 days). A file too big for one answer is
// refused with 830002 and must be fetched in Range parts of at most 20 MB (206 Partial Content,
// Content-Range: bytes a-b/total). Nothing beyond maxBytes is read: a bigger file is only measured.
import type { FetchedFile } from '../../bot/platform-port.js';
import type { WecomApi } from './wecom-api.js';
import { WecomApiError } from './wecom-errors.js';
import { clipName } from './wecom-text.js';

const PATH = '/cgi-bin/media/get';
/** 获取临时素材: the file is too large for one answer, use Range */
const NEEDS_RANGE = 830002;
/** Range parts under the documented 20 MB */
const PART_BYTES = 16 * 1024 * 1024;

export interface MediaOptions {
  /** per request, body included (the API's default otherwise) */
  timeoutMs?: number;
  /** the size of the Range parts, when a file needs them */
  partBytes?: number;
}

type Body = { bytes: Uint8Array } | { tooLarge: number };

export async function fetchMedia(api: WecomApi, mediaId: string, maxBytes: number, options: MediaOptions = {}): Promise<FetchedFile> {
  try {
    return await api.download(PATH, { media_id: mediaId }, async (res) => withName(await readBody(res, maxBytes, lengthOf(res)), res, mediaId), { timeoutMs: options.timeoutMs });
  } catch (error) {
    if (!(error instanceof WecomApiError) || error.errcode !== NEEDS_RANGE) throw error;
  }
  return fetchInParts(api, mediaId, maxBytes, options);
}

/** The file in Range parts: the first part's Content-Range tells its size, so a file too large stops there. */
async function fetchInParts(api: WecomApi, mediaId: string, maxBytes: number, options: MediaOptions): Promise<FetchedFile> {
  const parts: Uint8Array[] = [];
  let received = 0;
  let total = Number.POSITIVE_INFINITY;
  let name: string | undefined;
  while (received < total) {
    const range = `bytes=${received}-${received + (options.partBytes ?? PART_BYTES) - 1}`;
    const part = await api.download(
      PATH,
      { media_id: mediaId },
      async (res): Promise<{ whole: FetchedFile } | { bytes: Uint8Array; total: number; name?: string }> => {
        // a server that ignores Range sends the whole file
        if (res.status !== 206) return { whole: withName(await readBody(res, maxBytes, lengthOf(res)), res, mediaId) };
        const span = contentRange(res.headers.get('content-range'));
        if (!span || span.start !== received || span.end < span.start)
          throw new WecomApiError(PATH, null, `Content-Range 不符：${res.headers.get('content-range') ?? '无'}`, 'transient');
        if (span.total > maxBytes) {
          await res.body?.cancel().catch(() => {});
          return { whole: withName({ tooLarge: span.total }, res, mediaId) };
        }
        const size = span.end - span.start + 1;
        const body = await readBody(res, size, size);
        if (!('bytes' in body)) throw new WecomApiError(PATH, null, '分块比 Content-Range 长', 'transient');
        return { bytes: body.bytes, total: span.total, name: nameOf(res.headers.get('content-disposition'), mediaId) };
      },
      { timeoutMs: options.timeoutMs, headers: { range } },
    );
    if ('whole' in part) return part.whole;
    parts.push(part.bytes);
    received += part.bytes.byteLength;
    total = part.total;
    name ??= part.name;
  }
  return { bytes: concat(parts, received), ...(name ? { name } : {}) };
}

/** Reads at most `limit` bytes; more is only counted (the announced length, or what came before stopping). */
async function readBody(res: Response, limit: number, announced: number | undefined): Promise<Body> {
  if (announced !== undefined && announced > limit) {
    await res.body?.cancel().catch(() => {});
    return { tooLarge: announced };
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (res.body) {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        return { tooLarge: Math.max(size, announced ?? 0) };
      }
      chunks.push(value);
    }
  }
  if (announced !== undefined && size !== announced) throw new WecomApiError(PATH, null, `只收到 ${size} / ${announced} 字节`, 'transient');
  return { bytes: concat(chunks, size) };
}

function withName(body: Body, res: Response, mediaId: string): FetchedFile {
  const name = nameOf(res.headers.get('content-disposition'), mediaId);
  return { ...body, ...(name ? { name } : {}) };
}

function lengthOf(res: Response): number | undefined {
  const value = res.headers.get('content-length');
  return value && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}

function contentRange(value: string | null): { start: number; end: number; total: number } | null {
  const m = /^bytes (\d{1,15})-(\d{1,15})\/(\d{1,15})$/.exec(value?.trim() ?? '');
  return m ? { start: Number(m[1]), end: Number(m[2]), total: Number(m[3]) } : null;
}

/**
 * The file name from Content-Disposition: filename* (RFC 6266/5987, UTF-8 percent-encoded) first, else
 * filename, whose raw UTF-8 bytes fetch hands over as Latin-1 characters. WeCom names a picture
 * 「MEDIA_ID.jpg」 (document/path/90254): a name that is only the media id says nothing, and is dropped.
 */
export function nameOf(disposition: string | null, mediaId: string): string | undefined {
  if (!disposition) return undefined;
  const name = baseName(extended(disposition) ?? plain(disposition) ?? '');
  if (!name || name.replace(/\.[A-Za-z0-9]{1,8}$/, '') === mediaId) return undefined;
  return clipName(name);
}

function extended(disposition: string): string | undefined {
  const m = /filename\*\s*=\s*"?([A-Za-z0-9_-]+)'[^']*'([^;"\s]*)/i.exec(disposition);
  if (!m) return undefined;
  const [, charset = '', encoded = ''] = m;
  try {
    if (/^utf-?8$/i.test(charset)) return decodeURIComponent(encoded);
    // ISO-8859-1, the other charset RFC 5987 names: one byte a character
    return encoded.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  } catch {
    return undefined;
  }
}

function plain(disposition: string): string | undefined {
  const m = /(?:^|;)\s*filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/i.exec(disposition);
  if (!m) return undefined;
  const value = m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? '').trim();
  // only Latin-1 characters, some above ASCII: maybe UTF-8 bytes
  if (!/[\x80-\xff]/.test(value) || [...value].some((c) => c.charCodeAt(0) > 0xff)) return value;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(value, (c) => c.charCodeAt(0)));
  } catch {
    return value; // really Latin-1
  }
}

/** no directories: 「a/b\\c.pdf」 → 「c.pdf」 */
function baseName(name: string): string {
  return (name.split(/[\\/]/).pop() ?? '').trim();
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
