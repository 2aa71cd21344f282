// 预算执行情况表 (budget execution report): the lines' balances as of a cut-off, grouped by department
// in the organisation file's order, each line's figures derived the one way — 调整后指标 = 年初指标 +
// 调整, 可用 = 调整后指标 − 在途冻结 − 已承诺 − 已支出, 执行率 = 已支出 / 调整后指标, 差异 = 执行率 − 序时进度 —
// and the department subtotals and unit total summed from the lines (their rates from the sums, not
// averaged).
import type { Balances } from '../budget-balance.js';
import { ratioBp } from './time-progress.js';

/** The money columns of one line, a department's subtotal or the unit total (report-views.ts re-exports it). */
export interface BudgetFigures {
  /** 年初指标: ALLOT */
  allotted: bigint;
  /** 调整: ADJUST, ± */
  adjusted: bigint;
  /** 调整后指标 */
  budget: bigint;
  /** 在途冻结 */
  frozen: bigint;
  /** 已承诺 */
  committed: bigint;
  /** 已支出 */
  spent: bigint;
  /** 可用 */
  available: bigint;
  /** 执行率: spent / budget, basis points, rounded half up (0 when the budget is 0) */
  executionBp: number;
  /** 差异: executionBp − the 序时进度, basis points */
  varianceBp: number;
}

export interface BudgetExecutionLine extends BudgetFigures {
  lineId: string;
  departmentId: string;
  department: string;
  /** 科目 */
  subject: string;
  /** 项目 ('' when none) */
  project: string;
}

/** one budget line with its balances as of the cut-off */
export interface LineBalances extends Balances {
  lineId: string;
  departmentId: string;
  subject: string;
  /** '' when none */
  project: string;
}

export interface BudgetDepartment {
  departmentId: string;
  department: string;
  lines: BudgetExecutionLine[];
  subtotal: BudgetFigures;
}

export interface BudgetExecutionTable {
  departments: BudgetDepartment[];
  total: BudgetFigures;
}

/** The derived columns of one set of balances against the 序时进度. */
export function budgetFigures(b: Balances, timeProgressBp: number): BudgetFigures {
  const budget = b.allotted + b.adjusted;
  const executionBp = ratioBp(b.spent, budget);
  return {
    allotted: b.allotted,
    adjusted: b.adjusted,
    budget,
    frozen: b.frozen,
    committed: b.committed,
    spent: b.spent,
    available: budget - b.frozen - b.committed - b.spent,
    executionBp,
    varianceBp: executionBp - timeProgressBp,
  };
}

const ZERO: Balances = { allotted: 0n, adjusted: 0n, frozen: 0n, committed: 0n, spent: 0n };

function addBalances(a: Balances, b: Balances): Balances {
  return {
    allotted: a.allotted + b.allotted,
    adjusted: a.adjusted + b.adjusted,
    frozen: a.frozen + b.frozen,
    committed: a.committed + b.committed,
    spent: a.spent + b.spent,
  };
}

// subjects and projects in the order a Chinese reader expects (pinyin), code points breaking ties
const collator = new Intl.Collator('zh-CN');
const compareText = (a: string, b: string) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

/**
 * `departments` in the organisation file's order; departments without lines are left out. A line of
 * a department not listed (none should be) still counts, in a group of its own after the others.
 */
export function shapeBudgetExecution(departments: readonly { id: string; name: string }[], lines: readonly LineBalances[], timeProgressBp: number): BudgetExecutionTable {
  const groups = new Map<string, LineBalances[]>(departments.map((d) => [d.id, []]));
  for (const line of lines) groups.set(line.departmentId, [...(groups.get(line.departmentId) ?? []), line]);
  const names = new Map(departments.map((d) => [d.id, d.name]));
  const shaped: BudgetDepartment[] = [];
  let total = ZERO;
  for (const [departmentId, members] of groups) {
    if (members.length === 0) continue;
    const department = names.get(departmentId) ?? departmentId;
    const sorted = [...members].sort((a, b) => compareText(a.subject, b.subject) || compareText(a.project, b.project));
    const sum = sorted.reduce<Balances>(addBalances, ZERO);
    total = addBalances(total, sum);
    shaped.push({
      departmentId,
      department,
      lines: sorted.map((l) => ({
        lineId: l.lineId,
        departmentId,
        department,
        subject: l.subject,
        project: l.project,
        ...budgetFigures(l, timeProgressBp),
      })),
      subtotal: budgetFigures(sum, timeProgressBp),
    });
  }
  return { departments: shaped, total: budgetFigures(total, timeProgressBp) };
}
