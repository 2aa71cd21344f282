// 序时进度: how far through the fiscal year a day is, counted in working days (法定节假日 and weekends
// left out, 调休 working weekends counted) — the share of the year's working days that have passed by
// the end of `asOf`. Reports set the 执行率 beside it: a line spending in step with the calendar has
// 执行率 ≈ 序时进度.
import { isChineseWorkday } from '../working-time.js';

export interface TimeProgress {
  /** working days of the fiscal year up to and including `asOf` */
  passed: number;
  /** working days of the whole fiscal year */
  total: number;
  /** passed / total in basis points, rounded half up (0 before the year, 10000 after it) */
  bp: number;
}

/** `asOf` is YYYY-MM-DD; a day before the year counts nothing, a day after it the whole year. */
export function timeProgress(fiscalYear: number, asOf: string): TimeProgress {
  let passed = 0;
  let total = 0;
  const day = new Date(Date.UTC(fiscalYear, 0, 1));
  while (day.getUTCFullYear() === fiscalYear) {
    const ymd = day.toISOString().slice(0, 10);
    if (isChineseWorkday(ymd)) {
      total++;
      if (ymd <= asOf) passed++;
    }
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return { passed, total, bp: ratioBp(BigInt(passed), BigInt(total)) };
}

/** part / whole in basis points, rounded half up (away from zero for negatives); 0 when whole is 0 */
export function ratioBp(part: bigint, whole: bigint): number {
  if (whole === 0n) return 0;
  const negative = part < 0n !== whole < 0n;
  const a = part < 0n ? -part : part;
  const b = whole < 0n ? -whole : whole;
  const bp = (a * 20_000n + b) / (2n * b);
  return Number(negative ? -bp : bp);
}
