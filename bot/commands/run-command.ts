// Typed commands → the service API, and the answer to whoever sent them (through the outbox).
import { appError } from '../../workflows/domain/errors.js';
import { parseYuan } from '../../workflows/domain/money.js';
import type { Actor, Notice } from '../../workflows/service/workflow-service.js';
import type { BotDeps } from '../deps.js';
import { BUDGET_LINES_SHOWN } from '../replies/render-notice.js';
import { parseCommand } from './parse-command.js';

/** Subjects that look like a request type the policy does not have (「/申请 差旅申请 …」). */
const LOOKS_LIKE_A_TYPE = /申请|报销|审批|付款$/;

export async function runCommand(deps: Pick<BotDeps, 'service'>, actor: Actor, text: string): Promise<void> {
  const { service } = deps;
  const answer = (notice: Notice) => (actor.replyTo ? service.outbox.reply(actor.replyTo, notice) : Promise.resolve());
  const policy = await service.policy();
  const command = parseCommand(text, policy.requestTypes);
  switch (command.name) {
    case 'help':
      return answer({ kind: 'help' });
    case 'unknown':
      return answer({ kind: 'command.unknown', text: command.text });
    case 'usage':
      return answer({ kind: 'command.usage', command: command.command, problem: command.problem });
    case 'apply': {
      const amount = parseYuan(command.amountText);
      if (command.type === undefined && LOOKS_LIKE_A_TYPE.test(command.subject)) {
        throw appError('UNKNOWN_REQUEST_TYPE', `unknown type ${command.subject}`, { type: command.subject, known: policy.requestTypes });
      }
      await service.requests.draft(actor, {
        type: command.type,
        subject: command.subject,
        project: command.project,
        amount,
        purpose: command.purpose,
        supplier: command.supplier,
        tags: command.tags,
      });
      return;
    }
    case 'budget': {
      const { fiscalYear, lines } = await service.budget.balances(actor.personId, command.query);
      return answer({
        kind: 'budget.balances',
        fiscalYear,
        query: command.query,
        lines: lines.slice(0, BUDGET_LINES_SHOWN).map((l) => ({
          name: l.name,
          available: l.available.toString(),
          total: (l.allotted + l.adjusted).toString(),
          frozen: l.frozen.toString(),
          committed: l.committed.toString(),
          spent: l.spent.toString(),
        })),
        more: Math.max(0, lines.length - BUDGET_LINES_SHOWN),
      });
    }
    case 'todo': {
      const items = await service.requests.pending(actor.personId);
      return answer({
        kind: 'pending.list',
        items: items.map((i) => ({ no: i.no, requester: i.requester, type: i.type, amount: i.amount.toString(), step: i.step, light: i.light })),
      });
    }
    case 'status': {
      if (command.no !== undefined) return service.requests.show(actor, command.no);
      const items = await service.requests.recent(actor.personId);
      return answer({ kind: 'requests.recent', items: items.map((r) => ({ no: r.no, type: r.type, amount: r.amount.toString(), status: r.status })) });
    }
    case 'decide': {
      const requestId = await service.requests.idOf(command.no);
      await service.requests.decide(actor, { requestId, action: command.action, comment: command.comment, transferTo: command.transferTo, meeting: command.meeting });
      return;
    }
    case 'withdraw':
      // the service answers (已撤回 or, for a draft, 已取消) in the same transaction
      await service.requests.withdraw(actor, await service.requests.idOf(command.no));
      return;
  }
}
