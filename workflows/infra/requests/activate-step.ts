// Shared moves of the lifecycle: activating a step (deadlines, cards, timers) and closing a request.
import { deputiesOf } from '../../domain/delegation.js';
import { stepDeadlines } from '../../domain/working-time.js';
import type { Policy } from '../../domain/org-file.js';
import type { Tx } from '../db.js';
import type { Effect } from '../outbox.js';
import { loadDelegations } from '../org-snapshot.js';

/** the step to open, as its caller already has it */
export interface StepToActivate {
  id: string;
  requestId: string;
  assignees: readonly string[];
  limitMinutes: number;
}

/** What an open step's row holds from the moment it opens: its state, when it opened, its deadlines and its green light. */
export function openedStep(limitMinutes: number, policy: Policy, now: Date, tz: string) {
  const { yellowAt, dueAt } = stepDeadlines(now, limitMinutes, policy.yellowAt, policy.workingHours, tz);
  return { state: 'active' as const, activatedAt: now, yellowAt, dueAt, light: 'green' as const };
}

/**
 * Opens a waiting step: its deadlines, and the effects that go with it (its cards, its first timer),
 * which the caller emits with its own.
 */
export async function activateStep(tx: Tx, step: StepToActivate, requesterId: string, policy: Policy, now: Date, tz: string): Promise<Effect[]> {
  const opened = openedStep(step.limitMinutes, policy, now, tz);
  await tx.step.update({ where: { id: step.id }, data: opened });
  return openingEffects(tx, step, opened, requesterId, now);
}

/** The effects of a step that has just opened (written open, or opened by activateStep): a card to each who may act on it, and its first timer. */
export async function openingEffects(tx: Tx, step: StepToActivate, opened: { yellowAt: Date; dueAt: Date }, requesterId: string, now: Date): Promise<Effect[]> {
  // 代理: a deputy during a delegation gets the card too, and may act on it for the assignee
  // (never the requester: 不相容岗位分离 holds for deputies too)
  const deputies = deputiesOf(step.assignees, await loadDelegations(tx, step.assignees), now).filter((id) => id !== requesterId);
  const recipients = [...new Set([...step.assignees, ...deputies])];
  return [
    ...recipients.map((personId) => ({ kind: 'card.send' as const, requestId: step.requestId, personId })),
    { kind: 'deadline.arm', stepId: step.id, yellowAt: opened.yellowAt.toISOString(), dueAt: opened.dueAt.toISOString() },
  ];
}

/** Cancels every step of the round that is still open (after a reject, return or withdrawal). */
export async function cancelOpenSteps(tx: Tx, requestId: string, round: number, now: Date): Promise<void> {
  await tx.step.updateMany({ where: { requestId, round, state: { in: ['waiting', 'active'] } }, data: { state: 'cancelled', decidedAt: now } });
}
