import { describe, expect, it } from 'vitest';
import { cleanDeep, cleanText, isCleanId } from '../../workflows/domain/clean-text.js';

describe('cleanText', () => {
  it('replaces lone surrogates with U+FFFD and keeps pairs', () => {
    expect(cleanText('a\ud800b')).toBe('a\ufffdb');
    expect(cleanText('a\udc00')).toBe('a\ufffd');
    expect(cleanText('\udc00\ud800')).toBe('\ufffd\ufffd');
    expect(cleanText('报销😀')).toBe('报销😀');
    expect(cleanText('\ud83d\ude00\ud83d')).toBe('😀\ufffd');
  });

  it('removes NUL and the other control characters except tab, line feed and carriage return', () => {
    expect(cleanText('办\u0000公\u0001费\u001f\u007f')).toBe('办公费');
    expect(cleanText('a\tb\nc\r\nd')).toBe('a\tb\nc\r\nd');
  });

  it('leaves ordinary text as it is', () => {
    const text = '/申请 办公费 1200 购买打印纸（A4）';
    expect(cleanText(text)).toBe(text);
    expect(cleanText('')).toBe('');
  });

  it('gives text PostgreSQL can store (no NUL, well-formed UTF-16) for any input', () => {
    const all = Array.from({ length: 0x80 }, (_, i) => String.fromCharCode(i)).join('') + '\ud800\udfff\udbff';
    const out = cleanText(all);
    expect(out).not.toContain('\u0000');
    expect(Buffer.from(out, 'utf8').toString('utf8')).toBe(out);
  });
});

describe('isCleanId', () => {
  it('accepts ordinary ids and refuses control characters or lone surrogates', () => {
    expect(isCleanId('liuxiaoyan')).toBe(true);
    expect(isCleanId('req-42.1.0')).toBe(true);
    expect(isCleanId('张三')).toBe(true);
    expect(isCleanId('liu\u0000')).toBe(false);
    expect(isCleanId('liu\n')).toBe(false);
    expect(isCleanId('liu\t')).toBe(false);
    expect(isCleanId('liu\ud800')).toBe(false);
    expect(isCleanId('liu\u007f')).toBe(false);
  });
});

describe('cleanDeep', () => {
  it('cleans every string of a JSON-like value, keys included, and leaves the rest', () => {
    expect(cleanDeep({ 'a\u0000': ['x\ud800', 1, null, { b: 'y\u0001' }], n: 2, t: true })).toEqual({ a: ['x\ufffd', 1, null, { b: 'y' }], n: 2, t: true });
  });
});
