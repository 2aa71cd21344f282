// 可用额度 of a budget line: allotted + adjusted − frozen − committed − spent, never below zero in the
// database (the CHECK constraint BudgetLine_available_nonnegative). The one definition of it.
export interface Balances {
  allotted: bigint;
  /** 调整: the sum of ADJUST rows, ± */
  adjusted: bigint;
  /** 已冻结: submitted requests in approval */
  frozen: bigint;
  /** 已承诺: approved prior requests and contracts not yet paid */
  committed: bigint;
  /** 已支出: payments made */
  spent: bigint;
}

export function availableOf(line: Balances): bigint {
  return line.allotted + line.adjusted - line.frozen - line.committed - line.spent;
}
