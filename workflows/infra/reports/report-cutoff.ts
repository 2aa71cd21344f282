// The cut-off (截至) of a report over the fiscal year: the day asked for or today (report-day.ts), and
// the instant it ends — the next day's midnight in the unit's time zone; rows strictly before it count.
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { appError } from '../../domain/errors.js';
import { reportDay } from '../../domain/reports/report-day.js';

dayjs.extend(utc);
dayjs.extend(timezone);

/** BAD_INPUT (in the reader's words) for a day that is not YYYY-MM-DD or is before the fiscal year */
export function reportCutoff(asked: string | undefined, now: Date, tz: string, fiscalYear: number): { asOf: string; cutoff: Date } {
  const resolved = reportDay(asked, dayjs(now).tz(tz).format('YYYY-MM-DD'), fiscalYear);
  if (!resolved.ok) {
    const problem = resolved.problem === 'format' ? '截至日期请写成 YYYY-MM-DD，例如 截至 2026-06-30' : `预算年度为 ${fiscalYear} 年，截至日期不能早于 ${fiscalYear}-01-01`;
    throw appError('BAD_INPUT', `report cut-off ${asked ?? ''}: ${resolved.problem}`, { problem, asOf: asked });
  }
  return { asOf: resolved.day, cutoff: endOfDay(resolved.day, tz) };
}

/** the first instant after the day YYYY-MM-DD in `tz` */
export function endOfDay(day: string, tz: string): Date {
  return dayjs.tz(day, tz).startOf('day').add(1, 'day').toDate();
}
