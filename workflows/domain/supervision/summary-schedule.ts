// When the daily supervision summary (监察日报) goes out: on working days (法定节假日 skipped, 调休
// working weekends included — the same calendar as the step time limits) at the organisation file's
// `dailySummaryAt`, in the unit's time zone. And which earlier day its 三重一大 section reaches back to.
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { isChineseWorkday } from '../working-time.js';

dayjs.extend(utc);
dayjs.extend(timezone);

/** a whole year of holidays is far fewer days than this */
const MAX_DAYS = 400;

export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export interface SummarySlot {
  /** YYYY-MM-DD in the unit's time zone: the day the summary is for */
  day: string;
  /** when it is sent */
  at: Date;
}

const addDays = (ymd: string, n: number) => dayjs.utc(ymd).add(n, 'day').format('YYYY-MM-DD');

/**
 * The next summary: the first working day whose `time` (HH:MM) is later than `now` and, when `after`
 * is given (the day just summarised), that comes after it — so a summary that ran a moment early by
 * our clock still schedules the next day, and one that ran days late schedules no stale days.
 */
export function nextSummarySlot(now: Date, time: string, tz: string, after?: string): SummarySlot {
  let day = dayjs(now).tz(tz).format('YYYY-MM-DD');
  for (let i = 0; i < MAX_DAYS; i++, day = addDays(day, 1)) {
    if (after !== undefined && day <= after) continue;
    if (!isChineseWorkday(day)) continue;
    const at = dayjs.tz(`${day} ${time}`, tz).toDate();
    if (at.getTime() > now.getTime()) return { day, at };
  }
  throw new Error(`no working day within ${MAX_DAYS} days of ${now.toISOString()}`);
}

/** The working day before `day` (YYYY-MM-DD): a Monday's is the Friday before, a day after a holiday the last day worked. */
export function previousWorkday(day: string): string {
  let ymd = addDays(day, -1);
  for (let i = 0; i < MAX_DAYS; i++, ymd = addDays(ymd, -1)) if (isChineseWorkday(ymd)) return ymd;
  throw new Error(`no working day within ${MAX_DAYS} days before ${day}`);
}

/** The instant a calendar day begins in the unit's time zone. */
export function startOfDay(day: string, tz: string): Date {
  return dayjs.tz(`${day} 00:00`, tz).toDate();
}
