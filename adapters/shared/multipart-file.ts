// One file as a multipart/form-data body (RFC 7578), the way WeCom's and DingTalk's media/upload take
// it: a single part named after the form field, the file name in filename="…" as raw UTF-8 (what both
// platforms' clients send, and what they show the recipient), quotes and line breaks in it escaped as
// browsers escape them. Built by hand rather than with FormData so the name's bytes are ours to decide.
import { randomBytes } from 'node:crypto';

export interface MultipartBody {
  body: Uint8Array<ArrayBuffer>;
  /** the Content-Type header, with its boundary */
  contentType: string;
}

export interface FilePart {
  name: string;
  bytes: Uint8Array;
  /** the part's Content-Type; default from the name's extension */
  contentType?: string;
  /** extra Content-Disposition parameters, e.g. WeCom's filelength */
  params?: Record<string, string>;
}

const TYPES: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  csv: 'text/csv',
};

/** the extension, lower case, without the dot ('' when there is none) */
export function extensionOf(name: string): string {
  return /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase() ?? '';
}

export function multipartFile(field: string, file: FilePart): MultipartBody {
  const boundary = `----guanjia${randomBytes(12).toString('hex')}`;
  const params = Object.entries(file.params ?? {})
    .map(([k, v]) => `; ${k}=${v}`)
    .join('');
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="${quoted(field)}"; filename="${quoted(file.name)}"${params}\r\n` +
    `Content-Type: ${file.contentType ?? TYPES[extensionOf(file.name)] ?? 'application/octet-stream'}\r\n\r\n`;
  const body: Uint8Array<ArrayBuffer> = Buffer.concat([Buffer.from(head, 'utf8'), file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8')]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** the HTML form encoding of a quoted parameter: " → %22, CR → %0D, LF → %0A */
function quoted(value: string): string {
  return value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
