// A tap on a card button → the workflow command it stands for.
import { appError } from '../../workflows/domain/errors.js';
import type { Actor } from '../../workflows/infra/context.js';
import { decideRequest, type DecisionInput } from '../../workflows/infra/requests/decide-request.js';
import { submitRequest } from '../../workflows/infra/requests/submit-request.js';
import { withdrawRequest } from '../../workflows/infra/requests/withdraw-request.js';
import { ctxOf, type BotDeps } from '../deps.js';
import type { ButtonEvent } from '../inbound-event.js';
import { reply, type ReplyTarget } from '../replies/reply.js';

const DONE_TEXT: Record<string, string> = {
  approved: '已同意，申请审批完成。',
  step_approved: '已同意，已转下一环节。',
  partial: '已同意（会签），等待其他会签人。',
  rejected: '已驳回，预算已释放。',
  returned: '已退回申请人修改，预算已释放。',
  transferred: '已转交。',
};

export async function runButton(deps: BotDeps, actor: Actor, event: ButtonEvent, target: ReplyTarget): Promise<void> {
  const ctx = ctxOf(deps);
  switch (event.action) {
    case 'submit':
    case 'resubmit':
      await submitRequest(ctx, event.requestId, actor);
      return;
    case 'cancel':
    case 'withdraw': {
      const { no, status } = await withdrawRequest(ctx, event.requestId, actor);
      await reply(deps, target, status === 'withdrawn' ? `申请 No.${no} 已撤回，冻结的预算已释放。` : `申请 No.${no} 已取消。`);
      return;
    }
    case 'approve':
    case 'reject':
    case 'return':
    case 'transfer':
      return runDecision(deps, actor, target, {
        requestId: event.requestId,
        stepId: event.stepId,
        action: event.action,
        comment: event.comment,
        transferTo: event.transferTo,
        meeting: event.meeting,
        card: event.card,
      });
  }
}

/** A decision from a card tap or a typed /同意 /驳回 /退回 /转交. */
export async function runDecision(deps: BotDeps, actor: Actor, target: ReplyTarget, input: DecisionInput): Promise<void> {
  const comment = input.comment.trim();
  if ((input.action === 'reject' || input.action === 'return') && !comment) {
    const no = (await deps.db.request.findUnique({ where: { id: input.requestId }, select: { no: true } }))?.no;
    const verb = input.action === 'reject' ? '驳回' : '退回';
    throw appError('BAD_INPUT', 'comment required', { problem: `${verb}时请填写意见，说明原因（也可以发送：/${verb} ${no ?? '编号'} 理由）` });
  }
  // cards that cannot collect a target (WeCom button_interaction) send a bare 转交 tap
  if (input.action === 'transfer' && !input.transferTo?.trim()) {
    const no = (await deps.db.request.findUnique({ where: { id: input.requestId }, select: { no: true } }))?.no;
    throw appError('BAD_INPUT', 'transfer target required', { problem: `转交时请指明转交给谁（也可以发送：/转交 ${no ?? '编号'} 人员 [意见]）` });
  }
  const transferTo = input.transferTo ? await resolvePerson(deps, actor.platform, input.transferTo) : undefined;
  const { outcome, no } = await decideRequest(ctxOf(deps), { ...input, comment, transferTo }, actor);
  await reply(deps, target, `No.${no}：${DONE_TEXT[outcome] ?? '已处理。'}`);
}

/** A transfer target may be given as a person id or as an account on the platform. */
async function resolvePerson(deps: BotDeps, platform: string, idOrAccount: string): Promise<string> {
  const person = await deps.db.person.findUnique({ where: { id: idOrAccount } });
  if (person) return person.id;
  const account = await deps.db.platformAccount.findUnique({ where: { platform_accountId: { platform, accountId: idOrAccount } } });
  // unknown: the core refuses it with TRANSFER_TARGET_INVALID and audits the attempt
  return account?.personId ?? idOrAccount;
}
