// Shared moves of the lifecycle: activating a step (deadlines, cards, timers) and closing a request.
import { deputiesOf } from '../../domain/delegation.js';
import { stepDeadlines } from '../../domain/working-time.js';
import type { Policy } from '../../domain/org-file.js';
import type { Tx } from '../db.js';
import { emit } from '../outbox.js';

export async function activateStep(tx: Tx, stepId: string, policy: Policy, now: Date, tz: string): Promise<void> {
  const step = await tx.step.findUniqueOrThrow({ where: { id: stepId } });
  const { yellowAt, dueAt } = stepDeadlines(now, step.limitMinutes, policy.yellowAt, policy.workingHours, tz);
  await tx.step.update({ where: { id: stepId }, data: { state: 'active', activatedAt: now, yellowAt, dueAt, light: 'green' } });
  // 代理: a deputy during a delegation gets the card too, and may act on it for the assignee
  // (never the requester: 不相容岗位分离 holds for deputies too)
  const [delegations, request] = await Promise.all([
    tx.delegation.findMany({ where: { fromId: { in: step.assignees } } }),
    tx.request.findUniqueOrThrow({ where: { id: step.requestId }, select: { requesterId: true } }),
  ]);
  const deputies = deputiesOf(step.assignees, delegations, now).filter((id) => id !== request.requesterId);
  const recipients = [...new Set([...step.assignees, ...deputies])];
  await emit(tx, ...recipients.map((personId) => ({ kind: 'card.send' as const, requestId: step.requestId, personId })), {
    kind: 'deadline.arm',
    stepId,
    yellowAt: yellowAt.toISOString(),
    dueAt: dueAt.toISOString(),
  });
}

/** Cancels every step of the round that is still open (after a reject, return or withdrawal). */
export async function cancelOpenSteps(tx: Tx, requestId: string, round: number, now: Date): Promise<void> {
  await tx.step.updateMany({ where: { requestId, round, state: { in: ['waiting', 'active'] } }, data: { state: 'cancelled', decidedAt: now } });
}
