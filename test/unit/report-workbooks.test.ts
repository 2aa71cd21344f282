// The 绩效, 三公 and 合同 workbooks written from hand-made reports and opened again with ExcelJS:
// Chinese sheet names, a frozen header, real numbers with their formats, subtotal and total rows.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { summarizeContracts, writeContractWorkbook } from '../../bot/reports/contract-workbook.js';
import { summarizePerformance, writePerformanceWorkbook } from '../../bot/reports/performance-workbook.js';
import { summarizeThreePublic, writeThreePublicWorkbook } from '../../bot/reports/three-public-workbook.js';
import { HOURS_FORMAT, MONEY_FORMAT, PERCENT_FORMAT } from '../../bot/reports/write-workbook.js';
import { contractFileName } from '../../bot/replies/contract-report-words.js';
import { performanceFileName } from '../../bot/replies/performance-report-words.js';
import { threePublicFileName } from '../../bot/replies/three-public-report-words.js';
import { ReportSummarySchema } from '../../workflows/domain/reports/report-notices.js';
import type { ContractReport, PerformanceReport, PerformanceRow, ReportScope, ThreePublicReport } from '../../workflows/service/report-views.js';
import { threePublicRow } from '../helpers/three-public-rows.js';

const SCOPE: ReportScope = { kind: 'unit', departmentIds: ['dzb', 'cjb'], label: '全部' };
const HEAD = { unitName: '青石街道办事处', fiscalYear: 2026, scope: SCOPE, generatedAt: new Date('2026-12-01T01:00:00Z') };

async function open(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook;
}

/** the values of a row from column 1 as ExcelJS reads them back, an empty cell as '' and none after the last */
function values(sheet: ExcelJS.Worksheet, row: number): unknown[] {
  const cells = Array.from((sheet.getRow(row).values as unknown[]).slice(1), (v) => v ?? '');
  while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
  return cells;
}

function expectFrozenHeader(sheet: ExcelJS.Worksheet, headers: readonly string[]): void {
  expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
  expect(values(sheet, 2)).toEqual(headers);
}

const perf = (id: string, name: string, figures: Partial<PerformanceRow>): PerformanceRow => ({
  id,
  name,
  submitted: 0,
  handled: 0,
  onTime: 0,
  onTimeBp: null,
  yellow: 0,
  red: 0,
  averageMinutes: null,
  returns: 0,
  alerts: 0,
  ...figures,
});

describe('绩效 workbook', () => {
  const report: PerformanceReport = {
    ...HEAD,
    month: '2026-11',
    departments: [
      perf('dzb', '党政办', { submitted: 1, handled: 1, onTime: 1, onTimeBp: 10000, averageMinutes: 60 }),
      perf('cjb', '城建办', { submitted: 3, handled: 7, onTime: 6, onTimeBp: 8571, red: 1, yellow: 2, averageMinutes: 125, returns: 1, alerts: 1 }),
      perf('czs', '财政所', {}),
    ],
    approvers: [
      perf('liuxiaoyan', '刘晓燕', { department: '领导班子', handled: 2, onTime: 2, onTimeBp: 10000, averageMinutes: 30, returns: 1 }),
      perf('chenzhiqiang', '陈志强', { department: '领导班子', handled: 2, onTime: 1, onTimeBp: 5000, averageMinutes: 90 }),
      perf('qianwei', '钱伟', { department: '城建办', handled: 3, onTime: 2, onTimeBp: 6667, red: 1, averageMinutes: 260, alerts: 1 }),
    ],
    total: perf('', '全部', { submitted: 4, handled: 8, onTime: 7, onTimeBp: 8750, red: 1, yellow: 2, averageMinutes: 117, returns: 1, alerts: 2 }),
  };

  it('has a sheet of departments with the total, one of approvers with subtotals, and the notes', async () => {
    const workbook = await open(await writePerformanceWorkbook(report));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['按部门', '按审批人', '指标说明']);

    const departments = workbook.getWorksheet('按部门')!;
    expect(String(departments.getCell('A1').value)).toBe('青石街道办事处 2026年11月行政审批绩效月报·按部门（全部；用时按工作时间计）');
    expectFrozenHeader(departments, [
      '部门',
      '提交申请（件）',
      '办结环节（个）',
      '按时办结（个）',
      '按时办结率',
      '黄灯（个）',
      '红灯（个）',
      '平均用时（工作小时）',
      '退回修改（次）',
      '监察告警（条）',
    ]);
    expect(values(departments, 4)).toEqual(['城建办', 3, 7, 6, 0.8571, 2, 1, 125 / 60, 1, 1]);
    expect(departments.getCell('E4').numFmt).toBe(PERCENT_FORMAT);
    expect(departments.getCell('H4').numFmt).toBe(HOURS_FORMAT);
    // no rate and no average when nothing was handled: empty cells, not 0
    expect(values(departments, 5)).toEqual(['财政所', 0, 0, 0, '', 0, 0, '', 0, 0]);
    expect(values(departments, 6)).toEqual(['合计', 4, 8, 7, 0.875, 2, 1, 117 / 60, 1, 2]);
    expect(departments.getCell('A6').font?.bold).toBe(true);
    expect(departments.getCell('E6').numFmt).toBe(PERCENT_FORMAT);
    expect(departments.rowCount).toBe(6);

    const approvers = workbook.getWorksheet('按审批人')!;
    expect(values(approvers, 3)).toEqual(['刘晓燕', '领导班子', 2, 2, 1, 0, 0, 0.5, 1, 0]);
    // 领导班子: 4 handled, 3 on time, (2×30 + 2×90) / 4 = 60 minutes
    expect(values(approvers, 5)).toEqual(['领导班子 小计', '', 4, 3, 0.75, 0, 0, 1, 1, 0]);
    expect(values(approvers, 6)).toEqual(['钱伟', '城建办', 3, 2, 0.6667, 0, 1, 260 / 60, 0, 1]);
    expect(values(approvers, 7)[0]).toBe('城建办 小计');
    expect(values(approvers, 8)).toEqual(['合计', '', 7, 5, 0.7143, 0, 1, (60 + 180 + 780) / 7 / 60, 1, 1]);

    const notes = workbook.getWorksheet('指标说明')!;
    expect(values(notes, 3)[0]).toBe('提交申请');
    expect(notes.rowCount).toBeGreaterThan(10);
  });

  it('is named for its scope and month', () => {
    expect(performanceFileName(report)).toBe('审批绩效月报-全部-2026-11.xlsx');
    expect(performanceFileName({ ...report, scope: { ...SCOPE, label: '城建 办/二组' } })).toBe('审批绩效月报-城建_办_二组-2026-11.xlsx');
  });

  it('summarizes the total for the chat', () => {
    const summary = ReportSummarySchema.parse(summarizePerformance(report));
    expect(summary).toEqual({ kind: 'performance', scope: '全部', month: '2026-11', handled: 8, onTimeBp: 8750, yellow: 2, red: 1, returns: 1, alerts: 2, averageMinutes: 117 });
  });
});

describe('三公 workbook', () => {
  const report: ThreePublicReport = {
    ...HEAD,
    asOf: '2026-12-01',
    rows: [
      threePublicRow('因公出国(境)'),
      threePublicRow('公务用车购置及运行', {
        cap: 6_000_000n,
        capFromFile: true,
        spent: 1_500_000n,
        frozen: 100_000n,
        left: 4_400_000n,
        usedBp: 2500,
        lastYearSpent: 1_000_000n,
        yoyBp: 5000,
      }),
      threePublicRow('公务接待', {
        cap: 3_000_000n,
        capFromFile: true,
        spent: 3_250_000n,
        committed: 50_000n,
        left: -300_000n,
        usedBp: 10833,
        lastYearSpent: 3_500_000n,
        yoyBp: -714,
      }),
    ],
    total: { cap: 9_000_000n, spent: 4_750_000n, frozen: 100_000n, committed: 50_000n, left: 4_100_000n, usedBp: 5278, lastYearSpent: 4_500_000n, yoyBp: 556 },
  };

  it('has one row per category against its cap, and the total', async () => {
    const workbook = await open(await writeThreePublicWorkbook(report));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['三公经费统计']);
    const sheet = workbook.worksheets[0]!;
    expect(String(sheet.getCell('A1').value)).toContain('2026 年三公经费统计（全部，截至 2026-12-01');
    expectFrozenHeader(sheet, ['类别', '对应科目', '控制数', '控制数来源', '已支出', '在途冻结', '已承诺', '结余', '使用率', '上年同期支出', '同比增减']);
    expect(values(sheet, 3)).toEqual(['因公出国(境)', '因公出国(境)费用', 0, '预算指标（调整后）', 0, 0, 0, 0, 0]);
    expect(values(sheet, 4)).toEqual(['公务用车购置及运行', '公务用车运行维护费、公务用车购置', 60000, '组织文件控制数', 15000, 1000, 0, 44000, 0.25, 10000, 0.5]);
    expect(values(sheet, 5)).toEqual(['公务接待', '公务接待费', 30000, '组织文件控制数', 32500, 0, 500, -3000, 1.0833, 35000, -0.0714]);
    expect(sheet.getCell('H5').numFmt).toBe(MONEY_FORMAT);
    expect(values(sheet, 6)).toEqual(['合计', '', 90000, '', 47500, 1000, 500, 41000, 0.5278, 45000, 0.0556]);
    expect(sheet.getCell('C6').numFmt).toBe(MONEY_FORMAT);
    expect(sheet.getCell('A6').font?.bold).toBe(true);
  });

  it('says so when nothing is tagged', async () => {
    const workbook = await open(
      await writeThreePublicWorkbook({
        ...report,
        rows: [],
        total: { ...report.total, cap: 0n, spent: 0n, frozen: 0n, committed: 0n, left: 0n, usedBp: 0, lastYearSpent: null, yoyBp: null },
      }),
    );
    expect(String(workbook.worksheets[0]!.getCell('A3').value)).toContain('尚未标注三公科目');
  });

  it('is named for its scope and cut-off', () => {
    expect(threePublicFileName(report)).toBe('三公经费统计-全部-2026-12-01.xlsx');
  });

  it('summarizes each category for the chat', () => {
    const summary = ReportSummarySchema.parse(summarizeThreePublic(report));
    expect(summary).toMatchObject({ kind: 'three_public', scope: '全部', asOf: '2026-12-01' });
    expect(summary.kind === 'three_public' && summary.rows[2]).toEqual({ category: '公务接待', cap: '3000000', spent: '3250000', usedBp: 10833, yoyBp: -714 });
  });
});

describe('合同 workbook', () => {
  const report: ContractReport = {
    ...HEAD,
    asOf: '2026-12-01',
    contracts: [
      {
        contractNo: 'HT-2026-001',
        requestNo: 10,
        department: '城建办',
        supplier: '青石建设',
        purpose: '老街雨污分流一期',
        signedOn: '2026-11-02',
        amount: 10_000_000n,
        paid: 5_000_000n,
        remaining: 5_000_000n,
        paidBp: 5000,
        settled: false,
        instalments: [
          { index: 1, amount: 3_000_000n, condition: '签订后', acceptedOn: null, acceptanceNo: null, paid: 3_000_000n, lastPaidOn: '2026-11-03' },
          { index: 2, amount: 7_000_000n, condition: '验收合格后', acceptedOn: '2026-11-20', acceptanceNo: 14, paid: 2_000_000n, lastPaidOn: '2026-11-25' },
        ],
      },
      {
        contractNo: 'HT-2026-002',
        requestNo: 11,
        department: '社会事务办',
        supplier: '鑫达物资',
        purpose: '防汛物资',
        signedOn: '2026-11-05',
        amount: 5_000_000n,
        paid: 5_000_000n,
        remaining: 0n,
        paidBp: 10000,
        settled: true,
        instalments: [{ index: 1, amount: 5_000_000n, condition: '', acceptedOn: null, acceptanceNo: null, paid: 5_000_000n, lastPaidOn: '2026-11-30' }],
      },
      {
        contractNo: 'HT-2026-003',
        requestNo: 12,
        department: '城建办',
        supplier: '华联印务',
        purpose: '宣传册',
        signedOn: '2026-11-10',
        amount: 1_000_000n,
        paid: 0n,
        remaining: 1_000_000n,
        paidBp: 0,
        settled: true,
        instalments: [{ index: 1, amount: 1_000_000n, condition: '交付后', acceptedOn: null, acceptanceNo: null, paid: 0n, lastPaidOn: null }],
      },
    ],
    total: { amount: 16_000_000n, paid: 10_000_000n, remaining: 6_000_000n, paidBp: 6250, count: 3 },
  };

  it('lists the contracts by department with subtotals and the total, and their instalments', async () => {
    const workbook = await open(await writeContractWorkbook(report));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['合同执行情况', '分期明细']);
    const contracts = workbook.getWorksheet('合同执行情况')!;
    expectFrozenHeader(contracts, ['部门', '合同编号', '审批编号', '供应商', '合同事项', '签订日期', '合同金额', '已付金额', '未付金额', '付款进度', '状态']);
    expect(values(contracts, 3)).toEqual(['城建办', 'HT-2026-001', 10, '青石建设', '老街雨污分流一期', new Date('2026-11-02T00:00:00Z'), 100000, 50000, 50000, 0.5, '执行中']);
    expect(contracts.getCell('F3').numFmt).toBe('yyyy-mm-dd');
    expect(contracts.getCell('G3').numFmt).toBe(MONEY_FORMAT);
    expect(values(contracts, 4)).toEqual(['城建办', 'HT-2026-003', 12, '华联印务', '宣传册', new Date('2026-11-10T00:00:00Z'), 10000, 0, 10000, 0, '已结清']);
    expect(values(contracts, 5)).toEqual(['城建办 小计（2 份）', '', '', '', '', '', 110000, 50000, 60000, 0.4545]);
    expect(values(contracts, 6)[10]).toBe('已付清');
    expect(values(contracts, 7)[0]).toBe('社会事务办 小计（1 份）');
    expect(values(contracts, 8)).toEqual(['合计（3 份）', '', '', '', '', '', 160000, 100000, 60000, 0.625]);
    expect(contracts.getCell('J8').numFmt).toBe(PERCENT_FORMAT);

    const instalments = workbook.getWorksheet('分期明细')!;
    expectFrozenHeader(instalments, ['合同编号', '供应商', '期次', '付款条件', '本期金额', '验收日期', '验收审批编号', '已付金额', '未付金额', '最近付款日期']);
    expect(values(instalments, 4)).toEqual([
      'HT-2026-001',
      '青石建设',
      2,
      '验收合格后',
      70000,
      new Date('2026-11-20T00:00:00Z'),
      14,
      20000,
      50000,
      new Date('2026-11-25T00:00:00Z'),
    ]);
    expect(values(instalments, 7)).toEqual(['合计', '', '', '', 160000, '', '', 100000, 60000]);
  });

  it('is named for its scope and cut-off', () => {
    expect(contractFileName(report)).toBe('合同执行情况表-全部-2026-12-01.xlsx');
  });

  it('summarizes the total for the chat', () => {
    expect(ReportSummarySchema.parse(summarizeContracts(report))).toEqual({
      kind: 'contracts',
      scope: '全部',
      asOf: '2026-12-01',
      count: 3,
      amount: '16000000',
      paid: '10000000',
      remaining: '6000000',
      paidBp: 6250,
    });
  });
});
