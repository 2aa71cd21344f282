// Request lifecycle (申请状态流转): the only status changes a request may make.
import { appError } from './errors.js';
import type { RequestStatus } from './types.js';

const TRANSITIONS: Record<RequestStatus, readonly RequestStatus[]> = {
  draft: ['in_approval', 'cancelled'],
  in_approval: ['approved', 'rejected', 'returned', 'withdrawn'],
  // 退回修改: resubmit starts a new round, or the requester gives up
  returned: ['in_approval', 'cancelled'],
  approved: [],
  rejected: [],
  withdrawn: [],
  cancelled: [],
};

export function allowedTransitions(from: RequestStatus): readonly RequestStatus[] {
  return TRANSITIONS[from];
}

export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** No way out of these (approved, rejected, withdrawn, cancelled). */
export function isTerminal(status: RequestStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

/** Throws INVALID_STATE (details: from, to, allowed, plus `context` such as the request number) unless the change is allowed. */
export function assertTransition(from: RequestStatus, to: RequestStatus, context: Record<string, unknown> = {}): void {
  if (!canTransition(from, to)) {
    throw appError('INVALID_STATE', `request cannot go from ${from} to ${to}`, { ...context, from, to, allowed: [...TRANSITIONS[from]] });
  }
}
