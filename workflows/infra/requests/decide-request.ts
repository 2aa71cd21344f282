// 同意 / 驳回 / 退回修改 / 转交 on a step. The step row is locked (SELECT … FOR UPDATE) and its state
// checked under the lock, so a double tap, a platform retry or a second 或签 leader produces exactly
// one decision. Refusals are thrown as AppErrors; NOT_ASSIGNEE is audited as a security event.
import type { Prisma } from '../../../prisma/generated/client.js';
import { decideStep } from '../../domain/decide-step.js';
import { appError, isAppError } from '../../domain/errors.js';
import { formatYuan } from '../../domain/money.js';
import { nextStep } from '../../domain/next-step.js';
import type { DecisionCommand, MeetingRecord, StepMode, StepState, StepView } from '../../domain/types.js';
import { appendAudit, recordAudit } from '../audit.js';
import type { Actor, Ctx } from '../context.js';
import type { Tx } from '../db.js';
import { releaseBudget, spendBudget } from '../ledger.js';
import { emit } from '../outbox.js';
import { loadDelegations, loadOrgSnapshot, loadPolicy, personName } from '../org-snapshot.js';
import { activateStep, cancelOpenSteps } from './activate-step.js';

export interface DecisionInput {
  requestId: string;
  /** the step the tapped card was rendered for; absent = the request's current step */
  stepId?: string;
  action: DecisionCommand['action'];
  comment: string;
  transferTo?: string;
  meeting?: MeetingRecord;
  /** the platform's handle of the tapped card, recorded in the audit trail (absent for typed decisions) */
  card?: Record<string, unknown>;
}

export type DecisionOutcome = 'approved' | 'step_approved' | 'partial' | 'rejected' | 'returned' | 'transferred';

export async function decideRequest(ctx: Ctx, input: DecisionInput, actor: Actor): Promise<{ outcome: DecisionOutcome; no: number }> {
  try {
    return await ctx.db.$transaction((tx) => applyDecision(tx, ctx, input, actor));
  } catch (error) {
    if (isAppError(error) && ['NOT_ASSIGNEE', 'STEP_CLOSED', 'ALREADY_DECIDED', 'MEETING_REQUIRED', 'TRANSFER_TARGET_INVALID'].includes(error.code)) {
      const security = error.code === 'NOT_ASSIGNEE';
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
  const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Request" WHERE "id" = ${input.requestId} FOR UPDATE`;
  if (!locked) throw appError('REQUEST_NOT_FOUND', `request ${input.requestId}`, { requestId: input.requestId });
  const request = await tx.request.findUniqueOrThrow({ where: { id: input.requestId } });
  const active = await tx.step.findFirst({ where: { requestId: request.id, round: request.round, state: 'active' } });
  const step = input.stepId ? await tx.step.findUnique({ where: { id: input.stepId } }) : active;
  if (!step || step.requestId !== request.id) {
    throw appError('STEP_CLOSED', 'no such step on this request', { no: request.no, status: request.status });
  }
  const view: StepView = {
    id: step.id,
    requestId: step.requestId,
    round: step.round,
    index: step.index,
    state: step.state as StepState,
    mode: step.mode as StepMode,
    assignees: step.assignees,
    approvedBy: step.approvedBy,
    collective: step.collective,
    requesterId: request.requesterId,
  };
  const delegations = await loadDelegations(tx, step.assignees);
  const command: DecisionCommand = { action: input.action, actorId: actor.personId, comment: input.comment, transferTo: input.transferTo, meeting: input.meeting };
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
  if (input.action === 'transfer' && (!input.transferTo || !org.people.get(input.transferTo)?.active)) {
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
  const effects: Parameters<typeof emit>[1][] = [{ kind: 'card.refresh', requestId: request.id }];

  switch (outcome.kind) {
    case 'partial':
      await tx.step.update({ where: { id: step.id }, data: { approvedBy: outcome.approvedBy } });
      summary = 'partial';
      break;
    case 'transferred':
      await tx.step.update({ where: { id: step.id }, data: { assignees: outcome.assignees } });
      effects.push(
        { kind: 'card.send', requestId: request.id, personId: input.transferTo! },
        { kind: 'text.send', personId: input.transferTo!, text: `${actorName} 将申请 No.${request.no} 的「${step.name}」转交给您处理。` },
      );
      summary = 'transferred';
      break;
    case 'step_approved': {
      await tx.step.update({
        where: { id: step.id },
        data: { state: 'approved', decidedAt: ctx.now, approvedBy: outcome.approvedBy, meeting: (input.meeting ?? undefined) as Prisma.InputJsonObject | undefined },
      });
      const round = await tx.step.findMany({ where: { requestId: request.id, round: request.round }, select: { id: true, index: true, state: true } });
      const next = nextStep(round.map((s) => ({ index: s.index, state: s.state as StepState })));
      if (next.kind === 'activate') {
        await activateStep(tx, round.find((s) => s.index === next.index)!.id, policy.policy, ctx.now, ctx.tz);
        summary = 'step_approved';
      } else {
        await spendBudget(tx, request.budgetLineId, request.amount, request.id);
        await tx.request.update({ where: { id: request.id }, data: { status: 'approved', closedAt: ctx.now } });
        effects.push({ kind: 'text.send', personId: request.requesterId, text: `您的申请 No.${request.no}（${formatYuan(request.amount)} 元）已审批通过。` });
        summary = 'approved';
      }
      break;
    }
    case 'rejected':
    case 'returned': {
      const returned = outcome.kind === 'returned';
      await tx.step.update({ where: { id: step.id }, data: { state: outcome.kind, decidedAt: ctx.now } });
      await cancelOpenSteps(tx, request.id, request.round, ctx.now);
      await releaseBudget(tx, request.budgetLineId, request.amount, request.id, returned ? '退回修改' : '驳回');
      const returnCount = request.returnCount + (returned ? 1 : 0);
      await tx.request.update({
        where: { id: request.id },
        data: { status: outcome.kind, returnCount, closedAt: returned ? null : ctx.now },
      });
      const verb = returned ? '退回修改' : '驳回';
      effects.push({
        kind: 'text.send',
        personId: request.requesterId,
        text: `您的申请 No.${request.no} 被 ${actorName} ${verb}${input.comment ? `：${input.comment}` : '。'}${returned ? '\n修改后可在卡片上点「重新提交」。' : ''}`,
      });
      if (returned && returnCount >= policy.policy.supervision.returnsBeforeAlert) {
        effects.push({
          kind: 'group.digest',
          group: 'supervision',
          line: `【多次补正】No.${request.no} ${personName(org, request.requesterId)} 的${request.type}已被退回 ${returnCount} 次`,
        });
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
      transferTo: input.transferTo ?? null,
      meeting: input.meeting ?? null,
      card: input.card ?? null,
      outcome: summary,
    },
  });
  await emit(tx, ...effects);
  return { outcome: summary, no: request.no };
}
