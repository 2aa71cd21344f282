// `npm run budget:import -- <file.xlsx>`: brings the fiscal year's budget lines to a spreadsheet with
// the 预算执行情况表's columns (an exported one, edited) — new lines allotted, changed 调整后指标 as
// ADJUST rows — while the bot keeps running. All or nothing: on any problem nothing changes and every
// problem is listed with its row and column (exit code 1).
import ExcelJS from 'exceljs';
import { isAppError } from '../workflows/domain/errors.js';
import type { BudgetImportRow } from '../workflows/domain/reports/budget-import.js';
import { applyMigrations } from '../workflows/infra/migrate.js';
import { importBudgetLines } from '../workflows/infra/reports/import-budget.js';
import { loadConfigFromEnv } from './config.js';
import { readBudgetSheet } from './reports/read-budget-sheet.js';
import { IMPORT_USAGE, importDone, importFailed, importNoHeader, importNoSheet } from './replies/budget-report-words.js';
import { errorText } from './replies/error-text.js';
import { openCliDatabase } from './cli-database.js';

const file = process.argv[2];
if (!file) {
  console.error(IMPORT_USAGE);
  process.exit(2);
}
const config = loadConfigFromEnv([]);
const sheet = await readSpreadsheet(file);
if (!sheet.ok) {
  console.error(sheet.message);
  process.exit(1);
}
let exitCode = 0;
const database = await openCliDatabase(config);
try {
  await applyMigrations(database.factory);
  const result = await importBudgetLines({ db: database.db, now: new Date(), tz: config.TZ }, sheet.rows, file);
  console.log(importDone(file, result));
} catch (error) {
  exitCode = 1;
  // BUDGET_IMPORT_INVALID lists every problem with its row and column
  console.error(isAppError(error) ? errorText(error) : importFailed(error instanceof Error ? error.message : String(error)));
} finally {
  await database.close();
}
// set after close: closing PGlite resets process.exitCode
process.exitCode = exitCode;

async function readSpreadsheet(path: string): Promise<{ ok: true; rows: BudgetImportRow[] } | { ok: false; message: string }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(path);
  } catch (error) {
    return { ok: false, message: importFailed(error instanceof Error ? error.message : String(error)) };
  }
  const read = readBudgetSheet(workbook);
  if (read.ok) return read;
  return { ok: false, message: read.problem === 'no_sheet' ? importNoSheet(path) : importNoHeader(path) };
}
