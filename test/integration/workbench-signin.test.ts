// Signing in to the workbench against a whole Guanjia: a code traded through a platform's identity
// exchange (here a tiny one of the test's own, brought in as a platform runtime's `identity`, as the
// adapters do), the session cookie, /app/api/me, and every way in that must be refused — audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { PlatformModule } from '../../bot/platforms.js';
import type { PlatformPort } from '../../bot/platform-port.js';
import { UNKNOWN_ACCOUNT_TEXT } from '../../bot/replies/error-text.js';
import { WORKBENCH_ERROR_TEXT } from '../../bot/replies/workbench-words.js';
import type { IdentityExchange } from '../../bot/web/identity-exchange.js';
import { SESSION_COOKIE, WorkbenchSessions } from '../../bot/web/web-session.js';
import { startTestGuanjia, type TestGuanjia } from '../helpers/test-guanjia.js';

const SECRET = 'the-workbench-secret-for-this-test-file';
/** codes each fake platform accepts, and the account behind each */
const CODES: Record<'dingtalk' | 'wecom', Map<string, string>> = {
  dingtalk: new Map([
    ['dt-code-wang', '0923456712345678'],
    ['dt-code-stranger', '0999999999999999'],
    ['dt-code-feng', '0923456712340011'],
  ]),
  wecom: new Map([['wx-code-wang', 'wangjianguo']]),
};
let unreachable = false;

/** a platform that offers only 免登: its port is never used in these tests */
function identityOnly(platform: 'dingtalk' | 'wecom'): PlatformModule {
  const unused = () => Promise.reject(new Error('not used in this test'));
  const port: PlatformPort = { platform, sendText: unused, sendCard: unused, updateCard: unused, sendGroupDigest: unused, fetchFile: unused, sendFile: unused };
  const identity: IdentityExchange = {
    platform,
    exchange: async (code) => {
      if (unreachable) throw new Error('connect ECONNREFUSED');
      return CODES[platform].get(code) ?? null;
    },
    ...(platform === 'wecom' ? { authorizeUrl: (redirectUri: string, state: string) => `https://oauth.test/authorize?${new URLSearchParams({ redirectUri, state })}` } : {}),
  };
  return { name: `test-${platform}-identity`, schema: z.object({}), start: async () => ({ port, identity, stop: async () => {} }) };
}

let app: TestGuanjia;
let shiftMs = 0;
const db = () => app.database.db;

beforeAll(async () => {
  app = await startTestGuanjia({
    workers: false,
    env: { WORKBENCH_SECRET: SECRET, WORKBENCH_SESSION_MINUTES: '30' },
    clock: () => new Date(Date.now() + shiftMs),
    platforms: [identityOnly('dingtalk'), identityOnly('wecom')],
  });
});
afterAll(async () => app?.cleanup());

/** the Cookie header a browser would send back for the response's Set-Cookie values */
function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .filter((c) => !c.endsWith('='))
    .join('; ');
}

async function signInDingTalk(code = 'dt-code-wang') {
  const res = await fetch(`${app.url}/app/auth/dingtalk`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  return { res, body: (await res.json()) as Record<string, unknown> & { csrf: string }, cookie: cookiesOf(res) };
}

const me = (cookie?: string) => fetch(`${app.url}/app/api/me`, { headers: cookie ? { cookie } : {} });
const refusals = (code: string) => db().auditEvent.findMany({ where: { action: 'security.refused', data: { path: ['code'], equals: code } }, orderBy: { seq: 'asc' } });

describe('workbench sign-in', () => {
  it('signs a DingTalk account in: an HttpOnly cookie, then /app/api/me knows the person and gives the CSRF token', async () => {
    const { res, body, cookie } = await signInDingTalk();
    expect(res.status).toBe(200);
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    // the whole site: the console (/console) honours the same sign-in
    expect(setCookie).toContain('Path=/;');
    expect(setCookie).toContain('Max-Age=1800');
    expect(body.person).toMatchObject({ id: 'wangjianguo', name: '王建国', department: { name: expect.any(String) }, roles: expect.any(Array) });
    const again = await me(cookie);
    expect(again.status).toBe(200);
    expect(again.headers.get('cache-control')).toBe('no-store');
    expect(await again.json()).toEqual({ person: body.person, roleLabels: body.roleLabels, platform: 'dingtalk', oversight: true, csrf: body.csrf });
    const signIns = await db().auditEvent.findMany({ where: { action: 'web.signin', actorId: 'wangjianguo', platform: 'dingtalk' } });
    expect(signIns).toHaveLength(1);
    expect(signIns[0]).toMatchObject({ account: '0923456712345678', subject: 'account:dingtalk:0923456712345678' });
  });

  it('signs a WeCom account in through the OAuth redirect, with the state this browser was given, under the organisation’s spelling', async () => {
    // the app's home page starts here: off to the platform's authorize page, the state bound to this browser
    const entry = await fetch(`${app.url}/app/auth/wecom/start`, { redirect: 'manual' });
    expect(entry.status).toBe(302);
    const authorize = new URL(entry.headers.get('location') ?? '');
    expect(authorize.searchParams.get('redirectUri')).toBe(`${app.deps.fileLinks.url('x', 'y').split('/files/')[0]}/app/auth/wecom`);
    expect(authorize.searchParams.get('state')).toMatch(/.{16,}/);
    expect(cookiesOf(entry)).toMatch(/=/);

    const started = await fetch(`${app.url}/app/auth/wecom/state`);
    const { state } = (await started.json()) as { state: string };
    const stateCookie = cookiesOf(started);
    // a link someone else started (no state cookie here, or another state) signs nobody in
    const forgedLink = await fetch(`${app.url}/app/auth/wecom?code=wx-code-wang&state=${state}`, { redirect: 'manual' });
    expect(forgedLink.status).toBe(403);
    // a browser was sent here: the refusal is a page in Chinese, never JSON or a stack
    expect(forgedLink.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await forgedLink.text()).toContain(WORKBENCH_ERROR_TEXT.STATE_INVALID);
    expect(cookiesOf(forgedLink)).toBe('');
    expect(await refusals('STATE_INVALID')).toHaveLength(1);

    const res = await fetch(`${app.url}/app/auth/wecom?code=wx-code-wang&state=${state}`, { headers: { cookie: stateCookie }, redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app/');
    const cookie = cookiesOf(res);
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    expect(((await (await me(cookie)).json()) as { person: { id: string } }).person.id).toBe('wangjianguo');
    expect(await db().auditEvent.findFirst({ where: { action: 'web.signin', platform: 'wecom' } })).toMatchObject({ account: 'WangJianGuo', actorId: 'wangjianguo' });
  });

  it('refuses /app/api without a cookie, with a forged one and with an expired one (401), auditing the bad and stale cookies', async () => {
    const none = await me();
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ error: { code: 'NOT_SIGNED_IN', message: WORKBENCH_ERROR_TEXT.NOT_SIGNED_IN } });

    const { cookie } = await signInDingTalk();
    const [payload] = cookie.slice(`${SESSION_COOKIE}=`.length).split('.') as [string];
    const otherKey = new WorkbenchSessions('some-other-secret-of-thirty-two-chars', 30, () => new Date(), false);
    const asSomeoneElse = otherKey.token({ id: 'x', personId: 'zhengjia', platform: 'wecom', account: 'ZhengJia', issuedAt: 0, expires: 4_102_444_800 });
    for (const forged of [`${SESSION_COOKIE}=${asSomeoneElse}`, `${SESSION_COOKIE}=${payload}.AAAA`]) {
      const res = await me(forged);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('SESSION_INVALID');
    }

    const sameKey = new WorkbenchSessions(SECRET, 30, () => new Date(Date.now() - 3600_000), false);
    const lapsed = await me(sameKey.issue({ personId: 'wangjianguo', platform: 'dingtalk', account: '0923456712345678' }).cookie.split(';')[0]);
    expect(lapsed.status).toBe(401);
    expect(await lapsed.json()).toEqual({ error: { code: 'SESSION_EXPIRED', message: WORKBENCH_ERROR_TEXT.SESSION_EXPIRED } });

    // the cookie this server issued, once its 30 minutes are over
    expect((await me(cookie)).status).toBe(200);
    shiftMs = 31 * 60_000;
    try {
      const expired = await me(cookie);
      expect(expired.status).toBe(401);
      expect(expired.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=;`))).toBe(true);
    } finally {
      shiftMs = 0;
    }

    // a page asking whether anyone is signed in is not audited (it would fill the trail with page loads)
    expect(await refusals('NOT_SIGNED_IN')).toHaveLength(0);
    expect((await refusals('SESSION_INVALID')).map((e) => (e.data as { reason: string }).reason)).toEqual(['session_forged', 'session_forged']);
    expect(await refusals('SESSION_EXPIRED')).toHaveLength(2);
  });

  it('refuses a change without the CSRF token or with another session’s (403), and signs out with it', async () => {
    const { cookie, body } = await signInDingTalk();
    const other = await signInDingTalk();
    const signOut = (headers: Record<string, string>) => fetch(`${app.url}/app/api/signout`, { method: 'POST', headers: { cookie, ...headers } });

    const missing = await signOut({});
    expect(missing.status).toBe(403);
    expect(await missing.json()).toEqual({ error: { code: 'CSRF_INVALID', message: WORKBENCH_ERROR_TEXT.CSRF_INVALID } });
    expect((await signOut({ 'x-csrf-token': other.body.csrf })).status).toBe(403);
    expect((await refusals('CSRF_INVALID')).map((e) => [e.actorId, (e.data as { reason: string }).reason])).toEqual([
      ['wangjianguo', 'csrf_missing'],
      ['wangjianguo', 'csrf_invalid'],
    ]);

    const out = await signOut({ 'x-csrf-token': body.csrf });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=;`) && c.includes('Max-Age=0'))).toBe(true);
    expect(await db().auditEvent.count({ where: { action: 'web.signout', actorId: 'wangjianguo' } })).toBe(1);
  });

  it('refuses an account not in the organisation with the chat’s words (403), and sets no cookie', async () => {
    const { res, body, cookie } = await signInDingTalk('dt-code-stranger');
    expect(res.status).toBe(403);
    expect(body).toEqual({ error: { code: 'ACCOUNT_UNKNOWN', message: UNKNOWN_ACCOUNT_TEXT } });
    expect(cookie).toBe('');
    const [refused] = await refusals('ACCOUNT_UNKNOWN');
    expect(refused).toMatchObject({ subject: 'account:dingtalk:0999999999999999', platform: 'dingtalk', account: '0999999999999999', data: { reason: 'unknown_account' } });
  });

  it('ends the session of a person who left the organisation (401), and refuses them a new one (403)', async () => {
    const { cookie } = await signInDingTalk('dt-code-feng');
    expect((await me(cookie)).status).toBe(200);
    // what reloading an organisation file without them does (load-org.ts): the person inactive, a new organisation stamp
    await db().person.update({ where: { id: 'fenglei' }, data: { active: false } });
    await db().orgStamp.update({ where: { id: 1 }, data: { stamp: 'fenglei-left' } });
    const gone = await me(cookie);
    expect(gone.status).toBe(401);
    expect(await gone.json()).toEqual({ error: { code: 'ACCOUNT_UNKNOWN', message: UNKNOWN_ACCOUNT_TEXT } });
    expect((await signInDingTalk('dt-code-feng')).res.status).toBe(403);
    expect((await refusals('ACCOUNT_UNKNOWN')).filter((e) => e.actorId === 'fenglei').map((e) => (e.data as { reason: string }).reason)).toEqual([
      'session_person_inactive',
      'inactive_account',
    ]);
  });

  it('refuses a code the platform refuses (401), a missing code (400), an unreachable platform (503) and a platform with no exchange (404)', async () => {
    const refused = await signInDingTalk('replayed-or-other-corp');
    expect(refused.res.status).toBe(401);
    expect(refused.body).toEqual({ error: { code: 'CODE_REFUSED', message: WORKBENCH_ERROR_TEXT.CODE_REFUSED } });
    expect(refused.cookie).toBe('');
    expect(await refusals('CODE_REFUSED')).toHaveLength(1);

    expect((await signInDingTalk('')).res.status).toBe(400);
    const notJson = await fetch(`${app.url}/app/auth/dingtalk`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code":' });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ error: { code: 'BAD_REQUEST', message: WORKBENCH_ERROR_TEXT.BAD_REQUEST } });

    unreachable = true;
    try {
      const down = await signInDingTalk();
      expect(down.res.status).toBe(503);
      expect(down.body).toEqual({ error: { code: 'IDENTITY_UNREACHABLE', message: WORKBENCH_ERROR_TEXT.IDENTITY_UNREACHABLE } });
    } finally {
      unreachable = false;
    }
    const slack = await fetch(`${app.url}/app/auth/slack`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'x' }) });
    expect(slack.status).toBe(404);
    expect(((await slack.json()) as { error: { code: string } }).error.code).toBe('PLATFORM_UNAVAILABLE');
    for (const code of ['CODE_MISSING', 'IDENTITY_UNREACHABLE', 'PLATFORM_UNAVAILABLE']) expect(await refusals(code)).toHaveLength(1);
  });
});
