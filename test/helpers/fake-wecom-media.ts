// The files members sent the local WeCom app, and 获取临时素材 over them (document/path/90254): the
// file as a download (Content-Type, Content-Length, Content-disposition: attachment; filename="…"),
// a Range part of it (206, Content-Range), or WeCom's JSON error: 40007 for a media_id it does not
// know, 830002 for a file too big to send whole (wholeLimit) or a part asked over 20 MB.
import { randomBytes } from 'node:crypto';

/** A file a member sent the app, held until media/get fetches it. */
export interface FakeMedia {
  bytes: Buffer;
  /** the name the member's file had; a picture has none and WeCom calls it MEDIA_ID.jpg */
  name?: string;
  contentType: string;
  /** how a non-ASCII name is sent: raw UTF-8 in filename="…", or RFC 5987 filename*=UTF-8''… */
  nameStyle: 'raw' | 'rfc5987';
  /** sent without Content-Length (chunked), so only reading tells the size */
  chunked: boolean;
}

export type MediaOptions = Partial<Pick<FakeMedia, 'contentType' | 'nameStyle' | 'chunked'>>;

export interface MediaFile {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  chunked: boolean;
}

export const isMediaFile = (answer: MediaFile | Record<string, unknown>): answer is MediaFile => Buffer.isBuffer(answer.body);

/** 分块大小不超过20M */
const RANGE_LIMIT = 20 * 1024 * 1024;

export class FakeMediaStore {
  readonly files = new Map<string, FakeMedia>();
  /** a bigger file is given only in Range parts (830002 otherwise); WeCom's limit is about 20 MB */
  wholeLimit = 20 * 1024 * 1024;

  /** Holds a file; returns its MediaId. */
  add(bytes: Uint8Array, name?: string, options: MediaOptions = {}): string {
    const id = `1${randomBytes(30).toString('base64url')}`;
    const { contentType = contentTypeOf(name ?? ''), nameStyle = 'rfc5987', chunked = false } = options;
    this.files.set(id, { bytes: Buffer.from(bytes), name, contentType, nameStyle, chunked });
    return id;
  }

  /** media/get for a caller whose token is good: the file or a part of it, else WeCom's JSON error. */
  get(mediaId: string, range: string | undefined): MediaFile | Record<string, unknown> {
    const media = this.files.get(mediaId);
    if (!media) return { errcode: 40007, errmsg: 'invalid media_id' };
    if (!range && media.bytes.length > this.wholeLimit) return { errcode: 830002, errmsg: 'file too large, use range to download' };
    const headers = { 'content-type': media.contentType, 'content-disposition': dispositionOf(media, mediaId), 'cache-control': 'no-cache, must-revalidate' };
    const { chunked } = media;
    if (!range) return { status: 200, headers, body: media.bytes, chunked };
    const size = media.bytes.length;
    const m = /^bytes=(\d+)-(\d*)$/.exec(range);
    const start = m ? Number(m[1]) : NaN;
    const end = m?.[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
    if (!m || start >= size || end < start) return { status: 416, headers: { 'content-range': `bytes */${size}` }, body: Buffer.alloc(0), chunked: false };
    // the span asked for, not what is left of the file
    if (m[2] && Number(m[2]) - start + 1 > RANGE_LIMIT) return { errcode: 830002, errmsg: 'range too large' };
    return {
      status: 206,
      headers: { ...headers, 'accept-ranges': 'bytes', 'content-range': `bytes ${start}-${end}/${size}` },
      body: media.bytes.subarray(start, end + 1),
      chunked,
    };
  }
}

function contentTypeOf(name: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? 'jpg'; // a picture has no name
  const types: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', pdf: 'application/pdf', ofd: 'application/ofd' };
  return types[ext] ?? 'application/octet-stream';
}

/** attachment; filename="…": a picture is called MEDIA_ID.jpg; a non-ASCII name goes as raw UTF-8 or as RFC 5987 */
function dispositionOf(media: FakeMedia, mediaId: string): string {
  const name = media.name ?? `${mediaId}.${media.contentType === 'image/png' ? 'png' : 'jpg'}`;
  if (/^[\x20-\x7e]*$/.test(name)) return `attachment; filename="${name.replace(/["\\]/g, '\\$&')}"`;
  if (media.nameStyle === 'raw') return `attachment; filename="${Buffer.from(name, 'utf8').toString('latin1')}"`;
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
