// multipart/form-data as a platform's server reads it (RFC 7578), for the local fakes' upload
// endpoints: the parts split on the boundary from Content-Type, each with its Content-Disposition
// parameters (name, filename — raw UTF-8 or filename*=UTF-8''… — and any others, e.g. filelength),
// its Content-Type and its bytes exactly. Written apart from the adapter's encoder, so a mistake on
// either side shows.

export interface FormPart {
  name: string;
  filename?: string;
  /** every Content-Disposition parameter, as sent */
  params: Record<string, string>;
  contentType?: string;
  bytes: Buffer;
}

/** The parts, or a reason the body is not multipart/form-data. */
export function parseMultipart(contentType: string | undefined, body: Buffer): FormPart[] | { problem: string } {
  const boundary = /^multipart\/form-data\s*;.*?\bboundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  if (!boundary) return { problem: `not multipart/form-data with a boundary: ${contentType ?? '(none)'}` };
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`, 'latin1');
  const parts: FormPart[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) return { problem: 'no boundary in the body' };
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString('latin1') === '--') return parts;
    if (body.subarray(at, at + 2).toString('latin1') !== '\r\n') return { problem: 'boundary not followed by CRLF' };
    at += 2;
    const headEnd = body.indexOf('\r\n\r\n', at, 'latin1');
    if (headEnd < 0) return { problem: 'part without a blank line after its headers' };
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n', 'latin1'), delimiter]), headEnd + 4);
    if (next < 0) return { problem: 'part without a closing boundary' };
    const part = partOf(body.subarray(at, headEnd).toString('utf8'), body.subarray(headEnd + 4, next));
    if ('problem' in part) return part;
    parts.push(part);
    at = next + 2;
  }
}

function partOf(head: string, bytes: Buffer): FormPart | { problem: string } {
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const disposition = headers.get('content-disposition');
  if (!disposition || !/^form-data\b/i.test(disposition)) return { problem: `part without Content-Disposition: form-data (${head})` };
  const params: Record<string, string> = {};
  for (const m of disposition.matchAll(/;\s*([\w*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g)) {
    params[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '').trim();
  }
  if (!params.name) return { problem: 'part without a name' };
  const extended = /^utf-8''(.*)$/i.exec(params['filename*'] ?? '');
  const filename = extended ? decodeURIComponent(extended[1]!) : params.filename;
  return { name: params.name, ...(filename !== undefined ? { filename } : {}), params, contentType: headers.get('content-type'), bytes: Buffer.from(bytes) };
}
