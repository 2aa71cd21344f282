// 同意 / 驳回 / 退回修改 / 转交 on a step. The step row is locked (SELECT … FOR UPDATE) and its state
// checked under the lock, so a double tap, a platform retry or a second 或签 leader produces exactly
// one decision. Refusals are thrown as AppErrors; NOT_ASSIGNEE is audited as a security event.
import type { Prisma } from '../../../prisma/generated/client.js';
import { decideStep } from '../../domain/decide-step.js';
import type { DecisionOutcome, Effect } from '../../domain/effects.js';
import { appError, isAppError } from '../../domain/errors.js';
import { nextStep } from '../../domain/next-step.js';
import type { DecisionCommand, StepView } from '../../domain/types.js';
import type { DecisionInput } from '../../service/views.js';
import { appendAudit, recordAudit } from '../audit.js';
import type { Actor, Ctx } from '../context.js';
import type { Tx } from '../db.js';
import { answer, emit, replyOf } from '../outbox.js';
import { loadDelegations, loadOrgSnapshot, loadPolicy, personName } from '../org-snapshot.js';
import { stepModeOf, stepStateOf } from '../rows.js';
import { activateStep, cancelOpenSteps } from './activate-step.js';
import { lockRequest } from './lock-request.js';
import { applyApproval, releaseHeld } from './request-money.js';
import { superviseApproval, superviseCollective, superviseReturn } from '../supervision/supervise.js';

export type { DecisionInput, DecisionOutcome };

/** Refusals worth an audit row: who tried what, on which card. */
const AUDITED_REFUSALS = ['NOT_ASSIGNEE', 'SELF_APPROVAL', 'STEP_CLOSED', 'ALREADY_DECIDED', 'MEETING_REQUIRED', 'TRANSFER_TARGET_INVALID'];
/** Refusals that are attempts to act without authority (越权), audited as security events. */
const SECURITY_REFUSALS = ['NOT_ASSIGNEE', 'SELF_APPROVAL'];

export async function decideRequest(ctx: Ctx, given: DecisionInput, actor: Actor): Promise<{ outcome: DecisionOutcome; no: number }> {
  const input = { ...given, comment: given.comment.trim(), transferTo: given.transferTo?.trim() || undefined };
  try {
    return await ctx.db.$transaction((tx) => applyDecision(tx, ctx, input, actor));
  } catch (error) {
    if (isAppError(error) && AUDITED_REFUSALS.includes(error.code)) {
      const security = SECURITY_REFUSALS.includes(error.code);
      // the policy version the request runs under, as on every other audit event of it
      const request = await ctx.db.request.findUnique({ where: { id: input.requestId }, select: { policyVersion: true } });
      await recordAudit(ctx.db, {
        action: security ? 'security.refused' : 'decision.refused',
        subject: `request:${input.requestId}`,
        actorId: actor.personId,
        platform: actor.platform,
        account: actor.account,
        at: ctx.now,
        policyVersion: request?.policyVersion ?? null,
        data: { code: error.code, action: input.action, stepId: input.stepId ?? null, card: input.card ?? null, reason: error.message },
      });
    }
    throw error;
  }
}

async function applyDecision(tx: Tx, ctx: Ctx, input: DecisionInput, actor: Actor): Promise<{ outcome: DecisionOutcome; no: number }> {
  const request = await lockRequest(tx, input.requestId);
  // 驳回 and 退回 say why; 转交 says to whom (cards that cannot collect them send a bare tap)
  if ((input.action === 'reject' || input.action === 'return') && !input.comment) {
    throw appError('COMMENT_REQUIRED', `${input.action} needs a comment`, { no: request.no, action: input.action });
  }
  if (input.action === 'transfer' && !input.transferTo) throw appError('TRANSFER_TARGET_REQUIRED', 'transfer needs a target', { no: request.no });
  // the round's steps, read once: the one decided, and what follows it
  const steps = await tx.step.findMany({ where: { requestId: request.id, round: request.round } });
  const step = input.stepId ? (steps.find((s) => s.id === input.stepId) ?? (await tx.step.findUnique({ where: { id: input.stepId } }))) : steps.find((s) => s.state === 'active');
  if (!step || step.requestId !== request.id) {
    throw appError('STEP_CLOSED', 'no such step on this request', { no: request.no, status: request.status });
  }
  const view: StepView = {
    id: step.id,
    requestId: step.requestId,
    round: step.round,
    index: step.index,
    state: stepStateOf(step),
    mode: stepModeOf(step),
    assignees: step.assignees,
    approvedBy: step.approvedBy,
    collective: step.collective,
    requesterId: request.requesterId,
  };
  const delegations = await loadDelegations(tx, step.assignees);
  const transferTo = input.transferTo === undefined ? undefined : await resolvePerson(tx, actor.platform, input.transferTo);
  const command: DecisionCommand = { action: input.action, actorId: actor.personId, comment: input.comment, transferTo, meeting: input.meeting };
  const result = decideStep(view, command, delegations, ctx.now);
  if (!result.ok) {
    throw appError(result.code, result.reason, {
      no: request.no,
      status: request.status,
      stepName: step.name,
      stepState: step.state,
    });
  }

  const org = await loadOrgSnapshot(tx);
  if (input.action === 'transfer' && (!transferTo || !org.people.get(transferTo)?.active)) {
    throw appError('TRANSFER_TARGET_INVALID', `unknown transfer target ${input.transferTo ?? ''}`, { no: request.no });
  }
  await tx.decision.create({
    data: {
      requestId: request.id,
      stepId: step.id,
      personId: actor.personId,
      onBehalfOf: result.onBehalfOf ? result.actingFor : null,
      action: input.action,
      comment: input.comment,
      platform: actor.platform,
      at: ctx.now,
    },
  });
  const policy = await loadPolicy(tx, request.policyVersion);
  const actorName = personName(org, actor.personId);
  const outcome = result.outcome;
  let summary: DecisionOutcome;
  const effects: Effect[] = [{ kind: 'card.refresh', requestId: request.id }];
  const requester = personName(org, request.requesterId);

  switch (outcome.kind) {
    case 'partial':
      await tx.step.update({ where: { id: step.id }, data: { approvedBy: outcome.approvedBy } });
      summary = 'partial';
      break;
    case 'transferred':
      await tx.step.update({ where: { id: step.id }, data: { assignees: outcome.assignees } });
      effects.push(
        { kind: 'card.send', requestId: request.id, personId: transferTo! },
        { kind: 'notice', personId: transferTo!, notice: { kind: 'step.transferred', no: request.no, step: step.name, by: actorName } },
      );
      summary = 'transferred';
      break;
    case 'step_approved': {
      await tx.step.update({
        where: { id: step.id },
        data: { state: 'approved', decidedAt: ctx.now, approvedBy: outcome.approvedBy, meeting: (input.meeting ?? undefined) as Prisma.InputJsonObject | undefined },
      });
      // 三重一大: the meeting record is filed to 纪检 as the decision is made
      if (step.collective && input.meeting) await superviseCollective(tx, request, step, input.meeting, actor.personId, policy.policy, ctx.now);
      const next = nextStep(steps.map((s) => ({ index: s.index, state: s.id === step.id ? 'approved' : stepStateOf(s) })));
      if (next.kind === 'activate') {
        effects.unshift(
          ...(await activateStep(
            tx,
            steps.find((s) => s.index === next.index)!,
            request.requesterId,
            policy.policy,
            ctx.now,
            ctx.tz,
          )),
        );
        summary = 'step_approved';
      } else {
        const approval = await applyApproval(tx, request, policy.policy, org, ctx.now);
        await superviseApproval(tx, request, policy.policy, ctx.now);
        await tx.request.update({ where: { id: request.id }, data: { status: 'approved', closedAt: ctx.now } });
        effects.push(...approval.effects, {
          kind: 'notice',
          personId: request.requesterId,
          notice: {
            kind: 'request.decided',
            no: request.no,
            amount: request.amount.toString(),
            outcome: 'approved',
            by: actorName,
            comment: input.comment,
            ...(approval.awaitingPayment ? { awaitingPayment: true } : {}),
          },
        });
        summary = 'approved';
      }
      break;
    }
    case 'rejected':
    case 'returned': {
      const returned = outcome.kind === 'returned';
      await tx.step.update({ where: { id: step.id }, data: { state: outcome.kind, decidedAt: ctx.now } });
      await cancelOpenSteps(tx, request.id, request.round, ctx.now);
      await releaseHeld(tx, request, returned ? '退回修改' : '驳回');
      const returnCount = request.returnCount + (returned ? 1 : 0);
      await tx.request.update({
        where: { id: request.id },
        data: { status: outcome.kind, returnCount, closedAt: returned ? null : ctx.now },
      });
      effects.push({
        kind: 'notice',
        personId: request.requesterId,
        notice: { kind: 'request.decided', no: request.no, amount: request.amount.toString(), outcome: outcome.kind, by: actorName, comment: input.comment },
      });
      if (returned) {
        // 多次补正 (repeated-returns.ts decides when): into the register, with its digest line
        const line = { code: 'repeated_returns', no: request.no, requester, type: request.type, returns: returnCount } as const;
        await superviseReturn(tx, { ...request, returnCount }, policy.policy, ctx.now, line);
      }
      summary = outcome.kind;
      break;
    }
  }
  await appendAudit(tx, {
    action: `decision.${input.action}`,
    subject: `request:${request.id}`,
    actorId: actor.personId,
    platform: actor.platform,
    account: actor.account,
    at: ctx.now,
    policyVersion: request.policyVersion,
    data: {
      no: request.no,
      step: step.name,
      stepId: step.id,
      comment: input.comment,
      onBehalfOf: result.onBehalfOf ? result.actingFor : null,
      transferTo: transferTo ?? null,
      meeting: input.meeting ?? null,
      card: input.card ?? null,
      outcome: summary,
    },
  });
  // one insert: the next step's cards and timer first, then the refresh, the notices and the answer
  await emit(tx, ...effects, ...replyOf(actor, { kind: 'decision.made', no: request.no, outcome: summary }));
  await answer(tx, actor, ctx.now);
  return { outcome: summary, no: request.no };
}

/** A transfer target may be given as a person id or as an account on the actor's platform. */
async function resolvePerson(tx: Tx, platform: string, idOrAccount: string): Promise<string> {
  const person = await tx.person.findUnique({ where: { id: idOrAccount }, select: { id: true } });
  if (person) return person.id;
  const account = await tx.platformAccount.findUnique({ where: { platform_accountId: { platform, accountId: idOrAccount } }, select: { personId: true } });
  // unknown: refused below with TRANSFER_TARGET_INVALID (and audited)
  return account?.personId ?? idOrAccount;
}
