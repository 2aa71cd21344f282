// 免登, the platform half: the workbench's one-time sign-in code traded for the account, through each
// adapter's own API client over real sockets against the local fakes — WeCom's web OAuth code
// (auth/getuserinfo) and DingTalk's JSAPI auth code (topapi/v2/user/getuserinfo). A fresh code names
// the person; a replayed, lapsed or foreign code, or a WeChat user outside the company, names no one;
// a token that lapsed is refreshed on the way; a platform that answers 5xx is an error (the caller's 503).
// The fake WeCom serves its OAuth page as WeCom does (a code for the member using WeCom; an error page
// for another corp or app). Last, both starters offer their exchange on the running app, and a browser
// in WeCom follows the whole redirect chain to a workbench session.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, PLATFORMS } from '../../adapters/index.js';
import { AccessTokens } from '../../adapters/dingtalk/access-token.js';
import { DingTalkApi } from '../../adapters/dingtalk/dingtalk-api.js';
import { DingTalkIdentity } from '../../adapters/dingtalk/dingtalk-identity.js';
import { dingTalkSettings, type DingTalkSettings } from '../../adapters/dingtalk/dingtalk-settings.js';
import type { RetryPolicy } from '../../adapters/dingtalk/openapi-request.js';
import { WecomApi } from '../../adapters/wecom/wecom-api.js';
import { WecomIdentity } from '../../adapters/wecom/wecom-identity.js';
import type { PlatformModule, PlatformRuntime } from '../../bot/platforms.js';
import { createRedis } from '../../bot/queue/redis.js';
import { SIGN_IN_CODE_MS as DINGTALK_CODE_MS } from '../helpers/fake-dingtalk-api.js';
import { FakeDingTalk } from '../helpers/fake-dingtalk.js';
import { FakeWecom, SIGN_IN_CODE_MS as WECOM_CODE_MS } from '../helpers/fake-wecom.js';
import { SESSION_COOKIE } from '../../bot/web/web-session.js';
import { startTestGuanjia, waitFor, type TestGuanjia } from '../helpers/test-guanjia.js';
import { testRedis, type TestRedis } from '../helpers/test-redis.js';
import { startWecomTestbed, WECOM, type WecomTestbed } from '../helpers/wecom-guanjia.js';

const RETRY: RetryPolicy = { attempts: 3, timeoutMs: 2_000, backoffMs: 20, maxBackoffMs: 100 };
const prefix = `t${randomBytes(5).toString('hex')}`;

let server: TestRedis;
let redis: Redis;
let wecom: FakeWecom;
let dingtalk: FakeDingTalk;
let wecomApi: WecomApi;
let wecomIdentity: WecomIdentity;
let dingtalkIdentity: DingTalkIdentity;
let settings: DingTalkSettings;

beforeAll(async () => {
  server = await testRedis();
  redis = createRedis(server.url, () => {});
  wecom = await new FakeWecom(WECOM).start();
  wecom.users.add('FengLei');
  wecomApi = new WecomApi({ ...WECOM, apiBase: wecom.url }, redis, prefix);
  wecomIdentity = new WecomIdentity(wecomApi, WECOM);
  dingtalk = await FakeDingTalk.start();
  settings = dingTalkSettings(loadConfig({ ...dingtalk.env(), QUEUE_PREFIX: prefix }))!;
  const tokens = new AccessTokens({ redis, settings, fetch, retry: RETRY });
  dingtalkIdentity = new DingTalkIdentity(new DingTalkApi({ apiBase: settings.apiBase, tokens, fetch, retry: RETRY }), settings.oapiBase);
});

afterAll(async () => {
  const keys = await redis?.keys(`${prefix}:*`);
  if (keys?.length) await redis.del(...keys);
  redis?.disconnect();
  await server?.stop();
  await wecom?.stop();
  await dingtalk?.close();
});

describe('WeCom web OAuth (snsapi_base → auth/getuserinfo)', () => {
  it('sends the browser to WeCom’s authorize page for this corp and app, silently (snsapi_base), back to the workbench', () => {
    const url = new URL(wecomIdentity.authorizeUrl('https://guanjia.example/app/auth/wecom', 'st-1'));
    expect(`${url.origin}${url.pathname}`).toBe('https://open.weixin.qq.com/connect/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      appid: WECOM.corpId,
      redirect_uri: 'https://guanjia.example/app/auth/wecom',
      response_type: 'code',
      scope: 'snsapi_base',
      state: 'st-1',
      agentid: String(WECOM.agentId),
    });
    expect(url.hash).toBe('#wechat_redirect');
  });

  it('names the member behind a fresh code, and no one when the same code comes again', async () => {
    const code = wecom.issueSignInCode('FengLei');
    expect(await wecomIdentity.exchange(code)).toBe('FengLei');
    expect(await wecomIdentity.exchange(code)).toBeNull();
    const calls = wecom.callsTo('/cgi-bin/auth/getuserinfo');
    // the real request shape: GET with the app's token and the code in the query
    expect(calls.at(-1)!.body).toBeNull();
    expect(calls.at(-1)!.query).toMatchObject({ code, access_token: expect.stringMatching(/^at-/) as unknown });
    expect(calls.at(-1)!.answer.json?.errcode).toBe(40029);
  });

  it('refuses a code issued for another corp, a lapsed one, an unknown one, and one for a WeChat user outside the company', async () => {
    expect(await wecomIdentity.exchange(wecom.issueSignInCode('FengLei', { corp: 'wwOtherCorp0000001' }))).toBeNull();
    const lapsed = wecom.issueSignInCode('FengLei');
    const now = Date.now();
    wecom.now = () => now + WECOM_CODE_MS + 1_000;
    try {
      expect(await wecomIdentity.exchange(lapsed)).toBeNull();
    } finally {
      wecom.now = () => Date.now();
    }
    expect(await wecomIdentity.exchange('never-issued')).toBeNull();
    expect(await wecomIdentity.exchange('')).toBeNull();
    const outsider = wecom.issueSignInCode('someone-outside');
    expect(await wecomIdentity.exchange(outsider)).toBeNull();
    expect(wecom.callsTo('/cgi-bin/auth/getuserinfo').at(-1)!.answer.json).toMatchObject({ errcode: 0, openid: expect.any(String) as unknown });
  });

  it('refreshes a token that lapsed and still names the member', async () => {
    expect(await wecomIdentity.exchange(wecom.issueSignInCode('FengLei'))).toBe('FengLei');
    const tokens = wecom.tokenRequests();
    wecom.expireTokens();
    expect(await wecomIdentity.exchange(wecom.issueSignInCode('FengLei'))).toBe('FengLei');
    expect(wecom.tokenRequests()).toBe(tokens + 1);
    expect(wecom.callsTo('/cgi-bin/auth/getuserinfo').at(-2)!.answer.json?.errcode).toBe(42001);
  });

  it('throws when WeCom answers 5xx, and the code is still good afterwards', async () => {
    const code = wecom.issueSignInCode('FengLei');
    // the client tries a failed call once more: both fail
    wecom.failNext(2, 'http500', ['/cgi-bin/auth/getuserinfo']);
    await expect(wecomIdentity.exchange(code)).rejects.toThrow(/HTTP 500/);
    expect(wecom.pendingFailures()).toBe(0);
    expect(await wecomIdentity.exchange(code)).toBe('FengLei');
  });
});

describe('WeCom’s OAuth page (connect/oauth2/authorize), as the fake serves it', () => {
  const REDIRECT = 'https://guanjia.example/app/auth/wecom';

  it('sends a browser in WeCom back with a code for the member using it and the state; outside WeCom, an error page', async () => {
    const identity = new WecomIdentity(wecomApi, WECOM, `${wecom.url}/`);
    const authorize = identity.authorizeUrl(REDIRECT, 'st-2');
    expect(authorize.startsWith(`${wecom.url}/connect/oauth2/authorize?`)).toBe(true);
    wecom.useAs(null);
    expect((await fetch(authorize, { redirect: 'manual' })).status).toBe(400);
    wecom.useAs('FengLei');
    const res = await fetch(authorize, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const back = new URL(res.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('st-2');
    expect(await identity.exchange(back.searchParams.get('code')!)).toBe('FengLei');
  });

  it('refuses another corp’s appid and another app’s agentid with an error page, issuing no code', async () => {
    wecom.useAs('FengLei');
    const codes = wecom.signInCodes.size;
    const wrong = [
      new WecomIdentity(wecomApi, { corpId: 'wwOtherCorp0000001', agentId: WECOM.agentId }, wecom.url),
      new WecomIdentity(wecomApi, { corpId: WECOM.corpId, agentId: WECOM.agentId + 1 }, wecom.url),
    ];
    for (const identity of wrong) {
      const res = await fetch(identity.authorizeUrl(REDIRECT, 'st-3'), { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toMatch(/appid|agentid/);
    }
    expect(wecom.signInCodes.size).toBe(codes);
  });
});

describe('DingTalk micro-app 免登 (requestAuthCode → topapi/v2/user/getuserinfo)', () => {
  const USER = '0920000011';
  const calls = () => dingtalk.api.calls.filter((c) => c.path === '/topapi/v2/user/getuserinfo');

  it('names the person behind a fresh code, and no one when the same code comes again', async () => {
    const code = dingtalk.issueSignInCode(USER);
    expect(await dingtalkIdentity.exchange(code)).toBe(USER);
    expect(await dingtalkIdentity.exchange(code)).toBeNull();
    expect(calls().map((c) => c.status)).toEqual([200, 200]);
  });

  it('refuses a code from another corp, a lapsed one and an unknown one', async () => {
    expect(await dingtalkIdentity.exchange(dingtalk.issueSignInCode(USER, { corp: 'dingothercorp' }))).toBeNull();
    const lapsed = dingtalk.issueSignInCode(USER);
    const now = Date.now();
    dingtalk.api.now = () => now + DINGTALK_CODE_MS + 1_000;
    try {
      expect(await dingtalkIdentity.exchange(lapsed)).toBeNull();
    } finally {
      dingtalk.api.now = () => Date.now();
    }
    expect(await dingtalkIdentity.exchange('0123456789abcdef0123456789abcdef')).toBeNull();
    expect(await dingtalkIdentity.exchange('a b')).toBeNull();
  });

  it('refreshes a token DingTalk revoked and still names the person', async () => {
    expect(await dingtalkIdentity.exchange(dingtalk.issueSignInCode(USER))).toBe(USER);
    const tokens = dingtalk.api.tokenRequests;
    dingtalk.api.revokeTokens();
    expect(await dingtalkIdentity.exchange(dingtalk.issueSignInCode(USER))).toBe(USER);
    expect(dingtalk.api.tokenRequests).toBe(tokens + 1);
  });

  it('throws when DingTalk answers 5xx, and the code is still good afterwards', async () => {
    const code = dingtalk.issueSignInCode(USER);
    const before = calls().length;
    // one try and one more at most: a person is waiting
    dingtalk.api.fail(2, 503);
    await expect(dingtalkIdentity.exchange(code)).rejects.toThrow(/503/);
    expect(
      calls()
        .slice(before)
        .map((c) => c.status),
    ).toEqual([503, 503]);
    expect(await dingtalkIdentity.exchange(code)).toBe(USER);
  });
});

describe('the running app', () => {
  let app: TestGuanjia | undefined;
  afterAll(() => app?.cleanup());

  it('has each platform starter offer its exchange, through the clients the app runs', async () => {
    const runtimes = new Map<string, PlatformRuntime>();
    const platforms = PLATFORMS.map((module): PlatformModule => ({
      ...(module as PlatformModule),
      start: async (env) => {
        const runtime = await (module as PlatformModule).start(env);
        if (runtime?.identity) runtimes.set(runtime.identity.platform, runtime);
        return runtime;
      },
    }));
    app = await startTestGuanjia({
      platforms,
      env: {
        ...dingtalk.env(),
        WECOM_CORP_ID: WECOM.corpId,
        WECOM_AGENT_ID: String(WECOM.agentId),
        WECOM_SECRET: WECOM.secret,
        WECOM_TOKEN: WECOM.token,
        WECOM_ENCODING_AES_KEY: WECOM.encodingAesKey,
        WECOM_API_BASE: wecom.url,
      },
    });
    await waitFor(() => runtimes.size === 2, 'both platforms started');
    expect(await runtimes.get('wecom')!.identity!.exchange(wecom.issueSignInCode('FengLei'))).toBe('FengLei');
    expect(await runtimes.get('dingtalk')!.identity!.exchange(dingtalk.issueSignInCode('0920000011'))).toBe('0920000011');
  });
});

describe('signing in from WeCom, the whole redirect chain as a browser in WeCom follows it', () => {
  let bed: WecomTestbed;
  beforeAll(async () => {
    bed = await startWecomTestbed();
    bed.wecom.useAs(bed.userOf('fenglei'));
  });
  afterAll(() => bed?.stop());

  /** a browser's cookies for the app, as its Set-Cookie headers left them */
  const jar = new Map<string, string>();
  /** one step of the chain, not followed: cookies go to the app only (the fake sets none) */
  async function step(url: string): Promise<Response> {
    const toApp = url.startsWith(bed.app.url);
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, { redirect: 'manual', headers: toApp && cookie ? { cookie } : {} });
    if (toApp) {
      for (const set of res.headers.getSetCookie()) {
        const [pair = '', ...attributes] = set.split(';');
        const name = pair.slice(0, pair.indexOf('='));
        const value = pair.slice(pair.indexOf('=') + 1);
        if (!value || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a))) jar.delete(name);
        else jar.set(name, value);
      }
    }
    return res;
  }
  const location = (res: Response) => new URL(res.headers.get('location')!, bed.app.url).toString();
  const refusals = (reason: string) => bed.app.database.db.auditEvent.count({ where: { action: 'security.refused', data: { path: ['reason'], equals: reason } } });

  it('goes /app/auth/wecom/start → WeCom’s authorize page → /app/auth/wecom?code&state → 303 /app/ signed in; the same code again is refused', async () => {
    jar.clear();
    const start = await step(`${bed.app.url}/app/auth/wecom/start`);
    expect(start.status).toBe(302);
    const authorize = location(start);
    expect(authorize.startsWith(`${bed.wecom.url}/connect/oauth2/authorize?`)).toBe(true);

    const atWecom = await step(authorize);
    expect(atWecom.status).toBe(302);
    const callback = location(atWecom);
    expect(callback.startsWith(`${bed.app.deps.fileLinks.base}/app/auth/wecom?`)).toBe(true);
    const code = new URL(callback).searchParams.get('code')!;

    const back = await step(callback);
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe('/app/');
    expect(jar.get(SESSION_COOKIE)).toBeTruthy();
    const me = await step(`${bed.app.url}/app/api/me`);
    expect(me.status).toBe(200);
    expect(((await me.json()) as { person: { id: string } }).person.id).toBe('fenglei');
    const signIns = await bed.app.database.db.auditEvent.findMany({ where: { action: 'web.signin', platform: 'wecom' } });
    expect(signIns.map((e) => e.actorId)).toEqual(['fenglei']);

    // the same callback again (a reload): its state was spent with the first
    jar.delete(SESSION_COOKIE);
    const stale = await refusals('oauth_state');
    expect((await step(callback)).status).toBeGreaterThanOrEqual(400);
    expect(await refusals('oauth_state')).toBe(stale + 1);
    // the same code under a fresh state: WeCom refuses it, and no session is made
    const fresh = new URL(location(await step(`${bed.app.url}/app/auth/wecom/start`))).searchParams.get('state')!;
    const replayed = await refusals('code_refused');
    const again = await step(`${bed.app.url}/app/auth/wecom?${new URLSearchParams({ code, state: fresh })}`);
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(jar.has(SESSION_COOKIE)).toBe(false);
    expect(await refusals('code_refused')).toBe(replayed + 1);
    expect(await bed.app.database.db.auditEvent.count({ where: { action: 'web.signin', platform: 'wecom' } })).toBe(1);
  });

  it('brings a card’s link (/app/r/<no>?via=wecom) back to that request’s page once signed in', async () => {
    jar.clear();
    let res = await step(`${bed.app.url}/app/r/12?via=wecom`);
    for (let hops = 0; res.status === 302 && hops < 5; hops++) res = await step(location(res));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app/#/r/12');
    expect(jar.get(SESSION_COOKIE)).toBeTruthy();
  });
});
