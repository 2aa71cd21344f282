// The console's HTTP side: the page, a small JSON API, file uploads onto a card (console-upload.ts),
// and live updates over Server-Sent Events. Who a call acts for is console-signin.ts's answer (the
// `as` the page names in the development mode, else the signed-in person). Inbound goes the same way
// as on the real platforms: verify (the person exists) → parse (zod) → enqueue → ack (202).
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { EnqueueInbound } from '../../bot/enqueue-inbound.js';
import { clientRefusalOf } from '../../bot/http-errors.js';
import type { FileStore } from '../../workflows/service/file-store.js';
import { roleLabel } from '../../bot/replies/labels.js';
import { mayOpenDashboard } from '../../workflows/domain/reports/report-scope.js';
import type { ConsoleMessage, WorkflowService } from '../../workflows/service/workflow-service.js';
import type { ConsoleChanges } from './console-changes.js';
import { dashboardHandler, echartsHandler } from './console-dashboard.js';
import { ApiError, idempotencyKey, parse, verifyPerson } from './console-http.js';
import { PressButtonSchema, SendMessageSchema, WorkbenchSessionSchema } from './console-schemas.js';
import { claimedIn, withAs, type ConsoleAccess } from './console-signin.js';
import { uploadHandlers } from './console-upload.js';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));
/** the card renderer the console shares with the workbench (bot/web/public/card/), served at /card/ */
export const CARD_DIR = fileURLToPath(new URL('../../bot/web/public/card/', import.meta.url));

export interface ConsoleRouterDeps {
  service: WorkflowService;
  enqueue: EnqueueInbound;
  changes: ConsoleChanges;
  clock: () => Date;
  /** where an upload is stored before it is queued */
  files: FileStore;
  /** the largest attachment accepted, in bytes */
  maxFileBytes: number;
  /** who a call acts for */
  access: ConsoleAccess;
}

export function consoleRouter(deps: ConsoleRouterDeps): express.Router {
  const router = express.Router();
  const api = express.Router();
  const { access } = deps;
  api.use(access.guard);
  // before the JSON parser: the body is the file, whatever its Content-Type
  api.post('/upload', ...uploadHandlers(deps));
  api.use(express.json({ limit: '64kb' }));

  api.get('/org', async (_req, res) => {
    const [policy, people] = await Promise.all([deps.service.policy(), deps.service.directory()]);
    res.json({
      unit: { name: policy.unitName, fiscalYear: policy.fiscalYear },
      people: people.map((p) => ({ ...p, roles: p.roles.map(roleLabel), dashboard: mayOpenDashboard(p) })),
      groups: [{ id: 'supervision', name: supervisionGroup(policy) }],
      personas: access.personas(),
    });
  });

  // the development mode only: the person the page acts as opens the workbench (signed in as them)
  api.post('/workbench-session', async (req, res) => {
    const body = parse(WorkbenchSessionSchema, req.body);
    await verifyPerson(deps.service, body.as);
    const cookie = access.workbenchSession(body.as);
    if (!cookie) throw new ApiError(404, 'NOT_FOUND', '没有这个接口。');
    res.append('Set-Cookie', cookie);
    await deps.service.audit.record({
      action: 'web.signin',
      subject: `account:console:${body.as}`,
      actorId: body.as,
      platform: 'console',
      account: body.as,
      data: { personas: true },
    });
    res.json({ ok: true });
  });

  api.post('/messages', async (req, res) => {
    const body = parse(SendMessageSchema, withAs(req.body, await access.as(req, res, claimedIn(req.body))));
    await verifyPerson(deps.service, body.as);
    const messageId = await deps.service.consoleMessages.post(body.as, { direction: 'in', authorId: body.as, text: body.text });
    await deps.changes.announce(body.as, messageId);
    const dedupeKey = `console:${idempotencyKey(req) ?? `msg-${messageId}`}`;
    await deps.enqueue({
      kind: 'command',
      platform: 'console',
      account: body.as,
      dedupeKey,
      at: deps.clock().toISOString(),
      conversation: { kind: 'direct', id: body.as },
      text: body.text,
    });
    res.status(202).json({ accepted: true, dedupeKey });
  });

  api.post('/actions', async (req, res) => {
    const body = parse(PressButtonSchema, withAs(req.body, await access.as(req, res, claimedIn(req.body))));
    const [, message] = await Promise.all([verifyPerson(deps.service, body.as), deps.service.consoleMessages.find(BigInt(body.messageId))]);
    const card = message?.card as { requestId?: string } | null | undefined;
    if (!message || message.conversation !== body.as || card?.requestId !== body.requestId) {
      throw new ApiError(404, 'CARD_NOT_FOUND', '在您的会话中找不到这张卡片，请刷新后重试。');
    }
    const dedupeKey = `console:${idempotencyKey(req) ?? `tap-${randomUUID()}`}`;
    await deps.enqueue({
      kind: 'button',
      platform: 'console',
      account: body.as,
      dedupeKey,
      at: deps.clock().toISOString(),
      action: body.action,
      requestId: body.requestId,
      stepId: body.stepId,
      parentRef: body.parentRef,
      comment: body.comment,
      transferTo: body.transferTo,
      meeting: body.meeting,
      payment: body.payment,
      edit: body.edit,
      attach: body.attach,
      alertNo: body.alertNo,
      card: { messageId: String(body.messageId) },
    });
    res.status(202).json({ accepted: true, dedupeKey });
  });

  api.get('/conversations/:personId', async (req, res) => {
    const as = String(await access.as(req, res, req.params.personId));
    await verifyPerson(deps.service, as);
    res.json({ messages: await conversation(deps.service, as) });
  });

  api.get('/groups/supervision', async (_req, res) => {
    res.json({ messages: await conversation(deps.service, `group:${supervisionGroup(await deps.service.policy())}`) });
  });

  api.get('/events', async (req, res) => {
    const claimed = await access.as(req, res, req.query.as);
    const as = typeof claimed === 'string' ? claimed : '';
    await verifyPerson(deps.service, as);
    const group = `group:${supervisionGroup(await deps.service.policy())}`;
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    res.write('retry: 2000\n\n');
    const unsubscribe = deps.changes.subscribe((change) => {
      if (change.conversation !== as && change.conversation !== group) return;
      const conversationName = change.conversation === group ? 'group:supervision' : change.conversation;
      res.write(`data: ${JSON.stringify({ conversation: conversationName, messageId: Number(change.messageId) })}\n\n`);
    });
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
    req.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
    });
  });

  api.get('/dashboard', dashboardHandler(deps.service, access));

  api.use((_req, _res, next) => next(new ApiError(404, 'NOT_FOUND', '没有这个接口。')));
  api.use(apiErrorHandler);
  router.use('/console/api', api);
  router.get('/console/vendor/:file', echartsHandler());
  router.use('/card', express.static(CARD_DIR, { index: false }));
  router.use(express.static(PUBLIC_DIR, { index: 'index.html' }));
  return router;
}

/** The supervision group's console conversation is named after the group the organisation file gives. */
function supervisionGroup(policy: { supervisionGroup: { console?: string } }): string {
  return policy.supervisionGroup.console ?? '监督群';
}

async function conversation(service: WorkflowService, id: string) {
  const rows: ConsoleMessage[] = await service.consoleMessages.list(id, 200);
  return rows.map((m) => ({
    id: Number(m.id),
    direction: m.direction,
    authorId: m.authorId ?? undefined,
    text: m.text ?? undefined,
    card: m.card ?? undefined,
    file: m.file ?? undefined,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  }));
}

function apiErrorHandler(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (error instanceof ApiError) {
    res.status(error.status).json({ error: { code: error.code, message: error.message } });
    return;
  }
  // a body that did not parse, too large, in a charset or encoding not read: the client's (4xx)
  const refusal = clientRefusalOf(error);
  if (refusal) {
    res.status(refusal.status).json({ error: { code: 'BAD_INPUT', message: refusal.message } });
    return;
  }
  next(error); // the app's final handler logs it and answers 500 without the stack
}
