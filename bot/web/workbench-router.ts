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
import { WORKBENCH_ERROR_TEXT, type WorkbenchErrorCode } from '../replies/workbench-words.js';
import type { IdentityExchange } from './identity-exchange.js';
import { CSRF_HEADER, type Session, type WorkbenchSessions } from './web-session.js';

export interface WorkbenchDeps {
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
    const me = await meOf(service, session);
    if (!me) {
      res.append('Set-Cookie', sessions.clearCookie());
      return refuse(req, res, { status: 403, code: 'ACCOUNT_UNKNOWN', reason: 'not_in_directory', personId: session.personId });
    }
    res.json({ ...me, csrf: sessions.csrf(session) });
  });

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
    res.redirect(302, exchange.authorizeUrl(`${publicUrl()}/app/auth/wecom`, state));
  });

  /** WeCom web OAuth (snsapi_base) comes back here with ?code=&state= */
  router.get('/app/auth/wecom', async (req, res) => {
    res.append('Set-Cookie', sessions.clearStateCookie());
    const state = typeof req.query.state === 'string' ? req.query.state : undefined;
    if (!sessions.isStateValid(req.headers.cookie, state)) return refuse(req, res, { status: 403, code: 'STATE_INVALID', reason: 'oauth_state', platform: 'wecom' });
    const session = await signIn(req, res, 'wecom', req.query.code);
    if (session) res.redirect(303, WORKBENCH_HOME);
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
    next();
  });

  router.get('/app/api/me', async (req, res) => {
    const session = sessionOf(res);
    const me = await meOf(service, session);
    if (!me) {
      res.append('Set-Cookie', sessions.clearCookie());
      return refuse(req, res, { status: 401, code: 'ACCOUNT_UNKNOWN', reason: 'not_in_directory', personId: session.personId });
    }
    res.json({ ...me, csrf: sessions.csrf(session) });
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

function sessionOf(res: express.Response): Session {
  return res.locals.session as Session;
}

function sendError(res: express.Response, status: number, code: WorkbenchErrorCode): void {
  res.status(status).json({ error: { code, message: WORKBENCH_ERROR_TEXT[code] } });
}

/** the signed-in person as the page shows them; undefined when they are no longer in the organisation */
async function meOf(service: WorkflowService, session: Session) {
  const person = (await service.directory()).find((p) => p.id === session.personId);
  if (!person) return undefined;
  return { person: { id: person.id, name: person.name, department: person.department, roles: person.roles } };
}
