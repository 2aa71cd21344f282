// Every decision row (Decision: 同意 / 驳回 / 退回 / 转交 on a step) has its `decision.<action>` audit
// event — same request, step, person and action — and every such event its row. The chain proves
// the events were not altered; this proves the rows were not added or deleted beside it. Pure.

export interface DecisionRow {
  id: bigint;
  requestId: string;
  /** the request's number, for the report */
  no: number;
  stepId: string;
  personId: string;
  action: string;
}

export interface DecisionEvent {
  seq: bigint;
  requestId: string;
  no: number | null;
  stepId: string | null;
  actorId: string | null;
  /** the decision's action (approve …), without the `decision.` prefix */
  action: string;
}

export type DecisionFinding =
  /** a decision row no audit event records (written beside the chain) */
  | { code: 'decision.unaudited'; id: string; no: number; stepId: string; personId: string; action: string }
  /** an audited decision whose row is gone */
  | { code: 'decision.missing'; seq: string; no: number | null; stepId: string; personId: string; action: string };

const keyOf = (requestId: string, stepId: string | null, personId: string | null, action: string) => JSON.stringify([requestId, stepId, personId, action]);

export function checkDecisionsAudited(rows: readonly DecisionRow[], events: readonly DecisionEvent[]): DecisionFinding[] {
  const unmatched = new Map<string, DecisionEvent[]>();
  for (const event of [...events].sort((a, b) => (a.seq < b.seq ? -1 : 1))) {
    const key = keyOf(event.requestId, event.stepId, event.actorId, event.action);
    unmatched.set(key, [...(unmatched.get(key) ?? []), event]);
  }
  const findings: DecisionFinding[] = [];
  for (const row of [...rows].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const waiting = unmatched.get(keyOf(row.requestId, row.stepId, row.personId, row.action));
    if (waiting && waiting.length > 0) waiting.shift();
    else findings.push({ code: 'decision.unaudited', id: row.id.toString(), no: row.no, stepId: row.stepId, personId: row.personId, action: row.action });
  }
  for (const left of unmatched.values()) {
    for (const e of left) {
      findings.push({ code: 'decision.missing', seq: e.seq.toString(), no: e.no, stepId: e.stepId ?? '', personId: e.actorId ?? '', action: e.action });
    }
  }
  return findings;
}
