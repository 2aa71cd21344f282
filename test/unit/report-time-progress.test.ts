// 序时进度: the share of the fiscal year's working days passed by the end of a day — weekends and
// 法定节假日 left out, 调休 working weekends counted — and ratioBp, the rounding every report rate uses.
import { describe, expect, it } from 'vitest';
import { ratioBp, timeProgress } from '../../workflows/domain/reports/time-progress.js';

describe('timeProgress', () => {
  it('counts 2026 as 248 working days', () => {
    expect(timeProgress(2026, '2026-12-31')).toEqual({ passed: 248, total: 248, bp: 10_000 });
  });

  it('does not move across 国庆: the last day of September and the day before work resumes are the same', () => {
    const september = timeProgress(2026, '2026-09-30');
    // 186 / 248 = 75.00% exactly
    expect(september).toEqual({ passed: 186, total: 248, bp: 7500 });
    for (const day of ['2026-10-01', '2026-10-04', '2026-10-07']) expect(timeProgress(2026, day)).toEqual(september);
    // 8 October, the first working day after the holiday: one more day
    expect(timeProgress(2026, '2026-10-08')).toEqual({ passed: 187, total: 248, bp: 7540 });
  });

  it('counts a 调休 working weekend and skips an ordinary one', () => {
    // 2026-01-04 is a Sunday worked (调休 for 元旦); 2026-01-10/11 an ordinary weekend
    expect(timeProgress(2026, '2026-01-03').passed).toBe(0);
    expect(timeProgress(2026, '2026-01-04').passed).toBe(1);
    expect(timeProgress(2026, '2026-01-09').passed).toBe(6);
    expect(timeProgress(2026, '2026-01-11').passed).toBe(6);
    expect(timeProgress(2026, '2026-01-12').passed).toBe(7);
  });

  it('is 0 on 元旦 and before the year, the whole year on its last day and after it', () => {
    expect(timeProgress(2026, '2026-01-01')).toEqual({ passed: 0, total: 248, bp: 0 });
    expect(timeProgress(2026, '2025-12-31')).toEqual({ passed: 0, total: 248, bp: 0 });
    expect(timeProgress(2026, '2026-12-30').passed).toBe(247);
    expect(timeProgress(2026, '2027-01-01')).toEqual({ passed: 248, total: 248, bp: 10_000 });
  });

  it('rounds to basis points half up: the first working day is 1/248 = 0.40%', () => {
    // 1/248 = 0.4032…% → 40; 2/248 = 0.8064…% → 81
    expect(timeProgress(2026, '2026-01-04').bp).toBe(40);
    expect(timeProgress(2026, '2026-01-05').bp).toBe(81);
  });
});

describe('ratioBp', () => {
  it('rounds half up, away from zero for negatives, and is 0 over nothing', () => {
    expect(ratioBp(120_000n, 5_000_000n)).toBe(240);
    expect(ratioBp(1n, 20_000n)).toBe(1); // 0.5 bp
    expect(ratioBp(1n, 20_001n)).toBe(0);
    expect(ratioBp(-1n, 20_000n)).toBe(-1);
    expect(ratioBp(3n, 2n)).toBe(15_000);
    expect(ratioBp(5n, 0n)).toBe(0);
  });
});
