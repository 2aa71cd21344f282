// When the monthly report push goes out: on the first working day of a month (法定节假日 skipped, 调休
// working weekends counted — the calendar of the step time limits) at the organisation file's
// `reports.monthly.at`, in the unit's time zone, with last month's figures. A push missed while no
// bot ran (a server down on the 1st) goes out as soon as one runs again, in the same month; a fresh
// installation starts with the next month instead of pushing at its first start.
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
 * The next push: last month's, when it is not sent yet and either still to come or missed this month
 * by a system that has pushed before (`lastPushed`); otherwise this month's, early next month.
 */
export function nextPushSlot(now: Date, time: string, tz: string, lastPushed?: string): PushSlot {
  const current = dayjs(now).tz(tz).format('YYYY-MM');
  const previous = addMonths(current, -1);
  if (lastPushed === undefined || lastPushed < previous) {
    const at = pushTime(previous, time, tz);
    if (at.getTime() > now.getTime() || lastPushed !== undefined) return { month: previous, at };
  }
  return { month: current, at: pushTime(current, time, tz) };
}
