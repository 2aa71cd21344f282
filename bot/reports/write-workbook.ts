// Workbooks (.xlsx) with ExcelJS's streaming writer: rows are committed as they are added, so a sheet
// of a hundred thousand requests never sits in memory whole. The file is written to a temporary
// directory and read back once finished (the store keeps bytes under their SHA-256).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type ExcelJS from 'exceljs';

export type WorkbookWriter = ExcelJS.stream.xlsx.WorkbookWriter;
export type SheetWriter = ExcelJS.Worksheet;

/** 元 with thousands separators and two decimals; negatives in red with a minus sign */
export const MONEY_FORMAT = '#,##0.00;[Red]-#,##0.00';
export const PERCENT_FORMAT = '0.00%';
export const HOURS_FORMAT = '0.0';
export const DATE_FORMAT = 'yyyy-mm-dd';

/** 分 → the number of 元 a cell holds (exact for every amount the ledger allows: below 2^53 分) */
export function yuanCell(fen: bigint): number {
  return Number(fen) / 100;
}

/** basis points → the fraction a percent-formatted cell holds (240 → 0.024, shown 2.40%) */
export function percentCell(bp: number | null): number | null {
  return bp === null ? null : bp / 10_000;
}

export const HEADER_STYLE: Partial<ExcelJS.Style> = {
  font: { bold: true },
  alignment: { vertical: 'middle', horizontal: 'center', wrapText: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } },
  border: { bottom: { style: 'thin' } },
};
export const TITLE_STYLE: Partial<ExcelJS.Style> = { font: { bold: true, size: 14 } };
export const SUBTOTAL_STYLE: Partial<ExcelJS.Style> = {
  font: { bold: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3F3F3' } },
};
export const TOTAL_STYLE: Partial<ExcelJS.Style> = {
  font: { bold: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } },
  border: { top: { style: 'thin' } },
};

export interface SheetColumn {
  header: string;
  width: number;
  /** a number format for the column's cells (MONEY_FORMAT, PERCENT_FORMAT …) */
  numFmt?: string;
}

/**
 * A sheet with a title row (row 1) and a header row (row 2), frozen below the header, each column
 * with its width and number format. Rows added after are data.
 */
export function addSheet(workbook: WorkbookWriter, name: string, title: string, columns: readonly SheetColumn[]): SheetWriter {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.columns = columns.map((c) => ({ width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  const titleRow = sheet.addRow([title]);
  titleRow.getCell(1).style = TITLE_STYLE;
  titleRow.commit();
  const header = sheet.addRow(columns.map((c) => c.header));
  header.eachCell((cell) => (cell.style = HEADER_STYLE));
  header.height = 30;
  header.commit();
  return sheet;
}

// One style object per column and row style, reused by every cell: ExcelJS registers a cell's style
// by object identity first (a WeakMap) and otherwise renders it to XML to look it up — per cell, the
// largest cost of a sheet of a hundred thousand rows.
const cellStyles = new WeakMap<readonly SheetColumn[], Map<Partial<ExcelJS.Style> | undefined, Partial<ExcelJS.Style>[]>>();

function stylesOf(columns: readonly SheetColumn[], style: Partial<ExcelJS.Style> | undefined): Partial<ExcelJS.Style>[] {
  let byStyle = cellStyles.get(columns);
  if (!byStyle) cellStyles.set(columns, (byStyle = new Map()));
  let styles = byStyle.get(style);
  if (!styles) byStyle.set(style, (styles = columns.map((c) => ({ ...style, ...(c.numFmt ? { numFmt: c.numFmt } : {}) }))));
  return styles;
}

/** adds one row, applying `style` (a subtotal or total row) on top of each column's number format */
export function addRow(sheet: SheetWriter, columns: readonly SheetColumn[], values: readonly unknown[], style?: Partial<ExcelJS.Style>): void {
  const row = sheet.addRow([...values]);
  const styles = stylesOf(columns, style);
  for (let i = 0; i < columns.length; i++) row.getCell(i + 1).style = styles[i]!;
  row.commit();
}

/** Builds a workbook with the streaming writer and returns its bytes. */
export async function writeWorkbook(build: (workbook: WorkbookWriter) => Promise<void>): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'guanjia-report-'));
  const filename = join(dir, 'report.xlsx');
  try {
    // loaded when the first report is made: ExcelJS costs the bot about 27 MB resident that most hours never use
    const { default: Excel } = await import('exceljs');
    const workbook = new Excel.stream.xlsx.WorkbookWriter({ filename, useStyles: true, useSharedStrings: false });
    workbook.creator = '管家';
    await build(workbook);
    await workbook.commit();
    return new Uint8Array(await readFile(filename));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
