// The monthly report push: on the first working day of a month (holidays skipped) at the configured
// time, with last month's figures; a push missed while no bot ran goes out at once within the month,
// and a fresh installation does not push the moment it first starts.
import { describe, expect, it } from 'vitest';
import { addMonths, firstWorkdayOf, nextPushSlot, pushTime } from '../../workflows/domain/reports/monthly-schedule.js';

const TZ = 'Asia/Shanghai';
const at = (local: string) => new Date(`${local}+08:00`);

describe('firstWorkdayOf', () => {
  it('skips the weekend and statutory holidays', () => {
    expect(firstWorkdayOf('2026-12')).toBe('2026-12-01'); // a Tuesday
    expect(firstWorkdayOf('2026-11')).toBe('2026-11-02'); // the 1st is a Sunday
    expect(firstWorkdayOf('2026-10')).toBe('2026-10-08'); // 国庆 10-01 … 10-07
    expect(firstWorkdayOf('2026-01')).toBe('2026-01-04'); // 元旦 01-01 … 01-03, and Sunday 01-04 is a 调休 working day
  });
});

describe('addMonths and pushTime', () => {
  it('crosses the year', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
  });

  it('pushes a month on the first working day of the next, at the time in the unit’s zone', () => {
    expect(pushTime('2026-09', '08:30', TZ)).toEqual(at('2026-10-08T08:30:00'));
    expect(pushTime('2026-11', '09:00', TZ)).toEqual(at('2026-12-01T09:00:00'));
  });
});

describe('nextPushSlot', () => {
  it('is last month’s push while it is still to come', () => {
    expect(nextPushSlot(at('2026-12-01T08:00:00'), '08:30', TZ, '2026-10')).toEqual({ month: '2026-11', at: at('2026-12-01T08:30:00') });
  });

  it('catches up a missed push at once (its time is past)', () => {
    expect(nextPushSlot(at('2026-12-09T10:00:00'), '08:30', TZ, '2026-10')).toEqual({ month: '2026-11', at: at('2026-12-01T08:30:00') });
    expect(nextPushSlot(at('2026-12-09T10:00:00'), '08:30', TZ, '2026-06')).toEqual({ month: '2026-11', at: at('2026-12-01T08:30:00') });
  });

  it('starts a fresh installation with the month it was installed in, even on the first working day', () => {
    expect(nextPushSlot(at('2026-11-09T10:00:00'), '08:30', TZ)).toEqual({ month: '2026-11', at: at('2026-12-01T08:30:00') });
    expect(nextPushSlot(at('2026-11-02T08:00:00'), '08:30', TZ)).toEqual({ month: '2026-11', at: at('2026-12-01T08:30:00') });
  });

  it('is this month’s once last month’s went out', () => {
    expect(nextPushSlot(at('2026-11-02T08:31:00'), '08:30', TZ, '2026-10')).toEqual({ month: '2026-11', at: at('2026-12-01T08:30:00') });
    expect(nextPushSlot(at('2026-11-02T08:00:00'), '08:30', TZ, '2026-10')).toEqual({ month: '2026-11', at: at('2026-12-01T08:30:00') });
  });
});
