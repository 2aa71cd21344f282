// Cross-checks what the audit chain covers only indirectly: decision rows, ledger rows and request
// states against the audit events that should have written them (the three rules in
// workflows/domain/audit/). Reads whole tables' narrow columns; the ledger is read as counts.
import { checkDecisionsAudited, type DecisionFinding } from '../../domain/audit/decisions-audited.js';
import { checkLedgerAudited, type LedgerFinding, type MoneyEvent } from '../../domain/audit/ledger-audited.js';
import { checkRequestStatesAudited, type RequestEvent, type RequestFinding } from '../../domain/audit/request-states-audited.js';
import { DECISION_ACTIONS } from '../../domain/types.js';
import type { Db } from '../db.js';

export type CrossCheckFinding = DecisionFinding | LedgerFinding | RequestFinding;

export interface CrossCheck {
  findings: CrossCheckFinding[];
  decisions: number;
  ledgerRows: number;
  requests: number;
}

const DECISION_EVENTS = DECISION_ACTIONS.map((a) => `decision.${a}`);
const REQUEST_EVENTS = ['request.drafted', 'request.submitted', 'request.resubmitted', 'request.withdrawn', 'request.cancelled', 'payment.confirmed'];
const OTHER_MONEY_EVENTS = ['org.loaded', 'budget.imported', 'request.settled'];

const requestIdOf = (subject: string) => (subject.startsWith('request:') ? subject.slice('request:'.length) : undefined);
const field = (data: unknown, name: string): unknown => (typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[name] : undefined);
const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
const count = (v: unknown) => (typeof v === 'number' ? v : 0);

export async function crossCheckAudit(db: Db): Promise<CrossCheck> {
  const requests = await db.request.findMany({ select: { id: true, no: true, status: true, paymentState: true, settledAt: true } });
  const decisions = await db.decision.findMany({ select: { id: true, requestId: true, stepId: true, personId: true, action: true } });
  const ledger = await db.ledgerEntry.groupBy({ by: ['requestId', 'kind'], _count: { _all: true }, _max: { id: true } });
  const events = await db.auditEvent.findMany({
    where: { action: { in: [...DECISION_EVENTS, ...REQUEST_EVENTS, ...OTHER_MONEY_EVENTS] } },
    select: { seq: true, action: true, subject: true, actorId: true, data: true },
    orderBy: { seq: 'asc' },
  });

  const noOfId = new Map(requests.map((r) => [r.id, r.no]));
  const noOf = (id: string) => noOfId.get(id) ?? null;

  const decisionFindings = checkDecisionsAudited(
    decisions.map((d) => ({ ...d, no: noOf(d.requestId) ?? 0 })),
    events
      .filter((e) => DECISION_EVENTS.includes(e.action) && requestIdOf(e.subject))
      .map((e) => {
        const no = field(e.data, 'no');
        return {
          seq: e.seq,
          requestId: requestIdOf(e.subject)!,
          no: typeof no === 'number' ? no : null,
          stepId: text(field(e.data, 'stepId')) ?? null,
          actorId: e.actorId,
          action: e.action.slice('decision.'.length),
        };
      }),
  );

  const money: MoneyEvent[] = events.map((e) => {
    const budget = e.action === 'org.loaded' ? field(e.data, 'budget') : e.data;
    const settled = field(e.data, 'settled');
    return {
      action: e.action,
      ...(requestIdOf(e.subject) ? { requestId: requestIdOf(e.subject) } : {}),
      ...(text(field(e.data, 'outcome')) ? { outcome: text(field(e.data, 'outcome')) } : {}),
      ...(Array.isArray(settled) ? { settledNos: settled.filter((n): n is number => typeof n === 'number') } : {}),
      ...(e.action === 'org.loaded' || e.action === 'budget.imported' ? { created: count(field(budget, 'created')), adjusted: count(field(budget, 'adjusted')) } : {}),
    };
  });
  const ledgerFindings = checkLedgerAudited(
    ledger.map((g) => ({ requestId: g.requestId, kind: g.kind, rows: g._count._all, lastId: g._max.id ?? 0n })),
    money,
    noOf,
  );

  const requestEvents: RequestEvent[] = events
    .filter((e) => requestIdOf(e.subject) && e.action !== 'request.settled')
    .map((e) => ({ requestId: requestIdOf(e.subject)!, seq: e.seq, action: e.action, ...(text(field(e.data, 'outcome')) ? { outcome: text(field(e.data, 'outcome')) } : {}) }));
  const settledNos = new Set(money.flatMap((m) => (m.action === 'request.settled' ? (m.settledNos ?? []) : [])));
  const requestFindings = checkRequestStatesAudited(
    requests.map((r) => ({ id: r.id, no: r.no, status: r.status, paymentState: r.paymentState, settled: r.settledAt !== null })),
    requestEvents,
    settledNos,
  );

  return {
    findings: [...decisionFindings, ...ledgerFindings, ...requestFindings],
    decisions: decisions.length,
    ledgerRows: ledger.reduce((n, g) => n + g._count._all, 0),
    requests: requests.length,
  };
}
