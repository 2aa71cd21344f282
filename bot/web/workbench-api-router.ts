// The workbench's API (/app/api, shapes in workbench-api.ts), behind the session and CSRF checks of
// workbench-router.ts. Reading (lists, a request, the form, the preview, the search) calls the
// service directly; acting (a new request, a card's button, an upload, a report) goes the same way as
// a tap in chat: verify → parse → enqueue → 202, as platform `web` with the person's workbench
// account, so authority, separation of duties, double-tap safety and the audit trail are the chat's.
// The bot's answer to an action arrives in the person's notices (web-port.ts), which the page polls.
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { CARD_ACTIONS } from '../card-model.js';
import { renderRequestCard } from '../cards/render-request-card.js';
import type { EnqueueInbound } from '../enqueue-inbound.js';
import type { FileLinks } from '../deps.js';
import { MeetingSchema, clean, id } from '../inbound-event.js';
import { errorText, refusalText } from '../replies/error-text.js';
import { ACTION_LABELS, KIND_LABELS, roleLabel, STATUS_LABELS } from '../replies/labels.js';
import { FIELD_LABELS, requestNoText } from '../replies/card-words.js';
import { badInputText, PREVIEW_WORDS, WORKBENCH_ERROR_TEXT } from '../replies/workbench-words.js';
import { isAppError } from '../../workflows/domain/errors.js';
import { MeetingDateSchema } from '../../workflows/domain/meeting-date.js';
import { parseYuan } from '../../workflows/domain/money.js';
import { mayOpenDashboard } from '../../workflows/domain/reports/report-scope.js';
import { REQUEST_STATUSES } from '../../workflows/domain/types.js';
import { FileStoreError, type FileStore } from '../../workflows/service/file-store.js';
import type { Actor, DraftInput, WorkflowService } from '../../workflows/service/workflow-service.js';
import { requestTimeline } from './request-timeline.js';
import { noticesOf } from './web-port.js';
import type { Session } from './web-session.js';
import type { ActionState, FormView, ListItem, ListView, MeView, NoticesView, PreviewView, RequestPageView, SearchView } from './workbench-api.js';

export interface WorkbenchApiDeps {
  service: WorkflowService;
  enqueue: EnqueueInbound;
  clock: () => Date;
  tz: string;
  files: FileStore;
  maxFileBytes: number;
  /** signs the attachment links on a card for its reader */
  fileLinks: FileLinks;
}

/** a refusal the page shows as it is: status, code and the Chinese words */
export class WorkbenchApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const LIST_LENGTH = 50;
const NOTICES_READ = 50;

// text is normalised (no NUL, no lone surrogate) before it is checked; an id with a control character is refused
const Text = (max: number) => clean(z.string().trim().min(1).max(max));
const Optional = (max: number) =>
  clean(z.string().trim().max(max))
    .optional()
    .transform((v) => (v === '' ? undefined : v));
const Id = (max: number) => z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), id(max));

const DraftBodySchema = z.object({
  type: Text(100),
  line: Optional(200),
  amount: Optional(40),
  purpose: Text(500),
  supplier: Optional(200),
  tags: z.array(Text(40)).max(20).default([]),
  parent: Optional(60),
  contractNo: Optional(60),
  instalment: z.number().int().min(1).max(1000).optional(),
});
const NewRequestSchema = DraftBodySchema.extend({ submit: z.boolean(), explanation: Optional(1000) });

const ActionSchema = z.object({
  action: z.enum(CARD_ACTIONS),
  stepId: Id(100).optional(),
  parentRef: z
    .string()
    .regex(/^\d{1,9}$/)
    .optional(),
  comment: clean(z.string().max(1000)).default(''),
  transferTo: Id(200).optional(),
  meeting: MeetingSchema.optional(),
  payment: z.object({ voucherNo: Text(60), date: MeetingDateSchema.optional() }).optional(),
  edit: z
    .object({ amount: Optional(40), purpose: Optional(500), subject: Optional(100), project: Optional(100), supplier: clean(z.string().trim().max(200)).optional() })
    .optional(),
  attach: z.object({ heldId: Id(100).optional(), kind: Text(40).optional(), seq: z.number().int().min(1).max(10_000).optional() }).optional(),
  alertNo: z.number().int().min(1).max(1_000_000_000).optional(),
});

const UploadQuerySchema = z.object({ requestId: Id(100), kind: Text(40).optional(), name: clean(z.string().trim().max(300)).optional() });

/** /报表 as typed: each field one word of the command, so nothing in it can become another argument */
const Word = z
  .string()
  .trim()
  .regex(/^[^\s/]{1,40}$/, '不能含空格或斜杠');
const ReportSchema = z.object({
  kind: z.enum(['预算执行', '绩效', '三公', '合同']),
  scope: clean(Word).optional(),
  asOf: MeetingDateSchema.optional(),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
});

const SearchSchema = z.object({
  department: Optional(100),
  requester: Optional(100),
  type: Optional(100),
  status: z.enum(REQUEST_STATUSES).optional(),
  supplier: Optional(200),
  minAmount: Optional(40),
  maxAmount: Optional(40),
  from: MeetingDateSchema.optional(),
  to: MeetingDateSchema.optional(),
  tags: z.array(Text(40)).max(10).optional(),
  light: z.enum(['yellow', 'red']).optional(),
});

/** The routes under /app/api; the caller has checked the session (res.locals.session) and, on a POST, its CSRF token. */
export function workbenchApi(deps: WorkbenchApiDeps): express.Router {
  const { service } = deps;
  const api = express.Router();

  // before the JSON parser: the body is the file, whatever its Content-Type
  api.post('/upload', express.raw({ type: () => true, limit: deps.maxFileBytes + 1 }), async (req, res) => {
    const session = sessionOf(res);
    const query = parse(UploadQuerySchema, req.query);
    const bytes = Buffer.isBuffer(req.body) ? new Uint8Array(req.body.buffer, req.body.byteOffset, req.body.byteLength) : new Uint8Array(0);
    if (bytes.byteLength === 0) throw new WorkbenchApiError(400, 'ATTACHMENT_EMPTY', refusalText('ATTACHMENT_EMPTY', { name: query.name }));
    if (bytes.byteLength > deps.maxFileBytes) {
      throw new WorkbenchApiError(413, 'ATTACHMENT_TOO_LARGE', refusalText('ATTACHMENT_TOO_LARGE', { name: query.name, size: bytes.byteLength, maxBytes: deps.maxFileBytes }));
    }
    let key: string;
    try {
      ({ key } = await deps.files.put(bytes));
    } catch (error) {
      if (error instanceof FileStoreError) throw new WorkbenchApiError(503, 'FILE_STORE_FAILED', refusalText('FILE_STORE_FAILED', { name: query.name }));
      throw error;
    }
    const dedupeKey = dedupeKeyOf(req, 'upload');
    await deps.enqueue({
      ...from(session, dedupeKey, deps.clock),
      kind: 'file',
      conversation: { kind: 'direct', id: session.personId },
      file: { ref: key, name: query.name || undefined, size: bytes.byteLength },
      target: { requestId: query.requestId, kind: query.kind },
    });
    res.status(202).json({ accepted: true, dedupeKey });
  });

  api.use(express.json({ limit: '32kb' }));

  api.get('/me', async (_req, res) => {
    const me = await meView(service, sessionOf(res), res.locals.csrf as string);
    if (!me) throw new WorkbenchApiError(401, 'ACCOUNT_UNKNOWN', WORKBENCH_ERROR_TEXT.ACCOUNT_UNKNOWN);
    res.json(me);
  });

  api.get('/form', async (_req, res) => {
    const session = sessionOf(res);
    const [policy, budget, parents] = await Promise.all([service.policy(), service.budget.balances(session.personId), service.requests.linkable(session.personId)]);
    const form: FormView = {
      unitName: policy.unitName,
      fiscalYear: policy.fiscalYear,
      types: policy.types.map((t) => ({ ...t, parent: t.parent && { ...t.parent }, requiredAttachments: [...t.requiredAttachments], kindLabel: KIND_LABELS[t.kind] })),
      lines: budget.lines.map((l) => ({
        id: l.id,
        name: l.name,
        subject: l.subject,
        project: l.project,
        available: l.available.toString(),
        total: (l.allotted + l.adjusted).toString(),
      })),
      tags: [...policy.tags],
      parents: parents.map((p) => ({ ...p, amount: p.amount.toString(), remaining: p.remaining.toString() })),
      maxFileBytes: deps.maxFileBytes,
    };
    res.json(form);
  });

  api.post('/preview', async (req, res) => {
    const session = sessionOf(res);
    const body = parse(DraftBodySchema, req.body);
    const view = await service.requests.preview(actorOf(session), draftInput(body));
    const card = renderRequestCard(view, session.personId, deps.clock(), deps.tz, deps.fileLinks);
    // nothing was kept: a preview has no number (where a flag names it, it is 本申请), no buttons and nothing to open
    const unnumbered: typeof card = JSON.parse(JSON.stringify(card).replaceAll(requestNoText(view.request.no), PREVIEW_WORDS.thisRequest));
    const preview: PreviewView = { card: { ...unnumbered, fields: unnumbered.fields.filter((f) => f.label !== FIELD_LABELS.no), buttons: [], open: undefined } };
    res.json(preview);
  });

  api.post('/requests', async (req, res) => {
    const session = sessionOf(res);
    const body = parse(NewRequestSchema, req.body);
    if (body.amount !== undefined) parseYuan(body.amount); // a malformed amount is refused now, in words, not after the 202
    const dedupeKey = dedupeKeyOf(req, 'new');
    const { submit, explanation, ...draft } = body;
    await deps.enqueue({ ...from(session, dedupeKey, deps.clock), kind: 'draft', draft, submit, explanation });
    res.status(202).json({ accepted: true, dedupeKey });
  });

  api.get('/requests', async (req, res) => {
    const session = sessionOf(res);
    const box = req.query.box === 'done' ? 'done' : req.query.box === 'mine' ? 'mine' : 'todo';
    const view: ListView = { box, items: await listOf(service, session.personId, box) };
    res.json(view);
  });

  api.get('/requests/:no', async (req, res) => {
    const session = sessionOf(res);
    const view = await service.requests.read(actorOf(session), numberOf(req.params.no));
    const people = await service.directory();
    const page: RequestPageView = {
      card: renderRequestCard(view, session.personId, deps.clock(), deps.tz, deps.fileLinks),
      timeline: requestTimeline(view),
      people: people.filter((p) => p.id !== session.personId).map((p) => ({ id: p.id, name: p.name, department: p.department.name })),
    };
    res.json(page);
  });

  api.post('/requests/:no/actions', async (req, res) => {
    const session = sessionOf(res);
    const body = parse(ActionSchema, req.body);
    const no = numberOf(req.params.no);
    const requestId = await service.requests.idOf(no);
    const dedupeKey = dedupeKeyOf(req, 'tap');
    await deps.enqueue({ ...from(session, dedupeKey, deps.clock), kind: 'button', requestId, ...body });
    res.status(202).json({ accepted: true, dedupeKey });
  });

  /** whether an action this page sent (its dedupeKey) has been handled: then the page reads again */
  api.get('/actions/:key', async (req, res) => {
    const key = req.params.key;
    if (!/^web:[\w.-]{1,120}$/.test(key)) throw new WorkbenchApiError(404, 'NOT_FOUND', WORKBENCH_ERROR_TEXT.BAD_REQUEST);
    const state: ActionState = await service.deliveries.outcome(key);
    res.json(state);
  });

  api.get('/notices', async (req, res) => {
    const session = sessionOf(res);
    const after = Number(req.query.after ?? 0);
    const rows = await service.consoleMessages.list(noticesOf(session.personId), NOTICES_READ);
    const view: NoticesView = {
      notices: rows
        .filter((m) => !Number.isFinite(after) || Number(m.id) > after)
        .map((m) => ({ id: Number(m.id), text: m.text ?? '', file: m.file ?? undefined, at: m.createdAt.toISOString() })),
    };
    res.json(view);
  });

  api.post('/reports', async (req, res) => {
    const session = sessionOf(res);
    const body = parse(ReportSchema, req.body);
    const words = ['/报表', body.kind, body.scope, body.asOf && `截至 ${body.asOf}`, body.month].filter((w): w is string => Boolean(w));
    const dedupeKey = dedupeKeyOf(req, 'report');
    await deps.enqueue({ ...from(session, dedupeKey, deps.clock), kind: 'command', conversation: { kind: 'direct', id: session.personId }, text: words.join(' ') });
    res.status(202).json({ accepted: true, dedupeKey });
  });

  api.post('/search', async (req, res) => {
    const session = sessionOf(res);
    const body = parse(SearchSchema, req.body);
    const result = await service.oversight.search(actorOf(session), {
      department: body.department,
      requester: body.requester,
      type: body.type,
      status: body.status,
      supplier: body.supplier,
      minAmount: body.minAmount === undefined ? undefined : parseYuan(body.minAmount),
      maxAmount: body.maxAmount === undefined ? undefined : parseYuan(body.maxAmount),
      from: body.from,
      to: body.to,
      tags: body.tags,
      light: body.light,
    });
    const view: SearchView = {
      scope: result.scope,
      count: result.count,
      total: result.total.toString(),
      rows: result.rows.map((r) => ({
        no: r.no,
        at: r.createdAt.toISOString(),
        requester: r.requester,
        department: r.department,
        type: r.type,
        amount: r.amount.toString(),
        supplier: r.supplier,
        status: { code: r.status, label: STATUS_LABELS[r.status].label },
        step: r.step ?? undefined,
        light: r.light ?? undefined,
      })),
    };
    res.json(view);
  });

  api.use((_req, _res, next) => next(new WorkbenchApiError(404, 'NOT_FOUND', WORKBENCH_ERROR_TEXT.BAD_REQUEST)));
  api.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    if (error instanceof WorkbenchApiError) return res.status(error.status).json({ error: { code: error.code, message: error.message } });
    if (isAppError(error)) return res.status(statusOf(error.code)).json({ error: { code: error.code, message: errorText(error) } });
    const e = error as { type?: string; status?: number } | undefined;
    if (e?.type === 'entity.too.large') {
      return res.status(413).json({ error: { code: 'ATTACHMENT_TOO_LARGE', message: refusalText('ATTACHMENT_TOO_LARGE', { maxBytes: deps.maxFileBytes }) } });
    }
    next(error);
  });
  return api;
}

/** the signed-in person as the page shows them; undefined when they are no longer in the organisation */
export async function meView(service: WorkflowService, session: Session, csrf: string): Promise<MeView | undefined> {
  const person = (await service.directory()).find((p) => p.id === session.personId);
  if (!person) return undefined;
  return {
    person: { id: person.id, name: person.name, department: person.department, roles: person.roles },
    roleLabels: person.roles.map(roleLabel),
    platform: session.platform,
    oversight: mayOpenDashboard(person),
    csrf,
  };
}

/** the core's refusals: who may not (403), nothing there (404), anything else is the input (422) */
function statusOf(code: string): number {
  if (code === 'REQUEST_NOT_FOUND' || code === 'LINK_NOT_FOUND') return 404;
  if (code === 'NOT_REQUESTER' || code === 'SEARCH_SCOPE' || code.endsWith('_DENIED')) return 403;
  return 422;
}

function sessionOf(res: Response): Session {
  return res.locals.session as Session;
}

/** who acts: the person, on the workbench, as their workbench account (their person id) */
function actorOf(session: Session): Actor {
  return { personId: session.personId, platform: 'web', account: session.personId };
}

function from(session: Session, dedupeKey: string, clock: () => Date) {
  return { platform: 'web' as const, account: session.personId, dedupeKey, at: clock().toISOString() };
}

/** the client's Idempotency-Key makes a retried POST the same delivery; without one each POST is its own */
function dedupeKeyOf(req: Request, what: string): string {
  const key = req.get('Idempotency-Key');
  return `web:${key && /^[\w.-]{1,100}$/.test(key) ? `key-${key}` : `${what}-${randomUUID()}`}`;
}

function numberOf(text: string): number {
  if (!/^\d{1,9}$/.test(text)) throw new WorkbenchApiError(404, 'REQUEST_NOT_FOUND', refusalText('REQUEST_NOT_FOUND', { no: text }));
  return Number(text);
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  throw new WorkbenchApiError(400, 'BAD_INPUT', badInputText(result.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}：${i.message}` : i.message))));
}

function draftInput(body: z.infer<typeof DraftBodySchema>): DraftInput {
  return {
    type: body.type,
    subject: body.line,
    amount: body.amount === undefined ? undefined : parseYuan(body.amount),
    purpose: body.purpose,
    supplier: body.supplier,
    tags: body.tags,
    parent: body.parent,
    contractNo: body.contractNo,
    instalment: body.instalment,
  };
}

async function listOf(service: WorkflowService, personId: string, box: 'todo' | 'done' | 'mine'): Promise<ListItem[]> {
  if (box === 'todo') {
    const items = await service.requests.pending(personId);
    return items.map((i) => ({
      no: i.no,
      requestId: i.requestId,
      type: i.type,
      amount: i.amount.toString(),
      status: { code: 'in_approval', label: STATUS_LABELS.in_approval.label },
      step: i.step,
      light: i.light,
      requester: i.requester,
    }));
  }
  if (box === 'done') {
    const items = await service.oversight.decided(personId);
    return items.slice(0, LIST_LENGTH).map((i) => ({
      no: i.no,
      requestId: i.requestId,
      type: i.type,
      amount: i.amount.toString(),
      status: { code: i.status, label: STATUS_LABELS[i.status].label },
      step: i.step,
      action: ACTION_LABELS[i.action],
      at: i.at.toISOString(),
    }));
  }
  const items = await service.requests.recent(personId, LIST_LENGTH);
  return items.map((r) => ({ no: r.no, requestId: r.id, type: r.type, amount: r.amount.toString(), status: { code: r.status, label: STATUS_LABELS[r.status].label } }));
}
