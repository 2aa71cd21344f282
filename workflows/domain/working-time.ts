// Working time (工作时间): step time limits count only minutes inside the working hours of working
// days. Statutory holidays (法定节假日) and 调休 working weekends come from `chinese-days`.
import calendarData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { appError } from './errors.js';

dayjs.extend(utc);
dayjs.extend(timezone);

export const DEFAULT_TZ = 'Asia/Shanghai';

/** One working-hour range of a day, in minutes after midnight: [start, end). */
export interface MinuteRange {
  start: number;
  end: number;
}

const RANGE_PATTERN = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;

function toMinutes(hours: string, minutes: string): number | null {
  const h = Number(hours);
  const m = Number(minutes);
  if (m > 59 || h > 24 || (h === 24 && m > 0)) return null;
  return h * 60 + m;
}

/** Problems with a list of "HH:MM-HH:MM" ranges (empty when valid), each naming its index. */
export function checkWorkingHours(ranges: readonly string[]): string[] {
  const problems: string[] = [];
  if (ranges.length === 0) problems.push('至少需要一个工作时段');
  let previousEnd = -1;
  ranges.forEach((text, i) => {
    const match = RANGE_PATTERN.exec(text);
    const start = match ? toMinutes(match[1] ?? '', match[2] ?? '') : null;
    const end = match ? toMinutes(match[3] ?? '', match[4] ?? '') : null;
    if (start === null || end === null) return void problems.push(`[${i}]: 无效时段 "${text}"`);
    if (start >= end) return void problems.push(`[${i}]: 开始时间应早于结束时间 "${text}"`);
    if (start < previousEnd) problems.push(`[${i}]: 时段应按时间顺序排列且互不重叠 "${text}"`);
    previousEnd = end;
  });
  return problems;
}

/** Parses and checks working hours; BAD_INPUT when invalid. */
export function parseWorkingHours(ranges: readonly string[]): MinuteRange[] {
  const problems = checkWorkingHours(ranges);
  if (problems.length > 0) throw appError('BAD_INPUT', 'invalid working hours', { problems });
  return ranges.map((text) => {
    const [, h1 = '', m1 = '', h2 = '', m2 = ''] = RANGE_PATTERN.exec(text) ?? [];
    return { start: Number(h1) * 60 + Number(m1), end: Number(h2) * 60 + Number(m2) };
  });
}

/**
 * The statutory calendar shipped by chinese-days (holidays and 调休 working days by YYYY-MM-DD). We
 * read its data, not its functions: those key dates with the host's local getters and shift a day
 * on hosts west of UTC. Years past the data (1.5.7 ends at 2026) fall back to Monday–Friday.
 */
const CALENDAR = calendarData as { holidays: Record<string, string>; workdays: Record<string, string> };

/** Whether a calendar date (YYYY-MM-DD) is a working day in China (工作日, 调休上班日 included). */
export function isChineseWorkday(ymd: string): boolean {
  if (Object.hasOwn(CALENDAR.workdays, ymd)) return true;
  if (Object.hasOwn(CALENDAR.holidays, ymd)) return false;
  const weekday = new Date(`${ymd}T00:00:00Z`).getUTCDay();
  return weekday >= 1 && weekday <= 5;
}

function nextDate(ymd: string): string {
  return dayjs.utc(ymd).add(1, 'day').format('YYYY-MM-DD');
}

function instantAt(ymd: string, minuteOfDay: number, tz: string): number {
  const hh = String(Math.floor(minuteOfDay / 60)).padStart(2, '0');
  const mm = String(minuteOfDay % 60).padStart(2, '0');
  if (minuteOfDay === 24 * 60) return dayjs.tz(`${nextDate(ymd)} 00:00`, tz).valueOf();
  return dayjs.tz(`${ymd} ${hh}:${mm}`, tz).valueOf();
}

/** No sane limit needs more calendar days than this; guards against a calendar with no working day. */
const MAX_DAYS = 3660;

/**
 * The instant `minutes` working minutes after `start`. Time outside the working hours of working
 * days does not count; a start outside working hours begins counting at the next working range.
 * A limit that ends exactly at the end of a range ends there (12:00, not 14:00).
 */
export function addWorkingMinutes(start: Date, minutes: number, workingHours: readonly string[], tz: string = DEFAULT_TZ): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw appError('BAD_INPUT', `invalid minutes: ${minutes}`, { minutes });
  if (minutes === 0) return new Date(start);
  parseWorkingHours(workingHours); // BAD_INPUT before any counting
  let remaining = Math.round(minutes * 60_000);
  const cursor = start.getTime();
  // the same day windows as workingMinutesBetween (its inverse): each day's instants computed once
  const days = windowCache(workingHours, tz);
  const first = localDayNumber(cursor, tz);
  for (let day = first; day < first + MAX_DAYS; day++) {
    for (const [a, b] of windowsOf(days, day, workingHours, tz)) {
      const from = Math.max(a, cursor);
      if (from >= b) continue;
      if (remaining <= b - from) return new Date(from + remaining);
      remaining -= b - from;
    }
  }
  throw appError('BAD_INPUT', 'no working time found within ten years', { start: start.toISOString(), minutes });
}

const DAY_MS = 86_400_000;
const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** the offset of `tz` from UTC at an instant, in milliseconds */
function offsetAt(instant: number, tz: string): number {
  let format = offsetFormats.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormats.set(tz, format);
  }
  const part = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, Number(p.value)]));
  const local = Date.UTC(part.year!, part.month! - 1, part.day!, part.hour!, part.minute!, part.second!);
  return local - Math.floor(instant / 1000) * 1000;
}

/** per time zone and UTC day: the zone's offset that whole day, or null on a day it changes (夏令时 elsewhere) */
const dayOffsets = new Map<string, Map<number, number | null>>();

/**
 * The local calendar day of an instant as a day number (days since 1970-01-01), with one Intl call per
 * UTC day and zone: dayjs.tz and Intl per instant are too slow for a report's tens of thousands of steps.
 */
function localDayNumber(instant: number, tz: string): number {
  let offsets = dayOffsets.get(tz);
  if (!offsets) dayOffsets.set(tz, (offsets = new Map()));
  const utcDay = Math.floor(instant / DAY_MS);
  let offset = offsets.get(utcDay);
  if (offset === undefined) {
    const first = offsetAt(utcDay * DAY_MS, tz);
    offset = first === offsetAt((utcDay + 1) * DAY_MS - 1, tz) ? first : null;
    if (offsets.size > 20_000) offsets.clear();
    offsets.set(utcDay, offset);
  }
  return Math.floor((instant + (offset ?? offsetAt(instant, tz))) / DAY_MS);
}

/** per time zone and working hours: each day's working ranges as [start, end) instants (none on a day off) */
const dayWindows = new Map<string, Map<number, readonly [number, number][]>>();

/** the day → windows cache of one zone and set of working hours */
function windowCache(workingHours: readonly string[], tz: string): Map<number, readonly [number, number][]> {
  const key = `${tz}|${workingHours.join(',')}`;
  let days = dayWindows.get(key);
  if (!days) dayWindows.set(key, (days = new Map()));
  return days;
}

function windowsOf(days: Map<number, readonly [number, number][]>, dayNumber: number, workingHours: readonly string[], tz: string): readonly [number, number][] {
  let windows = days.get(dayNumber);
  if (!windows) {
    const ymd = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
    const ranges = isChineseWorkday(ymd) ? parseWorkingHours(workingHours) : [];
    // the zone's offset at local noon, when it holds the whole day (dayjs.tz per range is slow); else dayjs
    const noon = dayNumber * DAY_MS + DAY_MS / 2;
    const offset = offsetAt(noon - offsetAt(noon, tz), tz);
    const steady = offsetAt(dayNumber * DAY_MS - offset, tz) === offset && offsetAt((dayNumber + 1) * DAY_MS - offset - 1, tz) === offset;
    const at = (minute: number) => (steady ? dayNumber * DAY_MS + minute * 60_000 - offset : instantAt(ymd, minute, tz));
    windows = ranges.map((r) => [at(r.start), at(r.end)] as [number, number]);
    if (days.size > 20_000) days.clear();
    days.set(dayNumber, windows);
  }
  return windows;
}

/**
 * The working minutes between two instants: the inverse of addWorkingMinutes on the same calendar
 * (addWorkingMinutes(a, m) = b gives workingMinutesBetween(a, b) = m). Time outside the working hours
 * of working days does not count; 0 when `to` is not after `from`. Fractions of a minute are kept.
 */
export function workingMinutesBetween(from: Date, to: Date, workingHours: readonly string[], tz: string = DEFAULT_TZ): number {
  const start = from.getTime();
  const end = to.getTime();
  if (!(end > start)) return 0;
  if (workingHours.length === 0) parseWorkingHours(workingHours); // BAD_INPUT, as addWorkingMinutes
  const days = windowCache(workingHours, tz);
  const last = localDayNumber(end, tz);
  let ms = 0;
  for (let day = localDayNumber(start, tz); day <= last; day++) {
    for (const [a, b] of windowsOf(days, day, workingHours, tz)) {
      const overlap = Math.min(b, end) - Math.max(a, start);
      if (overlap > 0) ms += overlap;
    }
  }
  return ms / 60_000;
}

export interface StepDeadlines {
  /** 黄灯: the approver is reminded */
  yellowAt: Date;
  /** 红灯: overdue, the superior and the supervision group are told */
  dueAt: Date;
}

/** Yellow and red instants of a step activated at `activatedAt` with a working-time limit. */
export function stepDeadlines(activatedAt: Date, limitMinutes: number, yellowShare: number, workingHours: readonly string[], tz: string = DEFAULT_TZ): StepDeadlines {
  if (!(yellowShare > 0 && yellowShare <= 1)) throw appError('BAD_INPUT', `invalid yellow share: ${yellowShare}`, { yellowShare });
  return {
    yellowAt: addWorkingMinutes(activatedAt, limitMinutes * yellowShare, workingHours, tz),
    dueAt: addWorkingMinutes(activatedAt, limitMinutes, workingHours, tz),
  };
}
