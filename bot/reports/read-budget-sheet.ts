// Reads a budget spreadsheet for 预算导入: the first sheet, its header row found by the 预算执行情况表's
// column words (部门, 科目, 年初指标; 项目 and 调整后指标 when present), then every row below it that is
// not empty and not a 小计 or 合计 row — each cell as text with its column letter, for the core to check.
import type ExcelJS from 'exceljs';
import type { BudgetImportRow, ImportCell } from '../../workflows/domain/reports/budget-import.js';
import { BUDGET_HEADERS, isTotalLabel } from '../replies/budget-report-words.js';

/** how far down the header row may be (a title or two above it) */
const HEADER_SEARCH_ROWS = 20;

export type BudgetSheet = { ok: true; rows: BudgetImportRow[] } | { ok: false; problem: 'no_sheet' | 'no_header' };

type Field = 'department' | 'subject' | 'project' | 'allotted' | 'budget';
const REQUIRED: readonly Field[] = ['department', 'subject', 'allotted'];
const FIELDS: readonly Field[] = ['department', 'subject', 'project', 'allotted', 'budget'];

export function readBudgetSheet(workbook: ExcelJS.Workbook): BudgetSheet {
  const sheet = workbook.worksheets[0];
  if (!sheet) return { ok: false, problem: 'no_sheet' };
  const header = findHeader(sheet);
  if (!header) return { ok: false, problem: 'no_header' };
  const rows: BudgetImportRow[] = [];
  sheet.eachRow((row, number) => {
    if (number <= header.row) return;
    const cell = (field: Field): ImportCell => {
      const column = header.columns.get(field);
      return column === undefined ? { column: '', value: '' } : { column: sheet.getColumn(column).letter, value: cellText(row.getCell(column)) };
    };
    const found = { department: cell('department'), subject: cell('subject'), project: cell('project'), allotted: cell('allotted'), budget: cell('budget') };
    if (FIELDS.every((f) => found[f].value.trim() === '')) return;
    if (isTotalLabel(found.department.value.trim())) return;
    rows.push({ row: number, ...found });
  });
  return { ok: true, rows };
}

function findHeader(sheet: ExcelJS.Worksheet): { row: number; columns: Map<Field, number> } | undefined {
  for (let r = 1; r <= Math.min(HEADER_SEARCH_ROWS, sheet.rowCount); r++) {
    const columns = new Map<Field, number>();
    sheet.getRow(r).eachCell((cell, column) => {
      const text = cellText(cell).trim();
      const field = FIELDS.find((f) => BUDGET_HEADERS[f] === text);
      if (field && !columns.has(field)) columns.set(field, column);
    });
    if (REQUIRED.every((f) => columns.has(f))) return { row: r, columns };
  }
  return undefined;
}

/** a cell as the text the import checks: numbers to two decimals at most, formulas by their result */
export function cellText(cell: ExcelJS.Cell): string {
  return valueText(cell.value);
}

function valueText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('result' in value) return valueText(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  return '';
}

/** 50000 → "50000", 1200.5 → "1200.50"; a fraction of a 分 (or a float's noise) beyond that stays visible */
function numberText(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const fen = Math.round(n * 100);
  return Math.abs(n * 100 - fen) < 1e-6 ? (fen / 100).toFixed(2) : String(n);
}
