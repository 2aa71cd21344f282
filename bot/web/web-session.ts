// The workbench's signed session: a cookie naming the person, the platform account they signed in
// with, when it was issued and when it lapses, under an HMAC-SHA256 so the browser cannot change it.
// A CSRF token derived from the session's id goes to the page and comes back as X-CSRF-Token on every
// state-changing call. A second, short-lived signed cookie carries the WeCom OAuth `state`, so a sign-in
// link forged by someone else (login CSRF) does not sign the browser in as them. Comparisons are in
// constant time; the clock is a parameter.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { PLATFORMS, type Platform } from '../../workflows/domain/org-file.js';

export const SESSION_COOKIE = 'gj_session';
export const STATE_COOKIE = 'gj_oauth_state';
export const CSRF_HEADER = 'x-csrf-token';
/** the path the session cookie is scoped to: the whole site, so the console (/console) honours a workbench sign-in too */
export const SESSION_PATH = '/';
/** the WeCom redirect lands under it */
const STATE_PATH = '/app/auth';
/** an OAuth round trip (page → WeCom → back) takes seconds; ten minutes is generous */
const STATE_SECONDS = 600;

export interface Session {
  /** random, names this session (the CSRF token is derived from it) */
  id: string;
  personId: string;
  platform: Platform;
  account: string;
  /** seconds since the epoch */
  issuedAt: number;
  expires: number;
}

export type SessionCheck = { ok: true; session: Session } | { ok: false; reason: 'missing' | 'malformed' | 'forged' | 'expired' };

export class WorkbenchSessions {
  constructor(
    private readonly secret: string,
    private readonly minutes: number,
    private readonly clock: () => Date,
    /** Secure cookies: the public address is https */
    private readonly secure: boolean,
  ) {}

  /** a new session for a person signed in through `platform`, and the Set-Cookie value carrying it */
  issue(who: Pick<Session, 'personId' | 'platform' | 'account'>): { session: Session; cookie: string } {
    const issuedAt = Math.floor(this.clock().getTime() / 1000);
    const session: Session = { id: randomBytes(16).toString('base64url'), ...who, issuedAt, expires: issuedAt + this.minutes * 60 };
    return { session, cookie: this.cookie(SESSION_COOKIE, this.token(session), SESSION_PATH, this.minutes * 60) };
  }

  /** the signed value of a session's cookie */
  token(session: Session): string {
    const payload = Buffer.from(JSON.stringify([session.id, session.personId, session.platform, session.account, session.issuedAt, session.expires])).toString('base64url');
    return `${payload}.${this.sign('session', payload)}`;
  }

  /** the session a request's Cookie header carries, if it is whole, ours and not lapsed */
  read(cookieHeader: string | undefined): SessionCheck {
    const token = cookieValue(cookieHeader, SESSION_COOKIE);
    if (!token) return { ok: false, reason: 'missing' };
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined) return { ok: false, reason: 'malformed' };
    if (!sameText(signature, this.sign('session', payload))) return { ok: false, reason: 'forged' };
    const session = parseSession(payload);
    if (!session) return { ok: false, reason: 'malformed' };
    if (session.expires * 1000 <= this.clock().getTime()) return { ok: false, reason: 'expired' };
    return { ok: true, session };
  }

  /** the CSRF token of a session: the page sends it back as X-CSRF-Token */
  csrf(session: Pick<Session, 'id'>): string {
    return this.sign('csrf', session.id);
  }

  isCsrfValid(session: Pick<Session, 'id'>, given: string | undefined): boolean {
    return typeof given === 'string' && given !== '' && sameText(given, this.csrf(session));
  }

  /** the Set-Cookie value that removes the session */
  clearCookie(): string {
    return this.cookie(SESSION_COOKIE, '', SESSION_PATH, 0);
  }

  /** a fresh OAuth state and the Set-Cookie value binding it to this browser for a few minutes */
  issueState(): { state: string; cookie: string } {
    const state = randomBytes(16).toString('base64url');
    const expires = Math.floor(this.clock().getTime() / 1000) + STATE_SECONDS;
    const value = `${state}.${expires}`;
    return { state, cookie: this.cookie(STATE_COOKIE, `${value}.${this.sign('state', value)}`, STATE_PATH, STATE_SECONDS) };
  }

  /** whether the state a redirect came back with is the one this browser was given, and still fresh */
  isStateValid(cookieHeader: string | undefined, state: string | undefined): boolean {
    const value = cookieValue(cookieHeader, STATE_COOKIE);
    if (!value || !state) return false;
    const [saved, expires, signature, extra] = value.split('.');
    if (!saved || !expires || !signature || extra !== undefined) return false;
    if (!sameText(signature, this.sign('state', `${saved}.${expires}`))) return false;
    if (!/^\d+$/.test(expires) || Number(expires) * 1000 <= this.clock().getTime()) return false;
    return sameText(state, saved);
  }

  clearStateCookie(): string {
    return this.cookie(STATE_COOKIE, '', STATE_PATH, 0);
  }

  private cookie(name: string, value: string, path: string, maxAgeSeconds: number): string {
    const parts = [`${name}=${value}`, `Path=${path}`, `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Lax'];
    if (maxAgeSeconds === 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
    if (this.secure) parts.push('Secure');
    return parts.join('; ');
  }

  /** each use has its own label, so a signature made for one can never pass as another */
  private sign(use: 'session' | 'csrf' | 'state', value: string): string {
    return createHmac('sha256', this.secret).update(`guanjia-workbench-${use}:${value}`).digest('base64url');
  }
}

/** one cookie's value from a Cookie header; undefined when absent */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=');
    if (at < 0) continue;
    if (pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const isPlatform = (v: unknown): v is Platform => typeof v === 'string' && (PLATFORMS as readonly string[]).includes(v);

function parseSession(payload: string): Session | undefined {
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(claims) || claims.length !== 6) return undefined;
  const [id, personId, platform, account, issuedAt, expires] = claims as unknown[];
  if (typeof id !== 'string' || typeof personId !== 'string' || !isPlatform(platform) || typeof account !== 'string') return undefined;
  if (typeof issuedAt !== 'number' || typeof expires !== 'number') return undefined;
  return { id, personId, platform, account, issuedAt, expires };
}
