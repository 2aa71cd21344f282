// The decision rule (审批决定): who may act on a step (越权禁止) and what their action does. Pure: the
// service applies the outcome with a compare-and-set on the step's state.
import { delegatorsOf } from './delegation.js';
import { isMeetingDate } from './meeting-date.js';
import type { DecisionCommand, DelegationView, StepView } from './types.js';

export type RefusalCode = 'NOT_ASSIGNEE' | 'SELF_APPROVAL' | 'STEP_CLOSED' | 'MEETING_REQUIRED' | 'TRANSFER_TARGET_INVALID' | 'ALREADY_DECIDED';

export interface DecisionRefusal {
  ok: false;
  code: RefusalCode;
  /** Chinese, safe to show the actor */
  reason: string;
}

export type DecisionOutcome =
  /** the step is done: 或签 any one, 会签 the last one, 依次 the single person */
  | { kind: 'step_approved'; approvedBy: string[] }
  /** 会签: this approval is recorded, others still pending */
  | { kind: 'partial'; approvedBy: string[] }
  | { kind: 'rejected' }
  | { kind: 'returned' }
  /** 转交: the acting assignee's place goes to the target */
  | { kind: 'transferred'; assignees: string[] };

export interface DecisionAccepted {
  ok: true;
  /** the assignee whose place the decision takes */
  actingFor: string;
  /** true when the actor is a registered deputy (代理人) of that assignee */
  onBehalfOf: boolean;
  outcome: DecisionOutcome;
}

export type DecisionResult = DecisionRefusal | DecisionAccepted;

function refuse(code: RefusalCode, reason: string): DecisionRefusal {
  return { ok: false, code, reason };
}

/**
 * Assignees the actor may act for: themself first, then those who delegated to them at `now`.
 * None on the actor's own request (不相容岗位分离), so a requester who is a deputy gets no buttons.
 */
export function actableAssignees(step: Pick<StepView, 'assignees' | 'requesterId'>, actorId: string, delegations: readonly DelegationView[], now: Date): string[] {
  if (actorId === step.requesterId) return [];
  const standsFor = delegatorsOf(actorId, delegations, now);
  return step.assignees.filter((id) => id === actorId).concat(step.assignees.filter((id) => id !== actorId && standsFor.includes(id)));
}

/** 会签: true once `personId` has approved the step; their place is then taken. */
export function hasApproved(step: Pick<StepView, 'mode' | 'approvedBy'>, personId: string): boolean {
  return step.mode === '会签' && step.approvedBy.includes(personId);
}

/** The places the actor may still take on the step: actable, and not already approved (会签). Empty = no buttons. */
export function pendingPlacesOf(
  step: Pick<StepView, 'assignees' | 'requesterId' | 'mode' | 'approvedBy'>,
  actorId: string,
  delegations: readonly DelegationView[],
  now: Date,
): string[] {
  return actableAssignees(step, actorId, delegations, now).filter((id) => !hasApproved(step, id));
}

/** Decides one command on one step at `now`; never throws for a user's mistake, refuses instead. */
export function decideStep(step: StepView, cmd: DecisionCommand, delegations: readonly DelegationView[], now: Date): DecisionResult {
  if (step.state !== 'active') return refuse('STEP_CLOSED', '该环节已处理或尚未开始，此操作无效');
  // 不相容岗位分离: never on one's own request, whether as assignee, deputy (代理人) or after a transfer
  if (cmd.actorId === step.requesterId) return refuse('SELF_APPROVAL', '不能审批自己的申请（不相容岗位分离）');
  const candidates = actableAssignees(step, cmd.actorId, delegations, now);
  if (candidates.length === 0) return refuse('NOT_ASSIGNEE', '您不是该环节的审批人，也不是其授权代理人，无权操作');

  // 会签: act for someone who has not approved yet (a deputy may stand in for several people in turn).
  const pending = candidates.filter((id) => !hasApproved(step, id));
  if (pending.length === 0) return refuse('ALREADY_DECIDED', '您已同意过该环节，正在等待其他会签人');
  const actingFor = pending[0] ?? cmd.actorId;
  const accepted = (outcome: DecisionOutcome): DecisionAccepted => ({ ok: true, actingFor, onBehalfOf: actingFor !== cmd.actorId, outcome });

  switch (cmd.action) {
    case 'approve': {
      if (step.collective) {
        const m = cmd.meeting;
        if (!m || !isMeetingDate(m.date) || m.minutesNo.trim() === '') {
          return refuse('MEETING_REQUIRED', '三重一大事项须录入集体决策会议记录（会议日期、纪要编号）后才能通过');
        }
      }
      const approvedBy = [...step.approvedBy, actingFor];
      if (step.mode === '会签' && !step.assignees.every((id) => approvedBy.includes(id))) {
        return accepted({ kind: 'partial', approvedBy });
      }
      return accepted({ kind: 'step_approved', approvedBy });
    }
    case 'reject':
      return accepted({ kind: 'rejected' });
    case 'return':
      return accepted({ kind: 'returned' });
    case 'transfer': {
      const target = cmd.transferTo?.trim();
      if (!target) return refuse('TRANSFER_TARGET_INVALID', '请指定转交对象');
      if (target === cmd.actorId || target === actingFor) return refuse('TRANSFER_TARGET_INVALID', '不能转交给自己');
      if (step.assignees.includes(target)) return refuse('TRANSFER_TARGET_INVALID', '转交对象已是该环节的审批人');
      if (target === step.requesterId) return refuse('TRANSFER_TARGET_INVALID', '不能转交给申请人本人（不相容岗位分离）');
      return accepted({ kind: 'transferred', assignees: step.assignees.map((id) => (id === actingFor ? target : id)) });
    }
  }
}
