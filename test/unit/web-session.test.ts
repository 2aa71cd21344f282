import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE, STATE_COOKIE, WorkbenchSessions, cookieValue } from '../../bot/web/web-session.js';

const SECRET = 'a-workbench-secret-of-thirty-two-characters';
const WHO = { personId: 'qianwei', platform: 'dingtalk', account: 'qianwei01' } as const;

describe('WorkbenchSessions', () => {
  let now = new Date('2026-12-01T04:00:00Z');
  const clock = () => now;
  const sessions = new WorkbenchSessions(SECRET, 120, clock, true);
  /** the Cookie header a browser sends back for a Set-Cookie value */
  const sent = (setCookie: string) => setCookie.split(';')[0]!;

  it('issues an HttpOnly, SameSite=Lax, Secure cookie for the whole site (the console honours it too) that reads back as the same session until it lapses', () => {
    now = new Date('2026-12-01T04:00:00Z');
    const { session, cookie } = sessions.issue(WHO);
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[\\w-]+\\.[\\w-]+; `));
    expect(cookie).toContain('Path=/;');
    expect(cookie).toContain('Max-Age=7200');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Secure');
    expect(session).toMatchObject({ ...WHO, issuedAt: Date.parse('2026-12-01T04:00:00Z') / 1000, expires: Date.parse('2026-12-01T06:00:00Z') / 1000 });
    expect(sessions.read(`other=1; ${sent(cookie)}`)).toEqual({ ok: true, session });
    now = new Date('2026-12-01T05:59:59Z');
    expect(sessions.read(sent(cookie)).ok).toBe(true);
    now = new Date('2026-12-01T06:00:00Z');
    expect(sessions.read(sent(cookie))).toEqual({ ok: false, reason: 'expired' });
  });

  it('is not Secure when the public address is plain http', () => {
    expect(new WorkbenchSessions(SECRET, 120, clock, false).issue(WHO).cookie).not.toContain('Secure');
  });

  it('refuses a missing cookie, a changed one, one signed with another key, and garbage', () => {
    now = new Date('2026-12-01T04:00:00Z');
    expect(sessions.read(undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(sessions.read('other=1')).toEqual({ ok: false, reason: 'missing' });
    const { session, cookie } = sessions.issue(WHO);
    const token = cookieValue(sent(cookie), SESSION_COOKIE)!;
    const [, signature] = token.split('.') as [string, string];
    const asSomeoneElse = Buffer.from(JSON.stringify([session.id, 'zhouting', 'dingtalk', 'zhouting01', session.issuedAt, session.expires])).toString('base64url');
    expect(sessions.read(`${SESSION_COOKIE}=${asSomeoneElse}.${signature}`)).toEqual({ ok: false, reason: 'forged' });
    const longer = Buffer.from(JSON.stringify([session.id, WHO.personId, WHO.platform, WHO.account, session.issuedAt, session.expires + 86_400])).toString('base64url');
    expect(sessions.read(`${SESSION_COOKIE}=${longer}.${signature}`)).toEqual({ ok: false, reason: 'forged' });
    const otherKey = new WorkbenchSessions('another-secret-of-thirty-two-characters!!', 120, clock, true);
    expect(sessions.read(sent(otherKey.issue(WHO).cookie))).toEqual({ ok: false, reason: 'forged' });
    expect(sessions.read(`${SESSION_COOKIE}=${signature}`)).toEqual({ ok: false, reason: 'malformed' });
    expect(sessions.read(`${SESSION_COOKIE}=a.b.c`)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('derives a CSRF token from the session, which a different session or a changed token fails', () => {
    const a = sessions.issue(WHO).session;
    const b = sessions.issue(WHO).session;
    const token = sessions.csrf(a);
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(sessions.csrf(a)).toBe(token);
    expect(sessions.isCsrfValid(a, token)).toBe(true);
    expect(sessions.isCsrfValid(b, token)).toBe(false);
    expect(sessions.isCsrfValid(a, undefined)).toBe(false);
    expect(sessions.isCsrfValid(a, '')).toBe(false);
    expect(sessions.isCsrfValid(a, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    expect(sessions.isCsrfValid(a, token.slice(1))).toBe(false);
    // a session id is not its CSRF token, nor is the session cookie's signature
    expect(sessions.isCsrfValid(a, a.id)).toBe(false);
  });

  it('clears the cookie on the same path', () => {
    const cleared = sessions.clearCookie();
    expect(cleared).toMatch(new RegExp(`^${SESSION_COOKIE}=; Path=/; Max-Age=0`));
  });

  it('binds an OAuth state to the browser for ten minutes', () => {
    now = new Date('2026-12-01T04:00:00Z');
    const { state, cookie } = sessions.issueState();
    expect(cookie).toMatch(new RegExp(`^${STATE_COOKIE}=.+; Path=/app/auth; Max-Age=600; HttpOnly; SameSite=Lax`));
    expect(sessions.isStateValid(sent(cookie), state)).toBe(true);
    expect(sessions.isStateValid(sent(cookie), sessions.issueState().state)).toBe(false);
    expect(sessions.isStateValid(undefined, state)).toBe(false);
    expect(sessions.isStateValid(sent(cookie), undefined)).toBe(false);
    const [saved, expires] = cookieValue(sent(cookie), STATE_COOKIE)!.split('.') as [string, string];
    expect(sessions.isStateValid(`${STATE_COOKIE}=${saved}.${Number(expires) + 600}.forged`, state)).toBe(false);
    now = new Date('2026-12-01T04:10:00Z');
    expect(sessions.isStateValid(sent(cookie), state)).toBe(false);
  });
});
