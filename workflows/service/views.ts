// What the service API hands the chat layer: plain data parsed into domain types (state unions,
// not strings), never database rows.
import type { Balances } from '../domain/budget-balance.js';
import type { Effect, Notice, ReplyTo } from '../domain/effects.js';
import type { Platform } from '../domain/org-file.js';
import type { DecisionAction, DelegationView, Light, MeetingRecord, RequestStatus, ResolvedRoute, StepMode, StepState } from '../domain/types.js';

export type { Effect, Notice, ReplyTo };

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

export interface RequestSummary {
  id: string;
  no: number;
  type: string;
  amount: bigint;
  status: RequestStatus;
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
}

/** A budget line (预算指标) and its balance columns. */
export interface LineBalance extends Balances {
  id: string;
  name: string;
}

/** Everything a card of one request shows, in one read. */
export interface RequestView {
  request: RequestSummary & {
    requesterId: string;
    departmentId: string;
    purpose: string;
    supplier: string;
    submittedAt: Date | null;
    returnCount: number;
    route: ResolvedRoute;
  };
  line: LineBalance | null;
  /** the current round's steps, in order */
  steps: StepSnapshot[];
  decisions: DecisionSnapshot[];
  /** person id → name, department id → name, for everyone the card may mention */
  names: { people: ReadonlyMap<string, string>; departments: ReadonlyMap<string, string> };
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

export interface BudgetAnswer {
  fiscalYear: number;
  lines: (LineBalance & { available: bigint })[];
}

export interface PolicyInfo {
  version: number;
  unitName: string;
  fiscalYear: number;
  requestTypes: readonly string[];
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
  subject: string;
  project?: string;
  amount: bigint;
  purpose: string;
  supplier?: string;
  tags?: string[];
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

export interface StepTimer {
  stepId: string;
  yellowAt: Date;
  dueAt: Date;
}

export interface ConsoleMessage {
  id: bigint;
  conversation: string;
  direction: 'in' | 'out';
  authorId: string | null;
  text: string | null;
  card: unknown;
  createdAt: Date;
  updatedAt: Date;
}
