// 预算导入 checked and planned on hand-made rows: new lines, changed and unchanged 调整后指标, and every
// problem with its row and column; and the sheet reader (header found by its words, 小计/合计 and
// empty rows left out, cells as text).
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readBudgetSheet } from '../../bot/reports/read-budget-sheet.js';
import { deriveBudgetLineId } from '../../workflows/domain/parse-org.js';
import type { BudgetImportRow } from '../../workflows/domain/reports/budget-import.js';
import { planBudgetImport, type BudgetImportContext } from '../../workflows/domain/reports/plan-budget-import.js';

const context: BudgetImportContext = {
  fiscalYear: 2026,
  departments: [
    { id: 'dzb', name: '党政办' },
    { id: 'cjb', name: '城建办' },
  ],
  lines: [
    { id: 'cjb-office', departmentId: 'cjb', subject: '办公费', project: '', allotted: 5_000_000n, adjusted: 0n, frozen: 0n, committed: 0n, spent: 120_000n },
    {
      id: 'cjb-roads',
      departmentId: 'cjb',
      subject: '维修费',
      project: '背街小巷路面维修',
      allotted: 30_000_000n,
      adjusted: 500_000n,
      frozen: 8_000_000n,
      committed: 2_000_000n,
      spent: 1_000_000n,
    },
    { id: 'dzb-office', departmentId: 'dzb', subject: '办公费', project: '', allotted: 8_000_000n, adjusted: 0n, frozen: 0n, committed: 0n, spent: 0n },
  ],
};

/** a row as the sheet reader gives it, columns A to E */
const row = (n: number, department: string, subject: string, project: string, allotted: string, budget = ''): BudgetImportRow => ({
  row: n,
  department: { column: 'A', value: department },
  subject: { column: 'B', value: subject },
  project: { column: 'C', value: project },
  allotted: { column: 'D', value: allotted },
  budget: { column: 'F', value: budget },
});

describe('planBudgetImport', () => {
  it('plans an ADJUST of the difference for a changed line, ALLOT for a new one, and counts the unchanged', () => {
    const check = planBudgetImport(
      [
        row(3, '城建办', '办公费', '', '50000', '60,000.00'),
        row(4, 'cjb', ' 维修费 ', '背街小巷路面维修', '300000.00', '305000'),
        row(5, '党政办', '办公费', '', '80000'),
        row(6, '党政办', '会议费', '', '20000', '25000.5'),
        row(7, '城建办', '办公费', '打印耗材专项', '0'),
      ],
      context,
    );
    expect(check).toEqual({
      ok: true,
      plan: {
        creates: [
          {
            row: 6,
            id: deriveBudgetLineId({ department: 'dzb', subject: '会议费', project: '' }, 2026),
            departmentId: 'dzb',
            subject: '会议费',
            project: '',
            name: '党政办 / 会议费',
            allotted: 2_000_000n,
            budget: 2_500_050n,
          },
          {
            row: 7,
            id: deriveBudgetLineId({ department: 'cjb', subject: '办公费', project: '打印耗材专项' }, 2026),
            departmentId: 'cjb',
            subject: '办公费',
            project: '打印耗材专项',
            name: '城建办 / 办公费 / 打印耗材专项',
            allotted: 0n,
            budget: 0n,
          },
        ],
        adjusts: [{ row: 3, lineId: 'cjb-office', name: '城建办 / 办公费', delta: 1_000_000n, budget: 6_000_000n }],
        unchanged: 2,
      },
    });
  });

  it('lists every problem with its row and column, and plans nothing', () => {
    const check = planBudgetImport(
      [
        row(3, '后勤办', '办公费', '', '1000'),
        row(4, '城建办', '', '', 'abc', '-5'),
        row(5, '城建办', '办公费', '', '60000', '60000'),
        row(6, '城建办', '维修费', '背街小巷路面维修', '300000', '100000'),
        row(7, '党政办', '办公费', '', '80000'),
        row(8, 'dzb', '办公费', '', '80000', '90000'),
        row(9, '', '印刷费', '', ''),
      ],
      context,
    );
    expect(check).toEqual({
      ok: false,
      problems: [
        '第 3 行 A 列（部门）：未知部门「后勤办」（现有部门：党政办、城建办）',
        '第 4 行 B 列（科目）：不能为空',
        '第 4 行 D 列（年初指标）：「abc」不是有效的金额：以元填写，不为负，最多两位小数，例如 50000 或 1200.50',
        '第 4 行 F 列（调整后指标）：「-5」不是有效的金额：以元填写，不为负，最多两位小数，例如 50000 或 1200.50',
        '第 5 行 D 列（年初指标）：「城建办 / 办公费」已下达年初指标 50,000.00 元，不能改为 60,000.00 元（年初指标是历史）；要增减预算，请改「调整后指标」',
        // 80,000 frozen + 20,000 committed + 10,000 spent = 110,000.00
        '第 6 行 F 列（调整后指标）：「城建办 / 维修费 / 背街小巷路面维修」调整后指标 100,000.00 元低于在途冻结 80,000.00 元、已承诺 20,000.00 元与已支出 10,000.00 元之和 110,000.00 元，请先核对预算执行情况',
        '第 8 行 B 列（科目）：与第 7 行是同一条预算指标（党政办 / 办公费），每条指标只能出现一次',
        '第 9 行 A 列（部门）：不能为空',
        '第 9 行 D 列（年初指标）：不能为空',
      ],
    });
  });

  it('allows bringing a line down to exactly what it has used', () => {
    const check = planBudgetImport([row(3, '城建办', '维修费', '背街小巷路面维修', '300000', '110000')], context);
    expect(check).toMatchObject({ ok: true, plan: { adjusts: [{ lineId: 'cjb-roads', delta: -19_500_000n, budget: 11_000_000n }] } });
  });

  it('refuses a new line whose derived id another year holds, and names a missing column without a letter', () => {
    const id = deriveBudgetLineId({ department: 'dzb', subject: '会议费', project: '' }, 2026);
    const check = planBudgetImport([row(3, '党政办', '会议费', '', '1000'), { ...row(4, '党政办', '印刷费', '', ''), allotted: { column: '', value: '' } }], {
      ...context,
      takenIds: new Set([id]),
    });
    expect(check).toEqual({
      ok: false,
      problems: [`第 3 行 B 列（科目）：新指标的编号 ${id} 已被其他年度的指标使用，请在组织文件中为它指定编号`, '第 4 行（年初指标）：不能为空'],
    });
  });
});

describe('readBudgetSheet', () => {
  it('finds the header under a title, reads each line with its column letters, and leaves out 小计, 合计 and empty rows', () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('预算');
    sheet.addRow(['青石街道办事处 2026 年预算']);
    sheet.addRow(['序号', '科目', '部门', '年初指标', '调整', '调整后指标']); // no 项目 column, columns moved
    sheet.addRow([1, '办公费', '城建办', 50_000, 0, 60_000.5]);
    sheet.addRow([]);
    sheet.addRow([2, { richText: [{ text: '维修' }, { text: '费' }] }, '城建办', { formula: 'D3*2', result: 100_000 }, null, 1200.1 + 0.2]);
    sheet.addRow([null, null, '城建办 小计', 150_000]);
    sheet.addRow([null, null, '合计', 150_000]);
    sheet.addRow([3, '差旅费', '党政办', 0.005]);
    const read = readBudgetSheet(workbook);
    expect(read).toEqual({
      ok: true,
      rows: [
        {
          row: 3,
          department: { column: 'C', value: '城建办' },
          subject: { column: 'B', value: '办公费' },
          project: { column: '', value: '' },
          allotted: { column: 'D', value: '50000' },
          budget: { column: 'F', value: '60000.50' },
        },
        {
          row: 5,
          department: { column: 'C', value: '城建办' },
          subject: { column: 'B', value: '维修费' },
          project: { column: '', value: '' },
          allotted: { column: 'D', value: '100000' },
          budget: { column: 'F', value: '1200.30' },
        },
        {
          row: 8,
          department: { column: 'C', value: '党政办' },
          subject: { column: 'B', value: '差旅费' },
          project: { column: '', value: '' },
          allotted: { column: 'D', value: '0.005' },
          budget: { column: 'F', value: '' },
        },
      ],
    });
  });

  it('says when there is no header row or no sheet', () => {
    const workbook = new ExcelJS.Workbook();
    expect(readBudgetSheet(workbook)).toEqual({ ok: false, problem: 'no_sheet' });
    workbook.addWorksheet('x').addRow(['部门', '科目', '金额']);
    expect(readBudgetSheet(workbook)).toEqual({ ok: false, problem: 'no_header' });
  });
});
