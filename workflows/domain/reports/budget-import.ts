// 预算导入: the yearly budget lines from a spreadsheet with the 预算执行情况表's columns. The chat layer
// reads the cells; this checks them like the organisation file — every problem with its row and
// column — before anything is loaded.

/** one cell as read: its column letter (for problems) and its text */
export interface ImportCell {
  column: string;
  value: string;
}

/** one data row of the sheet (subtotal and total rows are left out by the reader) */
export interface BudgetImportRow {
  /** the sheet's row number, from 1 */
  row: number;
  /** 部门: a department's name or id */
  department: ImportCell;
  /** 科目 */
  subject: ImportCell;
  /** 项目 (empty when none) */
  project: ImportCell;
  /** 年初指标 (元) */
  allotted: ImportCell;
  /** 调整后指标 (元): what the line should hold now; empty → the same as 年初指标 */
  budget: ImportCell;
}

export interface BudgetImportResult {
  fiscalYear: number;
  /** new lines: ALLOT (and ADJUST when 调整后指标 differs from 年初指标) */
  created: number;
  /** existing lines whose 调整后指标 changed: one ADJUST each */
  adjusted: number;
  unchanged: number;
}
