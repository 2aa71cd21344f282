// Typed commands → the service API, and the answer to whoever sent them (through the outbox).
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { appError } from '../../workflows/domain/errors.js';
import { parseYuan } from '../../workflows/domain/money.js';
import type { Actor, ChainView, Notice, PayableItem } from '../../workflows/service/workflow-service.js';
import type { BotDeps } from '../deps.js';
import { BUDGET_LINES_SHOWN } from '../replies/render-notice.js';
import { decidedNotice, searchNotice, trailNotice } from './oversight-answers.js';
import { parseCommand } from './parse-command.js';
import { makeReport } from '../reports/make-report.js';

dayjs.extend(utc);
dayjs.extend(timezone);

/** the configuration's default (bot/config.ts), for callers that do not pass the unit's time zone */

/** Subjects that look like a request type the policy does not have (「/申请 差旅申请 …」). */
const LOOKS_LIKE_A_TYPE = /申请|报销|审批|付款$/;

/** `tz`: the unit's time zone, for the dates of /关联 and /待付款 answers */
export async function runCommand(deps: Pick<BotDeps, 'service' | 'tz'>, actor: Actor, text: string): Promise<void> {
  const { service } = deps;
  const { tz } = deps;
  // every answer is the command's last act: it closes the inbound event with it (a retry does not answer twice)
  const answer = (notice: Notice) => (actor.replyTo ? service.outbox.reply(actor.replyTo, notice, actor.delivery) : Promise.resolve());
  const policy = await service.policy();
  const command = parseCommand(text, policy.requestTypes);
  switch (command.name) {
    case 'help':
      return answer({ kind: 'help' });
    case 'unknown':
      return answer({ kind: 'command.unknown', text: command.text });
    case 'usage':
      return answer({ kind: 'command.usage', command: command.command, problem: command.problem });
    case 'form':
      // the notification worker draws it as each platform's link to the form (PUBLIC_URL/app/new)
      return answer({ kind: 'apply.form' });
    case 'apply': {
      const amount = command.amountText === undefined ? undefined : parseYuan(command.amountText);
      if (command.type === undefined && command.subject !== undefined && LOOKS_LIKE_A_TYPE.test(command.subject)) {
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
        parent: command.parent,
        contractNo: command.contractNo,
        instalments: command.instalments,
        instalment: command.instalment,
        target: command.target,
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
    case 'edit': {
      const amount = command.amountText === undefined ? undefined : parseYuan(command.amountText);
      const requestId = await service.requests.idOf(command.no);
      // the refreshed card is the answer
      await service.requests.edit(actor, requestId, { amount, purpose: command.purpose, subject: command.subject, project: command.project, supplier: command.supplier });
      return;
    }
    case 'submit':
      // the refreshed card is the answer
      return service.requests.submit(actor, await service.requests.idOf(command.no), { explanation: command.explanation });
    case 'alerts': {
      const { alerts, mayChange } = await service.supervision.alerts(actor);
      return answer({
        kind: 'alerts.list',
        mayChange,
        items: alerts.map((a) => ({
          alertNo: a.no,
          requestIds: a.requestIds,
          rule: a.rule,
          severity: a.severity,
          state: a.state,
          requestNos: a.requestNos,
          department: a.department,
          person: a.person,
          amount: a.amount?.toString(),
          citation: a.citation,
          facts: a.facts,
          raisedOn: dayjs(a.raisedAt).tz(tz).format('MM-DD'),
        })),
      });
    }
    case 'alert':
      // the core answers, and tells the 监督群
      if (command.action === 'acknowledge') await service.supervision.acknowledge(actor, command.alertNo);
      else await service.supervision.close(actor, command.alertNo, command.note);
      return;
    case 'attach':
      // the core answers: attached (held files), or waiting for the next file
      await service.attachments.direct(actor, await service.requests.idOf(command.no), command.kind);
      return;
    case 'detach':
      await service.attachments.remove(actor, await service.requests.idOf(command.no), command.seq);
      return;
    case 'chain':
      return answer(chainNotice(await service.requests.chain(actor, command.ref), tz));
    case 'link':
      // the refreshed draft card is the answer
      await service.requests.link(actor, await service.requests.idOf(command.no), command.ref);
      return;
    case 'settle':
      // the service answers (已结清, what went back to the line) in the same transaction, as decide does
      await service.requests.settle(actor, await service.requests.idOf(command.no));
      return;
    case 'pay':
      // the service answers (已确认付款) in the same transaction
      await service.requests.pay(actor, { requestId: await service.requests.idOf(command.no), voucherNo: command.voucherNo, paymentDate: command.date });
      return;
    case 'payable':
      return answer(payableNotice(await service.requests.payable(actor.personId), tz));
    case 'search':
      // the service audits the search (query.run), or the refusal when it reaches beyond the actor's scope
      return answer(searchNotice(await service.oversight.search(actor, command.filters), command.filters, tz));
    case 'decided':
      return answer(decidedNotice(await service.oversight.decided(actor.personId), tz));
    case 'trail':
      return answer(trailNotice(await service.oversight.trail(actor, command.no), command.page, tz));
    case 'report':
      // the core keeps the workbook, audits it (report.generated) and answers with the summary and the file
      await service.reports.save(actor, await makeReport(service, actor, command));
      return;
  }
}

const ymd = (date: Date, tz: string) => dayjs(date).tz(tz).format('YYYY-MM-DD');

function chainNotice(view: ChainView, tz: string): Notice {
  const focus = view.nodes.find((n) => n.id === view.focusId) ?? view.nodes[0];
  return {
    kind: 'chain.view',
    focusNo: focus?.no ?? 0,
    nodes: view.nodes.map((n) => ({
      no: n.no,
      type: n.type,
      kind: n.kind,
      status: n.status,
      amount: n.amount.toString(),
      date: ymd(n.date, tz),
      depth: n.depth,
      contractNo: n.contractNo,
      instalment: n.instalment,
      committed: n.committed.toString(),
      spent: n.spent.toString(),
      left: n.left.toString(),
      released: n.released.toString(),
      settled: n.settled,
      paymentState: n.paymentState,
    })),
    totals: {
      committed: view.totals.committed.toString(),
      spent: view.totals.spent.toString(),
      left: view.totals.left.toString(),
      released: view.totals.released.toString(),
    },
  };
}

function payableNotice(items: PayableItem[], tz: string): Notice {
  return {
    kind: 'payable.list',
    items: items.map((i) => ({
      no: i.no,
      requester: i.requester,
      type: i.type,
      amount: i.amount.toString(),
      approvedOn: i.approvedAt ? ymd(i.approvedAt, tz) : undefined,
      mayConfirm: i.mayConfirm,
    })),
  };
}
