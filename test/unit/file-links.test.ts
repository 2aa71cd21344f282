import { describe, expect, it } from 'vitest';
import { SignedFileLinks } from '../../bot/files/file-links.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';

describe('SignedFileLinks', () => {
  let now = new Date('2026-12-01T04:00:00Z');
  const links = new SignedFileLinks(SECRET, 7, () => now);
  links.base = 'https://guanjia.example';

  const tokenOf = (url: string) => url.slice('https://guanjia.example/files/'.length);

  it('signs a link for one file and one person that checks out until it expires', () => {
    now = new Date('2026-12-01T04:00:00Z');
    const url = links.url('att-1', 'qianwei');
    expect(url).toMatch(/^https:\/\/guanjia\.example\/files\/[\w-]+\.[\w-]+$/);
    const check = links.check(tokenOf(url));
    expect(check).toEqual({ ok: true, claims: { attachmentId: 'att-1', personId: 'qianwei', expires: Date.parse('2026-12-09T00:00:00Z') / 1000 } });
    now = new Date('2026-12-08T23:59:59Z');
    expect(links.check(tokenOf(url)).ok).toBe(true);
    now = new Date('2026-12-09T00:00:00Z');
    expect(links.check(tokenOf(url))).toEqual({ ok: false, reason: 'expired' });
  });

  it('draws the same link all day, so a card drawn twice is unchanged', () => {
    now = new Date('2026-12-01T00:00:01Z');
    const morning = links.url('att-1', 'qianwei');
    now = new Date('2026-12-01T23:59:00Z');
    expect(links.url('att-1', 'qianwei')).toBe(morning);
    expect(links.url('att-1', 'fenglei')).not.toBe(morning);
  });

  it('refuses a token changed in any part, signed with another key, or cut short', () => {
    now = new Date('2026-12-01T04:00:00Z');
    const token = tokenOf(links.url('att-1', 'qianwei'));
    const [payload, signature] = token.split('.') as [string, string];
    const otherPerson = Buffer.from(JSON.stringify(['att-1', 'zhouting', Date.parse('2026-12-09T00:00:00Z') / 1000])).toString('base64url');
    expect(links.check(`${otherPerson}.${signature}`)).toEqual({ ok: false, reason: 'forged' });
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    expect(links.check(`${payload}.${flipped}`)).toEqual({ ok: false, reason: 'forged' });
    expect(links.check(tokenOf(new SignedFileLinks(`${SECRET}-other`, 7, () => now).url('att-1', 'qianwei')))).toEqual({ ok: false, reason: 'forged' });
    expect(links.check(payload)).toEqual({ ok: false, reason: 'malformed' });
    expect(links.check(`${token}.extra`)).toEqual({ ok: false, reason: 'malformed' });
  });
});
