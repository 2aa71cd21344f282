// The balances of a budget line from its ledger movements summed by kind and source — the one
// definition of how the rows add up (ledger.ts's header explains each movement). ledgerTotals checks
// the line's columns with it; the 预算执行情况表 takes every line's balances as of a cut-off with it.
import type { Balances } from './budget-balance.js';

/** one group of movements: their kind, their source (SPEND, and FREEZE/RELEASE under a commitment) and their sum */
export interface MovementSum {
  kind: string;
  source: string | null;
  amount: bigint;
}

export function balancesFromSums(rows: readonly MovementSum[]): Balances {
  const sum = (kind: string, source?: 'FROZEN' | 'COMMITTED') =>
    rows.filter((r) => r.kind === kind && (source === undefined || r.source === source)).reduce((total, r) => total + r.amount, 0n);
  return {
    allotted: sum('ALLOT'),
    adjusted: sum('ADJUST'),
    frozen: sum('FREEZE') - sum('RELEASE') - sum('COMMIT') - sum('SPEND', 'FROZEN'),
    committed: sum('COMMIT') - sum('FREEZE', 'COMMITTED') + sum('RELEASE', 'COMMITTED') - sum('SPEND', 'COMMITTED') - sum('UNCOMMIT'),
    spent: sum('SPEND'),
  };
}
