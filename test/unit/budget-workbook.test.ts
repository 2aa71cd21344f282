// The 预算执行情况表 workbook from a hand-made report, reopened with ExcelJS as a spreadsheet program
// would read it: sheet names, title, frozen header, number formats, subtotal and total rows, the
// adjustments and the approved requests (written in batches); and the chat summary's figures.
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { summarizeBudget, writeBudgetWorkbook } from '../../bot/reports/budget-workbook.js';
import { BUDGET_HEADERS, BUDGET_SHEETS, budgetFileName } from '../../bot/replies/budget-report-words.js';
import { MONEY_FORMAT, PERCENT_FORMAT, DATE_FORMAT } from '../../bot/reports/write-workbook.js';
import { budgetFigures, type BudgetExecutionLine } from '../../workflows/domain/reports/budget-execution.js';
import type { ApprovedRequestRow, BudgetExecutionReport } from '../../workflows/service/report-views.js';

const PROGRESS = 7500;
const figures = (allotted: bigint, adjusted: bigint, frozen: bigint, committed: bigint, spent: bigint) => budgetFigures({ allotted, adjusted, frozen, committed, spent }, PROGRESS);
const line = (lineId: string, departmentId: string, department: string, subject: string, project: string, f: ReturnType<typeof figures>): BudgetExecutionLine => ({
  lineId,
  departmentId,
  department,
  subject,
  project,
  ...f,
});

const approvedRow = (no: number, paidOn: string | null): ApprovedRequestRow => ({
  lineId: 'cjb-office',
  department: '城建办',
  subject: '办公费',
  project: '',
  no,
  type: '费用报销',
  requester: '冯磊',
  purpose: no === 1 ? '打印纸 & 墨盒 <加急>\u0007' : `第 ${no} 笔`,
  supplier: no === 1 ? '' : '鑫达办公用品有限公司',
  amount: 120_050n,
  approvedOn: '2026-11-02',
  paidOn,
});

const APPROVED = 12_345; // more than two batches
const report: BudgetExecutionReport = {
  unitName: '青石街道办事处',
  fiscalYear: 2026,
  scope: { kind: 'unit', departmentIds: ['dzb', 'cjb'], label: '全部' },
  generatedAt: new Date('2026-12-01T02:00:00Z'),
  asOf: '2026-09-30',
  timeProgressBp: PROGRESS,
  workdaysPassed: 186,
  workdaysInYear: 248,
  departments: [
    {
      departmentId: 'dzb',
      department: '党政办',
      lines: [line('dzb-office', 'dzb', '党政办', '办公费', '', figures(8_000_000n, 2_000_000n, 100_000n, 500_000n, 2_500_000n))],
      subtotal: figures(8_000_000n, 2_000_000n, 100_000n, 500_000n, 2_500_000n),
    },
    {
      departmentId: 'cjb',
      department: '城建办',
      lines: [
        line('cjb-office', 'cjb', '城建办', '办公费', '', figures(5_000_000n, 0n, 0n, 0n, 120_000n)),
        line('cjb-roads', 'cjb', '城建办', '维修费', '背街小巷路面维修', figures(30_000_000n, -1_000_000n, 0n, 0n, 20_000_000n)),
      ],
      subtotal: figures(35_000_000n, -1_000_000n, 0n, 0n, 20_120_000n),
    },
  ],
  total: figures(43_000_000n, 1_000_000n, 100_000n, 500_000n, 22_620_000n),
  adjustments: async function* () {
    yield [
      { at: new Date('2026-03-01T02:00:00Z'), on: '2026-03-01', department: '党政办', subject: '办公费', project: '', amount: 2_000_000n, requestNo: 7, note: '追加' },
      {
        at: new Date('2026-04-01T02:00:00Z'),
        on: '2026-04-01',
        department: '城建办',
        subject: '维修费',
        project: '背街小巷路面维修',
        amount: -1_000_000n,
        requestNo: null,
        note: '预算表导入调整为 290,000.00 元',
      },
    ];
  },
  approved: async function* () {
    for (let start = 1; start <= APPROVED; start += 5000) {
      yield Array.from({ length: Math.min(5000, APPROVED - start + 1) }, (_, i) => approvedRow(start + i, (start + i) % 2 === 0 ? '2026-11-09' : null));
    }
  },
};

let workbook: ExcelJS.Workbook;
beforeAll(async () => {
  workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await writeBudgetWorkbook(report)).slice().buffer);
});

const values = (row: ExcelJS.Row, count: number) => Array.from({ length: count }, (_, i) => row.getCell(i + 1).value);

describe('writeBudgetWorkbook', () => {
  it('has the three sheets, each with a title row and a frozen header row', () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual([BUDGET_SHEETS.execution, BUDGET_SHEETS.adjustments, BUDGET_SHEETS.approved]);
    for (const sheet of workbook.worksheets) expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    const sheet = workbook.getWorksheet(BUDGET_SHEETS.execution)!;
    const title = String(sheet.getRow(1).getCell(1).value);
    for (const words of ['青石街道办事处', '2026', '全部', '截至 2026-09-30', '序时进度 75.00%']) expect(title).toContain(words);
    expect(values(sheet.getRow(2), 13)).toEqual(Object.values(BUDGET_HEADERS));
  });

  it('writes each line, then its department’s 小计, then the 合计, with money and percent formats', () => {
    const sheet = workbook.getWorksheet(BUDGET_SHEETS.execution)!;
    expect(sheet.rowCount).toBe(2 + 1 + 1 + 2 + 1 + 1);
    expect(values(sheet.getRow(3), 13)).toEqual(['党政办', '办公费', null, 80_000, 20_000, 100_000, 1_000, 5_000, 25_000, 69_000, 0.25, 0.75, -0.5]);
    expect(values(sheet.getRow(4), 3)).toEqual(['党政办 小计', null, null]);
    expect(values(sheet.getRow(6), 13)).toEqual(['城建办', '维修费', '背街小巷路面维修', 300_000, -10_000, 290_000, 0, 0, 200_000, 90_000, 0.6897, 0.75, -0.0603]);
    const subtotal = sheet.getRow(7);
    expect(values(subtotal, 13)).toEqual(['城建办 小计', null, null, 350_000, -10_000, 340_000, 0, 0, 201_200, 138_800, 0.5918, 0.75, -0.1582]);
    const total = sheet.getRow(8);
    expect(values(total, 13)).toEqual(['合计', null, null, 430_000, 10_000, 440_000, 1_000, 5_000, 226_200, 207_800, 0.5141, 0.75, -0.2359]);
    expect(subtotal.getCell(1).font?.bold).toBe(true);
    expect(total.getCell(4).font?.bold).toBe(true);
    expect(total.getCell(4).fill).toMatchObject({ type: 'pattern', fgColor: { argb: 'FFFFF2CC' } });
    for (const row of [3, 7, 8]) {
      for (const c of [4, 5, 6, 7, 8, 9, 10]) expect(sheet.getRow(row).getCell(c).numFmt).toBe(MONEY_FORMAT);
      for (const c of [11, 12]) expect(sheet.getRow(row).getCell(c).numFmt).toBe(PERCENT_FORMAT);
      expect(sheet.getRow(row).getCell(13).numFmt).toMatch(/%/);
    }
  });

  it('lists the adjustments with their day, amount and request number', () => {
    const sheet = workbook.getWorksheet(BUDGET_SHEETS.adjustments)!;
    expect(sheet.rowCount).toBe(4);
    expect(values(sheet.getRow(3), 7)).toEqual([new Date('2026-03-01T00:00:00Z'), '党政办', '办公费', null, 20_000, 7, '追加']);
    expect(values(sheet.getRow(4), 7)).toEqual([new Date('2026-04-01T00:00:00Z'), '城建办', '维修费', '背街小巷路面维修', -10_000, null, '预算表导入调整为 290,000.00 元']);
    expect(sheet.getRow(3).getCell(1).numFmt).toBe(DATE_FORMAT);
    expect(sheet.getRow(4).getCell(5).numFmt).toBe(MONEY_FORMAT);
  });

  it('streams every approved request, batch after batch, text escaped and dates as dates', () => {
    const sheet = workbook.getWorksheet(BUDGET_SHEETS.approved)!;
    expect(sheet.rowCount).toBe(2 + APPROVED);
    expect(values(sheet.getRow(3), 11)).toEqual(['城建办', '办公费', null, 1, '费用报销', '冯磊', '打印纸 & 墨盒 <加急>', null, 1200.5, new Date('2026-11-02T00:00:00Z'), null]);
    expect(values(sheet.getRow(4), 11)).toEqual([
      '城建办',
      '办公费',
      null,
      2,
      '费用报销',
      '冯磊',
      '第 2 笔',
      '鑫达办公用品有限公司',
      1200.5,
      new Date('2026-11-02T00:00:00Z'),
      new Date('2026-11-09T00:00:00Z'),
    ]);
    expect(sheet.getRow(2 + APPROVED).getCell(4).value).toBe(APPROVED);
    expect(sheet.getRow(4).getCell(9).numFmt).toBe(MONEY_FORMAT);
    expect(sheet.getRow(4).getCell(11).numFmt).toBe(DATE_FORMAT);
  });
});

describe('summarizeBudget', () => {
  it('gives the unit total and the departments furthest behind the 序时进度', () => {
    expect(summarizeBudget(report)).toEqual({
      kind: 'budget',
      scope: '全部',
      asOf: '2026-09-30',
      budget: '44000000',
      spent: '22620000',
      frozen: '100000',
      committed: '500000',
      available: '20780000',
      executionBp: 5141,
      timeProgressBp: 7500,
      lines: 3,
      lagging: [
        { department: '党政办', executionBp: 2500 },
        { department: '城建办', executionBp: 5918 },
      ],
    });
  });

  it('names at most three, and none ahead of the 序时进度 or without budget', () => {
    const dept = (department: string, spent: bigint, allotted = 1_000_000n) => ({
      departmentId: department,
      department,
      lines: [],
      subtotal: figures(allotted, 0n, 0n, 0n, spent),
    });
    const many = { ...report, departments: [dept('甲', 100_000n), dept('乙', 900_000n), dept('丙', 0n), dept('丁', 200_000n), dept('戊', 300_000n), dept('己', 0n, 0n)] };
    expect(summarizeBudget(many).lagging).toEqual([
      { department: '丙', executionBp: 0 },
      { department: '甲', executionBp: 1000 },
      { department: '丁', executionBp: 2000 },
    ]);
    // one department's report: the summary has nothing to compare it with
    expect(summarizeBudget({ ...report, departments: [dept('甲', 100_000n)] }).lagging).toEqual([]);
  });

  it('names the file after the scope and cut-off', () => {
    expect(budgetFileName(report)).toBe('预算执行情况表-全部-2026-09-30.xlsx');
  });
});
