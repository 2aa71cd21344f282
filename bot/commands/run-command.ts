// Typed commands → services and replies.
import { appError } from '../../workflows/domain/errors.js';
import { formatYuan, parseYuan } from '../../workflows/domain/money.js';
import type { Actor } from '../../workflows/infra/context.js';
import { emit } from '../../workflows/infra/outbox.js';
import { loadPolicy } from '../../workflows/infra/org-snapshot.js';
import { budgetBalances, findRequestByNo, pendingFor, recentRequestsOf } from '../../workflows/infra/queries.js';
import { createDraft } from '../../workflows/infra/requests/create-draft.js';
import { withdrawRequest } from '../../workflows/infra/requests/withdraw-request.js';
import { STATUS_LABELS } from '../cards/render-request-card.js';
import { ctxOf, type BotDeps } from '../deps.js';
import { HELP_TEXT, usageText } from '../replies/help-text.js';
import { reply, type ReplyTarget } from '../replies/reply.js';
import { runDecision } from './run-button.js';
import { parseCommand } from './parse-command.js';

/** Roles that may look at any request (监督: finance office, 纪检, leaders). */
const OVERSIGHT_ROLES = ['finance', 'principal', 'discipline'];

export async function runCommand(deps: BotDeps, actor: Actor, text: string, target: ReplyTarget): Promise<void> {
  const policy = await loadPolicy(deps.db);
  const command = parseCommand(text, policy.policy.requestTypes.map((t) => t.name));
  switch (command.name) {
    case 'help':
      return reply(deps, target, HELP_TEXT);
    case 'unknown':
      return reply(deps, target, `没看懂「${command.text.slice(0, 40)}」。\n\n${HELP_TEXT}`);
    case 'usage':
      return reply(deps, target, usageText(command.command, command.problem));
    case 'apply': {
      const amount = parseYuan(command.amountText);
      if (command.type === undefined && /申请|报销|审批|付款$/.test(command.subject)) {
        const known = policy.policy.requestTypes.map((t) => t.name);
        throw appError('UNKNOWN_REQUEST_TYPE', `unknown type ${command.subject}`, { type: command.subject, known });
      }
      await createDraft(ctxOf(deps), {
        requesterId: actor.personId,
        type: command.type,
        subject: command.subject,
        project: command.project,
        amount,
        purpose: command.purpose,
        supplier: command.supplier,
        tags: command.tags,
        platform: actor.platform,
        account: actor.account,
      });
      return;
    }
    case 'budget':
      return reply(deps, target, await budgetText(deps, actor.personId, command.query, policy.fiscalYear));
    case 'todo':
      return reply(deps, target, await todoText(deps, actor.personId));
    case 'status':
      return command.no === undefined ? reply(deps, target, await recentText(deps, actor.personId)) : showRequest(deps, actor.personId, command.no);
    case 'decide': {
      const request = await findRequestByNo(deps.db, command.no);
      if (!request) throw appError('REQUEST_NOT_FOUND', `no ${command.no}`, { no: command.no });
      return runDecision(deps, actor, target, { requestId: request.id, action: command.action, comment: command.comment, transferTo: command.transferTo, meeting: command.meeting });
    }
    case 'withdraw': {
      const request = await findRequestByNo(deps.db, command.no);
      if (!request) throw appError('REQUEST_NOT_FOUND', `no ${command.no}`, { no: command.no });
      const { no } = await withdrawRequest(ctxOf(deps), request.id, actor);
      return reply(deps, target, `申请 No.${no} 已撤回，冻结的预算已释放。`);
    }
  }
}

async function budgetText(deps: BotDeps, personId: string, query: string | undefined, fiscalYear: number): Promise<string> {
  const person = await deps.db.person.findUniqueOrThrow({ where: { id: personId } });
  const departments = await deps.db.department.findMany();
  const department = query ? departments.find((d) => d.id === query || d.name === query || d.name.includes(query)) : undefined;
  const lines = await budgetBalances(deps.db, {
    fiscalYear,
    departmentId: department?.id ?? (query ? undefined : person.departmentId),
    subject: department || !query ? undefined : query,
  });
  if (lines.length === 0) return `没有找到「${query ?? ''}」相关的预算指标。可以发送 /预算 查看本部门，或 /预算 部门名称。`;
  const body = lines
    .slice(0, 30)
    .map((l) => `· ${l.name}：可用 ${formatYuan(l.available)} 元（指标 ${formatYuan(l.allotted + l.adjusted)}，冻结 ${formatYuan(l.frozen)}，已支出 ${formatYuan(l.spent)}）`);
  const more = lines.length > 30 ? `\n……另有 ${lines.length - 30} 条，请缩小范围` : '';
  return `【${fiscalYear} 年预算余额】\n${body.join('\n')}${more}`;
}

async function todoText(deps: BotDeps, personId: string): Promise<string> {
  const steps = await pendingFor(deps.db, personId, deps.clock());
  if (steps.length === 0) return '您目前没有待审批的事项。';
  const people = new Map((await deps.db.person.findMany({ select: { id: true, name: true } })).map((p) => [p.id, p.name]));
  const light = { green: '🟢', yellow: '🟡', red: '🔴' } as Record<string, string>;
  const rows = steps.map(
    (s) =>
      `${light[s.light] ?? ''} No.${s.request.no} ${people.get(s.request.requesterId) ?? ''} ${s.request.type} ${formatYuan(s.request.amount)} 元 —「${s.name}」`,
  );
  return `【待办 ${steps.length} 件】\n${rows.join('\n')}\n发送 /进度 编号 可重新收到卡片。`;
}

async function recentText(deps: BotDeps, personId: string): Promise<string> {
  const requests = await recentRequestsOf(deps.db, personId);
  if (requests.length === 0) return '您还没有发起过申请。发送 /申请 科目 金额 事由 开始，例如：/申请 办公费 1200 购买打印纸';
  const rows = requests.map((r) => `No.${r.no} ${r.type} ${formatYuan(r.amount)} 元 — ${STATUS_LABELS[r.status]?.label ?? r.status}`);
  return `【我最近的申请】\n${rows.join('\n')}\n发送 /进度 编号 查看详情。`;
}

/** Sends the request's card to the person, if they have a part in it or an oversight role. */
async function showRequest(deps: BotDeps, personId: string, no: number): Promise<void> {
  const request = await findRequestByNo(deps.db, no);
  if (!request) throw appError('REQUEST_NOT_FOUND', `no ${no}`, { no });
  // a deputy (代理人) during a delegation may fetch the card of the person they stand in for (/待办 tells them to)
  const now = deps.clock();
  const delegators = await deps.db.delegation.findMany({ where: { toId: personId, startsAt: { lte: now }, endsAt: { gt: now } }, select: { fromId: true } });
  const [involved, roles] = await Promise.all([
    deps.db.step.count({ where: { requestId: request.id, assignees: { hasSome: [personId, ...delegators.map((d) => d.fromId)] } } }),
    deps.db.roleAssignment.count({ where: { personId, role: { in: OVERSIGHT_ROLES } } }),
  ]);
  if (request.requesterId !== personId && involved === 0 && roles === 0) {
    throw appError('NOT_REQUESTER', `person ${personId} may not view ${no}`, { no, view: true });
  }
  await emit(deps.db, { kind: 'card.send', requestId: request.id, personId });
}
