// The 三公经费统计 as a workbook: one row per category against its cap, with last year by the same day
// and the total — and the few figures of the chat summary.
import type { ReportSummary, ThreePublicReport } from '../../workflows/service/report-views.js';
import { NOTHING_TAGGED, THREE_PUBLIC_HEADERS, THREE_PUBLIC_SHEET, TOTAL_LABEL, capSourceWords, subjectsWords, threePublicTitle } from '../replies/three-public-report-words.js';
import { MONEY_FORMAT, PERCENT_FORMAT, TOTAL_STYLE, addRow, addSheet, percentCell, writeWorkbook, yuanCell, type SheetColumn } from './write-workbook.js';

/** 同比: signed, an increase in red (三公 are to come down, not up) */
const GROWTH_FORMAT = '[Red]+0.00%;-0.00%;0.00%';

const money = (header: string): SheetColumn => ({ header, width: 15, numFmt: MONEY_FORMAT });
const H = THREE_PUBLIC_HEADERS;
const COLUMNS: readonly SheetColumn[] = [
  { header: H.category, width: 18 },
  { header: H.subjects, width: 30 },
  money(H.cap),
  { header: H.capSource, width: 18 },
  money(H.spent),
  money(H.frozen),
  money(H.committed),
  money(H.left),
  { header: H.used, width: 10, numFmt: PERCENT_FORMAT },
  money(H.lastYear),
  { header: H.yoy, width: 10, numFmt: GROWTH_FORMAT },
];

type Figures = ThreePublicReport['total'];

function figureCells(f: Figures): unknown[] {
  return [
    yuanCell(f.spent),
    yuanCell(f.frozen),
    yuanCell(f.committed),
    yuanCell(f.left),
    percentCell(f.usedBp),
    f.lastYearSpent === null ? null : yuanCell(f.lastYearSpent),
    percentCell(f.yoyBp),
  ];
}

export async function writeThreePublicWorkbook(report: ThreePublicReport): Promise<Uint8Array> {
  return writeWorkbook(async (workbook) => {
    const sheet = addSheet(workbook, THREE_PUBLIC_SHEET, threePublicTitle(report), COLUMNS);
    if (report.rows.length === 0) addRow(sheet, COLUMNS, [NOTHING_TAGGED]);
    for (const r of report.rows) {
      addRow(sheet, COLUMNS, [r.category, subjectsWords(r.subjects), yuanCell(r.cap), capSourceWords(r.capFromFile), ...figureCells(r)]);
    }
    addRow(sheet, COLUMNS, [TOTAL_LABEL, '', yuanCell(report.total.cap), '', ...figureCells(report.total)], TOTAL_STYLE);
    sheet.commit();
  });
}

/** The chat summary's figures: each category's cap, spent, rate and year-on-year. */
export function summarizeThreePublic(report: ThreePublicReport): ReportSummary {
  return {
    kind: 'three_public',
    scope: report.scope.label,
    asOf: report.asOf,
    rows: report.rows.map((r) => ({ category: r.category, cap: r.cap.toString(), spent: r.spent.toString(), usedBp: r.usedBp, yoyBp: r.yoyBp })),
  };
}
