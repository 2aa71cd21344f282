// 预算执行情况表 on hand-made lines: each line's derived columns, the department grouping and order,
// the lines' order within a department, the subtotals and the unit total — and the cut-off day.
import { describe, expect, it } from 'vitest';
import { budgetFigures, shapeBudgetExecution, type LineBalances } from '../../workflows/domain/reports/budget-execution.js';
import { balancesFromSums } from '../../workflows/domain/ledger-sums.js';
import { isCalendarDay, reportDay } from '../../workflows/domain/reports/report-day.js';

const line = (lineId: string, departmentId: string, subject: string, project: string, b: Partial<LineBalances> = {}): LineBalances => ({
  lineId,
  departmentId,
  subject,
  project,
  allotted: 0n,
  adjusted: 0n,
  frozen: 0n,
  committed: 0n,
  spent: 0n,
  ...b,
});

describe('budgetFigures', () => {
  it('derives 调整后指标, 可用, 执行率 and 差异 from the balances', () => {
    // 50,000.00 allotted, +5,000.00 adjusted, 1,000.00 frozen, 2,000.00 committed, 11,000.00 spent; 序时进度 75.00%
    const f = budgetFigures({ allotted: 5_000_000n, adjusted: 500_000n, frozen: 100_000n, committed: 200_000n, spent: 1_100_000n }, 7500);
    expect(f).toEqual({
      allotted: 5_000_000n,
      adjusted: 500_000n,
      budget: 5_500_000n,
      frozen: 100_000n,
      committed: 200_000n,
      spent: 1_100_000n,
      available: 4_100_000n,
      executionBp: 2000, // 11,000 / 55,000 = 20.00%
      varianceBp: -5500, // 20.00% − 75.00%
    });
  });

  it('is the README demo row: 50,000.00 with 1,200.00 spent is 2.40%', () => {
    const f = budgetFigures({ allotted: 5_000_000n, adjusted: 0n, frozen: 0n, committed: 0n, spent: 120_000n }, 9113);
    expect(f).toMatchObject({ budget: 5_000_000n, available: 4_880_000n, executionBp: 240, varianceBp: 240 - 9113 });
  });

  it('rounds the rate half up and gives 0 for a line without budget', () => {
    // 1 / 3 = 33.333…% → 3333; 2 / 3 = 66.666…% → 6667; 1 / 8 = 12.5% exactly → 1250; 1/20000 = 0.5 bp → 1
    expect(budgetFigures({ allotted: 300n, adjusted: 0n, frozen: 0n, committed: 0n, spent: 100n }, 0).executionBp).toBe(3333);
    expect(budgetFigures({ allotted: 300n, adjusted: 0n, frozen: 0n, committed: 0n, spent: 200n }, 0).executionBp).toBe(6667);
    expect(budgetFigures({ allotted: 800n, adjusted: 0n, frozen: 0n, committed: 0n, spent: 100n }, 0).executionBp).toBe(1250);
    expect(budgetFigures({ allotted: 20_000n, adjusted: 0n, frozen: 0n, committed: 0n, spent: 1n }, 0).executionBp).toBe(1);
    expect(budgetFigures({ allotted: 0n, adjusted: 0n, frozen: 0n, committed: 0n, spent: 0n }, 4000)).toMatchObject({ executionBp: 0, varianceBp: -4000 });
  });

  it('shows a line cut below what it spent with a negative 可用 and a rate over 100%', () => {
    const f = budgetFigures({ allotted: 1_000_000n, adjusted: -500_000n, frozen: 0n, committed: 0n, spent: 600_000n }, 5000);
    expect(f).toMatchObject({ budget: 500_000n, available: -100_000n, executionBp: 12_000, varianceBp: 7000 });
  });
});

describe('shapeBudgetExecution', () => {
  const departments = [
    { id: 'dzb', name: '党政办' },
    { id: 'ldbz', name: '领导班子' },
    { id: 'cjb', name: '城建办' },
  ];
  const lines = [
    line('c2', 'cjb', '维修费', '背街小巷路面维修', { allotted: 30_000_000n, frozen: 1_000_000n, spent: 9_000_000n }),
    line('c1', 'cjb', '办公费', '', { allotted: 5_000_000n, spent: 120_000n }),
    line('d2', 'dzb', '办公费', '', { allotted: 8_000_000n, adjusted: 2_000_000n, committed: 500_000n, spent: 2_500_000n }),
    line('d3', 'dzb', '维修费', '办公楼屋面防水维修', { allotted: 15_000_000n }),
    line('d1', 'dzb', '差旅费', '', { allotted: 6_000_000n, adjusted: -1_000_000n, spent: 1_000_000n }),
    line('c3', 'cjb', '维修费', '', { allotted: 1_000_000n }),
  ];
  const table = shapeBudgetExecution(departments, lines, 5000);

  it('lists departments in the organisation file order, leaving out those without lines', () => {
    expect(table.departments.map((d) => d.department)).toEqual(['党政办', '城建办']);
  });

  it('orders a department’s lines by subject (as Chinese readers sort them), then project', () => {
    expect(table.departments[0]!.lines.map((l) => l.lineId)).toEqual(['d2', 'd1', 'd3']); // 办公费 bàn, 差旅费 chāi, 维修费 wéi
    expect(table.departments[1]!.lines.map((l) => `${l.subject}/${l.project}`)).toEqual(['办公费/', '维修费/', '维修费/背街小巷路面维修']);
    expect(table.departments[1]!.lines.every((l) => l.department === '城建办' && l.departmentId === 'cjb')).toBe(true);
  });

  it('sums each department and the unit, their rates from the sums', () => {
    const dzb = table.departments[0]!.subtotal;
    // budgets 100,000 + 50,000 + 150,000 = 300,000.00; spent 25,000 + 10,000 = 35,000.00 → 11.67%
    expect(dzb).toEqual({
      allotted: 29_000_000n,
      adjusted: 1_000_000n,
      budget: 30_000_000n,
      frozen: 0n,
      committed: 500_000n,
      spent: 3_500_000n,
      available: 26_000_000n,
      executionBp: 1167,
      varianceBp: 1167 - 5000,
    });
    const cjb = table.departments[1]!.subtotal;
    // 50,000 + 10,000 + 300,000 = 360,000.00; spent 1,200 + 90,000 = 91,200.00 → 25.33%
    expect(cjb).toMatchObject({ budget: 36_000_000n, frozen: 1_000_000n, spent: 9_120_000n, available: 25_880_000n, executionBp: 2533 });
    // 660,000.00 budget, 126,200.00 spent → 19.12%
    expect(table.total).toEqual({
      allotted: 65_000_000n,
      adjusted: 1_000_000n,
      budget: 66_000_000n,
      frozen: 1_000_000n,
      committed: 500_000n,
      spent: 12_620_000n,
      available: 51_880_000n,
      executionBp: 1912,
      varianceBp: 1912 - 5000,
    });
  });

  it('keeps a line of a department it was not given, after the others', () => {
    const odd = shapeBudgetExecution([{ id: 'cjb', name: '城建办' }], [line('x', 'gone', '办公费', '', { allotted: 100n, spent: 50n }), lines[1]!], 0);
    expect(odd.departments.map((d) => d.department)).toEqual(['城建办', 'gone']);
    expect(odd.total.spent).toBe(120_050n);
  });

  it('is empty for a scope without lines', () => {
    expect(shapeBudgetExecution(departments, [], 3000)).toEqual({ departments: [], total: budgetFigures(balancesFromSums([]), 3000) });
  });
});

describe('balancesFromSums', () => {
  it('adds movements up as ledgerTotals does', () => {
    const b = balancesFromSums([
      { kind: 'ALLOT', source: null, amount: 5_000_000n },
      { kind: 'ADJUST', source: null, amount: 300_000n },
      { kind: 'FREEZE', source: null, amount: 400_000n },
      { kind: 'RELEASE', source: null, amount: 50_000n },
      { kind: 'COMMIT', source: null, amount: 200_000n },
      { kind: 'SPEND', source: 'FROZEN', amount: 100_000n },
      { kind: 'FREEZE', source: 'COMMITTED', amount: 120_000n },
      { kind: 'SPEND', source: 'COMMITTED', amount: 30_000n },
      { kind: 'UNCOMMIT', source: null, amount: 10_000n },
    ]);
    // frozen 400,000 + 120,000 (both FREEZE rows) − 50,000 − 200,000 − 100,000 = 170,000
    expect(b).toEqual({ allotted: 5_000_000n, adjusted: 300_000n, frozen: 170_000n, committed: 40_000n, spent: 130_000n });
  });
});

describe('reportDay', () => {
  it('takes today, kept within the fiscal year', () => {
    expect(reportDay(undefined, '2026-12-01', 2026)).toEqual({ ok: true, day: '2026-12-01' });
    expect(reportDay(undefined, '2027-01-05', 2026)).toEqual({ ok: true, day: '2026-12-31' });
    expect(reportDay(undefined, '2025-12-20', 2026)).toEqual({ ok: true, day: '2026-01-01' });
  });

  it('takes the day asked for, a day after the year as its last day; refuses a day before the year or not a day', () => {
    expect(reportDay(' 2026-06-30 ', '2026-12-01', 2026)).toEqual({ ok: true, day: '2026-06-30' });
    expect(reportDay('2026-12-31', '2026-12-01', 2026)).toEqual({ ok: true, day: '2026-12-31' });
    expect(reportDay('2027-01-01', '2026-12-01', 2026)).toEqual({ ok: true, day: '2026-12-31' });
    expect(reportDay('2026-01-01', '2026-12-01', 2026)).toEqual({ ok: true, day: '2026-01-01' });
    expect(reportDay('2025-12-31', '2026-12-01', 2026)).toEqual({ ok: false, problem: 'before_year' });
    for (const bad of ['2026-02-30', '2026-6-30', '20260630', '昨天', '']) expect(reportDay(bad, '2026-12-01', 2026)).toEqual({ ok: false, problem: 'format' });
  });

  it('knows calendar days', () => {
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(isCalendarDay('2026-02-29')).toBe(false);
    expect(isCalendarDay('2026-13-01')).toBe(false);
  });
});
