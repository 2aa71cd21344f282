// The 行政审批绩效月报 as a workbook: the departments with the unit total, the approvers grouped by
// their department with subtotals and a total, and a sheet saying what each column counts — and the
// few figures of the chat summary.
import type { PerformanceReport, PerformanceRow, ReportSummary } from '../../workflows/service/report-views.js';
import {
  APPROVER_HEADERS,
  DEPARTMENT_HEADERS,
  NOTES_HEADERS,
  PERFORMANCE_NOTES,
  PERFORMANCE_SHEETS,
  TOTAL_LABEL,
  approversTitle,
  departmentsTitle,
  notesTitle,
  subtotalLabel,
} from '../replies/performance-report-words.js';
import { HOURS_FORMAT, PERCENT_FORMAT, SUBTOTAL_STYLE, TOTAL_STYLE, addRow, addSheet, percentCell, writeWorkbook, type SheetColumn } from './write-workbook.js';

const COUNT_FORMAT = '#,##0';
const count = (header: string): SheetColumn => ({ header, width: 11, numFmt: COUNT_FORMAT });

const D = DEPARTMENT_HEADERS;
const DEPARTMENT_COLUMNS: readonly SheetColumn[] = [
  { header: D.department, width: 14 },
  count(D.submitted),
  count(D.handled),
  count(D.onTime),
  { header: D.onTimeRate, width: 11, numFmt: PERCENT_FORMAT },
  count(D.yellow),
  count(D.red),
  { header: D.average, width: 12, numFmt: HOURS_FORMAT },
  count(D.returns),
  count(D.alerts),
];

const A = APPROVER_HEADERS;
const APPROVER_COLUMNS: readonly SheetColumn[] = [
  { header: A.name, width: 10 },
  { header: A.department, width: 14 },
  count(A.handled),
  count(A.onTime),
  { header: A.onTimeRate, width: 11, numFmt: PERCENT_FORMAT },
  count(A.yellow),
  count(A.red),
  { header: A.average, width: 12, numFmt: HOURS_FORMAT },
  count(A.returns),
  count(A.alerts),
];

const NOTES_COLUMNS: readonly SheetColumn[] = [
  { header: NOTES_HEADERS.figure, width: 18 },
  { header: NOTES_HEADERS.meaning, width: 100 },
];

/** working minutes → the hours a cell holds (one decimal shown) */
const hoursCell = (minutes: number | null) => (minutes === null ? null : minutes / 60);

/** handled, on time, rate, lights, average, returns, alerts */
function figureCells(r: PerformanceRow): unknown[] {
  return [r.handled, r.onTime, percentCell(r.onTimeBp), r.yellow, r.red, hoursCell(r.averageMinutes), r.returns, r.alerts];
}

/** the sum of approver rows; its average weighs each row's by what it handled */
function sumRows(rows: readonly PerformanceRow[]): PerformanceRow {
  const sum = (pick: (r: PerformanceRow) => number) => rows.reduce((n, r) => n + pick(r), 0);
  const handled = sum((r) => r.handled);
  const onTime = sum((r) => r.onTime);
  return {
    id: '',
    name: '',
    submitted: sum((r) => r.submitted),
    handled,
    onTime,
    onTimeBp: handled === 0 ? null : Math.round((onTime * 10_000) / handled),
    yellow: sum((r) => r.yellow),
    red: sum((r) => r.red),
    averageMinutes: handled === 0 ? null : sum((r) => (r.averageMinutes ?? 0) * r.handled) / handled,
    returns: sum((r) => r.returns),
    alerts: sum((r) => r.alerts),
  };
}

export async function writePerformanceWorkbook(report: PerformanceReport): Promise<Uint8Array> {
  return writeWorkbook(async (workbook) => {
    const departments = addSheet(workbook, PERFORMANCE_SHEETS.departments, departmentsTitle(report), DEPARTMENT_COLUMNS);
    for (const d of report.departments) addRow(departments, DEPARTMENT_COLUMNS, [d.name, d.submitted, ...figureCells(d)]);
    addRow(departments, DEPARTMENT_COLUMNS, [TOTAL_LABEL, report.total.submitted, ...figureCells(report.total)], TOTAL_STYLE);
    departments.commit();

    // the core lists approvers by their department: a subtotal closes each run of one department
    const approvers = addSheet(workbook, PERFORMANCE_SHEETS.approvers, approversTitle(report), APPROVER_COLUMNS);
    const groups: { department: string; rows: PerformanceRow[] }[] = [];
    for (const a of report.approvers) {
      const department = a.department ?? '';
      const last = groups[groups.length - 1];
      if (last?.department === department) last.rows.push(a);
      else groups.push({ department, rows: [a] });
    }
    for (const g of groups) {
      for (const a of g.rows) addRow(approvers, APPROVER_COLUMNS, [a.name, g.department, ...figureCells(a)]);
      addRow(approvers, APPROVER_COLUMNS, [subtotalLabel(g.department), '', ...figureCells(sumRows(g.rows))], SUBTOTAL_STYLE);
    }
    addRow(approvers, APPROVER_COLUMNS, [TOTAL_LABEL, '', ...figureCells(sumRows(report.approvers))], TOTAL_STYLE);
    approvers.commit();

    const notes = addSheet(workbook, PERFORMANCE_SHEETS.notes, notesTitle(report), NOTES_COLUMNS);
    for (const [figure, meaning] of PERFORMANCE_NOTES) addRow(notes, NOTES_COLUMNS, [figure, meaning]);
    notes.commit();
  });
}

/** The chat summary's figures: the report's total. */
export function summarizePerformance(report: PerformanceReport): ReportSummary {
  const t = report.total;
  return {
    kind: 'performance',
    scope: report.scope.label,
    month: report.month,
    handled: t.handled,
    onTimeBp: t.onTimeBp,
    yellow: t.yellow,
    red: t.red,
    returns: t.returns,
    alerts: t.alerts,
    averageMinutes: t.averageMinutes,
  };
}
