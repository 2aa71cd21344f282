// An in-memory stand-in for the core's service API (workflows/service/workflow-service.ts), the way
// bolt-js tests its App with a fake receiver: the chat layer runs against it with no database. It
// keeps what a test wants to look at (outbox, audit, calls) and answers the reads it is given.
import { looksLikeContractNo } from '../../workflows/domain/chain/contract-number.js';
import { appError } from '../../workflows/domain/errors.js';
import type { Platform } from '../../workflows/domain/org-file.js';
import type {
  Actor,
  AuditInput,
  AuditTrail,
  BudgetAnswer,
  ChainView,
  DecidedItem,
  DecisionInput,
  DraftInput,
  EditInput,
  Effect,
  PayableItem,
  PaymentInput,
  PendingItem,
  PolicyInfo,
  RequestSummary,
  SearchFilters,
  SearchResult,
  WorkflowService,
} from '../../workflows/service/workflow-service.js';

export type Call =
  | { op: 'draft'; actor: Actor; input: DraftInput }
  | { op: 'submit' | 'withdraw' | 'settle'; actor: Actor; requestId: string }
  | { op: 'decide'; actor: Actor; input: DecisionInput }
  | { op: 'show'; actor: Actor; no: number }
  | { op: 'chain'; actor: Actor; ref: string }
  | { op: 'link'; actor: Actor; requestId: string; parentRef: string }
  | { op: 'edit'; actor: Actor; requestId: string; input: EditInput }
  | { op: 'pay'; actor: Actor; input: PaymentInput }
  | { op: 'attach.receive'; actor: Actor; name?: string; size: number; requestId?: string; kind?: string }
  | { op: 'attach.direct' | 'attach.place'; actor: Actor; requestId: string; kind?: string; heldId?: string }
  | { op: 'attach.remove'; actor: Actor; requestId: string; seq: number }
  | { op: 'search'; actor: Actor; filters: SearchFilters }
  | { op: 'trail'; actor: Actor; no: number };

export interface FakeState {
  /** `${platform}:${account}` → person */
  accounts: Map<string, { personId: string; active: boolean }>;
  /** request number → id */
  requests: Map<number, string>;
  balances: BudgetAnswer;
  pending: PendingItem[];
  recent: RequestSummary[];
  /** contract number → the id of the 合同审批 that created it */
  contracts: Map<string, string>;
  /** what /关联 answers (an empty chain of the named request when absent) */
  chain?: ChainView;
  /** what /待付款 answers */
  payable: PayableItem[];
  /** what 结清 gives back to the line */
  released: bigint;
  /** what /查询 answers (nothing found when absent) */
  search?: SearchResult;
  /** what /已办 answers */
  decided: DecidedItem[];
  /** what /审计 answers (no events of the named request when absent) */
  trail?: AuditTrail;
  policy: PolicyInfo;
  /** what a state-changing call does: throw (a refusal or a crash), or nothing */
  onCall?: (call: Call) => void;
}

export class FakeWorkflowService {
  readonly state: FakeState;
  readonly outbox: Effect[] = [];
  readonly audit: AuditInput[] = [];
  readonly calls: Call[] = [];
  /** delivery key → done? */
  readonly deliveries = new Map<string, boolean>();

  constructor(state: Partial<FakeState> = {}) {
    this.state = {
      accounts: new Map(),
      requests: new Map(),
      balances: { fiscalYear: 2026, lines: [] },
      pending: [],
      recent: [],
      contracts: new Map(),
      payable: [],
      released: 0n,
      decided: [],
      policy: {
        version: 1,
        unitName: '测试街道',
        fiscalYear: 2026,
        tags: ['三重一大'],
        types: [],
        requestTypes: ['用款申请', '采购申请'],
        typeKinds: { 用款申请: 'direct', 采购申请: 'direct' },
        supervisionGroup: {},
      },
      ...state,
    };
  }

  /** the replies written to the outbox, in order */
  replies() {
    return this.outbox.flatMap((e) => (e.kind === 'reply' ? [e] : []));
  }

  private record(call: Call, actor: Actor): void {
    this.calls.push(call);
    this.state.onCall?.(call);
    // a real service marks the delivery handled in the transaction of the change
    if (actor.delivery) this.deliveries.set(actor.delivery, true);
  }

  private requestId(no: number): string {
    const id = this.state.requests.get(no);
    if (!id) throw appError('REQUEST_NOT_FOUND', `no ${no}`, { no });
    return id;
  }

  private noOf(requestId: string): number {
    return [...this.state.requests.entries()].find(([, id]) => id === requestId)?.[0] ?? 1;
  }

  /** "12", "No.12" or a contract number → the request id, as the real service resolves it */
  private resolve(ref: string): string {
    const text = ref.trim();
    if (looksLikeContractNo(text)) {
      const id = this.state.contracts.get(text);
      if (!id) throw appError('LINK_NOT_FOUND', `no contract ${text}`, { ref: text });
      return id;
    }
    const no = /^(?:no\.?)?(\d+)$/i.exec(text);
    if (!no) throw appError('LINK_NOT_FOUND', `not a reference: ${text}`, { ref: text });
    return this.requestId(Number(no[1]));
  }

  readonly api: WorkflowService = {
    accounts: {
      find: async (platform, accountId) => this.state.accounts.get(`${platform}:${accountId}`) ?? null,
      canonical: async (_platform, accountId) => accountId,
      of: async (platform: Platform, personId) =>
        [...this.state.accounts.entries()].find(([k, v]) => k.startsWith(`${platform}:`) && v.personId === personId)?.[0].slice(platform.length + 1),
    },
    deliveries: {
      accept: async (key) => !this.deliveries.has(key),
      unqueued: async () => [],
      claim: async (key) => {
        if (this.deliveries.has(key)) return false;
        this.deliveries.set(key, false);
        return true;
      },
      finish: async (key) => {
        this.deliveries.set(key, true);
      },
      release: async (key) => {
        if (this.deliveries.get(key) === false) this.deliveries.delete(key);
      },
      outcome: async (key) => ({ done: this.deliveries.get(key) === true }),
    },
    policy: async () => this.state.policy,
    directory: async () => [],
    requests: {
      draft: async (actor, input) => {
        this.record({ op: 'draft', actor, input }, actor);
        return { id: 'new-request', no: 1 };
      },
      linkable: async () => [],
      read: async () => {
        throw new Error('the fake service reads no requests');
      },
      preview: async () => {
        throw new Error('the fake service draws no previews');
      },
      submit: async (actor, requestId) => this.record({ op: 'submit', actor, requestId }, actor),
      withdraw: async (actor, requestId) => {
        this.record({ op: 'withdraw', actor, requestId }, actor);
        return { no: 1, status: 'withdrawn' };
      },
      decide: async (actor, input) => {
        this.record({ op: 'decide', actor, input }, actor);
        return { outcome: 'step_approved', no: 1 };
      },
      idOf: async (no) => this.requestId(no),
      show: async (actor, no) => {
        this.requestId(no);
        this.record({ op: 'show', actor, no }, actor);
      },
      view: async () => null,
      recent: async () => this.state.recent,
      pending: async () => this.state.pending,
      chain: async (actor, ref) => {
        const focusId = this.resolve(ref);
        this.record({ op: 'chain', actor, ref }, actor);
        return this.state.chain ?? { focusId, nodes: [], totals: { committed: 0n, spent: 0n, left: 0n, released: 0n } };
      },
      link: async (actor, requestId, parentRef) => {
        this.record({ op: 'link', actor, requestId, parentRef }, actor);
        return { no: this.noOf(requestId), parentNo: Number(parentRef) || 0 };
      },
      edit: async (actor, requestId, input) => {
        this.record({ op: 'edit', actor, requestId, input }, actor);
        return { no: this.noOf(requestId) };
      },
      settle: async (actor, requestId) => {
        this.record({ op: 'settle', actor, requestId }, actor);
        return { no: this.noOf(requestId), released: this.state.released };
      },
      pay: async (actor, input) => {
        this.record({ op: 'pay', actor, input }, actor);
        return { no: this.noOf(input.requestId) };
      },
      payable: async () => this.state.payable,
      resolve: async (ref) => this.resolve(ref),
    },
    budget: { balances: async () => this.state.balances },
    oversight: {
      search: async (actor, filters) => {
        this.record({ op: 'search', actor, filters }, actor);
        return this.state.search ?? { scope: 'own', count: 0, total: 0n, rows: [] };
      },
      decided: async () => this.state.decided,
      trail: async (actor, no) => {
        const requestId = this.requestId(no);
        this.record({ op: 'trail', actor, no }, actor);
        return this.state.trail ?? { requestId, no, events: [] };
      },
    },
    outbox: {
      emit: async (...effects) => {
        this.outbox.push(...effects);
      },
      reply: async (to, notice) => {
        this.outbox.push({ kind: 'reply', to, notice });
      },
      dispatch: async () => 0,
      delivered: async () => {},
      undelivered: async () => [],
      lag: async () => ({ undispatched: 0, oldestAt: null }),
    },
    attachments: {
      receive: async (actor, input) => {
        this.record({ op: 'attach.receive', actor, name: input.name, size: input.bytes.byteLength, requestId: input.requestId, kind: input.kind }, actor);
        return { state: 'attached', no: 1, seq: 1, kind: input.kind ?? '其他', name: input.name ?? 'file', size: input.bytes.byteLength };
      },
      direct: async (actor, requestId, kind) => {
        this.record({ op: 'attach.direct', actor, requestId, kind }, actor);
        return { state: 'expecting', no: this.noOf(requestId), kind: kind ?? '其他' };
      },
      place: async (actor, heldId, requestId, kind) => {
        this.record({ op: 'attach.place', actor, requestId, kind, heldId }, actor);
        return { state: 'attached', no: this.noOf(requestId), seq: 1, kind: kind ?? '其他', name: 'file', size: 1 };
      },
      remove: async (actor, requestId, seq) => {
        this.record({ op: 'attach.remove', actor, requestId, seq }, actor);
        return { no: this.noOf(requestId) };
      },
      open: async () => {
        throw appError('ATTACHMENT_NOT_FOUND', 'the fake keeps no files', {});
      },
      verify: async () => ({ checked: 0, problems: [] }),
    },
    supervision: {
      alerts: async () => ({ alerts: [], mayChange: false }),
      acknowledge: async () => {
        throw appError('ALERT_NOT_FOUND', 'the fake keeps no alerts', {});
      },
      close: async () => {
        throw appError('ALERT_NOT_FOUND', 'the fake keeps no alerts', {});
      },
      summary: async () => false,
      nextSummary: async () => ({ day: '2026-12-01', at: new Date('2026-12-01T08:30:00+08:00') }),
      counts: async () => [],
    },
    reports: {
      budget: noReports,
      performance: noReports,
      threePublic: noReports,
      contracts: noReports,
      dashboard: noReports,
      save: noReports,
      open: noReports,
      push: async () => false,
      pushRecipients: async () => [],
      scopeOf: noReports,
      nextPush: async () => ({ month: '2026-11', at: new Date('2026-12-01T08:30:00+08:00') }),
      importLines: noReports,
    },
    secret: async (name) => `fake-secret-${name}`,
    audit: {
      record: async (input) => {
        this.audit.push(input);
      },
      receipt: async (input) => {
        this.audit.push(input);
      },
      flush: async () => 0,
      checkpoint: async () => null,
      nextCheckpoint: async () => ({ day: '2026-12-01', at: new Date('2026-12-01T23:50:00+08:00') }),
    },
    backlog: async () => ({ undispatched: 0, undelivered: 0, unhandled: 0 }),
    sent: {
      find: async () => null,
      record: async (_key, _result, audit) => {
        if (audit) this.audit.push(audit);
      },
    },
    cards: {
      find: async () => null,
      list: async () => [],
      save: async () => {},
      update: async () => {},
    },
    deadlines: { fire: async () => false, open: async () => [], next: async () => null },
    prune: async () => ({ keys: 0, outbox: 0 }),
    consoleMessages: {
      post: async () => 1n,
      find: async () => null,
      list: async () => [],
      updateCard: async () => 'missing' as const,
    },
  };
}

/** the fake keeps no ledger to report on */
async function noReports(): Promise<never> {
  throw appError('REPORT_SCOPE', 'the fake keeps no reports', { beyond: 'unit' });
}
