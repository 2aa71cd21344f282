// The decision rule (审批决定): who may act on a step (越权禁止) and what their action does. Pure: the
// service applies the outcome with a compare-and-set on the step's state.
import { isMeetingDate } from './meeting-date.js';
import type { DecisionCommand, DelegationView, StepView } from './types.js';

export type RefusalCode = 'NOT_ASSIGNEE' | 'STEP_CLOSED' | 'MEETING_REQUIRED' | 'TRANSFER_TARGET_INVALID' | 'ALREADY_DECIDED';

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

/** Assignees the actor may act for: themself first, then those who delegated to them at `now`. */
export function actableAssignees(step: Pick<StepView, 'assignees'>, actorId: string, delegations: readonly DelegationView[], now: Date): string[] {
  const t = now.getTime();
  const deputyOf = delegations
    .filter((d) => d.toId === actorId && d.startsAt.getTime() <= t && t < d.endsAt.getTime())
    .map((d) => d.fromId);
  return step.assignees.filter((id) => id === actorId).concat(step.assignees.filter((id) => id !== actorId && deputyOf.includes(id)));
}

/** Decides one command on one step at `now`; never throws for a user's mistake, refuses instead. */
export function decideStep(step: StepView, cmd: DecisionCommand, delegations: readonly DelegationView[], now: Date): DecisionResult {
  if (step.state !== 'active') return refuse('STEP_CLOSED', '该环节已处理或尚未开始，此操作无效');
  const candidates = actableAssignees(step, cmd.actorId, delegations, now);
  if (candidates.length === 0) return refuse('NOT_ASSIGNEE', '您不是该环节的审批人，也不是其授权代理人，无权操作');

  // 会签: act for someone who has not approved yet (a deputy may stand in for several people in turn).
  const pending = candidates.filter((id) => !step.approvedBy.includes(id));
  if (step.mode === '会签' && pending.length === 0) return refuse('ALREADY_DECIDED', '您已同意过该环节，正在等待其他会签人');
  const actingFor = (step.mode === '会签' ? pending[0] : candidates[0]) ?? cmd.actorId;
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
