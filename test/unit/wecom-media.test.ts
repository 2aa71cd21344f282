// The file name of a WeCom download, from its Content-Disposition as fetch hands it over (header
// bytes as Latin-1 characters): RFC 5987 filename* first, raw UTF-8 in filename="…" repaired, no
// directories, and WeCom's own 「MEDIA_ID.jpg」 for a picture taken as no name at all.
import { describe, expect, it } from 'vitest';
import { nameOf } from '../../adapters/wecom/wecom-media.js';

const id = '1G6nrLmr5EC3MMb_-zK1dDdzmd0p7cNliYu9V5w7o8K0';
const latin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

describe('nameOf', () => {
  it('reads quoted, bare and RFC 5987 names, preferring filename*', () => {
    expect(nameOf('attachment; filename="invoice 6.pdf"', id)).toBe('invoice 6.pdf');
    expect(nameOf('attachment; filename=invoice.pdf', id)).toBe('invoice.pdf');
    expect(nameOf('attachment; filename="a \\"quoted\\" name.pdf"', id)).toBe('a "quoted" name.pdf');
    expect(nameOf(`attachment; filename="___.pdf"; filename*=UTF-8''${encodeURIComponent('发票（六月）.pdf')}`, id)).toBe('发票（六月）.pdf');
    expect(nameOf(`attachment; filename*=utf-8''${encodeURIComponent('合同.docx')}; filename="x.docx"`, id)).toBe('合同.docx');
    expect(nameOf("attachment; filename*=ISO-8859-1''caf%E9.pdf", id)).toBe('café.pdf');
  });

  it('repairs raw UTF-8 bytes in filename="…", and leaves real Latin-1 alone', () => {
    expect(nameOf(`attachment; filename="${latin1('验收报告 第1期.pdf')}"`, id)).toBe('验收报告 第1期.pdf');
    expect(nameOf('attachment; filename="caf\u00e9.pdf"', id)).toBe('café.pdf');
  });

  it('drops directories, WeCom’s MEDIA_ID.jpg and empty names', () => {
    expect(nameOf('attachment; filename="../../etc/passwd"', id)).toBe('passwd');
    expect(nameOf('attachment; filename="C:\\\\Users\\\\x\\\\scan.png"', id)).toBe('scan.png');
    expect(nameOf(`attachment; filename="${id}.jpg"`, id)).toBeUndefined();
    expect(nameOf('attachment; filename=""', id)).toBeUndefined();
    expect(nameOf('attachment', id)).toBeUndefined();
    expect(nameOf(null, id)).toBeUndefined();
    // a bad percent-encoding falls back to the plain name
    expect(nameOf('attachment; filename="plain.pdf"; filename*=UTF-8\'\'%E0%A4%A.pdf', id)).toBe('plain.pdf');
  });
});
