// The month of a monthly report (绩效月报): the one asked for (YYYY-MM), or the last full month before
// today in the unit's time zone, and its bounds — from its first instant to the next month's, local time.
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);
dayjs.extend(timezone);

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export type ReportMonth = { ok: true; month: string } | { ok: false };

/** `asked` as the user wrote it (2026-11, or 2026-1 / 2026年11月 are refused: one spelling); absent: last month */
export function reportMonth(asked: string | undefined, now: Date, tz: string): ReportMonth {
  if (asked === undefined) return { ok: true, month: dayjs(now).tz(tz).startOf('month').subtract(1, 'month').format('YYYY-MM') };
  const month = asked.trim();
  return MONTH.test(month) ? { ok: true, month } : { ok: false };
}

/** [from, to): the month's first instant and the next month's first, in `tz` */
export function monthBounds(month: string, tz: string): { from: Date; to: Date } {
  const start = dayjs.tz(`${month}-01 00:00`, tz);
  return { from: start.toDate(), to: dayjs.tz(`${dayjs.utc(`${month}-01`).add(1, 'month').format('YYYY-MM-DD')} 00:00`, tz).toDate() };
}
