// The 预算执行情况表 as a workbook: sheet 1 the lines by department with subtotals and the unit total,
// sheet 2 the adjustments, sheet 3 the approved requests streamed batch by batch from the core — and
// the few figures of the chat summary.
import type { BudgetExecutionReport, BudgetFigures, ReportSummary } from '../../workflows/service/report-views.js';
import {
  ADJUSTMENT_HEADERS,
  APPROVED_HEADERS,
  BUDGET_HEADERS,
  BUDGET_SHEETS,
  TOTAL_LABEL,
  adjustmentsTitle,
  approvedTitle,
  budgetTitle,
  subtotalLabel,
} from '../replies/budget-report-words.js';
import {
  DATE_FORMAT,
  MONEY_FORMAT,
  PERCENT_FORMAT,
  SUBTOTAL_STYLE,
  TOTAL_STYLE,
  addRow,
  addSheet,
  percentCell,
  writeWorkbook,
  yuanCell,
  type SheetColumn,
} from './write-workbook.js';
import { rowWriter } from './write-rows.js';

/** 差异 in percentage points: a sign always, red when behind the 序时进度 */
const VARIANCE_FORMAT = '+0.00%;[Red]-0.00%;0.00%';

const money = (header: string): SheetColumn => ({ header, width: 15, numFmt: MONEY_FORMAT });
const percent = (header: string, numFmt = PERCENT_FORMAT): SheetColumn => ({ header, width: 10, numFmt });

const H = BUDGET_HEADERS;
const EXECUTION_COLUMNS: readonly SheetColumn[] = [
  { header: H.department, width: 14 },
  { header: H.subject, width: 18 },
  { header: H.project, width: 24 },
  money(H.allotted),
  money(H.adjusted),
  money(H.budget),
  money(H.frozen),
  money(H.committed),
  money(H.spent),
  money(H.available),
  percent(H.execution),
  percent(H.timeProgress),
  percent(H.variance, VARIANCE_FORMAT),
];

const A = ADJUSTMENT_HEADERS;
const ADJUSTMENT_COLUMNS: readonly SheetColumn[] = [
  { header: A.on, width: 12, numFmt: DATE_FORMAT },
  { header: A.department, width: 14 },
  { header: A.subject, width: 18 },
  { header: A.project, width: 24 },
  money(A.amount),
  { header: A.requestNo, width: 10 },
  { header: A.note, width: 36 },
];

const P = APPROVED_HEADERS;
const APPROVED_COLUMNS: readonly SheetColumn[] = [
  { header: P.department, width: 14 },
  { header: P.subject, width: 18 },
  { header: P.project, width: 24 },
  { header: P.no, width: 8 },
  { header: P.type, width: 12 },
  { header: P.requester, width: 10 },
  { header: P.purpose, width: 36 },
  { header: P.supplier, width: 24 },
  money(P.amount),
  { header: P.approvedOn, width: 12, numFmt: DATE_FORMAT },
  { header: P.paidOn, width: 12, numFmt: DATE_FORMAT },
];

/**
 * A YYYY-MM-DD day as a date cell (midnight UTC is how a spreadsheet's dates are stored); the dates
 * of a year are few, so each is made once per workbook.
 */
function dayCells(): (day: string | null) => Date | null {
  const made = new Map<string, Date>();
  return (day) => {
    if (day === null) return null;
    let date = made.get(day);
    if (!date) made.set(day, (date = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))))));
    return date;
  };
}

function figureCells(f: BudgetFigures, timeProgressBp: number): unknown[] {
  return [
    yuanCell(f.allotted),
    yuanCell(f.adjusted),
    yuanCell(f.budget),
    yuanCell(f.frozen),
    yuanCell(f.committed),
    yuanCell(f.spent),
    yuanCell(f.available),
    percentCell(f.executionBp),
    percentCell(timeProgressBp),
    percentCell(f.varianceBp),
  ];
}

export async function writeBudgetWorkbook(report: BudgetExecutionReport): Promise<Uint8Array> {
  const dayCell = dayCells();
  return writeWorkbook(async (workbook) => {
    const lines = addSheet(workbook, BUDGET_SHEETS.execution, budgetTitle(report), EXECUTION_COLUMNS);
    for (const d of report.departments) {
      for (const l of d.lines) addRow(lines, EXECUTION_COLUMNS, [d.department, l.subject, l.project, ...figureCells(l, report.timeProgressBp)]);
      addRow(lines, EXECUTION_COLUMNS, [subtotalLabel(d.department), '', '', ...figureCells(d.subtotal, report.timeProgressBp)], SUBTOTAL_STYLE);
    }
    addRow(lines, EXECUTION_COLUMNS, [TOTAL_LABEL, '', '', ...figureCells(report.total, report.timeProgressBp)], TOTAL_STYLE);
    lines.commit();

    const adjustments = addSheet(workbook, BUDGET_SHEETS.adjustments, adjustmentsTitle(report), ADJUSTMENT_COLUMNS);
    const adjusted = rowWriter(workbook, adjustments, ADJUSTMENT_COLUMNS);
    for await (const batch of report.adjustments()) {
      await adjusted.write(batch.map((a) => [dayCell(a.on), a.department, a.subject, a.project, yuanCell(a.amount), a.requestNo, a.note]));
    }
    adjustments.commit();

    const approved = addSheet(workbook, BUDGET_SHEETS.approved, approvedTitle(report), APPROVED_COLUMNS);
    const rows = rowWriter(workbook, approved, APPROVED_COLUMNS);
    for await (const batch of report.approved()) {
      await rows.write(
        batch.map((r) => [r.department, r.subject, r.project, r.no, r.type, r.requester, r.purpose, r.supplier, yuanCell(r.amount), dayCell(r.approvedOn), dayCell(r.paidOn)]),
      );
    }
    approved.commit();
  });
}

/** The chat summary's figures: the unit total and the (at most three) departments furthest behind the 序时进度. */
export function summarizeBudget(report: BudgetExecutionReport): Extract<ReportSummary, { kind: 'budget' }> {
  const t = report.total;
  // which departments lag: worth saying only when the report covers several
  const lagging = report.departments
    .filter((d) => report.departments.length > 1 && d.subtotal.budget > 0n && d.subtotal.varianceBp < 0)
    .sort((a, b) => a.subtotal.varianceBp - b.subtotal.varianceBp)
    .slice(0, 3)
    .map((d) => ({ department: d.department, executionBp: d.subtotal.executionBp }));
  return {
    kind: 'budget',
    scope: report.scope.label,
    asOf: report.asOf,
    budget: t.budget.toString(),
    spent: t.spent.toString(),
    frozen: t.frozen.toString(),
    committed: t.committed.toString(),
    available: t.available.toString(),
    executionBp: t.executionBp,
    timeProgressBp: report.timeProgressBp,
    lines: report.departments.reduce((n, d) => n + d.lines.length, 0),
    lagging,
  };
}
