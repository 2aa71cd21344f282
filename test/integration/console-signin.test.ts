// The console outside its development mode: with a platform that signs people in (here WeCom, through
// the fake and the real web OAuth path) and CONSOLE_PERSONAS left to its default, every call needs the
// workbench's session, acts only as the signed-in person, and a change carries the CSRF token. Each
// refusal is checked against what it must not have done, and the audited ones against the audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_ACCESS_TEXT } from '../../bot/replies/console-words.js';
import { SESSION_COOKIE, WorkbenchSessions } from '../../bot/web/web-session.js';
import type { Card } from '../../bot/card-model.js';
import { FakeWecom } from '../helpers/fake-wecom.js';
import { queuesIdle } from '../helpers/queues-idle.js';
import { startTestGuanjia, testConfig, waitFor, type TestGuanjia } from '../helpers/test-guanjia.js';
import { WECOM } from '../helpers/wecom-guanjia.js';

const SECRET = 'the-console-signin-secret-of-this-test-file';

let app: TestGuanjia;
let wecom: FakeWecom;
const db = () => app.database.db;

beforeAll(async () => {
  wecom = await new FakeWecom(WECOM).start();
  for (const user of ['WangJianGuo', 'LiJun', 'ChenZhiQiang', 'LiuXiaoYan', 'WuGang', 'ZhengJia']) wecom.users.add(user);
  const config = await testConfig({
    env: {
      // '' is the default rule: with WeCom able to sign people in, the picker is off
      CONSOLE_PERSONAS: '',
      WORKBENCH_SECRET: SECRET,
      WECOM_CORP_ID: WECOM.corpId,
      WECOM_AGENT_ID: String(WECOM.agentId),
      WECOM_SECRET: WECOM.secret,
      WECOM_TOKEN: WECOM.token,
      WECOM_ENCODING_AES_KEY: WECOM.encodingAesKey,
      WECOM_API_BASE: wecom.url,
    },
  });
  app = await startTestGuanjia({ reuse: config });
});
afterAll(async () => {
  await app?.cleanup();
  await wecom?.stop();
});

interface Signed {
  cookie: string;
  csrf: string;
}

/** the Cookie header a browser sends back for the response's Set-Cookie values (cleared ones dropped) */
const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .filter((c) => !c.endsWith('='));

/** Signs a WeCom member in the way the phone does: the workbench's entry, WeCom's redirect with a code, then /app/api/me. */
async function signIn(userId: string): Promise<Signed> {
  const start = await fetch(`${app.url}/app/auth/wecom/start`, { redirect: 'manual' });
  expect(start.status).toBe(302);
  const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
  const back = await fetch(`${app.url}/app/auth/wecom?${new URLSearchParams({ code: wecom.issueSignInCode(userId), state })}`, {
    redirect: 'manual',
    headers: { cookie: cookiesOf(start).join('; ') },
  });
  expect(back.status).toBe(303);
  const cookie = cookiesOf(back).find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
  const me = await fetch(`${app.url}/app/api/me`, { headers: { cookie } });
  expect(me.status).toBe(200);
  return { cookie, csrf: ((await me.json()) as { csrf: string }).csrf };
}

interface Answer {
  status: number;
  body: { error?: { code: string; message: string }; accepted?: boolean; personas?: boolean; messages?: Message[] };
}
interface Message {
  id: number;
  direction: 'in' | 'out';
  text?: string;
  card?: Card;
}

async function call(path: string, options: { who?: Signed; body?: unknown; csrf?: string | null; cookie?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  const cookie = options.cookie ?? options.who?.cookie;
  if (cookie) headers.cookie = cookie;
  const csrf = options.csrf === undefined ? options.who?.csrf : options.csrf;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.body !== undefined && csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(`${app.url}/console/api/${path}`, {
    method: options.body === undefined ? 'GET' : 'POST',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Answer['body']) : {} };
}

/** what the console keeps of a person's conversation, read past the API */
const stored = (personId: string) => app.deps.service.consoleMessages.list(personId, 500);
const refusals = (code: string) =>
  db().auditEvent.findMany({ where: { action: 'security.refused', subject: 'console', data: { path: ['code'], equals: code } }, orderBy: { seq: 'asc' } });

describe('no sign-in', () => {
  it('is answered 401 with the way to sign in, for reading and for acting, and nothing is stored or queued', async () => {
    for (const path of ['org', 'conversations/lijun', 'groups/supervision', 'events?as=lijun', 'dashboard?as=wangjianguo']) {
      const answer = await call(path);
      expect(answer.status, path).toBe(401);
      expect(answer.body.error).toEqual({ code: 'NOT_SIGNED_IN', message: CONSOLE_ACCESS_TEXT.NOT_SIGNED_IN });
    }
    const before = (await stored('lijun')).length;
    const sent = await call('messages', { body: { as: 'lijun', text: '/申请 办公费 100 没有登录' } });
    expect(sent.status).toBe(401);
    const tapped = await call('actions', { body: { as: 'lijun', messageId: 1, action: 'approve', requestId: 'r1' } });
    expect(tapped.status).toBe(401);
    const upload = await fetch(`${app.url}/console/api/upload?as=lijun&name=a.pdf`, { method: 'POST', body: 'x' });
    expect(upload.status).toBe(401);
    await queuesIdle(app);
    expect((await stored('lijun')).length).toBe(before);
    // a page asking before anyone signed in is not an attack
    expect(await refusals('NOT_SIGNED_IN')).toEqual([]);
  });

  it('the page itself still loads: it shows the sign-in prompt (test/browser/console-signin.test.ts)', async () => {
    const page = await fetch(`${app.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('id="signin"');
  });
});

describe('a forged or expired session', () => {
  it('a cookie whose signature is not ours is refused, cleared and audited', async () => {
    const forger = new WorkbenchSessions('someone-elses-secret-of-32-characters!', 30, () => new Date(), false);
    const forged = forger.token({
      id: 'x',
      personId: 'lijun',
      platform: 'wecom',
      account: 'LiJun',
      issuedAt: Math.floor(Date.now() / 1000),
      expires: Math.floor(Date.now() / 1000) + 600,
    });
    const res = await fetch(`${app.url}/console/api/conversations/lijun`, { headers: { cookie: `${SESSION_COOKIE}=${forged}` } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as Answer['body']).error).toEqual({ code: 'SESSION_INVALID', message: CONSOLE_ACCESS_TEXT.SESSION_INVALID });
    expect(res.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=;`))).toBe(true);
    const [audit] = await refusals('SESSION_INVALID');
    expect(audit).toMatchObject({ actorId: null, data: { reason: 'session_forged', method: 'GET', path: '/console/api/conversations/lijun' } });
  });

  it('a cookie of ours that lapsed is refused as expired and audited; nothing it asked for is done', async () => {
    const past = new Date(Date.now() - 3 * 3600_000);
    const old = new WorkbenchSessions(SECRET, 30, () => past, false).issue({ personId: 'wangjianguo', platform: 'wecom', account: 'WangJianGuo' });
    const cookie = old.cookie.split(';')[0]!;
    const before = (await stored('wangjianguo')).length;
    const sent = await call('messages', { cookie, csrf: new WorkbenchSessions(SECRET, 30, () => past, false).csrf(old.session), body: { text: '/帮助 过期' } });
    expect(sent.status).toBe(401);
    expect(sent.body.error).toEqual({ code: 'SESSION_EXPIRED', message: CONSOLE_ACCESS_TEXT.SESSION_EXPIRED });
    const [audit] = await refusals('SESSION_EXPIRED');
    expect(audit).toMatchObject({ data: { reason: 'session_expired', method: 'POST', path: '/console/api/messages' } });
    await queuesIdle(app);
    expect((await stored('wangjianguo')).length).toBe(before);
  });
});

describe('signed in through the workbench', () => {
  let zheng: Signed;
  let wu: Signed;
  beforeAll(async () => {
    zheng = await signIn('ZhengJia');
    wu = await signIn('WuGang');
  });

  it('the API says the picker is off; /org still lists people (for 转交)', async () => {
    const org = await call('org', { who: zheng });
    expect(org.status).toBe(200);
    expect(org.body.personas).toBe(false);
    expect((org.body as { people?: { id: string }[] }).people?.some((p) => p.id === 'lijun')).toBe(true);
  });

  it('reading or acting as someone else is refused (403) and audited, and nothing of theirs is read or done', async () => {
    const before = (await stored('lijun')).length;
    const read = await call('conversations/lijun', { who: zheng });
    expect(read.status).toBe(403);
    expect(read.body.error).toEqual({ code: 'NOT_YOURSELF', message: CONSOLE_ACCESS_TEXT.NOT_YOURSELF });
    expect(read.body.messages).toBeUndefined();
    expect((await call('events?as=lijun', { who: zheng })).status).toBe(403);
    expect((await call('dashboard?as=wangjianguo', { who: zheng })).status).toBe(403);
    const sent = await call('messages', { who: zheng, body: { as: 'lijun', text: '/申请 办公费 100 冒名' } });
    expect(sent.status).toBe(403);
    expect(sent.body.error?.code).toBe('NOT_YOURSELF');
    const upload = await fetch(`${app.url}/console/api/upload?as=lijun&name=a.pdf`, {
      method: 'POST',
      headers: { cookie: zheng.cookie, 'x-csrf-token': zheng.csrf, 'content-type': 'application/pdf' },
      body: '%PDF-1.4',
    });
    expect(upload.status).toBe(403);
    await queuesIdle(app);
    expect((await stored('lijun')).length).toBe(before);

    const audits = await refusals('NOT_YOURSELF');
    expect(audits.map((a) => [a.actorId, a.platform, a.account, (a.data as { as: string }).as, (a.data as { path: string }).path])).toEqual([
      ['zhengjia', 'wecom', 'ZhengJia', 'lijun', '/console/api/conversations/lijun'],
      ['zhengjia', 'wecom', 'ZhengJia', 'lijun', '/console/api/events'],
      ['zhengjia', 'wecom', 'ZhengJia', 'wangjianguo', '/console/api/dashboard'],
      ['zhengjia', 'wecom', 'ZhengJia', 'lijun', '/console/api/messages'],
      ['zhengjia', 'wecom', 'ZhengJia', 'lijun', '/console/api/upload'],
    ]);
  });

  it('a change without the CSRF token, or with another session’s, is refused (403), audited and not done', async () => {
    const before = (await stored('zhengjia')).length;
    const missing = await call('messages', { who: zheng, csrf: null, body: { text: '/帮助 没有令牌' } });
    expect(missing.status).toBe(403);
    expect(missing.body.error).toEqual({ code: 'CSRF_INVALID', message: CONSOLE_ACCESS_TEXT.CSRF_INVALID });
    const foreign = await call('messages', { who: zheng, csrf: wu.csrf, body: { text: '/帮助 别人的令牌' } });
    expect(foreign.status).toBe(403);
    await queuesIdle(app);
    expect((await stored('zhengjia')).length).toBe(before);
    expect((await refusals('CSRF_INVALID')).map((a) => [a.actorId, (a.data as { reason: string }).reason])).toEqual([
      ['zhengjia', 'csrf_missing'],
      ['zhengjia', 'csrf_invalid'],
    ]);
  });

  it('the person sends a message and taps their own card’s buttons; someone else’s card is not theirs to tap', async () => {
    const mine = async (who: Signed) => (await call('conversations/' + (who === zheng ? 'zhengjia' : 'wugang'), { who })).body.messages ?? [];
    const last = (await mine(zheng)).at(-1)?.id ?? 0;
    // `as` may be left out: it is the signed-in person's
    const sent = await call('messages', { who: zheng, body: { text: '/申请 办公费 1200 购买打印纸' } });
    expect(sent.status).toBe(202);
    const draft = await waitFor(async () => (await mine(zheng)).find((m) => m.id > last && m.card?.buttons.some((b) => b.action === 'submit')), 'the draft card');
    const requestId = draft.card!.requestId;
    const submit = await call('actions', { who: zheng, body: { as: 'zhengjia', messageId: draft.id, action: 'submit', requestId } });
    expect(submit.status).toBe(202);

    // 吴刚 (财政所所长) gets the card; 郑佳 cannot tap it, neither as herself nor as him
    const card = await waitFor(
      async () => (await mine(wu)).find((m) => m.card?.requestId === requestId && m.card.buttons.some((b) => b.action === 'approve')),
      'the approver’s card',
    );
    const stepId = card.card!.buttons.find((b) => b.action === 'approve')!.stepId;
    const asHerself = await call('actions', { who: zheng, body: { messageId: card.id, action: 'approve', requestId, stepId } });
    expect(asHerself.status).toBe(404);
    expect(asHerself.body.error?.code).toBe('CARD_NOT_FOUND');
    const asHim = await call('actions', { who: zheng, body: { as: 'wugang', messageId: card.id, action: 'approve', requestId, stepId } });
    expect(asHim.status).toBe(403);
    expect(asHim.body.error?.code).toBe('NOT_YOURSELF');
    await queuesIdle(app);
    expect((await db().step.findFirstOrThrow({ where: { requestId, id: stepId } })).state).toBe('active');

    // 吴刚, signed in himself, approves
    const approved = await call('actions', { who: wu, body: { messageId: card.id, action: 'approve', requestId, stepId } });
    expect(approved.status).toBe(202);
    await waitFor(async () => (await db().step.findFirstOrThrow({ where: { requestId, id: stepId } })).state !== 'active', 'the step decided');
    // through the same inbound path as any tap: the decision is his, on the console, with his account
    const decision = await db().auditEvent.findFirst({ where: { action: 'decision.approve', subject: `request:${requestId}` } });
    expect(decision).toMatchObject({ actorId: 'wugang', platform: 'console', account: 'wugang' });
  });
});
