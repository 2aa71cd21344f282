// /已办: the steps a person decided — 同意, 驳回, 退回修改, 转交, for themselves or as a deputy —
// newest first. Decision (personId, at) serves it.
import type { DecidedItem } from '../../service/views.js';
import type { Db } from '../db.js';
import { decisionSnapshot, requestStatusOf } from '../rows.js';

/** how many decisions one answer lists */
export const DECIDED_ROWS = 20;

export async function decidedBy(db: Db, personId: string): Promise<DecidedItem[]> {
  const rows = await db.decision.findMany({
    where: { personId },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: DECIDED_ROWS,
    include: { request: { select: { no: true, type: true, amount: true, status: true } }, step: { select: { name: true } } },
  });
  const stoodFor = [...new Set(rows.flatMap((r) => (r.onBehalfOf ? [r.onBehalfOf] : [])))];
  const names = new Map((await db.person.findMany({ where: { id: { in: stoodFor } }, select: { id: true, name: true } })).map((p) => [p.id, p.name]));
  return rows.map((row) => {
    const decision = decisionSnapshot(row);
    return {
      requestId: row.requestId,
      no: row.request.no,
      type: row.request.type,
      amount: row.request.amount,
      status: requestStatusOf(row.request),
      step: row.step.name,
      action: decision.action,
      onBehalfOf: decision.onBehalfOf === null ? null : (names.get(decision.onBehalfOf) ?? decision.onBehalfOf),
      at: decision.at,
    };
  });
}
