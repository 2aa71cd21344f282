// The date of a collective-decision meeting (三重一大 会议日期): a real calendar day written YYYY-MM-DD.
// The one definition, used by the decision rule, the card's form schema and the typed command.
import { z } from 'zod';

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** true for a date that exists on the calendar: "2024-02-29" yes, "2026-02-30" and "2026-13-45" no. */
export function isMeetingDate(text: string): boolean {
  const m = PATTERN.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export const MeetingDateSchema = z.string().refine(isMeetingDate, '会议日期应为实际存在的日期，格式 YYYY-MM-DD，例如 2026-07-01');
