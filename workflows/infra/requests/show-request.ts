// /进度 N: the request's card, sent to whoever asks, if they may view it (may-view.ts). The card is
// the answer, written to the outbox with the delivery marked handled.
import { delegatorsOf } from '../../domain/delegation.js';
import { appError } from '../../domain/errors.js';
import { mayViewRequest } from '../../domain/may-view.js';
import type { Actor, RequestView } from '../../service/views.js';
import { loadRequestView } from '../queries.js';
import type { Db } from '../db.js';
import { answer, emit } from '../outbox.js';

export async function showRequest(db: Db, actor: Actor, no: number, now: Date): Promise<void> {
  const request = await db.request.findUnique({ where: { no }, select: { id: true } });
  if (!request) throw appError('REQUEST_NOT_FOUND', `no ${no}`, { no });
  await assertMayView(db, actor, request.id, now);
  await db.$transaction(async (tx) => {
    await emit(tx, { kind: 'card.send', requestId: request.id, personId: actor.personId });
    await answer(tx, actor, now);
  });
}

/** The request with this number as its card would show it, for someone who may view it (the workbench's request page). */
export async function readRequest(db: Db, actor: Pick<Actor, 'personId'>, no: number, now: Date): Promise<RequestView> {
  const request = await db.request.findUnique({ where: { no }, select: { id: true } });
  if (!request) throw appError('REQUEST_NOT_FOUND', `no ${no}`, { no });
  await assertMayView(db, actor, request.id, now);
  const view = await loadRequestView(db, request.id);
  if (!view) throw appError('REQUEST_NOT_FOUND', `no ${no}`, { no });
  return view;
}

/** NOT_REQUESTER (with view) unless the actor may view the request (may-view.ts). */
export async function assertMayView(db: Db, actor: Pick<Actor, 'personId'>, requestId: string, now: Date): Promise<void> {
  const request = await db.request.findUniqueOrThrow({ where: { id: requestId }, include: { steps: { select: { assignees: true } } } });
  const no = request.no;
  const [roles, delegations] = await Promise.all([
    db.roleAssignment.findMany({ where: { personId: actor.personId } }),
    db.delegation.findMany({ where: { toId: actor.personId } }),
  ]);
  const viewer = { id: actor.personId, roles: roles.map((r) => r.role), standsFor: delegatorsOf(actor.personId, delegations, now) };
  if (!mayViewRequest(viewer, { requesterId: request.requesterId, assignees: request.steps.map((s) => s.assignees), payment: request.paymentState !== null })) {
    throw appError('NOT_REQUESTER', `person ${actor.personId} may not view ${no}`, { no, view: true });
  }
}
