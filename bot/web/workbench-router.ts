// Signing in to the workbench (工作台), under /app. The page trades a platform's one-time code for a
// session: DingTalk's JSAPI auth code comes as POST /app/auth/dingtalk { code }; WeCom's web OAuth
// redirects the browser to GET /app/auth/wecom?code=&state= (the state was handed out by
// GET /app/auth/wecom/state with a signed cookie, so a link someone else started cannot sign this
// browser in as them). The account maps to a person as a chat message's does. Everything under
// /app/api needs the session (and on a change, its CSRF token); every sign-in and every refusal is
// audited. Errors are JSON { error: { code, message } } in Chinese, never a stack.
import express from 'express';
import type { Platform } from '../../workflows/domain/org-file.js';
import type { WorkflowService } from '../../workflows/service/workflow-service.js';
import type { Logger } from '../deps.js';
import { WORKBENCH_ERROR_TEXT, WORKBENCH_PAGE_WORDS, type WorkbenchErrorCode } from '../replies/workbench-words.js';
import type { IdentityExchange } from './identity-exchange.js';
import { cookieValue, CSRF_HEADER, type Session, type WorkbenchSessions } from './web-session.js';
import { meView, workbenchApi, type WorkbenchApiDeps } from './workbench-api-router.js';

export interface WorkbenchDeps extends WorkbenchApiDeps {
  service: WorkflowService;
  sessions: WorkbenchSessions;
  /** the platforms that can sign a person in, by platform (each adapter's runtime.identity) */
  identities: ReadonlyMap<Platform, IdentityExchange>;
  /** where phones reach this server (PUBLIC_URL, else the address it listens on), without a trailing slash */
  publicUrl: () => string;
  log: Logger;
}

/** where the browser goes once the WeCom redirect signed it in */
export const WORKBENCH_HOME = '/app/';
/** the page to land on after the WeCom sign-in (the hash route without '#/'), kept in a cookie for the round trip */
const AFTER_COOKIE = 'gj_after';
const AFTER_SIGN_IN = /^(new|search|r\/\d{1,9})$/;
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** platform codes are short; anything longer is not one */
const MAX_CODE_LENGTH = 512;

interface Refusal {
  status: number;
  code: WorkbenchErrorCode;
  /** why, for the audit trail */
  reason: string;
  /** the audit subject; default the workbench */
  subject?: string;
  platform?: Platform;
  account?: string;
  personId?: string;
}

export function workbenchRouter(deps: WorkbenchDeps): express.Router {
  const { service, sessions, identities, publicUrl, log } = deps;
  const router = express.Router();

  router.use('/app', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  router.use('/app', express.json({ limit: '16kb' }));

  const refuse = async (req: express.Request, res: express.Response, refusal: Refusal) => {
    await service.audit
      .record({
        action: 'security.refused',
        subject: refusal.subject ?? 'workbench',
        actorId: refusal.personId ?? null,
        platform: refusal.platform ?? null,
        account: refusal.account ?? null,
        data: { code: refusal.code, reason: refusal.reason, method: req.method, path: req.path },
      })
      .catch((err: unknown) => log.warn('workbench refusal could not be audited', { err }));
    if (res.locals.asPage) return void res.status(refusal.status).type('html').send(refusalPage(WORKBENCH_ERROR_TEXT[refusal.code]));
    sendError(res, refusal.status, refusal.code);
  };

  /** trades a code and starts the session; the person on success, after answering the refusal otherwise */
  const signIn = async (req: express.Request, res: express.Response, platformName: string, code: unknown): Promise<Session | undefined> => {
    const exchange = identities.get(platformName as Platform);
    if (!exchange) {
      await refuse(req, res, { status: 404, code: 'PLATFORM_UNAVAILABLE', reason: 'no_identity_exchange', subject: `platform:${platformName.slice(0, 40)}` });
      return undefined;
    }
    const { platform } = exchange;
    if (typeof code !== 'string' || code.trim() === '' || code.length > MAX_CODE_LENGTH) {
      await refuse(req, res, { status: 400, code: 'CODE_MISSING', reason: 'code_missing', platform });
      return undefined;
    }
    let traded: string | null;
    try {
      traded = await exchange.exchange(code.trim());
    } catch (err) {
      log.warn('identity exchange failed', { platform, err });
      await refuse(req, res, { status: 503, code: 'IDENTITY_UNREACHABLE', reason: 'platform_unreachable', platform });
      return undefined;
    }
    if (!traded) {
      await refuse(req, res, { status: 401, code: 'CODE_REFUSED', reason: 'code_refused', platform });
      return undefined;
    }
    const account = await service.accounts.canonical(platform, traded);
    const found = await service.accounts.find(platform, account);
    if (!found || !found.active) {
      await refuse(req, res, {
        status: 403,
        code: 'ACCOUNT_UNKNOWN',
        reason: found ? 'inactive_account' : 'unknown_account',
        subject: `account:${platform}:${account}`,
        platform,
        account,
        personId: found?.personId,
      });
      return undefined;
    }
    const { session, cookie } = sessions.issue({ personId: found.personId, platform, account });
    res.append('Set-Cookie', cookie);
    await service.audit.record({
      action: 'web.signin',
      subject: `account:${platform}:${account}`,
      actorId: found.personId,
      platform,
      account,
      data: { expires: new Date(session.expires * 1000).toISOString() },
    });
    return session;
  };

  /** DingTalk 免登 (and any platform whose page gets a code from a JSAPI): { code } → session */
  router.post('/app/auth/:platform', async (req, res) => {
    const body: unknown = req.body;
    const code = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).code : undefined;
    const session = await signIn(req, res, req.params.platform, code);
    if (!session) return;
    const me = await meView(service, session, sessions.csrf(session));
    if (!me) {
      res.append('Set-Cookie', sessions.clearCookie());
      return refuse(req, res, { status: 403, code: 'ACCOUNT_UNKNOWN', reason: 'not_in_directory', personId: session.personId });
    }
    res.json(me);
  });

  /** what the DingTalk page needs for 免登 (dd.runtime.permission.requestAuthCode): the organisation's corpId */
  router.get('/app/auth/dingtalk/config', async (req, res) => {
    const exchange = identities.get('dingtalk');
    if (!exchange?.corpId) return refuse(req, res, { status: 404, code: 'PLATFORM_UNAVAILABLE', reason: 'no_identity_exchange', platform: 'dingtalk' });
    res.json({ corpId: exchange.corpId });
  });

  // A card's 「在工作台打开」 and the 新建申请 link: /app/r/<no> and /app/new, with ?via=<platform>.
  // Signed in already: straight to the page. From WeCom: through its OAuth, coming back to the page.
  // From DingTalk (or anywhere else): the page, which signs in by the JSAPI where it can.
  const deepLink = (req: express.Request, res: express.Response, route: string) => {
    const via = req.query.via === 'wecom' || req.query.via === 'dingtalk' ? req.query.via : undefined;
    if (sessions.read(req.headers.cookie).ok) return res.redirect(302, `${WORKBENCH_HOME}#/${route}`);
    if (via === 'wecom' && identities.get('wecom')?.authorizeUrl) return res.redirect(302, `/app/auth/wecom/start?to=${encodeURIComponent(route)}`);
    res.redirect(302, `${WORKBENCH_HOME}${via ? `?via=${via}` : ''}#/${route}`);
  };
  router.get('/app/r/:no', (req, res) => {
    if (!/^\d{1,9}$/.test(req.params.no)) return res.redirect(302, WORKBENCH_HOME);
    deepLink(req, res, `r/${req.params.no}`);
  });
  router.get('/app/new', (req, res) => deepLink(req, res, 'new'));

  /** the OAuth state the page puts in the WeCom authorize link, bound to this browser by a cookie */
  router.get('/app/auth/wecom/state', (_req, res) => {
    const { state, cookie } = sessions.issueState();
    res.append('Set-Cookie', cookie);
    res.json({ state });
  });

  /** the workbench's entry from WeCom (the app's 应用主页): off to WeCom's OAuth page with a fresh state bound to this browser */
  router.get('/app/auth/wecom/start', async (req, res) => {
    const exchange = identities.get('wecom');
    if (!exchange?.authorizeUrl) return refuse(req, res, { status: 404, code: 'PLATFORM_UNAVAILABLE', reason: 'no_identity_exchange', platform: 'wecom' });
    const { state, cookie } = sessions.issueState();
    res.append('Set-Cookie', cookie);
    // where to land once signed in: a page of the workbench (r/12, new), nothing else
    const to = typeof req.query.to === 'string' && AFTER_SIGN_IN.test(req.query.to) ? req.query.to : '';
    res.append('Set-Cookie', `${AFTER_COOKIE}=${encodeURIComponent(to)}; Path=/app/auth/wecom; Max-Age=600; HttpOnly; SameSite=Lax`);
    res.redirect(302, exchange.authorizeUrl(`${publicUrl()}/app/auth/wecom`, state));
  });

  /** WeCom web OAuth (snsapi_base) comes back here with ?code=&state=; a browser, so a refusal is a page */
  router.get('/app/auth/wecom', async (req, res) => {
    res.append('Set-Cookie', sessions.clearStateCookie());
    res.append('Set-Cookie', `${AFTER_COOKIE}=; Path=/app/auth/wecom; Max-Age=0; HttpOnly; SameSite=Lax`);
    res.locals.asPage = true;
    const state = typeof req.query.state === 'string' ? req.query.state : undefined;
    if (!sessions.isStateValid(req.headers.cookie, state)) return refuse(req, res, { status: 403, code: 'STATE_INVALID', reason: 'oauth_state', platform: 'wecom' });
    const session = await signIn(req, res, 'wecom', req.query.code);
    if (!session) return;
    const to = decodeURIComponent(cookieValue(req.headers.cookie, AFTER_COOKIE) ?? '');
    res.redirect(303, AFTER_SIGN_IN.test(to) ? `${WORKBENCH_HOME}#/${to}` : WORKBENCH_HOME);
  });

  // everything below needs a live session, and a change its CSRF token
  router.use('/app/api', async (req, res, next) => {
    const check = sessions.read(req.headers.cookie);
    if (!check.ok) {
      if (check.reason !== 'missing') res.append('Set-Cookie', sessions.clearCookie());
      const code: WorkbenchErrorCode = check.reason === 'missing' ? 'NOT_SIGNED_IN' : check.reason === 'expired' ? 'SESSION_EXPIRED' : 'SESSION_INVALID';
      // a page asking whether anyone is signed in is not an attack: only a bad or stale cookie is audited
      if (check.reason === 'missing') return sendError(res, 401, code);
      return refuse(req, res, { status: 401, code, reason: `session_${check.reason}` });
    }
    const { session } = check;
    const who = { platform: session.platform, account: session.account, personId: session.personId };
    const account = await service.accounts.find(session.platform, session.account);
    if (!account || !account.active || account.personId !== session.personId) {
      res.append('Set-Cookie', sessions.clearCookie());
      return refuse(req, res, { status: 401, code: 'ACCOUNT_UNKNOWN', reason: 'session_person_inactive', ...who });
    }
    if (STATE_CHANGING.has(req.method) && !sessions.isCsrfValid(session, req.get(CSRF_HEADER))) {
      return refuse(req, res, { status: 403, code: 'CSRF_INVALID', reason: req.get(CSRF_HEADER) ? 'csrf_invalid' : 'csrf_missing', ...who });
    }
    res.locals.session = session;
    res.locals.csrf = sessions.csrf(session);
    next();
  });

  router.post('/app/api/signout', async (_req, res) => {
    const session = sessionOf(res);
    res.append('Set-Cookie', sessions.clearCookie());
    await service.audit.record({
      action: 'web.signout',
      subject: `account:${session.platform}:${session.account}`,
      actorId: session.personId,
      platform: session.platform,
      account: session.account,
    });
    res.json({ ok: true });
  });

  router.use('/app/api', workbenchApi(deps));

  // a body that is not JSON, too large, or anything unexpected: a JSON error, never a stack
  router.use('/app', (err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(err);
    const status = typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number' ? err.status : 500;
    if (status >= 400 && status < 500) return sendError(res, status, 'BAD_REQUEST');
    log.error('workbench request failed', { err });
    sendError(res, 500, 'INTERNAL');
  });
  return router;
}

/** a refusal met by a browser that was sent here (the WeCom OAuth redirect): a page in Chinese, not JSON */
function refusalPage(message: string): string {
  const escaped = message.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
  return (
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${WORKBENCH_PAGE_WORDS.signInFailed}</title></head><body style="font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em;line-height:1.7;color:#1f2329">` +
    `<main><h1 style="font-size:1.3em">${WORKBENCH_PAGE_WORDS.signInFailed}</h1><p>${escaped}</p></main></body></html>`
  );
}

function sessionOf(res: express.Response): Session {
  return res.locals.session as Session;
}

function sendError(res: express.Response, status: number, code: WorkbenchErrorCode): void {
  res.status(status).json({ error: { code, message: WORKBENCH_ERROR_TEXT[code] } });
}
