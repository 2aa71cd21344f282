// The service API of the core: everything the chat layer (bot/) and the platform adapters
// (adapters/) may ask of it. They reach PostgreSQL only through this, so they can be tested with an
// in-memory fake of it. workflows/infra/workflow-service.ts implements it over Prisma; each state
// change is one transaction that also writes its effects (cards, notices, replies) to the outbox.
import type { DecisionOutcome, Effect, Notice, ReplyTo } from '../domain/effects.js';
import type { Platform } from '../domain/org-file.js';
import type { RequestStatus } from '../domain/types.js';
import type { AuditTrail, DecidedItem, SearchFilters, SearchResult } from './oversight-views.js';
import type {
  BudgetExecutionReport,
  BudgetReportSpec,
  ContractReport,
  ContractReportSpec,
  DashboardData,
  PerformanceReport,
  PerformanceReportSpec,
  ReportKind,
  ReportFileInput,
  StoredReport,
  ThreePublicReport,
  ThreePublicReportSpec,
} from './report-views.js';
import type { BudgetImportResult, BudgetImportRow } from '../domain/reports/budget-import.js';
import type { Checkpoint } from '../domain/audit/checkpoint-shape.js';
import type {
  Actor,
  AlertView,
  AuditInput,
  BudgetAnswer,
  CardRef,
  ChainView,
  ConsoleFile,
  ConsoleMessage,
  LinkableRequest,
  DecisionInput,
  DirectoryPerson,
  DraftInput,
  EditInput,
  FileProblem,
  OpenedFile,
  ReceivedFile,
  PayableItem,
  PaymentInput,
  PendingItem,
  PolicyInfo,
  RequestSummary,
  RequestView,
  StepTimer,
} from './views.js';

export type * from './views.js';

/** Work waiting: committed effects not queued, deliveries not closed, accepted events not handled. */
export interface Backlog {
  undispatched: number;
  undelivered: number;
  unhandled: number;
}

/** who asks for a report: an actor, or (the monthly push) just a person */
export type ReportReaderRef = Pick<Actor, 'personId'> & Partial<Pick<Actor, 'platform' | 'account'>>;
export type { DecisionOutcome } from '../domain/effects.js';

export interface WorkflowService {
  accounts: {
    /** the person behind a platform account, or null when the account is not in the organisation */
    find(platform: Platform, accountId: string): Promise<{ personId: string; active: boolean } | null>;
    /** the account as the organisation file spells it (WeCom user ids arrive in any case); the input when unknown */
    canonical(platform: Platform, accountId: string): Promise<string>;
    /** a person's account on a platform */
    of(platform: Platform, personId: string): Promise<string | undefined>;
  };

  /** Inbound deliveries, deduplicated by the platform's delivery id. */
  deliveries: {
    /**
     * Keeps an accepted event before the platform is answered (the edge calls it): true the first
     * time, false for a delivery id accepted or handled before. An empty Redis then loses nothing.
     */
    accept(key: string, event: Record<string, unknown>): Promise<boolean>;
    /**
     * Accepted events still unhandled that were received before `before` and are not held by a live
     * worker (a claim younger than `staleMs`), oldest first, at most `take`: the sweep queues them again.
     */
    unqueued(before: Date, staleMs: number, take: number): Promise<{ key: string; event: Record<string, unknown> }[]>;
    /**
     * Claims a delivery: true the first time (or when a claimer died long enough ago), false when it
     * was handled already. Throws while another worker holds a fresh claim, so the queue retries later.
     */
    claim(key: string, staleMs: number): Promise<boolean>;
    /** marks a claimed delivery handled (a no-op when the action's own transaction did it) */
    finish(key: string): Promise<void>;
    /** gives a claim back after an unexpected failure, so the retry handles it */
    release(key: string): Promise<void>;
    /** whether a delivery has been handled (its action committed, or its refusal answered), and the request it created, if any */
    outcome(key: string): Promise<{ done: boolean; requestNo?: number }>;
  };

  policy(): Promise<PolicyInfo>;
  /** active people, for the console's identity picker */
  directory(): Promise<DirectoryPerson[]>;

  requests: {
    /** 草稿: budget check and route preview; sends the draft card to the requester */
    draft(actor: Actor, input: DraftInput): Promise<{ id: string; no: number }>;
    /**
     * The draft's card without the draft (the workbench's live preview): the same checks and view as
     * `draft`, nothing kept, nothing sent, no number taken. Refused with the same AppErrors.
     */
    preview(actor: Actor, input: DraftInput): Promise<RequestView>;
    /**
     * 提交 / 重新提交. A draft flagged 化整为零 needs `explanation` (SPLIT_EXPLANATION_REQUIRED), which goes
     * to the 监督群 — or is refused outright where the policy says so (SPLIT_PURCHASE_BLOCKED).
     */
    submit(actor: Actor, requestId: string, options?: { explanation?: string }): Promise<void>;
    /** 撤回 (in approval) or 取消 (a draft or a returned request) */
    withdraw(actor: Actor, requestId: string): Promise<{ no: number; status: RequestStatus }>;
    decide(actor: Actor, input: DecisionInput): Promise<{ outcome: DecisionOutcome; no: number }>;
    /** the request with this number; REQUEST_NOT_FOUND when there is none */
    idOf(no: number): Promise<string>;
    /** sends the request's card to the actor if they may view it; NOT_REQUESTER otherwise */
    show(actor: Actor, no: number): Promise<void>;
    view(requestId: string): Promise<RequestView | null>;
    /** the request with this number for someone who may view it (as /进度 decides: NOT_REQUESTER otherwise, REQUEST_NOT_FOUND) */
    read(actor: Pick<Actor, 'personId'>, no: number): Promise<RequestView>;
    recent(personId: string, take?: number): Promise<RequestSummary[]>;
    /** what the person may link a new request to (关联): approved, unsettled commitments of their department or their own */
    linkable(personId: string): Promise<LinkableRequest[]>;
    /** steps waiting for the person, as an assignee or as a deputy during a delegation */
    pending(personId: string): Promise<PendingItem[]>;
    /**
     * 关联查询: the chain a request (a number, or a contract number) belongs to, root first; refused
     * like /进度 when the actor may not view it.
     */
    chain(actor: Actor, ref: string): Promise<ChainView>;
    /** 修改: changes a draft or a returned request before it is (re)submitted; NOTHING_CHANGED when it changes nothing */
    edit(actor: Actor, requestId: string, input: EditInput): Promise<{ no: number }>;
    /** 关联 chosen later (on the draft card): sets the parent of the actor's draft or returned request */
    link(actor: Actor, requestId: string, parentRef: string): Promise<{ no: number; parentNo: number }>;
    /** 结清: closes an approved commitment (and its sub-commitments); what is left goes back to the line */
    settle(actor: Actor, requestId: string): Promise<{ no: number; released: bigint }>;
    /** 确认付款 by the cashier: books the SPEND */
    pay(actor: Actor, input: PaymentInput): Promise<{ no: number }>;
    /** /待付款: approved payments waiting for a cashier; PAYMENT_NOT_CASHIER for anyone else */
    payable(personId: string): Promise<PayableItem[]>;
    /** a request number or contract number → the request id; REQUEST_NOT_FOUND / LINK_NOT_FOUND */
    resolve(ref: string): Promise<string>;
  };

  budget: {
    /** /预算: the person's department by default, or a department or subject named in `query` */
    balances(personId: string, query?: string): Promise<BudgetAnswer>;
  };

  /** 监督查询: supervisors are supervised — every search and every look at an audit trail is audited. */
  oversight: {
    /**
     * /查询: count, total and the newest rows of the requests matching every filter. The oversight
     * roles (财务, 主要领导, 纪检) search the unit, anyone else their own requests; a filter beyond that
     * is refused (SEARCH_SCOPE) and audited as security.refused. Audited as query.run. SEARCH_UNKNOWN
     * for a department or person nobody has, UNKNOWN_REQUEST_TYPE, BAD_INPUT for malformed filters.
     */
    search(actor: Actor, filters: SearchFilters): Promise<SearchResult>;
    /** /已办: the person's decisions, newest first */
    decided(personId: string): Promise<DecidedItem[]>;
    /** /审计 编号: the request's audit events in order, for the discipline role (AUDIT_TRAIL_DENIED, audited, otherwise); audited as audit.viewed */
    trail(actor: Actor, no: number): Promise<AuditTrail>;
  };

  outbox: {
    emit(...effects: Effect[]): Promise<void>;
    /**
     * answers whoever sent a command (through the outbox, like every other message); with `delivery`,
     * the inbound event it answers is marked handled in the same transaction, so a worker that dies
     * after the commit leaves nothing to answer again
     */
    reply(to: ReplyTo, notice: Notice, delivery?: string): Promise<void>;
    /**
     * Hands committed, undispatched effects to `send` in order, and marks them dispatched. Rows are
     * claimed with SKIP LOCKED, so several processes may dispatch at once.
     */
    dispatch(send: (id: string, effect: Effect) => Promise<readonly Platform[] | void>): Promise<number>;
    /** one effect delivered on one platform (or given up on, `failed`): the sweep leaves it */
    delivered(outboxId: string, platform: Platform, failed?: boolean): Promise<void>;
    /** committed effects not yet handed to the queue and when the oldest was written (metrics: the outbox's lag) */
    lag(): Promise<{ undispatched: number; oldestAt: Date | null }>;
    /** deliveries queued before `before` and not closed, oldest first, at most `take`: the sweep queues them again */
    undelivered(before: Date, take: number): Promise<{ outboxId: string; platform: Platform; effect: Effect }[]>;
  };

  /** For readiness: work waiting longer than it should (each count is of rows older than `olderThanMs`). */
  backlog(olderThanMs: number): Promise<Backlog>;

  /** What was sent to a platform, so that a retried job never sends it again. */
  sent: {
    /** a send recorded under `key`, with what it returned */
    find(key: string): Promise<{ result: unknown } | null>;
    /** records a send and its audit event in one transaction (a second record of the same key is dropped) */
    record(key: string, result: unknown, audit?: AuditInput): Promise<void>;
  };

  /** 附件: supporting documents on a request */
  attachments: {
    /**
     * A file someone sent: checked (type from the content, size), stored, and attached to the request
     * named, else to the one /附件 named in the last half hour, else to the sender's only draft or
     * returned request; with several open it is held and the sender asked which (attachment.choose).
     * Refused: ATTACHMENT_TYPE / _TOO_LARGE / _EMPTY, ATTACHMENT_NO_TARGET, ATTACHMENT_FROZEN (submitted),
     * NOT_REQUESTER, ATTACHMENT_KIND, FILE_STORE_FAILED.
     */
    receive(actor: Actor, input: { name?: string; bytes: Uint8Array; requestId?: string; kind?: string }): Promise<ReceivedFile>;
    /** /附件 编号 [种类]: files held in the last half hour go there now, or else the next file sent */
    direct(actor: Actor, requestId: string, kind?: string): Promise<ReceivedFile>;
    /** a held file placed from the "which request?" choice */
    place(actor: Actor, heldId: string, requestId: string, kind?: string): Promise<ReceivedFile>;
    /** takes file `seq` off a draft or returned request (one an earlier round saw stays listed) */
    remove(actor: Actor, requestId: string, seq: number): Promise<{ no: number }>;
    /**
     * The file behind a link signed for `personId` (the caller checked signature and expiry), if that
     * person may view the request; audited as attachment.viewed. NOT_REQUESTER otherwise.
     */
    open(personId: string, attachmentId: string): Promise<OpenedFile>;
    /** re-hashes every stored attachment against the hash the audit trail recorded */
    verify(): Promise<{ checked: number; problems: FileProblem[] }>;
  };

  /** 电子监察: the alert register */
  supervision: {
    /** /监察: the open and acknowledged alerts, newest first (discipline and principal roles; ALERT_NOT_DISCIPLINE otherwise) */
    alerts(actor: Actor): Promise<{ alerts: AlertView[]; mayChange: boolean }>;
    /** 已核实 (discipline role); answered, audited, told to the 监督群 */
    acknowledge(actor: Actor, alertNo: number): Promise<AlertView>;
    /** 关闭 with the finding's conclusion (discipline role) */
    close(actor: Actor, alertNo: number, note: string): Promise<AlertView>;
    /**
     * 监察日报: claims `day` (YYYY-MM-DD) and sends its summary to the 监督群 — new alerts by rule and
     * department, red lights still open, 三重一大 filed since the previous working day — once, however
     * many processes ask; false when the day was claimed already.
     */
    summary(day: string): Promise<boolean>;
    /** when the next summary is due: the first working day at `dailySummaryAt` later than now (and after `after`, a day just summarised) */
    nextSummary(after?: string): Promise<{ day: string; at: Date }>;
    /** the register's alerts counted by rule, severity and state (metrics) */
    counts(): Promise<{ rule: string; severity: string; state: string; count: number }[]>;
  };

  /**
   * 报表: figures as of a cut-off, for the chat layer to put into workbooks. Scope as for /查询: 财务,
   * 主要领导 and 纪检 see the unit or any department, anyone else their own department (REPORT_SCOPE,
   * audited as security.refused, beyond it). `reader` is an actor, or a person the monthly push serves.
   */
  reports: {
    /** 预算执行情况表 */
    budget(reader: ReportReaderRef, spec: BudgetReportSpec): Promise<BudgetExecutionReport>;
    /** 行政审批绩效月度报表 */
    performance(reader: ReportReaderRef, spec: PerformanceReportSpec): Promise<PerformanceReport>;
    /** 三公经费统计 */
    threePublic(reader: ReportReaderRef, spec: ThreePublicReportSpec): Promise<ThreePublicReport>;
    /** 合同执行情况表 */
    contracts(reader: ReportReaderRef, spec: ContractReportSpec): Promise<ContractReport>;
    /** 驾驶舱: the unit's figures for the charts (oversight roles; DASHBOARD_DENIED, audited, otherwise) */
    dashboard(reader: ReportReaderRef): Promise<DashboardData>;
    /**
     * Keeps a workbook the chat layer made, audits report.generated (with its SHA-256), and answers the
     * actor with the summary and the file — one transaction, which also marks the actor's delivery handled.
     */
    save(actor: Actor, file: ReportFileInput): Promise<StoredReport>;
    /** the workbook behind a link signed for `personId`: only for the person it was made for; audited report.downloaded */
    open(personId: string, reportId: string): Promise<OpenedFile>;
    /**
     * 月度推送: claims `month` (YYYY-MM, the month reported) and sends each recipient their workbooks,
     * once however many processes try; false when the month was claimed already.
     */
    push(month: string, files: { personId: string; file: ReportFileInput }[]): Promise<boolean>;
    /** the people the monthly push goes to: holders of the roles the organisation file names */
    pushRecipients(): Promise<string[]>;
    /** whom a report for `reader` covers (全部 or a department's name), without making it: readers with the same scope get the same report */
    scopeOf(reader: ReportReaderRef, kind: ReportKind): Promise<string>;
    /** the next push still to send: the month to report and when (in the past when one was missed) */
    nextPush(): Promise<{ month: string; at: Date }>;
    /**
     * 预算导入: brings the budget lines to the rows' amounts — new lines ALLOT, changed ones ADJUST —
     * all or nothing; BUDGET_IMPORT_INVALID listing every problem with its row and column.
     */
    importLines(rows: BudgetImportRow[], source: string): Promise<BudgetImportResult>;
  };

  /** a random secret made once and shared by every process (e.g. the key that signs attachment links) */
  secret(name: string): Promise<string>;

  audit: {
    /** an audit event in a transaction of its own (deliveries, refusals, platform failures) */
    record(input: AuditInput): Promise<void>;
    /** a delivery receipt: kept at once, chained within a moment in a batch (flush), so a send does not wait on the chain's lock */
    receipt(input: AuditInput): Promise<void>;
    /** chains the receipts kept so far; gives how many */
    flush(): Promise<number>;
    /**
     * 审计链检查点: signs the chain's head with the key kept outside the database, writes it into the
     * chain (audit.checkpoint) and to the 监督群, then appends it to the checkpoint file. With `day`
     * (the daily one), null when that day's was taken already.
     */
    checkpoint(day?: string): Promise<Checkpoint | null>;
    /** when the next daily checkpoint is due (after `after`, a day just taken) */
    nextCheckpoint(after?: string): Promise<{ day: string; at: Date }>;
  };

  /** Cards sent, so that every copy can be re-rendered. */
  cards: {
    find(id: string): Promise<CardRef | null>;
    list(requestId: string, platform: Platform): Promise<CardRef[]>;
    save(ref: CardRef): Promise<void>;
    update(id: string, handle: Record<string, unknown>): Promise<void>;
  };

  deadlines: {
    /** a step's yellow or red timer went off; false when it changed nothing (decided, already lit) */
    fire(stepId: string, kind: 'yellow' | 'red'): Promise<boolean>;
    /**
     * open steps' next timers, soonest first, `take` at a time after `after` (the last of the page
     * before), for arming them all again after Redis lost them
     */
    open(take: number, after?: StepTimer): Promise<StepTimer[]>;
    /** a step's next timer (after its yellow light, the red), or null once it is decided or red */
    next(stepId: string): Promise<StepTimer | null>;
  };

  /** removes handled dedupe keys and dispatched outbox rows older than a week */
  prune(): Promise<{ keys: number; outbox: number }>;

  /** The console's conversations (it is a platform whose messages we store ourselves). */
  consoleMessages: {
    /** a message; one with a `sendKey` already posted is not posted again (its id is given) */
    post(conversation: string, message: { direction: 'in' | 'out'; authorId?: string; text?: string; card?: object; file?: ConsoleFile; sendKey?: string }): Promise<bigint>;
    find(id: bigint): Promise<ConsoleMessage | null>;
    list(conversation: string, take: number): Promise<ConsoleMessage[]>;
    /** puts `card` on the message: 'same' when it shows that card already (left alone), 'missing' when there is no such message in that conversation */
    updateCard(id: bigint, conversation: string, card: object): Promise<'updated' | 'same' | 'missing'>;
  };
}
