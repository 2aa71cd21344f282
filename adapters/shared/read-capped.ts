// A download's body read with a cap: stopped as soon as it is known to be larger than allowed, so a
// 2 GB file is never buffered. A declared Content-Length over the cap ends it before any byte is
// read; otherwise bytes are counted and reading stops at the first one past the cap (the size then
// is the count so far). For adapters that fetch the files people send (DingTalk's download links, Slack's url_private).

export type CappedBody = { bytes: Uint8Array } | { tooLarge: number };

export async function readCapped(res: Response, maxBytes: number): Promise<CappedBody> {
  const declared = contentLength(res.headers.get('content-length'));
  if (declared !== undefined && declared > maxBytes) {
    await res.body?.cancel().catch(() => {});
    return { tooLarge: declared };
  }
  if (!res.body) return { bytes: new Uint8Array(0) };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // cancelling closes the connection: the rest is never transferred
      await reader.cancel().catch(() => {});
      return { tooLarge: size };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return { bytes };
}

function contentLength(header: string | null): number | undefined {
  return header && /^\d+$/.test(header.trim()) ? Number(header.trim()) : undefined;
}
