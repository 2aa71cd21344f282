// Plain data the pure rules work on. Services load these from the database and apply the results.
import type { StepMode, StepRole } from './org-file.js';

export type { StepMode, StepRole } from './org-file.js';

/** The organisation as the rules see it: who holds what. */
export interface OrgSnapshot {
  people: ReadonlyMap<string, { id: string; name: string; departmentId: string; superiorId: string | null; active: boolean }>;
  departments: ReadonlyMap<string, { id: string; name: string; headId: string | null; leaderId: string | null }>;
  /** role → holders, for finance / principal / party / discipline / secretary */
  roles: ReadonlyMap<string, readonly string[]>;
}

/** 申请状态 */
export const REQUEST_STATUSES = ['draft', 'in_approval', 'approved', 'rejected', 'returned', 'withdrawn', 'cancelled'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** 环节状态 */
export const STEP_STATES = ['waiting', 'active', 'approved', 'rejected', 'returned', 'skipped', 'cancelled'] as const;
export type StepState = (typeof STEP_STATES)[number];

/** 警示灯 */
export const LIGHTS = ['green', 'yellow', 'red'] as const;
export type Light = (typeof LIGHTS)[number];

/** One step of a resolved route, frozen on the request at submit. */
export interface RouteStep {
  index: number;
  name: string;
  role: StepRole | 'collective';
  mode: StepMode;
  assignees: string[];
  limitMinutes: number;
  mandatory: boolean;
  /** 三重一大: approving needs a meeting record */
  collective: boolean;
  /**
   * Why the resolver changed the step, shown in the preview (e.g. 申请人本人为部门负责人，上移至分管领导).
   * Routes frozen before notes carried meaning hold the sentence itself.
   */
  note?: RouteNote | string;
}

/** Why a step of a resolved route differs from the policy's step (bot/replies words it). */
export type RouteNote =
  /** the requester holds the role: the other holders approve (不相容岗位分离) */
  | { kind: 'recused'; role: StepRole }
  /** nobody left on the step (the requester holds the role, or it is vacant): one level up */
  | { kind: 'escalated'; reason: 'requester_holds' | 'vacant'; from: StepRole; to: StepRole; several: boolean }
  /** 三重一大: over the threshold or tagged, so a collective decision with a meeting record */
  | { kind: 'collective'; why: 'amount' | 'tagged'; recorders?: RouteNote };

export interface ResolvedRoute {
  policyVersion: number;
  steps: RouteStep[];
  /** steps dropped by dedupe (same person on consecutive steps) */
  merged: { name: string; into: number; personId: string }[];
}

/** What a requester asks for, as the router sees it. */
export interface RouteInput {
  type: string;
  amount: bigint;
  requesterId: string;
  departmentId: string;
  tags: readonly string[];
}

/** The state of one step as loaded for a decision. */
export interface StepView {
  id: string;
  requestId: string;
  round: number;
  index: number;
  state: StepState;
  mode: StepMode;
  assignees: readonly string[];
  approvedBy: readonly string[];
  collective: boolean;
  /** the request's requester: they may not act on the step, nor have it transferred to them (不相容岗位分离) */
  requesterId: string;
}

export interface DelegationView {
  fromId: string;
  toId: string;
  startsAt: Date;
  endsAt: Date;
}

export const DECISION_ACTIONS = ['approve', 'reject', 'return', 'transfer'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

export interface MeetingRecord {
  /** YYYY-MM-DD */
  date: string;
  /** 会议纪要编号 */
  minutesNo: string;
}

export interface DecisionCommand {
  action: DecisionAction;
  actorId: string;
  comment: string;
  /** for transfer: who takes over the actor's place on the step */
  transferTo?: string;
  meeting?: MeetingRecord;
}
