import { describe, expect, it } from 'vitest';
import { MeetingSchema } from '../../bot/inbound-event.js';
import { MeetingDateSchema, isMeetingDate } from '../../workflows/domain/meeting-date.js';

describe('isMeetingDate', () => {
  it.each(['2026-07-01', '2026-02-28', '2024-02-29', '2000-02-29', '2026-12-31', '2026-01-01'])('accepts the calendar date %s', (text) => {
    expect(isMeetingDate(text)).toBe(true);
    expect(MeetingDateSchema.safeParse(text).success).toBe(true);
  });

  it.each([
    '2026-02-30',
    '2026-02-29',
    '1900-02-29',
    '2026-04-31',
    '2026-13-45',
    '2026-00-10',
    '2026-01-00',
    '2026-7-1',
    '2026/07/01',
    '20260701',
    '2026-07-01T00:00',
    '',
    '0000-01-01',
  ])('refuses %j', (text) => {
    expect(isMeetingDate(text)).toBe(false);
    const parsed = MeetingDateSchema.safeParse(text);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/YYYY-MM-DD/);
  });
});

describe('the meeting record of a tapped card', () => {
  it('refuses a date that is not on the calendar', () => {
    expect(MeetingSchema.safeParse({ date: '2026-02-28', minutesNo: '党工委〔2026〕3号' }).success).toBe(true);
    expect(MeetingSchema.safeParse({ date: '2026-02-30', minutesNo: '党工委〔2026〕3号' }).success).toBe(false);
  });
});
