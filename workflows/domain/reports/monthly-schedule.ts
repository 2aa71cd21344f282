// When the monthly report push goes out: on the first working day of a month (法定节假日 skipped, 调休
// working weekends counted — the calendar of the step time limits) at the organisation file's
// `reports.monthly.at`, in the unit's time zone, with last month's figures. A push missed while no
// bot ran (a server down on the 1st) goes out as soon as one runs again; a fresh installation starts
// with the month it was installed in.
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { isChineseWorkday } from '../working-time.js';

dayjs.extend(utc);
dayjs.extend(timezone);

export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

export interface PushSlot {
  /** YYYY-MM: the month reported (the one before the push) */
  month: string;
  /** when it is sent (in the past for a missed push still to catch up) */
  at: Date;
}

/** YYYY-MM plus n months */
export function addMonths(month: string, n: number): string {
  return dayjs.utc(`${month}-01`).add(n, 'month').format('YYYY-MM');
}

/** The first working day of a month, YYYY-MM-DD. */
export function firstWorkdayOf(month: string): string {
  let day = dayjs.utc(`${month}-01`);
  while (!isChineseWorkday(day.format('YYYY-MM-DD'))) day = day.add(1, 'day');
  return day.format('YYYY-MM-DD');
}

/** When the report on `month` is pushed: the first working day of the month after, at `time`. */
export function pushTime(month: string, time: string, tz: string): Date {
  return dayjs.tz(`${firstWorkdayOf(addMonths(month, 1))} ${time}`, tz).toDate();
}

/**
 * The next push: last month's while it is not sent yet — still to come, or missed (it then goes out at
 * once); otherwise this month's, early next month. A fresh installation (nothing pushed yet) starts
 * with this month's: it does not report a month it may not have seen.
 */
export function nextPushSlot(now: Date, time: string, tz: string, lastPushed?: string): PushSlot {
  const current = dayjs(now).tz(tz).format('YYYY-MM');
  const previous = addMonths(current, -1);
  if (lastPushed !== undefined && lastPushed < previous) return { month: previous, at: pushTime(previous, time, tz) };
  return { month: current, at: pushTime(current, time, tz) };
}
