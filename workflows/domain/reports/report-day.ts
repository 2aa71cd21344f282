// The cut-off day (截至) of a report over one fiscal year: the day asked for, or today. A day after
// the year reports the whole year (its 31 December). A day asked for before the year is refused —
// the year's lines did not exist yet, and last year's are another report — while today before the
// year (an organisation file loaded in December for the coming year) reports as of its 1 January.

export type ReportDay = { ok: true; day: string } | { ok: false; problem: 'format' | 'before_year' };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** whether `text` is a real calendar day written YYYY-MM-DD (2026-02-30 is not) */
export function isCalendarDay(text: string): boolean {
  const m = DAY.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text;
}

/** `asked` as the user wrote it (absent: `today`, YYYY-MM-DD in the unit's time zone) */
export function reportDay(asked: string | undefined, today: string, fiscalYear: number): ReportDay {
  const first = `${fiscalYear}-01-01`;
  const last = `${fiscalYear}-12-31`;
  if (asked === undefined) return { ok: true, day: today < first ? first : today > last ? last : today };
  const day = asked.trim();
  if (!isCalendarDay(day)) return { ok: false, problem: 'format' };
  if (day < first) return { ok: false, problem: 'before_year' };
  return { ok: true, day: day > last ? last : day };
}
