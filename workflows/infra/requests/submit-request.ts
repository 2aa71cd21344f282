// 提交: resolve and freeze the route, check-and-freeze the budget, open the first step — one transaction.
// Also 重新提交 after 退回修改: a new round with the route resolved again under the current policy.
// A child freezes its amount out of its parent's commitment, not the line: the parent row is share-
// locked (so it cannot be 结清 meanwhile) and the link checked again; children racing for what is left
// of one commitment serialise on the budget line's lock, and exactly the ones that fit get in.
import { Prisma, type Request } from '../../../prisma/generated/client.js';
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
import { answering, emitting, type Effect } from '../outbox.js';
import { loadOrgSnapshot, loadPolicy } from '../org-snapshot.js';
import { openedStep, openingEffects } from './activate-step.js';
import { lockRequestWithLine } from './lock-request.js';
import { insertStatements, sqlValue, writeTogether, type TableSpec } from '../raw-writes.js';

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
    const { request: current, line } = await lockRequestWithLine(tx, requestId);
    if (current.requesterId !== actor.personId) throw appError('NOT_REQUESTER', 'only the requester submits', { no: current.no });
    assertTransition(current.status as RequestStatus, 'in_approval', { no: current.no });
    const round = current.status === 'returned' ? current.round + 1 : current.round;
    // a line that cannot hold the amount as it stood refuses it before any other work (in a rush on
    // one line, most submits end here: three statements, no lock of the line)
    if (line && current.parentId === null && freezesOnSubmit(requestKindOf(current), current.targetLineId)) refuseIfNoRoom(line, current.amount);

    const [org, policy, { files, splitAlert }] = await Promise.all([loadOrgSnapshot(tx), loadPolicy(tx), readFilesAndSplitAlert(tx, requestId)]);
    // 要件: the files its type requires, before it goes to anyone
    const required = policy.policy.requestTypes.find((t) => t.name === current.type)?.requiredAttachments ?? [];
    assertComplete(current.type, required, files, current.no);
    // 化整为零: blocked, or submitted with a written explanation for the 监督群
    const split = splitPurchaseOf(splitAlert, current, policy.policy, explanation);
    const route = resolveRoute(
      policy.policy,
      org,
      { type: current.type, amount: current.amount, requesterId: current.requesterId, departmentId: current.departmentId, tags: current.tags },
      policy.version,
    );
    // the first step is written open: its deadlines, its cards and its first timer
    const first = route.steps[0]!;
    const opened = openedStep(first.limitMinutes, policy.policy, now, tz);
    const steps = route.steps.map((s) => ({
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
      limitMinutes: s.limitMinutes,
      ...(s === first ? opened : { state: 'waiting', activatedAt: null, yellowAt: null, dueAt: null, light: 'green' }),
    }));
    const openingCards = await openingEffects(tx, steps[0]!, opened, current.requesterId, now);
    const explained = split ? explainSplit(split, current, actor, explanation!, org, now) : null;
    // the request, its steps, the explanation, the effects and the answer (the refreshed card is the
    // answer): none reads another's rows, so they go as one statement
    await writeTogether(tx, [
      Prisma.sql`UPDATE "Request" SET "status" = 'in_approval', "round" = ${round}, "route" = ${sqlValue(route, 'jsonb')},
        "policyVersion" = ${policy.version}, "submittedAt" = ${sqlValue(now, 'timestamp')} WHERE "id" = ${requestId}`,
      ...insertStatements(STEP, steps),
      ...(explained ? [explained.keep] : []),
      ...emitting([...openingCards, { kind: 'card.refresh', requestId }, ...(explained ? [explained.digest] : [])]),
      ...answering(actor, now),
    ]);
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

/** A step as a submit writes it: all of a round's at once, the first one open. */
const STEP: TableSpec<{
  id: string;
  requestId: string;
  round: number;
  index: number;
  name: string;
  role: string;
  mode: string;
  assignees: readonly string[];
  approvedBy: readonly string[];
  mandatory: boolean;
  collective: boolean;
  limitMinutes: number;
  state: string;
  activatedAt: Date | null;
  yellowAt: Date | null;
  dueAt: Date | null;
  light: string;
}> = {
  table: 'Step',
  columns: {
    id: 'text',
    requestId: 'text',
    round: 'integer',
    index: 'integer',
    name: 'text',
    role: 'text',
    mode: 'text',
    assignees: 'text[]',
    approvedBy: 'text[]',
    mandatory: 'boolean',
    collective: 'boolean',
    limitMinutes: 'integer',
    state: 'text',
    activatedAt: 'timestamp',
    yellowAt: 'timestamp',
    dueAt: 'timestamp',
    light: 'text',
  },
};

type SplitAlert = { id: string; no: number; state: string; citation: string; facts: unknown };

/** What a submit checks besides the request, read after its lock in one statement: its files, and its 化整为零 alert if one was raised. */
async function readFilesAndSplitAlert(tx: Tx, requestId: string): Promise<{ files: { kind: string; removedRound: number | null }[]; splitAlert: SplitAlert | null }> {
  const [row] = await tx.$queryRaw<{ files: { kind: string; removedRound: number | null }[]; splitAlert: SplitAlert | null }[]>`
    SELECT
      (SELECT coalesce(json_agg(json_build_object('kind', a."kind", 'removedRound', a."removedRound")), '[]'::json)
        FROM "Attachment" a WHERE a."requestId" = ${requestId}) AS "files",
      (SELECT json_build_object('id', al."id", 'no', al."no", 'state', al."state", 'citation', al."citation", 'facts', al."facts")
        FROM "Alert" al WHERE al."dedupeKey" = ${`split_purchase:${requestId}`}) AS "splitAlert"`;
  return { files: row?.files ?? [], splitAlert: row?.splitAlert ?? null };
}

/** the request's open 化整为零 alert, once the policy lets it through: SPLIT_PURCHASE_BLOCKED, or SPLIT_EXPLANATION_REQUIRED without words */
function splitPurchaseOf(alert: SplitAlert | null, request: RequestRow, policy: Policy, explanation: string | undefined): SplitAlert | null {
  if (!alert || alert.state === 'closed') return null;
  const facts = alert.facts as { total?: string; threshold?: string };
  const details = { no: request.no, alertNo: alert.no, total: facts.total, threshold: facts.threshold, citation: alert.citation };
  if (policy.supervision.splitPurchaseBlocks) throw appError('SPLIT_PURCHASE_BLOCKED', `split purchase ${alert.no}`, details);
  if (!explanation?.trim()) throw appError('SPLIT_EXPLANATION_REQUIRED', `split purchase ${alert.no} needs an explanation`, details);
  return alert;
}

/** Keeps the requester's explanation on the alert (the statement that does); gives its audit event and the 监督群's notice, for the submit to write with its own. */
function explainSplit(
  alert: SplitAlert,
  request: RequestRow,
  actor: Actor,
  explanation: string,
  org: OrgSnapshot,
  now: Date,
): { keep: Prisma.Sql; audit: AuditEntry; digest: Effect } {
  const text = explanation.trim().slice(0, 500);
  const person = org.people.get(actor.personId)?.name ?? actor.personId;
  return {
    keep: Prisma.sql`UPDATE "Alert" SET "facts" = ${sqlValue({ ...(alert.facts as object), explanation: text }, 'jsonb')} WHERE "id" = ${alert.id}`,
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

type RequestRow = Request;

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
