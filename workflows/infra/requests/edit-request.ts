// 修改: the requester changes a draft or a returned request (退回修改 means "fix it and send it back"):
// amount, 事由, supplier, or the budget line (科目 / 项目). Nothing is frozen while it is a draft or
// returned, so no money moves; the budget check and the route preview are worked out again, and the
// change is kept (old → new) so every card shows what changed before the next round.
import type { Prisma } from '../../../prisma/generated/client.js';
import { planInstalments } from '../../domain/chain/instalments.js';
import { appError } from '../../domain/errors.js';
import { changesOf } from '../../domain/request-changes.js';
import { resolveRoute } from '../../domain/resolve-route.js';
import type { EditInput } from '../../service/views.js';
import { appendAudit } from '../audit.js';
import type { Actor, Ctx } from '../context.js';
import { answer, emit } from '../outbox.js';
import { loadOrgSnapshot, loadPolicy } from '../org-snapshot.js';
import { requestKindOf } from '../rows.js';
import { assertLink, instalmentsOf } from './chain-facts.js';
import { findBudgetLine } from './find-budget-line.js';
import { lockRequest } from './lock-request.js';
import { superviseDraft } from '../supervision/supervise.js';

export async function editRequest(ctx: Ctx, requestId: string, input: EditInput, actor: Actor): Promise<{ no: number }> {
  return ctx.db.$transaction(async (tx) => {
    const request = await lockRequest(tx, requestId);
    if (request.requesterId !== actor.personId) throw appError('NOT_REQUESTER', 'only the requester edits', { no: request.no });
    if (request.status !== 'draft' && request.status !== 'returned')
      throw appError('INVALID_STATE', `request ${request.no} is ${request.status}`, { no: request.no, from: request.status, to: 'edited' });
    if (input.amount !== undefined && input.amount <= 0n) throw appError('AMOUNT_INVALID', `amount ${input.amount}`, { input: String(input.amount) });
    const policy = await loadPolicy(tx);
    const line =
      input.subject === undefined && input.project === undefined
        ? null
        : await findBudgetLine(tx, { departmentId: request.departmentId, fiscalYear: policy.fiscalYear, subjectOrId: input.subject ?? request.category, project: input.project });
    const changes = changesOf(
      { lineId: request.budgetLineId, amount: request.amount, purpose: request.purpose, supplier: request.supplier },
      { lineId: line?.id, amount: input.amount, purpose: input.purpose, supplier: input.supplier },
      request.no,
    );
    const next = { ...request, budgetLineId: line?.id ?? request.budgetLineId, amount: input.amount ?? request.amount };
    const kind = requestKindOf(request);
    // a child stays on its parent's line, within what the parent has left
    if (request.parentId !== null) {
      const parent = await tx.request.findUniqueOrThrow({ where: { id: request.parentId } });
      const child = { id: request.id, kind, requesterId: request.requesterId, departmentId: request.departmentId, budgetLineId: next.budgetLineId, amount: next.amount };
      await assertLink(tx, child, parent, policy.policy, request.type, { draft: true });
    }
    if (kind === 'contract') instalmentsOf(next);
    if (kind === 'contract' && next.instalments === null) planInstalments(next.amount, []);
    const org = await loadOrgSnapshot(tx);
    const route = resolveRoute(
      policy.policy,
      org,
      { type: request.type, amount: next.amount, requesterId: request.requesterId, departmentId: request.departmentId, tags: request.tags },
      policy.version,
    );
    const round = request.status === 'returned' ? request.round + 1 : request.round;
    const edited = await tx.request.update({
      where: { id: request.id },
      data: {
        amount: next.amount,
        budgetLineId: next.budgetLineId,
        category: line?.subject ?? request.category,
        purpose: input.purpose?.trim() ?? request.purpose,
        supplier: input.supplier?.trim() ?? request.supplier,
        route: route as unknown as Prisma.InputJsonObject,
        policyVersion: policy.version,
      },
    });
    // a changed amount, line or supplier may complete a split purchase
    await superviseDraft(tx, edited, policy.policy, ctx.now);
    await tx.requestRevision.create({ data: { requestId: request.id, round, changes: changes as unknown as Prisma.InputJsonArray, personId: actor.personId, at: ctx.now } });
    await appendAudit(tx, {
      action: 'request.edited',
      subject: `request:${request.id}`,
      actorId: actor.personId,
      platform: actor.platform,
      account: actor.account,
      at: ctx.now,
      policyVersion: policy.version,
      data: { no: request.no, round, changes },
    });
    // the refreshed card is the answer
    await emit(tx, { kind: 'card.refresh', requestId: request.id });
    await answer(tx, actor, ctx.now);
    return { no: request.no };
  });
}
