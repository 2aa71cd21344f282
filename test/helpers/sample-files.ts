// Small real files for the attachment tests: a PDF a reader opens (one page, one line of text, a
// correct cross-reference table), padded to an exact size when a test needs one, and a 1×1 PNG.

/** A one-page PDF saying `text`; with `size`, a comment pads it to exactly that many bytes. */
export function samplePdf(text: string, size?: number): Buffer {
  const build = (padding: number) => {
    const stream = `BT /F1 18 Tf 72 720 Td (${text.replace(/[()\\]/g, '\\$&')}) Tj ET`;
    const objects = [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
      `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ];
    let body = `%PDF-1.4\n%${'x'.repeat(padding)}\n`;
    const offsets: number[] = [];
    objects.forEach((object, i) => {
      offsets.push(Buffer.byteLength(body));
      body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    });
    const xref = Buffer.byteLength(body);
    body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
    body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    return Buffer.from(body, 'latin1');
  };
  const plain = build(0);
  if (size === undefined) return plain;
  if (size < plain.length) throw new Error(`a PDF saying "${text}" needs at least ${plain.length} bytes`);
  // the padding moves every offset; only startxref's number may gain a digit, so correct once more
  let padded = build(size - plain.length);
  if (padded.length !== size) padded = build(size - plain.length - (padded.length - size));
  if (padded.length !== size) throw new Error(`padded PDF is ${padded.length} bytes, not ${size}`);
  return padded;
}

/** a 1×1 transparent PNG */
export const SAMPLE_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** what a Windows program starts with: not a file anyone may attach */
export const SAMPLE_EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510, 0x90)]);
