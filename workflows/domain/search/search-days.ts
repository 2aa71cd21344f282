// 从= and 到= of /查询 are calendar days in the unit's time zone, both included: 从=2026-11-01
// 到=2026-11-30 is every request drafted from 00:00 on the 1st to the end of the 30th, Beijing time,
// whatever the server's own zone. As instants: [start of 从, start of the day after 到).
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);
dayjs.extend(timezone);

export interface InstantRange {
  /** on or after */
  gte?: Date;
  /** strictly before */
  lt?: Date;
}

export function dayRange(from: string | undefined, to: string | undefined, tz: string): InstantRange {
  return {
    gte: from === undefined ? undefined : dayjs.tz(from, tz).startOf('day').toDate(),
    lt: to === undefined ? undefined : dayjs.tz(to, tz).startOf('day').add(1, 'day').toDate(),
  };
}
