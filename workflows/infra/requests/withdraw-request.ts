// 撤回 (in approval → withdrawn, budget released) and 取消 (a draft or a returned request → cancelled).
import { appError } from '../../domain/errors.js';
import { assertTransition } from '../../domain/lifecycle.js';
import type { RequestStatus } from '../../domain/types.js';
import { appendAudit } from '../audit.js';
import type { Actor, Ctx } from '../context.js';

import { answer, emit } from '../outbox.js';
import { cancelOpenSteps } from './activate-step.js';
import { lockRequest } from './lock-request.js';
import { releaseHeld } from './request-money.js';

export async function withdrawRequest(ctx: Ctx, requestId: string, actor: Actor): Promise<{ no: number; status: RequestStatus }> {
  return ctx.db.$transaction(async (tx) => {
    const request = await lockRequest(tx, requestId);
    if (request.requesterId !== actor.personId) throw appError('NOT_REQUESTER', 'only the requester withdraws', { no: request.no });
    const from = request.status as RequestStatus;
    // a draft or a returned request is cancelled; anything else can only be withdrawn (or is refused as such)
    const to: RequestStatus = from === 'draft' || from === 'returned' ? 'cancelled' : 'withdrawn';
    assertTransition(from, to, { no: request.no });
    if (from === 'in_approval') {
      await cancelOpenSteps(tx, requestId, request.round, ctx.now);
      await releaseHeld(tx, request, '撤回');
    }
    await tx.request.update({ where: { id: requestId }, data: { status: to, closedAt: ctx.now } });
    await appendAudit(tx, {
      action: to === 'withdrawn' ? 'request.withdrawn' : 'request.cancelled',
      subject: `request:${requestId}`,
      actorId: actor.personId,
      platform: actor.platform,
      account: actor.account,
      at: ctx.now,
      policyVersion: request.policyVersion,
      data: { no: request.no, from },
    });
    await emit(tx, { kind: 'card.refresh', requestId });
    await answer(tx, actor, ctx.now, { kind: 'request.closed', no: request.no, status: to });
    return { no: request.no, status: to };
  });
}
