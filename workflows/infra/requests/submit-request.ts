// 提交: resolve and freeze the route, check-and-freeze the budget, open the first step — one transaction.
// Also 重新提交 after 退回修改: a new round with the route resolved again under the current policy.
// A child freezes its amount out of its parent's commitment, not the line: the parent row is share-
// locked (so it cannot be 结清 meanwhile) and the link checked again; children racing for what is left
// of one commitment serialise on the budget line's lock, and exactly the ones that fit get in.
import type { Prisma } from '../../../prisma/generated/client.js';
import { assertComplete } from '../../domain/attachments/required-attachments.js';
import { appError, isAppError } from '../../domain/errors.js';
import { CONTRACT_PAYMENT_REFUSALS } from '../../domain/supervision/contract-payment.js';
import { supervisePaymentRefusal } from '../supervision/supervise.js';
import { assertTransition } from '../../domain/lifecycle.js';
import { resolveRoute } from '../../domain/resolve-route.js';
import type { OrgSnapshot, RequestStatus } from '../../domain/types.js';
import { appendAuditMany, type AuditEntry } from '../audit.js';
import type { Actor, Ctx } from '../context.js';
import { freezeBudget, lockLines, refuseIfNoRoom } from '../ledger.js';
import type { Policy } from '../../domain/org-file.js';
import { freezesOnSubmit } from '../../domain/chain/request-kind.js';
import type { Tx } from '../db.js';
import { requestKindOf } from '../rows.js';
import { assertInstalment, assertLink, checkUnderContract, typePolicyOf } from './chain-facts.js';
import { answer, emit, type Effect } from '../outbox.js';
import { loadOrgSnapshot, loadPolicy } from '../org-snapshot.js';
import { activateStep } from './activate-step.js';
import { lockRequest } from './lock-request.js';

export async function submitRequest(ctx: Ctx, requestId: string, actor: Actor, explanation?: string): Promise<void> {
  try {
    await submitNow(ctx, requestId, actor, explanation);
  } catch (error) {
    // a payment beyond its contract or before acceptance is refused, and the attempt reported (电子监察)
    if (isAppError(error) && (CONTRACT_PAYMENT_REFUSALS as readonly string[]).includes(error.code)) {
      const request = await ctx.db.request.findUnique({ where: { id: requestId }, select: { kind: true, parentId: true } });
      if (request?.parentId && request.kind === 'payment') await supervisePaymentRefusal(ctx.db, requestId, error.code, (await loadPolicy(ctx.db)).policy, ctx.now);
    }
    throw error;
  }
}

async function submitNow({ db, now, tz }: Ctx, requestId: string, actor: Actor, explanation: string | undefined): Promise<void> {
  await db.$transaction(async (tx) => {
    const current = await lockRequest(tx, requestId);
    if (current.requesterId !== actor.personId) throw appError('NOT_REQUESTER', 'only the requester submits', { no: current.no });
    assertTransition(current.status as RequestStatus, 'in_approval', { no: current.no });
    const round = current.status === 'returned' ? current.round + 1 : current.round;
    // a line that cannot hold the amount as it stands refuses it before any other work (in a rush on
    // one line, most submits end here: four statements, no lock of the line)
    if (current.parentId === null && freezesOnSubmit(requestKindOf(current), current.targetLineId)) await refuseIfNoRoom(tx, current.budgetLineId, current.amount);

    const [org, policy, files] = await Promise.all([
      loadOrgSnapshot(tx),
      loadPolicy(tx),
      tx.attachment.findMany({ where: { requestId }, select: { kind: true, removedRound: true } }),
    ]);
    // 要件: the files its type requires, before it goes to anyone
    const required = policy.policy.requestTypes.find((t) => t.name === current.type)?.requiredAttachments ?? [];
    assertComplete(current.type, required, files, current.no);
    // 化整为零: blocked, or submitted with a written explanation for the 监督群
    const split = await splitPurchaseOf(tx, current, policy.policy, explanation);
    const route = resolveRoute(
      policy.policy,
      org,
      { type: current.type, amount: current.amount, requesterId: current.requesterId, departmentId: current.departmentId, tags: current.tags },
      policy.version,
    );
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
    const first = route.steps[0]!;
    const opened = await activateStep(
      tx,
      { id: `${requestId}.${round}.${first.index}`, requestId, assignees: first.assignees, limitMinutes: first.limitMinutes },
      current.requesterId,
      policy.policy,
      now,
      tz,
    );
    const explained = split ? await explainSplit(tx, split, current, actor, explanation!, org, now) : null;
    // the refreshed card is the answer
    await emit(tx, ...opened, { kind: 'card.refresh', requestId }, ...(explained ? [explained.digest] : []));
    await answer(tx, actor, now);
    // Last, the shared rows: the budget line's row lock and then the audit chain's are held from here
    // to the commit, so everything else was done before (a busy line serialises only these few statements).
    await freezeOnSubmit(tx, current, policy.policy);
    const submitted: AuditEntry = {
      action: round > 1 ? 'request.resubmitted' : 'request.submitted',
      subject: `request:${requestId}`,
      actorId: actor.personId,
      platform: actor.platform,
      account: actor.account,
      at: now,
      policyVersion: policy.version,
      data: { no: current.no, round, amount: current.amount, line: current.budgetLineId, route: route.steps.map((s) => ({ name: s.name, assignees: s.assignees })) },
    };
    await appendAuditMany(tx, explained ? [submitted, explained.audit] : [submitted]);
  });
}

type SplitAlert = { id: string; no: number; facts: unknown };

/** the request's open 化整为零 alert, once the policy lets it through: SPLIT_PURCHASE_BLOCKED, or SPLIT_EXPLANATION_REQUIRED without words */
async function splitPurchaseOf(tx: Tx, request: RequestRow, policy: Policy, explanation: string | undefined): Promise<SplitAlert | null> {
  const alert = await tx.alert.findUnique({ where: { dedupeKey: `split_purchase:${request.id}` } });
  if (!alert || alert.state === 'closed') return null;
  const facts = alert.facts as { total?: string; threshold?: string };
  const details = { no: request.no, alertNo: alert.no, total: facts.total, threshold: facts.threshold, citation: alert.citation };
  if (policy.supervision.splitPurchaseBlocks) throw appError('SPLIT_PURCHASE_BLOCKED', `split purchase ${alert.no}`, details);
  if (!explanation?.trim()) throw appError('SPLIT_EXPLANATION_REQUIRED', `split purchase ${alert.no} needs an explanation`, details);
  return alert;
}

/** Keeps the requester's explanation on the alert; gives its audit event and the 监督群's notice, for the submit to write with its own. */
async function explainSplit(
  tx: Tx,
  alert: SplitAlert,
  request: RequestRow,
  actor: Actor,
  explanation: string,
  org: OrgSnapshot,
  now: Date,
): Promise<{ audit: AuditEntry; digest: Effect }> {
  const text = explanation.trim().slice(0, 500);
  await tx.alert.update({ where: { id: alert.id }, data: { facts: { ...(alert.facts as object), explanation: text } } });
  const person = org.people.get(actor.personId)?.name ?? actor.personId;
  return {
    audit: {
      action: 'alert.explained',
      subject: `alert:${alert.id}`,
      actorId: actor.personId,
      platform: actor.platform,
      account: actor.account,
      at: now,
      data: { no: alert.no, request: request.no, explanation: text },
    },
    digest: { kind: 'group.digest', group: 'supervision', notice: { kind: 'alert.explained', alertNo: alert.no, no: request.no, person, explanation: text } },
  };
}

type RequestRow = Awaited<ReturnType<typeof lockRequest>>;

async function freezeOnSubmit(tx: Tx, request: RequestRow, policy: Policy): Promise<void> {
  const kind = requestKindOf(request);
  let parent = null;
  if (request.parentId !== null) {
    await tx.$queryRaw`SELECT "id" FROM "Request" WHERE "id" = ${request.parentId} FOR SHARE`;
    parent = await tx.request.findUniqueOrThrow({ where: { id: request.parentId } });
  }
  const child = { id: request.id, kind, requesterId: request.requesterId, departmentId: request.departmentId, budgetLineId: request.budgetLineId, amount: request.amount };
  await assertLink(tx, child, parent, policy, request.type);
  if (parent) {
    // the line lock first: instalments are checked against siblings that cannot change under it
    await lockLines(tx, [request.budgetLineId]);
    const acceptanceFirst = typePolicyOf(policy, request.type, kind).acceptanceBeforePayment;
    assertInstalment(await checkUnderContract(tx, { id: request.id, kind, amount: request.amount, instalment: request.instalment }, parent.id, acceptanceFirst));
  }
  if (!freezesOnSubmit(kind, request.targetLineId)) return;
  const source = parent ? ({ from: 'committed', commitmentId: parent.id } as const) : ({ from: 'line' } as const);
  await freezeBudget(tx, request.budgetLineId, request.amount, request.id, source);
}
