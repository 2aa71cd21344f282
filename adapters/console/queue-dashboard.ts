// The queue dashboard (bull-board) at /console/queues, for operators: every queue's jobs by state,
// their payloads, attempts and errors. It stands behind the console's own rule: CONSOLE=on keeps it
// to this machine (loopback-only.ts, which guards every /console/ path), and with the workbench
// sign-in (the development mode off) only a signed-in 财务, 主要领导 or 纪检 may open it — the oversight
// roles, who see the whole unit in /查询, the reports and the 驾驶舱, as job payloads carry every
// department's requests, messages and people. Anyone else is refused, audited. In the development
// mode the console already lets this machine act as anyone, so the dashboard is open as the console is.
// It is read-only: retrying or removing a job by hand would go around the outbox and the sweeps,
// which retry and recover jobs themselves.
import type { Queue } from 'bullmq';
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from '../../bot/deps.js';
import { QUEUE_DASHBOARD_TEXT } from '../../bot/replies/queue-dashboard-words.js';
import { mayOpenDashboard } from '../../workflows/domain/reports/report-scope.js';
import type { WorkflowService } from '../../workflows/service/workflow-service.js';
import { ApiError } from './console-http.js';
import type { ConsoleAccess } from './console-signin.js';

export const QUEUE_DASHBOARD_PATH = '/console/queues';

export interface QueueDashboardDeps {
  queues: readonly Queue[];
  access: Pick<ConsoleAccess, 'personas' | 'guard' | 'signedIn'>;
  service: Pick<WorkflowService, 'directory' | 'audit'>;
  log: Logger;
}

export function queueDashboard(deps: QueueDashboardDeps): express.Router {
  // bull-board (and what it loads) only once someone opens it: most processes never serve it
  let board: Promise<RequestHandler> | undefined;
  const router = express.Router();
  router.use(QUEUE_DASHBOARD_PATH, mayOpen(deps), (req, res, next) => {
    board ??= openBoard(deps.queues).catch((error: unknown) => {
      board = undefined;
      throw error;
    });
    board.then((serve) => serve(req, res, next), next);
  });
  return router;
}

async function openBoard(queues: readonly Queue[]): Promise<RequestHandler> {
  const [{ createBullBoard }, { BullMQAdapter }, { ExpressAdapter }] = await Promise.all([
    import('@bull-board/api'),
    import('@bull-board/api/bullMQAdapter'),
    import('@bull-board/express'),
  ]);
  const board = new ExpressAdapter();
  board.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: QUEUE_DASHBOARD_TEXT.TITLE } },
  });
  return board.getRouter() as RequestHandler;
}

/** the console's guard (a live session), then an oversight role; GET and HEAD only */
function mayOpen(deps: QueueDashboardDeps): RequestHandler {
  return async (req, res, next) => {
    res.set('Cache-Control', 'no-store');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, QUEUE_DASHBOARD_TEXT.READ_ONLY);
    if (deps.access.personas()) return next();
    try {
      let passed = false;
      await deps.access.guard(req, res, () => (passed = true));
      const session = deps.access.signedIn(res);
      if (!passed || !session) return refuse(res, 401, QUEUE_DASHBOARD_TEXT.DENIED);
      const person = (await deps.service.directory()).find((p) => p.id === session.personId);
      if (!person || !mayOpenDashboard(person)) {
        await audit(deps, req, session.personId, session.platform, session.account);
        return refuse(res, 403, QUEUE_DASHBOARD_TEXT.DENIED);
      }
      next();
    } catch (error) {
      if (error instanceof ApiError) return refuse(res, error.status, error.message);
      next(error);
    }
  };
}

async function audit(deps: QueueDashboardDeps, req: Request, personId: string, platform: string, account: string): Promise<void> {
  await deps.service.audit
    .record({
      action: 'security.refused',
      subject: 'console',
      actorId: personId,
      platform,
      account,
      data: { code: 'QUEUES_DENIED', reason: 'not_oversight', method: req.method, path: req.originalUrl.split('?')[0] },
    })
    .catch((err: unknown) => deps.log.warn('queue dashboard refusal could not be audited', { err }));
}

function refuse(res: Response, status: number, message: string): void {
  const escaped = message.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
  res
    .status(status)
    .type('html')
    .send(
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${QUEUE_DASHBOARD_TEXT.TITLE}</title></head><body><h1>${QUEUE_DASHBOARD_TEXT.TITLE}</h1><p>${escaped}</p></body></html>`,
    );
}
