// 可用额度 of a budget line: allotted + adjusted − frozen − spent, never below zero in the database.
export interface Balances {
  allotted: bigint;
  adjusted: bigint;
  frozen: bigint;
  spent: bigint;
}

export function availableOf(line: Balances): bigint {
  return line.allotted + line.adjusted - line.frozen - line.spent;
}
