// `npm run budget:import -- <file.xlsx>` as a finance office uses it: export the 预算执行情况表, change a
// 调整后指标 and add a line in the spreadsheet, import it — one ADJUST row of the difference, a new line
// allotted — and a sheet with bad rows refused as a whole, every problem named by its row and column.
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBudgetWorkbook } from '../../bot/reports/budget-workbook.js';
import { BUDGET_HEADERS, BUDGET_SHEETS } from '../../bot/replies/budget-report-words.js';
import { deriveBudgetLineId } from '../../workflows/domain/parse-org.js';
import { openDatabase, type Db } from '../../workflows/infra/db.js';
import type { Actor } from '../../workflows/service/workflow-service.js';
import { runScript } from '../helpers/run-script.js';
import { dropTestData, startTestGuanjia, type TestGuanjia } from '../helpers/test-guanjia.js';

let t: TestGuanjia;
/** the sheets, written while the app runs; the rows edited in the bad one */
const files = { raised: '', bad: '', headless: '' };
const rows: Record<string, number> = {};
let linesAtExport = 0;

beforeAll(async () => {
  t = await startTestGuanjia({ workers: false });
  // 80,000.00 frozen on 城建办 / 专用材料费
  const { id } = await t.deps.service.requests.draft(actor('fenglei'), { subject: '专用材料费', amount: 8_000_000n, purpose: '防汛沙袋' });
  await t.deps.service.requests.submit(actor('fenglei'), id);
  linesAtExport = await t.database.db.budgetLine.count();

  files.raised = await editedExport('raised.xlsx', (sheet, rowOf) => {
    rowOf('城建办', '办公费').getCell(column('调整后指标')).value = 60_000;
    // a new line below the 合计, as someone would type it
    const added = sheet.addRow([]);
    added.getCell(column('部门')).value = '城建办';
    added.getCell(column('科目')).value = '办公费';
    added.getCell(column('项目')).value = '打印耗材专项';
    added.getCell(column('年初指标')).value = 8_000;
    added.getCell(column('调整后指标')).value = '10,000.50';
  });
  files.bad = await editedExport('bad.xlsx', (sheet, rowOf) => {
    const at = (key: string, row: ExcelJS.Row) => {
      rows[key] = row.number;
      return row;
    };
    at('department', rowOf('党政办', '差旅费')).getCell(column('部门')).value = '后勤办';
    at('amount', rowOf('社会事务办', '印刷费')).getCell(column('调整后指标')).value = '五万';
    at('allotted', rowOf('纪工委', '培训费')).getCell(column('年初指标')).value = 70_000;
    at('below', rowOf('城建办', '专用材料费')).getCell(column('调整后指标')).value = 50_000;
    rows.first = rowOf('财政所', '办公费').number;
    const twice = sheet.addRow([]);
    twice.getCell(column('部门')).value = '财政所';
    twice.getCell(column('科目')).value = '办公费';
    twice.getCell(column('年初指标')).value = 50_000;
    rows.twice = twice.number;
  });
  files.headless = await editedExport('headless.xlsx', (sheet) => {
    sheet.getRow(2).getCell(column('部门')).value = '单位';
  });
  // embedded PGlite serves one process: the CLI opens the database once the app has stopped
  await t.stop();
});
afterAll(() => t && dropTestData(t.config));

const actor = (personId: string): Actor => ({ personId, platform: 'console', account: personId });
const column = (header: string) => Object.values(BUDGET_HEADERS).indexOf(header as never) + 1;

/** the database between two runs of the CLI */
async function inDatabase<T>(read: (db: Db) => Promise<T>): Promise<T> {
  const database = await openDatabase({ url: t.config.DATABASE_URL, schema: t.config.DATABASE_SCHEMA, dataDir: t.config.dataDir });
  try {
    return await read(database.db);
  } finally {
    await database.close();
  }
}

/** the exported workbook, edited: `edit` gets the first sheet and the row of each line by 部门/科目/项目 */
async function editedExport(
  name: string,
  edit: (sheet: ExcelJS.Worksheet, rowOf: (department: string, subject: string, project?: string) => ExcelJS.Row) => void,
): Promise<string> {
  const report = await t.deps.service.reports.budget({ personId: 'wugang' }, {});
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await writeBudgetWorkbook(report)).slice().buffer);
  const sheet = workbook.getWorksheet(BUDGET_SHEETS.execution)!;
  const rowOf = (department: string, subject: string, project = '') => {
    let found: ExcelJS.Row | undefined;
    sheet.eachRow((row) => {
      const text = (c: number) => String(row.getCell(c).value ?? '');
      if (text(1) === department && text(2) === subject && text(3) === project) found = row;
    });
    if (!found) throw new Error(`no row ${department} / ${subject} / ${project}`);
    return found;
  };
  edit(sheet, rowOf);
  const file = join(t.config.dataDir, name);
  await workbook.xlsx.writeFile(file);
  return file;
}

async function ledgerOf(db: Db, lineId: string) {
  return (await db.ledgerEntry.findMany({ where: { lineId }, orderBy: { id: 'asc' } })).map((e) => ({ kind: e.kind, amount: e.amount, requestId: e.requestId, note: e.note }));
}

describe('npm run budget:import', () => {
  it('turns a changed 调整后指标 into one ADJUST row and a new line into ALLOT (and ADJUST)', async () => {
    const run = await runScript(t.config, 'budget:import', [files.raised]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`新增预算指标 1 条，调整 1 条，未变化 ${linesAtExport - 1} 条`);

    const id = deriveBudgetLineId({ department: 'cjb', subject: '办公费', project: '打印耗材专项' }, 2026);
    await inDatabase(async (db) => {
      const office = await db.budgetLine.findFirstOrThrow({ where: { departmentId: 'cjb', subject: '办公费', project: '' } });
      expect(office).toMatchObject({ allotted: 5_000_000n, adjusted: 1_000_000n });
      expect(await ledgerOf(db, office.id)).toEqual([
        { kind: 'ALLOT', amount: 5_000_000n, requestId: null, note: '年初预算下达' },
        { kind: 'ADJUST', amount: 1_000_000n, requestId: null, note: '预算表导入调整为 60,000.00 元' },
      ]);
      expect(await db.budgetLine.findUniqueOrThrow({ where: { id } })).toMatchObject({
        fiscalYear: 2026,
        departmentId: 'cjb',
        subject: '办公费',
        project: '打印耗材专项',
        name: '城建办 / 办公费 / 打印耗材专项',
        allotted: 800_000n,
        adjusted: 200_050n,
      });
      expect(await ledgerOf(db, id)).toEqual([
        { kind: 'ALLOT', amount: 800_000n, requestId: null, note: '预算表导入下达' },
        { kind: 'ADJUST', amount: 200_050n, requestId: null, note: '预算表导入调整为 10,000.50 元' },
      ]);
      const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'budget.imported' } });
      expect(audit).toMatchObject({ subject: 'budget:2026', data: { source: files.raised, fiscalYear: 2026, created: 1, adjusted: 1 } });
    });

    // the same sheet again changes nothing
    const again = await runScript(t.config, 'budget:import', [files.raised]);
    expect(again.stdout).toContain(`新增预算指标 0 条，调整 0 条，未变化 ${linesAtExport + 1} 条`);
    expect(await inDatabase((db) => db.ledgerEntry.count({ where: { lineId: id } }))).toBe(2);
  });

  it('refuses a sheet with bad rows, naming each by row and column, and changes nothing', async () => {
    const snapshot = (db: Db) => Promise.all([db.ledgerEntry.count(), db.budgetLine.findMany({ orderBy: { id: 'asc' } })]);
    const before = await inDatabase(snapshot);
    const run = await runScript(t.config, 'budget:import', [files.bad]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('预算表有误，未做任何更改');
    const problems = run.stderr.split('\n').filter((l) => l.startsWith('  - '));
    const rowOf = (line: string) => Number(/第 (\d+) 行/.exec(line)![1]);
    expect(problems).toEqual(
      [
        `  - 第 ${rows.department} 行 A 列（部门）：未知部门「后勤办」（现有部门：领导班子、党政办、财政所、城建办、社会事务办、纪工委）`,
        `  - 第 ${rows.allotted} 行 D 列（年初指标）：「纪工委 / 培训费」已下达年初指标 60,000.00 元，不能改为 70,000.00 元（年初指标是历史）；要增减预算，请改「调整后指标」`,
        `  - 第 ${rows.below} 行 F 列（调整后指标）：「城建办 / 专用材料费」调整后指标 50,000.00 元低于在途冻结 80,000.00 元、已承诺 0.00 元与已支出 0.00 元之和 80,000.00 元，请先核对预算执行情况`,
        `  - 第 ${rows.amount} 行 F 列（调整后指标）：「五万」不是有效的金额：以元填写，不为负，最多两位小数，例如 50000 或 1200.50`,
        `  - 第 ${rows.twice} 行 B 列（科目）：与第 ${rows.first} 行是同一条预算指标（财政所 / 办公费），每条指标只能出现一次`,
      ].sort((a, b) => rowOf(a) - rowOf(b)),
    );
    expect(await inDatabase(snapshot)).toEqual(before);
  });

  // (the exports above carry 小计 and 合计 rows: read as lines they would be unknown departments)
  it('says so when the sheet has no header row', async () => {
    const run = await runScript(t.config, 'budget:import', [files.headless]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('找不到表头');
  });
});
