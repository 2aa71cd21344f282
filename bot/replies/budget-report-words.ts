// The words of the 预算执行情况表 workbook: sheet names, titles, column headers, subtotal and total
// rows, its file name — and, because a budget spreadsheet comes back in with the same columns, the
// header words the import looks for (bot/budget-import.ts) and what it prints.
import type { BudgetExecutionReport } from '../../workflows/service/report-views.js';
import type { BudgetImportResult } from '../../workflows/domain/reports/budget-import.js';
import { percentText } from './report-words.js';
import { workbookFileName } from './workbook-file-name.js';

export const BUDGET_SHEETS = {
  execution: '预算执行情况表',
  adjustments: '预算调整明细',
  approved: '已批准申请明细',
} as const;

/** the first sheet's columns, in order (the import finds its columns by these words) */
export const BUDGET_HEADERS = {
  department: '部门',
  subject: '科目',
  project: '项目',
  allotted: '年初指标',
  adjusted: '调整',
  budget: '调整后指标',
  frozen: '在途冻结',
  committed: '已承诺',
  spent: '已支出',
  available: '可用',
  execution: '执行率',
  timeProgress: '序时进度',
  variance: '差异',
} as const;

export const ADJUSTMENT_HEADERS = {
  on: '日期',
  department: '部门',
  subject: '科目',
  project: '项目',
  amount: '调整金额',
  requestNo: '申请编号',
  note: '说明',
} as const;

export const APPROVED_HEADERS = {
  department: '部门',
  subject: '科目',
  project: '项目',
  no: '编号',
  type: '类型',
  requester: '申请人',
  purpose: '事由',
  supplier: '供应商',
  amount: '金额',
  approvedOn: '批准日期',
  paidOn: '付款日期',
} as const;

const SUBTOTAL_WORD = '小计';
export const TOTAL_LABEL = '合计';

/** 「城建办 小计」 */
export function subtotalLabel(department: string): string {
  return `${department} ${SUBTOTAL_WORD}`;
}

/** a 小计 or 合计 row's first cell (the import skips those rows) */
export function isTotalLabel(text: string): boolean {
  return text === TOTAL_LABEL || text.endsWith(SUBTOTAL_WORD);
}

type Head = Pick<BudgetExecutionReport, 'unitName' | 'fiscalYear' | 'scope' | 'asOf' | 'timeProgressBp' | 'workdaysPassed' | 'workdaysInYear'>;

export function budgetTitle(r: Head): string {
  return (
    `${r.unitName} ${r.fiscalYear} 年预算执行情况表（${r.scope.label}，截至 ${r.asOf}；` +
    `序时进度 ${percentText(r.timeProgressBp)}，已过工作日 ${r.workdaysPassed}/${r.workdaysInYear} 天；金额单位：元）`
  );
}

export function adjustmentsTitle(r: Head): string {
  return `${r.unitName} ${r.fiscalYear} 年预算调整明细（${r.scope.label}，截至 ${r.asOf}；金额单位：元）`;
}

export function approvedTitle(r: Head): string {
  return `${r.unitName} ${r.fiscalYear} 年已批准申请明细（${r.scope.label}，截至 ${r.asOf} 批准；金额单位：元）`;
}

/** e.g. 预算执行情况表-全部-2026-12-01.xlsx */
export function budgetFileName(r: Pick<BudgetExecutionReport, 'scope' | 'asOf'>): string {
  return workbookFileName(BUDGET_SHEETS.execution, r.scope.label, r.asOf);
}

// ---- 预算导入 (npm run budget:import) -------------------------------------------------------------

export const IMPORT_USAGE = '用法：npm run budget:import -- <预算表.xlsx>';

export function importNoSheet(file: string): string {
  return `${file} 中没有工作表。`;
}

export function importNoHeader(file: string): string {
  return (
    `${file} 的第一个工作表中找不到表头：需要一行写着「${BUDGET_HEADERS.department}」「${BUDGET_HEADERS.subject}」` +
    `「${BUDGET_HEADERS.allotted}」（「${BUDGET_HEADERS.project}」「${BUDGET_HEADERS.budget}」可选）的表头，` +
    `例如 /报表 预算执行 导出的表格。`
  );
}

export function importDone(file: string, r: BudgetImportResult): string {
  return `已导入 ${file}（${r.fiscalYear} 年预算）：新增预算指标 ${r.created} 条，调整 ${r.adjusted} 条，未变化 ${r.unchanged} 条。`;
}

export function importFailed(message: string): string {
  return `导入失败：${message}`;
}
