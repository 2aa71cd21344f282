// Who the console acts for. In the development mode (console-personas.ts) the page names the person
// in `as` and is believed, as the console always was. Otherwise every call to /console/api needs the
// workbench's session (the gj_session cookie, bot/web/web-session.ts): the person is the session's,
// a call naming anyone else is refused and audited, and a change carries the session's CSRF token
// (X-CSRF-Token) as on the workbench. No cookie → 401, which the page turns into a link to sign in.
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../bot/deps.js';
import { CONSOLE_ACCESS_TEXT, type ConsoleAccessCode } from '../../bot/replies/console-words.js';
import { CSRF_HEADER, type Session, type WorkbenchSessions } from '../../bot/web/web-session.js';
import type { WorkflowService } from '../../workflows/service/workflow-service.js';
import { ApiError } from './console-http.js';

export interface ConsoleAccessDeps {
  service: WorkflowService;
  sessions: WorkbenchSessions;
  /** whether the page may pick who it acts as, now */
  personas: () => boolean;
  /** whether any platform can sign a person in (else a sign-in is impossible, and the refusal says so) */
  canSignIn: () => boolean;
  log: Logger;
}

export interface ConsoleAccess {
  personas(): boolean;
  /** for every /console/api call: with the development mode off, a live session (and on a change its CSRF token), or a refusal */
  guard: RequestHandler;
  /**
   * The `as` a call goes on with: as given in the development mode; otherwise the signed-in person's
   * id, after refusing (403, audited) a call that names someone else.
   */
  as(req: Request, res: Response, claimed: unknown): Promise<unknown>;
  /**
   * The development mode's way into the workbench: a workbench session for the person the page acts
   * as (its Set-Cookie value), so a trial on this machine can follow a card's 「在工作台打开」. null
   * with the mode off: then only the platforms sign people in.
   */
  workbenchSession(personId: string): string | null;
  /** the session the guard let through on this request (none in the development mode) */
  signedIn(res: Response): Session | undefined;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SESSION_KEY = 'consoleSession';

export function consoleAccess(deps: ConsoleAccessDeps): ConsoleAccess {
  const { service, sessions, log } = deps;

  /** records the refusal in the audit trail and gives the error to throw */
  const refusal = async (req: Request, status: number, code: ConsoleAccessCode, reason: string, who?: Session, data?: Record<string, unknown>) => {
    await service.audit
      .record({
        action: 'security.refused',
        subject: 'console',
        actorId: who?.personId ?? null,
        platform: who?.platform ?? null,
        account: who?.account ?? null,
        data: { code, reason, method: req.method, path: req.originalUrl.split('?')[0], ...data },
      })
      .catch((err: unknown) => log.warn('console refusal could not be audited', { err }));
    return new ApiError(status, code, CONSOLE_ACCESS_TEXT[code]);
  };

  const guard: RequestHandler = async (req, res, next) => {
    if (deps.personas()) return next();
    res.set('Cache-Control', 'no-store');
    const check = sessions.read(req.headers.cookie);
    if (!check.ok) {
      // a page asking before anyone signed in is not an attack: only a bad or stale cookie is audited
      if (check.reason === 'missing') {
        const code = deps.canSignIn() ? 'NOT_SIGNED_IN' : 'SIGN_IN_UNAVAILABLE';
        throw new ApiError(401, code, CONSOLE_ACCESS_TEXT[code]);
      }
      res.append('Set-Cookie', sessions.clearCookie());
      throw await refusal(req, 401, check.reason === 'expired' ? 'SESSION_EXPIRED' : 'SESSION_INVALID', `session_${check.reason}`);
    }
    const { session } = check;
    const account = await service.accounts.find(session.platform, session.account);
    if (!account?.active || account.personId !== session.personId) {
      res.append('Set-Cookie', sessions.clearCookie());
      throw await refusal(req, 401, 'ACCOUNT_UNKNOWN', 'session_person_inactive', session);
    }
    if (STATE_CHANGING.has(req.method) && !sessions.isCsrfValid(session, req.get(CSRF_HEADER))) {
      throw await refusal(req, 403, 'CSRF_INVALID', req.get(CSRF_HEADER) ? 'csrf_invalid' : 'csrf_missing', session);
    }
    res.locals[SESSION_KEY] = session;
    next();
  };

  return {
    personas: deps.personas,
    workbenchSession: (personId) => (deps.personas() ? sessions.issue({ personId, platform: 'console', account: personId }).cookie : null),
    guard,
    signedIn: (res) => res.locals[SESSION_KEY] as Session | undefined,
    as: async (req, res, claimed) => {
      if (deps.personas()) return claimed;
      const session = res.locals[SESSION_KEY] as Session | undefined;
      // the guard runs before every route; without its session nobody is believed
      if (!session) throw new ApiError(401, 'NOT_SIGNED_IN', CONSOLE_ACCESS_TEXT.NOT_SIGNED_IN);
      const named = typeof claimed === 'string' ? claimed : claimed === undefined ? '' : String(claimed);
      if (named !== '' && named !== session.personId) {
        throw await refusal(req, 403, 'NOT_YOURSELF', 'acting_as_other', session, { as: named.slice(0, 64) });
      }
      return session.personId;
    },
  };
}

/** the `as` a JSON body names, if any */
export function claimedIn(body: unknown): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>).as : undefined;
}

/** the body with `as` set, or the body untouched when it is no object (the schema then says what is wrong) */
export function withAs(body: unknown, as: unknown): unknown {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...body, as } : body;
}
