// 提交: resolve and freeze the route, check-and-freeze the budget, open the first step — one transaction.
// Also 重新提交 after 退回修改: a new round with the route resolved again under the current policy.
import type { Prisma } from '../../../prisma/generated/client.js';
import { appError } from '../../domain/errors.js';
import { assertTransition } from '../../domain/lifecycle.js';
import { resolveRoute } from '../../domain/resolve-route.js';
import type { RequestStatus } from '../../domain/types.js';
import { appendAudit } from '../audit.js';
import type { Actor, Ctx } from '../context.js';
import { freezeBudget } from '../ledger.js';
import { answer, emit } from '../outbox.js';
import { loadOrgSnapshot, loadPolicy } from '../org-snapshot.js';
import { activateStep } from './activate-step.js';
import { lockRequest } from './lock-request.js';

export async function submitRequest({ db, now, tz }: Ctx, requestId: string, actor: Actor): Promise<void> {
  await db.$transaction(async (tx) => {
    const current = await lockRequest(tx, requestId);
    if (current.requesterId !== actor.personId) throw appError('NOT_REQUESTER', 'only the requester submits', { no: current.no });
    assertTransition(current.status as RequestStatus, 'in_approval', { no: current.no });
    const round = current.status === 'returned' ? current.round + 1 : current.round;

    const [org, policy] = await Promise.all([loadOrgSnapshot(tx), loadPolicy(tx)]);
    const route = resolveRoute(
      policy.policy,
      org,
      { type: current.type, amount: current.amount, requesterId: current.requesterId, departmentId: current.departmentId, tags: current.tags },
      policy.version,
    );
    await freezeBudget(tx, current.budgetLineId, current.amount, requestId);
    await tx.request.update({
      where: { id: requestId },
      data: { status: 'in_approval', round, route: route as unknown as Prisma.InputJsonObject, policyVersion: policy.version, submittedAt: now },
    });
    await tx.step.createMany({
      data: route.steps.map((s) => ({
        id: `${requestId}.${round}.${s.index}`,
        requestId,
        round,
        index: s.index,
        name: s.name,
        role: s.role,
        mode: s.mode,
        assignees: s.assignees,
        approvedBy: [],
        mandatory: s.mandatory,
        collective: s.collective,
        state: 'waiting',
        limitMinutes: s.limitMinutes,
      })),
    });
    await activateStep(tx, `${requestId}.${round}.${route.steps[0]!.index}`, policy.policy, now, tz);
    await appendAudit(tx, {
      action: round > 1 ? 'request.resubmitted' : 'request.submitted',
      subject: `request:${requestId}`,
      actorId: actor.personId,
      platform: actor.platform,
      account: actor.account,
      at: now,
      policyVersion: policy.version,
      data: { no: current.no, round, amount: current.amount, line: current.budgetLineId, route: route.steps.map((s) => ({ name: s.name, assignees: s.assignees })) },
    });
    // the refreshed card is the answer
    await emit(tx, { kind: 'card.refresh', requestId });
    await answer(tx, actor, now);
  });
}
