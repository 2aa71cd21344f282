// /结清: closes an approved commitment (事前申请, 合同) and every commitment under it. What is left of
// each goes back to the line (UNCOMMIT), and further children are refused. The requester or finance
// may settle; not while a child is in approval (its amount could still come back to the commitment).
import { makesCommitment } from '../../domain/chain/request-kind.js';
import { appError } from '../../domain/errors.js';
import type { Effect } from '../../domain/effects.js';
import { appendAudit } from '../audit.js';
import type { Actor, Ctx } from '../context.js';
import type { Tx } from '../db.js';
import { commitmentRemainder, uncommitBudget } from '../ledger.js';
import { answer, emit } from '../outbox.js';
import { requestKindOf } from '../rows.js';
import { lockRequest } from './lock-request.js';

export async function settleRequest(ctx: Ctx, requestId: string, actor: Actor): Promise<{ no: number; released: bigint }> {
  return ctx.db.$transaction(async (tx) => {
    const request = await lockRequest(tx, requestId);
    const kind = requestKindOf(request);
    const finance = await tx.roleAssignment.findUnique({ where: { role_personId: { role: 'finance', personId: actor.personId } } });
    if (request.requesterId !== actor.personId && !finance) throw appError('SETTLE_NOT_ALLOWED', 'only the requester or finance settles', { no: request.no });
    if (!makesCommitment(kind) || request.status !== 'approved' || request.settledAt !== null) {
      throw appError('SETTLE_NOT_COMMITMENT', `request ${request.no} holds no open commitment`, {
        no: request.no,
        kind,
        status: request.status,
        settled: request.settledAt !== null,
      });
    }
    const tree = await commitmentTree(tx, request.id);
    const open = await tx.request.findMany({ where: { parentId: { in: tree.map((r) => r.id) }, status: 'in_approval' }, select: { no: true }, orderBy: { no: 'asc' } });
    if (open.length > 0) throw appError('SETTLE_OPEN_CHILDREN', `children in approval`, { no: request.no, open: open.map((o) => o.no) });

    let released = 0n;
    const effects: Effect[] = [];
    for (const node of tree) {
      const left = await commitmentRemainder(tx, node.budgetLineId, node.id);
      if (left > 0n) await uncommitBudget(tx, node.budgetLineId, left, node.id, `结清 No.${request.no}`);
      released += left;
      await tx.request.update({ where: { id: node.id }, data: { settledAt: ctx.now, settledById: actor.personId } });
      effects.push({ kind: 'card.refresh', requestId: node.id });
    }
    await appendAudit(tx, {
      action: 'request.settled',
      subject: `request:${request.id}`,
      actorId: actor.personId,
      platform: actor.platform,
      account: actor.account,
      at: ctx.now,
      policyVersion: request.policyVersion,
      data: { no: request.no, released, settled: tree.map((n) => n.no) },
    });
    const notice = { kind: 'request.settled', no: request.no, released: released.toString() } as const;
    if (request.requesterId !== actor.personId) effects.push({ kind: 'notice', personId: request.requesterId, notice });
    await emit(tx, ...effects);
    await answer(tx, actor, ctx.now, notice);
    return { no: request.no, released };
  });
}

/** The request and every approved, unsettled commitment under it, parents first. */
async function commitmentTree(tx: Tx, rootId: string) {
  const root = await tx.request.findUniqueOrThrow({ where: { id: rootId } });
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    const children = await tx.request.findMany({
      where: { parentId: tree[i]!.id, status: 'approved', settledAt: null, kind: { in: ['prior', 'contract'] } },
      orderBy: { no: 'asc' },
    });
    for (const child of children) await tx.$queryRaw`SELECT "id" FROM "Request" WHERE "id" = ${child.id} FOR UPDATE`;
    tree.push(...children);
  }
  return tree;
}
