// 关联 chosen on a draft's card (or typed again): sets the parent of a draft or returned request, with
// the same checks as naming it in /申请. The request keeps its line: only a parent on that line fits.
import { appError } from '../../domain/errors.js';
import { appendAudit } from '../audit.js';
import type { Actor, Ctx } from '../context.js';
import { answer, emit } from '../outbox.js';
import { loadPolicy } from '../org-snapshot.js';
import { requestKindOf } from '../rows.js';
import { assertInstalment, assertLink, checkUnderContract, resolveRequestRef, typePolicyOf } from './chain-facts.js';
import { lockRequest } from './lock-request.js';

export async function linkRequest(ctx: Ctx, requestId: string, parentRef: string, actor: Actor): Promise<{ no: number; parentNo: number }> {
  return ctx.db.$transaction(async (tx) => {
    const request = await lockRequest(tx, requestId);
    if (request.requesterId !== actor.personId) throw appError('NOT_REQUESTER', 'only the requester links', { no: request.no });
    if (request.status !== 'draft' && request.status !== 'returned')
      throw appError('INVALID_STATE', `request ${request.no} is ${request.status}`, { no: request.no, from: request.status, to: 'linked' });
    const parent = await tx.request.findUniqueOrThrow({ where: { id: await resolveRequestRef(tx, parentRef) } });
    const policy = await loadPolicy(tx, request.policyVersion);
    const kind = requestKindOf(request);
    const child = { id: request.id, kind, requesterId: request.requesterId, departmentId: request.departmentId, budgetLineId: request.budgetLineId, amount: request.amount };
    await assertLink(tx, child, parent, policy.policy, request.type);
    const acceptanceFirst = typePolicyOf(policy.policy, request.type, kind).acceptanceBeforePayment;
    const instalment = assertInstalment(await checkUnderContract(tx, { id: request.id, kind, amount: request.amount, instalment: request.instalment }, parent.id, acceptanceFirst));
    await tx.request.update({ where: { id: request.id }, data: { parentId: parent.id, instalment } });
    await appendAudit(tx, {
      action: 'request.linked',
      subject: `request:${request.id}`,
      actorId: actor.personId,
      platform: actor.platform,
      account: actor.account,
      at: ctx.now,
      policyVersion: request.policyVersion,
      data: { no: request.no, parent: parent.no, instalment },
    });
    // the refreshed card is the answer
    await emit(tx, { kind: 'card.refresh', requestId: request.id });
    await answer(tx, actor, ctx.now);
    return { no: request.no, parentNo: parent.no };
  });
}
