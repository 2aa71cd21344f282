// 预算台账: every movement is a LedgerEntry row and the balance columns on BudgetLine move with it in
// the same transaction. The check and the freeze are one conditional UPDATE, so two requests
// racing for the last yuan cannot both pass; a CHECK constraint backs it up.
import { appError } from '../domain/errors.js';
import { formatYuan } from '../domain/money.js';
import { availableOf, type Balances } from '../domain/budget-balance.js';
import type { Tx } from './db.js';

export { availableOf };

export type LedgerKind = 'ALLOT' | 'ADJUST' | 'FREEZE' | 'RELEASE' | 'SPEND';

/** Freezes `amount` on the line if it is available; otherwise BUDGET_INSUFFICIENT saying by how much. */
export async function freezeBudget(tx: Tx, lineId: string, amount: bigint, requestId: string): Promise<void> {
  const updated = await tx.$executeRaw`
    UPDATE "BudgetLine" SET "frozen" = "frozen" + ${amount}, "updatedAt" = now()
    WHERE "id" = ${lineId} AND "allotted" + "adjusted" - "frozen" - "spent" >= ${amount}`;
  if (updated !== 1) {
    const line = await tx.budgetLine.findUnique({ where: { id: lineId } });
    if (!line) throw appError('NO_BUDGET_LINE', `budget line ${lineId} vanished`, { lineId });
    const available = availableOf(line);
    throw appError('BUDGET_INSUFFICIENT', `line ${lineId} has ${available}, needs ${amount}`, {
      line: line.name,
      available: formatYuan(available),
      requested: formatYuan(amount),
      missing: formatYuan(amount - available),
    });
  }
  await tx.ledgerEntry.create({ data: { lineId, kind: 'FREEZE', amount, requestId } });
}

/** Gives a frozen amount back (驳回 / 撤回 / 退回). */
export async function releaseBudget(tx: Tx, lineId: string, amount: bigint, requestId: string, note = ''): Promise<void> {
  await tx.$executeRaw`UPDATE "BudgetLine" SET "frozen" = "frozen" - ${amount}, "updatedAt" = now() WHERE "id" = ${lineId}`;
  await tx.ledgerEntry.create({ data: { lineId, kind: 'RELEASE', amount, requestId, note } });
}

/** Turns a frozen amount into spending when the request is approved. */
export async function spendBudget(tx: Tx, lineId: string, amount: bigint, requestId: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE "BudgetLine" SET "frozen" = "frozen" - ${amount}, "spent" = "spent" + ${amount}, "updatedAt" = now()
    WHERE "id" = ${lineId}`;
  await tx.ledgerEntry.create({ data: { lineId, kind: 'SPEND', amount, requestId } });
}

/** Recomputes a line's balances from its ledger rows: the two must always agree. */
export async function ledgerTotals(tx: Tx, lineId: string): Promise<Balances> {
  const rows = await tx.ledgerEntry.groupBy({ by: ['kind'], where: { lineId }, _sum: { amount: true } });
  const sum = (kind: LedgerKind) => rows.find((r) => r.kind === kind)?._sum.amount ?? 0n;
  return {
    allotted: sum('ALLOT'),
    adjusted: sum('ADJUST'),
    frozen: sum('FREEZE') - sum('RELEASE') - sum('SPEND'),
    spent: sum('SPEND'),
  };
}
