// When the daily checkpoint of the audit chain is taken: every calendar day (holidays too — the chain
// grows on any day) at AUDIT_CHECKPOINT_AT, in the unit's time zone.
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);
dayjs.extend(timezone);

export interface CheckpointSlot {
  /** YYYY-MM-DD in the unit's time zone */
  day: string;
  at: Date;
}

/**
 * The first day whose `time` (HH:MM) is later than `now` and, when `after` is given (the last day
 * taken), that comes after it. Today's, when its time passed while no process ran (`after` is an
 * earlier day), is due at once: a missed day is caught up, not skipped.
 */
export function nextCheckpointSlot(now: Date, time: string, tz: string, after?: string): CheckpointSlot {
  let day = dayjs(now).tz(tz).format('YYYY-MM-DD');
  if (after !== undefined && day > after && dayjs.tz(`${day} ${time}`, tz).valueOf() <= now.getTime()) return { day, at: now };
  for (let i = 0; i < 3; i++) {
    if (after === undefined || day > after) {
      const at = dayjs.tz(`${day} ${time}`, tz).toDate();
      if (at.getTime() > now.getTime()) return { day, at };
    }
    day = dayjs.utc(day).add(1, 'day').format('YYYY-MM-DD');
  }
  // `after` lies days ahead of now (a clock set back): the day after it
  const next = dayjs
    .utc(after ?? day)
    .add(1, 'day')
    .format('YYYY-MM-DD');
  return { day: next, at: dayjs.tz(`${next} ${time}`, tz).toDate() };
}

/** YYYY-MM-DD HH:mm in the unit's time zone */
export function localMinute(at: Date, tz: string): string {
  return dayjs(at).tz(tz).format('YYYY-MM-DD HH:mm');
}
