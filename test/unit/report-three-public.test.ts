import { describe, expect, it } from 'vitest';
import { threePublicFigures, threePublicTable, type SubjectFigures } from '../../workflows/domain/reports/three-public.js';
import { DEMO_THREE_PUBLIC, threePublicRow } from '../helpers/three-public-rows.js';

const line = (subject: string, budget: bigint, spent: bigint, frozen = 0n, committed = 0n): SubjectFigures => ({ subject, budget, spent, frozen, committed });

const LINES = [
  line('公务用车运行维护费', 5_000_000n, 1_200_000n, 100_000n, 0n), // 50,000 budget, 12,000 spent
  line('公务用车运行维护费', 1_000_000n, 300_000n), // another department's line
  line('公务接待费', 3_000_000n, 3_250_000n, 0n, 50_000n), // over its cap
  line('办公费', 9_000_000n, 4_000_000n), // not 三公
];

describe('threePublicTable', () => {
  it('takes the file’s caps for the unit, and the lines’ budget where the file gives none', () => {
    const { rows, total } = threePublicTable(DEMO_THREE_PUBLIC, LINES, [line('公务用车运行维护费', 0n, 1_000_000n), line('公务接待费', 0n, 3_250_000n)], true);
    expect(rows).toEqual([
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
        lastYearSpent: 3_250_000n,
        yoyBp: 0,
      }),
    ]);
    expect(total).toEqual({
      cap: 9_000_000n,
      spent: 4_750_000n,
      frozen: 100_000n,
      committed: 50_000n,
      left: 4_100_000n,
      usedBp: 5278,
      lastYearSpent: 4_250_000n,
      // 4,750,000 against 4,250,000
      yoyBp: 1176,
    });
  });

  it('compares with the lines’ budget for one department', () => {
    const { rows } = threePublicTable(DEMO_THREE_PUBLIC, [LINES[0]!], null, false);
    expect(rows[1]).toMatchObject({ cap: 5_000_000n, capFromFile: false, spent: 1_200_000n, left: 3_700_000n, usedBp: 2400 });
    expect(rows[2]).toMatchObject({ cap: 0n, usedBp: 0, left: 0n });
  });

  it('has no year-on-year without last year’s lines, or when last year spent nothing', () => {
    const none = threePublicTable(DEMO_THREE_PUBLIC, LINES, null, true);
    expect(none.rows.map((r) => [r.lastYearSpent, r.yoyBp])).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ]);
    expect(none.total).toMatchObject({ lastYearSpent: null, yoyBp: null });
    const zero = threePublicTable(DEMO_THREE_PUBLIC, LINES, [line('公务接待费', 0n, 0n), line('公务用车购置', 0n, 2_000_000n)], true);
    expect(zero.rows.map((r) => [r.lastYearSpent, r.yoyBp])).toEqual([
      [null, null],
      [2_000_000n, -2500],
      [0n, null],
    ]);
    // the total compares the categories last year had: (1,500,000 + 3,250,000) against 2,000,000
    expect(zero.total).toMatchObject({ lastYearSpent: 2_000_000n, yoyBp: 13750 });
  });

  it('is empty when the file tags nothing', () => {
    expect(threePublicTable([], LINES, null, true)).toEqual({
      rows: [],
      total: { cap: 0n, spent: 0n, frozen: 0n, committed: 0n, left: 0n, usedBp: 0, lastYearSpent: null, yoyBp: null },
    });
  });
});

describe('threePublicFigures (the 驾驶舱)', () => {
  it('gives each category its cap and spending', () => {
    expect(threePublicFigures(DEMO_THREE_PUBLIC, LINES, true).map((f) => [f.category, f.cap, f.spent, f.frozen, f.committed])).toEqual([
      ['因公出国(境)', 0n, 0n, 0n, 0n],
      ['公务用车购置及运行', 6_000_000n, 1_500_000n, 100_000n, 0n],
      ['公务接待', 3_000_000n, 3_250_000n, 0n, 50_000n],
    ]);
  });
});
