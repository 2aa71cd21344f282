// Every 预算台账 row (LedgerEntry) is accounted for by an audit event of the transaction that wrote it.
// Rows carry no event id, so the check counts: for each request and movement kind, no more rows than
// its audited events can have written — FREEZE by each submission, RELEASE by a 驳回 / 退回 / 撤回 or
// a 调剂 approved, COMMIT and SPEND by the final approval (SPEND also by 确认付款), ADJUST (two) by an
// approved 调剂 or 追加, UNCOMMIT by a 结清 of its chain; rows of no request (ALLOT, ADJUST) by the
// organisation loads and budget imports that say how many lines they created or adjusted. A row
// inserted beside the chain, or a row whose event was deleted, leaves a count over. Pure.

export interface LedgerGroup {
  /** null: a movement of no request (the allotment and the organisation file's adjustments) */
  requestId: string | null;
  kind: string;
  rows: number;
  /** the newest row of the group, to name it */
  lastId: bigint;
}

/** an audit event that moves money, as far as this check needs it */
export interface MoneyEvent {
  action: string;
  /** from the subject `request:<id>` */
  requestId?: string;
  /** decision events: what the decision did (approved = the request's final approval) */
  outcome?: string;
  /** request.settled: the numbers of the requests whose commitments it closed */
  settledNos?: readonly number[];
  /** org.loaded and budget.imported: lines created and adjusted */
  created?: number;
  adjusted?: number;
}

export type LedgerFinding = { code: 'ledger.unaudited'; requestId: string | null; no: number | null; kind: string; rows: number; allowed: number; lastId: string };

type Allowance = Partial<Record<string, number>>;

/** how many rows of each kind one event may write for its request */
function allowanceOf(event: MoneyEvent): Allowance {
  switch (event.action) {
    case 'request.submitted':
    case 'request.resubmitted':
      return { FREEZE: 1 };
    case 'request.withdrawn':
      return { RELEASE: 1 };
    case 'payment.confirmed':
      return { SPEND: 1 };
  }
  if (!event.action.startsWith('decision.')) return {};
  if (event.outcome === 'rejected' || event.outcome === 'returned') return { RELEASE: 1 };
  if (event.outcome === 'approved') return { COMMIT: 1, SPEND: 1, RELEASE: 1, ADJUST: 2 };
  return {};
}

export function checkLedgerAudited(groups: readonly LedgerGroup[], events: readonly MoneyEvent[], noOf: (requestId: string) => number | null): LedgerFinding[] {
  const allowed = new Map<string, number>();
  const add = (requestId: string | null, kind: string, n: number) => {
    const key = `${requestId ?? ''}|${kind}`;
    allowed.set(key, (allowed.get(key) ?? 0) + n);
  };
  const idOfNo = new Map<number, string>();
  for (const g of groups) {
    if (g.requestId === null) continue;
    const no = noOf(g.requestId);
    if (no !== null) idOfNo.set(no, g.requestId);
  }
  for (const event of events) {
    if (event.action === 'org.loaded') {
      add(null, 'ALLOT', event.created ?? 0);
      add(null, 'ADJUST', event.adjusted ?? 0);
    } else if (event.action === 'budget.imported') {
      add(null, 'ALLOT', event.created ?? 0);
      add(null, 'ADJUST', (event.created ?? 0) + (event.adjusted ?? 0));
    } else if (event.action === 'request.settled') {
      for (const no of event.settledNos ?? []) {
        const id = idOfNo.get(no);
        if (id) add(id, 'UNCOMMIT', 1);
      }
    } else if (event.requestId) {
      for (const [kind, n] of Object.entries(allowanceOf(event))) add(event.requestId, kind, n ?? 0);
    }
  }
  const findings: LedgerFinding[] = [];
  for (const g of groups) {
    const limit = allowed.get(`${g.requestId ?? ''}|${g.kind}`) ?? 0;
    if (g.rows > limit) {
      findings.push({
        code: 'ledger.unaudited',
        requestId: g.requestId,
        no: g.requestId === null ? null : noOf(g.requestId),
        kind: g.kind,
        rows: g.rows,
        allowed: limit,
        lastId: g.lastId.toString(),
      });
    }
  }
  return findings;
}
