// Many rows at once into a sheet of the streaming writer, as sheet XML written straight to the sheet's
// stream. ExcelJS builds a Row, a Cell per value and a style model for each, then renders them one by
// one — about 20 µs a row, so a sheet of 75,000 approved requests took 1.6 s of CPU by itself; this
// renders a few hundred rows as one string (a few µs a row). The cells are those ExcelJS writes:
// numbers, dates as serial days, text in the workbook's shared strings (a department or a supplier
// repeated on every row is stored once, and ExcelJS escapes it), each column's style registered once.
//
// It relies on members of ExcelJS's WorksheetWriter that its typings do not declare (`_write`, the
// next row number `_rowZero`, the sheet's stream and what reads it) and on WorkbookWriter's `styles`
// and `sharedStrings`; exceljs 4.4 is the last release of the 4.x line, and test/unit/budget-workbook.test.ts
// reopens what this writes.
import type ExcelJS from 'exceljs';
import type { SheetColumn, SheetWriter, WorkbookWriter } from './write-workbook.js';

interface SheetStream {
  /** where the archive reads the sheet from, once it has reached it */
  pipes?: { _writableState?: { needDrain: boolean; length: number }; once(event: 'drain', listener: () => void): unknown }[];
}
interface WriterInternals {
  _write(text: string): void;
  _rowZero: number;
  _rows: unknown[];
  startedData: boolean;
  stream: SheetStream;
}
interface WorkbookInternals {
  styles: { addStyleModel(style: Partial<ExcelJS.Style>, cellType?: number): number };
  /** written as xl/sharedStrings.xml when the workbook is committed, whatever useSharedStrings says */
  sharedStrings: { add(text: string): number };
}

// ExcelJS's ValueType numbers: the style of a cell without a number format depends on its type
const NUMBER_TYPE = 2;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const CHUNK_CHARS = 64 * 1024;
const WAITING_BYTES = 4 * 1024 * 1024;

/** column letters: 0 → A, 26 → AA */
function letters(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export interface RowWriter {
  /**
   * Writes the rows (one value per column: number, string, Date, or null/undefined for an empty
   * cell), waiting whenever the archive has more of the sheet than it has compressed yet.
   */
  write(rows: readonly (readonly unknown[])[]): Promise<void>;
}

/**
 * A writer of rows after those the sheet already holds (call it once the title and header rows are
 * in); add nothing through ExcelJS to the sheet afterwards, only commit it.
 */
export function rowWriter(workbook: WorkbookWriter, sheet: SheetWriter, columns: readonly SheetColumn[], style?: Partial<ExcelJS.Style>): RowWriter {
  const internals = sheet as unknown as WriterInternals;
  // commit what ExcelJS holds, so that the sheet data is open and the next row number is settled
  sheet.lastRow?.commit();
  if (!internals.startedData || internals._rows.length > 0) throw new Error('rowWriter: the sheet has rows ExcelJS has not written yet');
  const { styles, sharedStrings: strings } = workbook as unknown as WorkbookInternals;
  const ids = columns.map((c) => styles.addStyleModel({ ...style, ...(c.numFmt ? { numFmt: c.numFmt } : {}) }, NUMBER_TYPE));
  const refs = columns.map((_, i) => letters(i));
  const flush = async (xml: string) => {
    internals._write(xml);
    await drained(internals.stream);
  };
  return {
    async write(rows) {
      let xml = '';
      for (const values of rows) {
        const r = internals._rowZero++;
        xml += `<row r="${r}">`;
        for (let i = 0; i < columns.length; i++) {
          const value = values[i];
          const at = `r="${refs[i]}${r}" s="${ids[i]}"`;
          if (value === null || value === undefined || value === '') xml += `<c ${at}/>`;
          else if (typeof value === 'number') xml += `<c ${at}><v>${value}</v></c>`;
          else if (value instanceof Date) xml += `<c ${at}><v>${(value.getTime() - EXCEL_EPOCH) / 86_400_000}</v></c>`;
          else xml += `<c ${at} t="s"><v>${strings.add(String(value))}</v></c>`;
        }
        xml += '</row>';
        // hand the stream a few hundred rows at a time: short-lived strings stay cheap to collect
        if (xml.length > CHUNK_CHARS) {
          await flush(xml);
          xml = '';
        }
      }
      if (xml.length > 0) await flush(xml);
    },
  };
}

/**
 * ExcelJS writes into the archive without back-pressure: what the zip has not compressed yet piles
 * up in memory. Once the archive reads this sheet and has more than a few megabytes of it waiting,
 * wait for that to drain — the zip compresses on another thread meanwhile, so waiting only then keeps
 * both busy.
 */
async function drained(stream: SheetStream): Promise<void> {
  const input = stream.pipes?.[0];
  const state = input?._writableState;
  if (input && state?.needDrain && state.length > WAITING_BYTES) await new Promise<void>((resolve) => input.once('drain', () => resolve()));
}
