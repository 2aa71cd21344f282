// What the service API hands the chat layer: plain data parsed into domain types (state unions,
// not strings), never database rows.
import type { AlertState, FactValue, Severity, SupervisionRule } from '../domain/supervision/finding.js';
import type { Balances } from '../domain/budget-balance.js';
import type { Effect, Notice, ReplyTo } from '../domain/effects.js';
import type { Instalment, InstalmentInput } from '../domain/chain/instalments.js';
import type { Platform, RequestKind } from '../domain/org-file.js';
import type { FieldChange } from '../domain/request-changes.js';
import type { DecisionAction, DelegationView, Light, MeetingRecord, RequestStatus, ResolvedRoute, StepMode, StepState } from '../domain/types.js';

export type { Effect, Notice, ReplyTo };
export type * from './oversight-views.js';
export type * from './report-views.js';

/** Who did something, on which platform account — recorded in the audit trail. */
export interface Actor {
  personId: string;
  platform: Platform;
  account: string;
  /**
   * Where the answer to this action goes. The service writes the answer to the outbox in the same
   * transaction as the change, so a committed change is always answered, and answered once.
   */
  replyTo?: ReplyTo;
  /** the inbound delivery this action came from: marked handled in the same transaction */
  delivery?: string;
}

export type { FieldChange, Instalment, InstalmentInput, RequestKind };

export interface RequestSummary {
  id: string;
  no: number;
  type: string;
  amount: bigint;
  status: RequestStatus;
}

/** The commitment a child draws on, as its card shows it: 「关联：No.12 用款申请 1,200.00（已用 0.00 → 800.00，剩余 400.00）」 */
export interface LinkView {
  parentId: string;
  parentNo: number;
  parentType: string;
  parentKind: RequestKind;
  contractNo?: string;
  /** the parent's committed amount */
  parentAmount: bigint;
  /** drawn on the commitment before and after this request (equal for a 验收, which draws nothing) */
  usedBefore: bigint;
  usedAfter: bigint;
  /** left on the commitment after this request */
  remainder: bigint;
  settled: boolean;
  /** whether this request draws on the commitment (false for a 验收) */
  draws: boolean;
}

export interface LinkCandidate {
  id: string;
  no: number;
  type: string;
  contractNo?: string;
  /** what is left of its commitment */
  remainder: bigint;
}

/** An approved, unsettled commitment a new request may be linked to (the workbench's 关联 choice). */
export interface LinkableRequest {
  no: number;
  type: string;
  kind: RequestKind;
  amount: bigint;
  /** what is left of its commitment */
  remaining: bigint;
  purpose: string;
  contractNo?: string;
}

/** A request type as a form offers it: what it does with money, what it links to, what it must carry. */
export interface RequestTypeInfo {
  name: string;
  kind: RequestKind;
  parent: { required: boolean; kinds: RequestKind[] } | null;
  requiredAttachments: string[];
}

/** One request of a chain (关联查询), with the money it committed, spent and has left. */
export interface ChainNode {
  id: string;
  no: number;
  type: string;
  kind: RequestKind;
  status: RequestStatus;
  amount: bigint;
  /** when it was submitted (created, for a draft) */
  date: Date;
  /** 0 for the root */
  depth: number;
  contractNo?: string;
  instalment?: number;
  /** COMMIT made by its approval (prior requests and contracts) */
  committed: bigint;
  /** SPEND booked for it */
  spent: bigint;
  /** what is left of its commitment (0 once settled) */
  left: bigint;
  /** given back to the line by 结清 */
  released: bigint;
  settled: boolean;
  paymentState: PaymentState | null;
}

export interface ChainView {
  /** the request the chain was asked for */
  focusId: string;
  /** pre-order, root first */
  nodes: ChainNode[];
  totals: { committed: bigint; spent: bigint; left: bigint; released: bigint };
}

export type PaymentState = 'due' | 'paid';

export interface PaymentView {
  state: PaymentState;
  /** people who may confirm it (cashiers who are not the requester or an approver) */
  cashiers: readonly string[];
  date?: string;
  voucherNo?: string;
  paidBy?: string;
  paidAt?: Date;
}

export interface ContractView {
  no: string;
  supplier: string;
  amount: bigint;
  instalments: readonly (Instalment & { accepted: boolean; paid: bigint })[];
  paid: bigint;
  /** what is left of its commitment */
  remainder: bigint;
}

/** 预算调整: 调剂 moves the amount from one line to another, 追加 adds it to a line. */
export interface AdjustmentView {
  mode: 'transfer' | 'add';
  /** the giving line (调剂 only) */
  from?: LineBalance;
  to: LineBalance;
}

export interface StepSnapshot {
  id: string;
  index: number;
  name: string;
  mode: StepMode;
  state: StepState;
  assignees: readonly string[];
  approvedBy: readonly string[];
  collective: boolean;
  light: Light;
  activatedAt: Date | null;
  dueAt: Date | null;
}

export interface DecisionSnapshot {
  stepId: string;
  personId: string;
  onBehalfOf: string | null;
  action: DecisionAction;
  comment: string;
  at: Date;
}

/** A budget line (预算指标) and its balance columns. */
export interface LineBalance extends Balances {
  id: string;
  name: string;
  /** 科目 and 项目 ('' when none), as /申请 and /修改 name the line */
  subject: string;
  project: string;
}

/** Everything a card of one request shows, in one read. */
export interface RequestView {
  request: RequestSummary & {
    kind: RequestKind;
    requesterId: string;
    departmentId: string;
    purpose: string;
    supplier: string;
    submittedAt: Date | null;
    returnCount: number;
    route: ResolvedRoute;
    /** 期次 named by a 验收 or a payment under a contract */
    instalment: number | null;
    settledAt: Date | null;
  };
  line: LineBalance | null;
  /** the parent this request draws on (关联) */
  link: LinkView | null;
  /** the whole chain it belongs to, when it belongs to one (it has a parent or children) */
  chain: ChainView | null;
  payment: PaymentView | null;
  /** the contract an approved 合同审批 created */
  contract: ContractView | null;
  adjustment: AdjustmentView | null;
  /** approved commitments (事前申请, 合同) that are not settled: the requester may /结清 them */
  settleable: boolean;
  /** a draft or returned request that may (or must) have a parent and has none: what it could be linked to */
  linkCandidates: readonly LinkCandidate[];
  /** its type must be linked before it can be submitted */
  linkRequired: boolean;
  /** the current round's steps, in order */
  steps: StepSnapshot[];
  /** earlier rounds (退回修改 then 重新提交), oldest first */
  earlierRounds: RoundView[];
  /** every edit, oldest first; line ids are named in names.lines */
  revisions: RevisionView[];
  /** the round the request is in (or goes into when a returned request is resubmitted) */
  round: number;
  /** 附件: every file added, by number (taken-off ones too: an earlier round saw them) */
  attachments: AttachmentView[];
  /** the kinds its type must carry before it is submitted */
  requiredAttachments: readonly string[];
  /** 电子监察: the register's alerts about it */
  alerts: RequestAlert[];
  /** the policy refuses a 化整为零 submit outright (instead of asking for an explanation) */
  splitPurchaseBlocks: boolean;
  decisions: DecisionSnapshot[];
  /** person id → name, department id → name, for everyone the card may mention */
  names: { people: ReadonlyMap<string, string>; departments: ReadonlyMap<string, string>; lines: ReadonlyMap<string, string> };
  delegations: readonly DelegationView[];
  /** the policy's 多次补正 threshold (returns before the supervision alert and the card's flag) */
  returnsBeforeAlert: number;
}

export interface PendingItem {
  requestId: string;
  no: number;
  requester: string;
  type: string;
  amount: bigint;
  step: string;
  light: Light;
}

/** An approved request waiting for the cashier (/待付款). */
export interface PayableItem {
  requestId: string;
  no: number;
  requester: string;
  type: string;
  amount: bigint;
  approvedAt: Date | null;
  /** false when this cashier may not confirm it (they requested or approved it) */
  mayConfirm: boolean;
}

export interface BudgetAnswer {
  fiscalYear: number;
  lines: (LineBalance & { available: bigint })[];
}

export interface PolicyInfo {
  version: number;
  unitName: string;
  fiscalYear: number;
  requestTypes: readonly string[];
  /** each request type's kind (what it does with money) */
  typeKinds: Readonly<Record<string, RequestKind>>;
  /** the tags a request may carry that change its route: 三重一大's, then those the steps name */
  tags: readonly string[];
  /** each request type as the workbench's form offers it */
  types: readonly RequestTypeInfo[];
  /** the supervision group's id on each platform */
  supervisionGroup: Partial<Record<Platform, string>>;
}

/** A person as the console's identity picker shows them; roles are codes (bot/replies labels them). */
export interface DirectoryPerson {
  id: string;
  name: string;
  department: { id: string; name: string };
  title?: string;
  roles: string[];
}

export interface DraftInput {
  type?: string;
  /** the budget line's subject (or id); may be left out when `parent` is given (the child takes its line) */
  subject?: string;
  project?: string;
  /** may be left out for a 验收 (it takes the instalment's amount) */
  amount?: bigint;
  purpose: string;
  supplier?: string;
  tags?: string[];
  /** 关联: the parent's number ("12", "No.12") or a contract number ("HT-2026-003") */
  parent?: string;
  /** 合同: the contract number, when the unit numbers its own (HT-<year>-<seq> otherwise) */
  contractNo?: string;
  /** 合同: 分期 */
  instalments?: InstalmentInput[];
  /** 验收 and 付款 under a contract: 期次 */
  instalment?: number;
  /** 预算调整 调剂: the receiving line's subject or id (absent: 追加 to the named line) */
  target?: string;
}

/** 修改: the fields to change on a draft or a returned request (any subset) */
export interface EditInput {
  amount?: bigint;
  purpose?: string;
  /** the budget line's subject (or id); with `project` when the subject has several lines */
  subject?: string;
  project?: string;
  supplier?: string;
}

/** What the requester changed before a round (old → new), for the card's history. */
export interface RevisionView {
  /** the round the changed request went (or goes) into */
  round: number;
  changes: readonly FieldChange[];
  at: Date;
}

/** An earlier round of a request: its steps and the decisions on them. */
export interface RoundView {
  round: number;
  steps: StepSnapshot[];
  decisions: DecisionSnapshot[];
}

export interface PaymentInput {
  requestId: string;
  voucherNo: string;
  /** YYYY-MM-DD; today in the unit's time zone when absent */
  paymentDate?: string;
  card?: Record<string, unknown>;
}

export interface DecisionInput {
  requestId: string;
  /** the step the tapped card was rendered for; absent = the request's current step */
  stepId?: string;
  action: DecisionAction;
  comment: string;
  /** a person id or the person's account on the actor's platform */
  transferTo?: string;
  meeting?: MeetingRecord;
  /** the platform's handle of the tapped card, recorded in the audit trail (absent for typed decisions) */
  card?: Record<string, unknown>;
}

export interface AuditInput {
  action: string;
  subject: string;
  actorId?: string | null;
  platform?: string | null;
  account?: string | null;
  data?: Record<string, unknown>;
}

export interface CardRef {
  id: string;
  requestId: string;
  platform: Platform;
  recipient: string;
  handle: Record<string, unknown>;
}

/** An open step's next timer: yellow until its yellow light is on, then red. */
export interface StepTimer {
  stepId: string;
  kind: 'yellow' | 'red';
  at: Date;
}

export interface ConsoleMessage {
  id: bigint;
  conversation: string;
  direction: 'in' | 'out';
  authorId: string | null;
  text: string | null;
  card: unknown;
  file: ConsoleFile | null;
  createdAt: Date;
  updatedAt: Date;
}

/** a file the bot sent into a console conversation (a report's workbook): the page offers it for download */
export interface ConsoleFile {
  name: string;
  size: number;
  /** signed for the reader */
  url: string;
}

/** 附件: one file on a request. */
export interface AttachmentView {
  id: string;
  /** its number on the request (附件 1, 2, …) */
  seq: number;
  /** the round it was added for */
  round: number;
  kind: string;
  name: string;
  size: number;
  mime: string;
  sha256: string;
  /** taken off before this round (after 退回); null while it counts */
  removedRound: number | null;
}

/** What became of a file someone sent. */
export type ReceivedFile =
  | { state: 'attached'; no: number; seq: number; kind: string; name: string; size: number }
  /** the sender has several open requests: the file is kept until they choose */
  | { state: 'held'; heldId: string; choices: AttachChoice[] }
  /** /附件 named the request before the file: the next file goes there */
  | { state: 'expecting'; no: number; kind: string };

/** A request a held file may go to, with the kinds its type takes and those still missing. */
export interface AttachChoice {
  requestId: string;
  no: number;
  type: string;
  kinds: string[];
  missing: string[];
}

/** The file behind a signed link, for a viewer allowed to see it. */
export interface OpenedFile {
  name: string;
  mime: string;
  bytes: Uint8Array;
}

/** audit:verify's look at one stored file that no longer matches what the audit trail recorded. */
export interface FileProblem {
  no: number;
  seq: number;
  name: string;
  sha256: string;
  /** missing: not in the store; changed: its bytes or its row no longer match the audited hash; unrecorded: no audit event added it */
  problem: 'missing' | 'changed' | 'unrecorded';
}

/** 电子监察: one alert of the register, names resolved. */
export interface AlertView {
  id: string;
  /** the number supervisors type: /核实 3 */
  no: number;
  requestIds: string[];
  rule: SupervisionRule;
  severity: Severity;
  state: AlertState;
  requestNos: number[];
  department?: string;
  person?: string;
  /** in 分 */
  amount?: bigint;
  citation: string;
  facts: Record<string, FactValue>;
  raisedAt: Date;
  acknowledgedBy?: string;
  closedBy?: string;
  note: string;
}

/** An alert of the register as a request's card shows it. */
export type RequestAlert = Pick<AlertView, 'no' | 'rule' | 'severity' | 'state' | 'requestNos' | 'amount' | 'citation' | 'facts'>;
