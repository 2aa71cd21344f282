// Shared moves of the lifecycle: activating a step (deadlines, cards, timers) and closing a request.
import { deputiesOf } from '../../domain/delegation.js';
import { stepDeadlines } from '../../domain/working-time.js';
import type { Policy } from '../../domain/org-file.js';
import type { Tx } from '../db.js';
import type { Effect } from '../outbox.js';

/** the step to open, as its caller already has it */
export interface StepToActivate {
  id: string;
  requestId: string;
  assignees: readonly string[];
  limitMinutes: number;
}

/**
 * Opens a step: its deadlines, and the effects that go with it (its cards, its first timer), which
 * the caller emits with its own.
 */
export async function activateStep(tx: Tx, step: StepToActivate, requesterId: string, policy: Policy, now: Date, tz: string): Promise<Effect[]> {
  const { yellowAt, dueAt } = stepDeadlines(now, step.limitMinutes, policy.yellowAt, policy.workingHours, tz);
  const [, delegations] = await Promise.all([
    tx.step.update({ where: { id: step.id }, data: { state: 'active', activatedAt: now, yellowAt, dueAt, light: 'green' } }),
    tx.delegation.findMany({ where: { fromId: { in: [...step.assignees] } } }),
  ]);
  // 代理: a deputy during a delegation gets the card too, and may act on it for the assignee
  // (never the requester: 不相容岗位分离 holds for deputies too)
  const deputies = deputiesOf(step.assignees, delegations, now).filter((id) => id !== requesterId);
  const recipients = [...new Set([...step.assignees, ...deputies])];
  return [
    ...recipients.map((personId) => ({ kind: 'card.send' as const, requestId: step.requestId, personId })),
    { kind: 'deadline.arm', stepId: step.id, yellowAt: yellowAt.toISOString(), dueAt: dueAt.toISOString() },
  ];
}

/** Cancels every step of the round that is still open (after a reject, return or withdrawal). */
export async function cancelOpenSteps(tx: Tx, requestId: string, round: number, now: Date): Promise<void> {
  await tx.step.updateMany({ where: { requestId, round, state: { in: ['waiting', 'active'] } }, data: { state: 'cancelled', decidedAt: now } });
}
