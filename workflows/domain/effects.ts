// What the core says happened, for the chat layer to act on and put into words. Services write these
// to the transactional outbox in the same transaction as the state change; bot/ delivers them and
// renders every notice through one catalogue (bot/replies). No Chinese sentence is written here:
// a notice carries meaning (what happened, to which request, by whom), never wording.
import { z } from 'zod';
import { PLATFORMS, REQUEST_KINDS, type RequestKind } from './org-file.js';
import { ALERT_STATES, SEVERITIES, SUPERVISION_RULES } from './supervision/finding.js';
import { DECISION_ACTIONS, REQUEST_STATUSES } from './types.js';
import { AuditTrailNoticeSchema, DecidedListNoticeSchema, SearchResultNoticeSchema } from './search/oversight-notices.js';
import { DailySummaryNoticeSchema } from './supervision/daily-summary.js';
import { ReportReadyNoticeSchema } from './reports/report-notices.js';
import { CheckpointNoticeSchema } from './audit/checkpoint-shape.js';

/** An amount in 分 as a decimal string (JSON has no bigint). */
const Fen = z.string().regex(/^-?\d+$/);

/** Where an answer goes: the sender's one-to-one chat, or the group they wrote in. */
export const ReplyToSchema = z.object({
  platform: z.enum(PLATFORMS),
  account: z.string(),
  personId: z.string().optional(),
  /** a group conversation on the platform, when the command was written in a group */
  group: z.string().optional(),
});
export type ReplyTo = z.infer<typeof ReplyToSchema>;

/** How the core describes a request in a notice: its number and who asked for what. */
const RequestRef = { no: z.number().int(), requester: z.string(), type: z.string() };

/** 电子监察 alerts: what was found, about which request */
export const AlertSchema = z.discriminatedUnion('code', [
  /** a step past its time limit (红灯) */
  z.object({ code: z.literal('overdue'), ...RequestRef, step: z.string(), assignees: z.array(z.string()) }),
  /** 多次补正: returned for changes again and again */
  z.object({ code: z.literal('repeated_returns'), ...RequestRef, returns: z.number().int() }),
  /** an alert of the register (电子监察), as a supervision rule raised it; names already resolved */
  z.object({
    code: z.literal('supervision'),
    alertNo: z.number().int(),
    rule: z.enum(SUPERVISION_RULES),
    severity: z.enum(SEVERITIES),
    requestNos: z.array(z.number().int()),
    department: z.string().optional(),
    person: z.string().optional(),
    amount: Fen.optional(),
    citation: z.string(),
    facts: z.record(z.string(), z.unknown()),
  }),
]);
export type Alert = z.infer<typeof AlertSchema>;

export const DECISION_OUTCOMES = ['approved', 'step_approved', 'partial', 'rejected', 'returned', 'transferred'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** commands whose usage a `command.usage` notice explains */
export const USAGE_COMMANDS = [
  'apply',
  'status',
  'withdraw',
  'chain',
  'settle',
  'pay',
  'edit',
  'attach',
  'detach',
  'search',
  'trail',
  'report',
  'submit',
  'acknowledge',
  'close',
  ...DECISION_ACTIONS,
] as const;

const Kind = z.enum(REQUEST_KINDS as [RequestKind, ...RequestKind[]]);

/** one request of a chain, as /关联 lists it; dates are YYYY-MM-DD in the unit's time zone */
const ChainNodeSchema = z.object({
  no: z.number().int(),
  type: z.string(),
  kind: Kind,
  status: z.enum(REQUEST_STATUSES),
  amount: Fen,
  date: z.string(),
  depth: z.number().int(),
  contractNo: z.string().optional(),
  instalment: z.number().int().optional(),
  committed: Fen,
  spent: Fen,
  left: Fen,
  released: Fen,
  settled: z.boolean(),
  paymentState: z.enum(['due', 'paid']).nullable(),
});
export type ChainNodeNotice = z.infer<typeof ChainNodeSchema>;

export const NoticeSchema = z.discriminatedUnion('kind', [
  /** the command text was not understood; help follows */
  z.object({ kind: z.literal('command.unknown'), text: z.string() }),
  /** a known command written wrongly */
  z.object({ kind: z.literal('command.usage'), command: z.enum(USAGE_COMMANDS), problem: z.string() }),
  z.object({ kind: z.literal('help') }),
  /** /申请 with nothing after it: a link that opens the 新建申请 form on the workbench (the platform's port draws it) */
  z.object({ kind: z.literal('apply.form') }),
  /** a refusal: an AppError's code and details */
  z.object({ kind: z.literal('refused'), code: z.string(), details: z.record(z.string(), z.unknown()) }),
  /** the bot failed and gave up on a message */
  z.object({ kind: z.literal('failed') }),
  /** the sender's account is not in the organisation */
  z.object({ kind: z.literal('account.unknown') }),
  /** to the actor: what their decision did */
  z.object({ kind: z.literal('decision.made'), no: z.number().int(), outcome: z.enum(DECISION_OUTCOMES) }),
  /** to the requester: their request was approved, rejected or returned */
  z.object({
    kind: z.literal('request.decided'),
    no: z.number().int(),
    amount: Fen,
    outcome: z.enum(['approved', 'rejected', 'returned']),
    by: z.string(),
    comment: z.string(),
    /** approved, and now waiting for the cashier to pay */
    awaitingPayment: z.boolean().optional(),
  }),
  /** to the requester: withdrawn (budget released) or cancelled (nothing was frozen) */
  z.object({ kind: z.literal('request.closed'), no: z.number().int(), status: z.enum(['withdrawn', 'cancelled']) }),
  /** to the new assignee of a transferred step */
  z.object({ kind: z.literal('step.transferred'), no: z.number().int(), step: z.string(), by: z.string() }),
  /** a step's light changed: to an assignee (act now) or to an assignee's superior (see that it is done) */
  z.object({
    kind: z.literal('light.changed'),
    ...RequestRef,
    step: z.string(),
    light: z.enum(['yellow', 'red']),
    audience: z.enum(['assignee', 'superior']),
    assignees: z.array(z.string()),
  }),
  /** 电子监察: a supervision alert for the supervision group */
  z.object({ kind: z.literal('alert.raised'), alert: AlertSchema }),
  /** /预算 */
  z.object({
    kind: z.literal('budget.balances'),
    fiscalYear: z.number().int(),
    query: z.string().optional(),
    /** committed: absent in answers queued before commitments existed */
    lines: z.array(z.object({ name: z.string(), available: Fen, total: Fen, frozen: Fen, committed: Fen.optional(), spent: Fen })),
    /** lines left out to keep the answer short */
    more: z.number().int(),
  }),
  /** /待办 */
  z.object({
    kind: z.literal('pending.list'),
    items: z.array(z.object({ no: z.number().int(), requester: z.string(), type: z.string(), amount: Fen, step: z.string(), light: z.enum(['green', 'yellow', 'red']) })),
  }),
  /** /关联: the chain, root first */
  z.object({
    kind: z.literal('chain.view'),
    focusNo: z.number().int(),
    nodes: z.array(ChainNodeSchema),
    totals: z.object({ committed: Fen, spent: Fen, left: Fen, released: Fen }),
  }),
  /** /待付款: approved payments waiting for the cashier */
  z.object({
    kind: z.literal('payable.list'),
    items: z.array(z.object({ no: z.number().int(), requester: z.string(), type: z.string(), amount: Fen, approvedOn: z.string().optional(), mayConfirm: z.boolean() })),
  }),
  /** 结清: the chain is closed; `released` went back to the line */
  z.object({ kind: z.literal('request.settled'), no: z.number().int(), released: Fen }),
  /** to the requester (and the cashier's answer): the payment was confirmed */
  z.object({ kind: z.literal('payment.confirmed'), no: z.number().int(), amount: Fen, by: z.string(), date: z.string(), voucherNo: z.string() }),
  /** 附件: files were attached (several when held files went at once); the required kinds still missing */
  z.object({
    kind: z.literal('attachment.added'),
    no: z.number().int(),
    files: z.array(z.object({ seq: z.number().int(), kind: z.string(), name: z.string(), size: z.number().int() })),
    missing: z.array(z.string()),
  }),
  /** a file came while the sender had several open requests: which one, and as what? */
  z.object({
    kind: z.literal('attachment.choose'),
    name: z.string(),
    /** the held file, for the buttons that place it */
    heldId: z.string().optional(),
    choices: z.array(z.object({ no: z.number().int(), requestId: z.string().optional(), type: z.string(), kinds: z.array(z.string()), missing: z.array(z.string()) })),
  }),
  /** /附件 编号 种类 before the file: the next file goes there */
  z.object({ kind: z.literal('attachment.expecting'), no: z.number().int(), fileKind: z.string() }),
  /** a file taken off (it stays listed when an earlier round saw it) */
  z.object({ kind: z.literal('attachment.removed'), no: z.number().int(), seq: z.number().int(), name: z.string(), missing: z.array(z.string()) }),
  /** /监察: the register's open and acknowledged alerts (newest first) */
  z.object({
    kind: z.literal('alerts.list'),
    /** the reader is 纪检: each open alert also comes as a card with 已核实 / 关闭 */
    mayChange: z.boolean().optional(),
    items: z.array(
      z.object({
        alertNo: z.number().int(),
        requestIds: z.array(z.string()).optional(),
        rule: z.enum(SUPERVISION_RULES),
        severity: z.enum(SEVERITIES),
        state: z.enum(ALERT_STATES),
        requestNos: z.array(z.number().int()),
        department: z.string().optional(),
        person: z.string().optional(),
        amount: Fen.optional(),
        citation: z.string(),
        facts: z.record(z.string(), z.unknown()),
        raisedOn: z.string(),
      }),
    ),
  }),
  /** an alert was acknowledged (已核实) or closed, by whom, with the closing note */
  z.object({
    kind: z.literal('alert.updated'),
    alertNo: z.number().int(),
    rule: z.enum(SUPERVISION_RULES),
    state: z.enum(['acknowledged', 'closed']),
    by: z.string(),
    note: z.string(),
  }),
  /** 化整为零 submitted anyway: the requester's written explanation, for the 监督群 */
  z.object({ kind: z.literal('alert.explained'), alertNo: z.number().int(), no: z.number().int(), person: z.string(), explanation: z.string() }),
  /** a text worded by an earlier version (effects queued before notices carried meaning) */
  z.object({ kind: z.literal('legacy.text'), text: z.string() }),
  /** /进度 with no number */
  z.object({
    kind: z.literal('requests.recent'),
    items: z.array(z.object({ no: z.number().int(), type: z.string(), amount: Fen, status: z.enum(REQUEST_STATUSES) })),
  }),
  /** 监督查询: /查询 (count, total, the newest rows), /已办 (the person's decisions), /审计 编号 (a request's audit events) */
  SearchResultNoticeSchema,
  DecidedListNoticeSchema,
  AuditTrailNoticeSchema,
  /** 监察日报: the daily summary for the 监督群 */
  DailySummaryNoticeSchema,
  /** 报表: a report's summary; its workbook follows as a file (report.file) */
  ReportReadyNoticeSchema,
  /** 审计链检查点: the chain's signed head, for the 监督群 to keep */
  CheckpointNoticeSchema,
]);
export type Notice = z.infer<typeof NoticeSchema>;

export const EffectSchema = z.discriminatedUnion('kind', [
  /** send the request's card to a person (on every platform they are on) */
  z.object({ kind: z.literal('card.send'), requestId: z.string(), personId: z.string() }),
  /** re-render every copy of the request's card */
  z.object({ kind: z.literal('card.refresh'), requestId: z.string() }),
  /** tell one person something (on every platform they are on) */
  z.object({ kind: z.literal('notice'), personId: z.string(), notice: NoticeSchema }),
  /** answer whoever sent a command, where they sent it */
  z.object({ kind: z.literal('reply'), to: ReplyToSchema, notice: NoticeSchema }),
  /** one line for the supervision group's next digest */
  z.object({ kind: z.literal('group.digest'), group: z.literal('supervision'), notice: NoticeSchema }),
  /** a message of its own to the supervision group, not a digest line (the daily summary) */
  z.object({ kind: z.literal('group.notice'), group: z.literal('supervision'), notice: NoticeSchema }),
  /** a report's workbook as a file message: to whoever asked (`to`), or to a person on every platform they are on */
  z.object({
    kind: z.literal('report.file'),
    reportId: z.string(),
    fileName: z.string(),
    /** where the FileStore keeps it */
    sha256: z.string(),
    to: ReplyToSchema.optional(),
    personId: z.string().optional(),
  }),
  /** (re)arm a step's yellow and red timers */
  z.object({ kind: z.literal('deadline.arm'), stepId: z.string(), yellowAt: z.string(), dueAt: z.string() }),
]);
export type Effect = z.infer<typeof EffectSchema>;

/**
 * Effects written by an earlier version, in today's shape: texts and digest lines that were worded
 * by the core travel on as `legacy.text` notices. Anything else is returned as it is.
 */
export function upgradeEffect(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw;
  const e = raw as Record<string, unknown>;
  if (e.kind === 'text.send' && typeof e.text === 'string') return { kind: 'notice', personId: e.personId, notice: { kind: 'legacy.text', text: e.text } };
  if (e.kind === 'group.digest' && typeof e.line === 'string') return { kind: 'group.digest', group: e.group, notice: { kind: 'legacy.text', text: e.line } };
  return raw;
}
