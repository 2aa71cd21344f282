import { describe, expect, it } from 'vitest';
import { isAppError } from '../../workflows/domain/errors.js';
import { addWorkingMinutes, checkWorkingHours, isChineseWorkday, stepDeadlines, workingMinutesBetween } from '../../workflows/domain/working-time.js';

const HOURS = ['08:30-12:00', '14:00-17:30']; // 420 working minutes a day
const cst = (local: string): Date => new Date(`${local}+08:00`);
const add = (local: string, minutes: number): string => addWorkingMinutes(cst(local), minutes, HOURS).toISOString();
const iso = (local: string): string => cst(local).toISOString();

describe('isChineseWorkday (chinese-days 2026 calendar)', () => {
  it('knows 国庆 2026 (Oct 1–7) and the 调休 working weekends around it', () => {
    expect(isChineseWorkday('2026-09-30')).toBe(true);
    for (const day of ['01', '02', '03', '04', '05', '06', '07']) expect(isChineseWorkday(`2026-10-${day}`)).toBe(false);
    expect(isChineseWorkday('2026-10-08')).toBe(true);
    expect(isChineseWorkday('2026-09-20')).toBe(true); // Sunday, 调休 working day
    expect(isChineseWorkday('2026-10-10')).toBe(true); // Saturday, 调休 working day
    expect(isChineseWorkday('2026-10-11')).toBe(false); // ordinary Sunday
  });
});

describe('addWorkingMinutes', () => {
  it('counts inside one working range', () => {
    expect(add('2026-03-10T09:00:00', 60)).toBe(iso('2026-03-10T10:00:00'));
  });

  it('skips the lunch break', () => {
    expect(add('2026-03-10T11:30:00', 60)).toBe(iso('2026-03-10T14:30:00'));
  });

  it('ends at the end of a range rather than the start of the next', () => {
    expect(add('2026-03-10T11:00:00', 60)).toBe(iso('2026-03-10T12:00:00'));
  });

  it('carries over to the next working day', () => {
    // Tue 09:00: 180 + 210 = 390 minutes on Tuesday, 90 more on Wednesday from 08:30
    expect(add('2026-03-10T09:00:00', 480)).toBe(iso('2026-03-11T10:00:00'));
  });

  it('skips a weekend', () => {
    // Fri 2026-03-13 17:00: 30 minutes on Friday, 30 on Monday
    expect(add('2026-03-13T17:00:00', 60)).toBe(iso('2026-03-16T09:00:00'));
  });

  it('starts counting at the next working range when started outside working hours', () => {
    expect(add('2026-03-10T07:00:00', 30)).toBe(iso('2026-03-10T09:00:00'));
    expect(add('2026-03-10T12:30:00', 30)).toBe(iso('2026-03-10T14:30:00'));
    expect(add('2026-03-10T20:00:00', 30)).toBe(iso('2026-03-11T09:00:00'));
    expect(add('2026-03-14T10:00:00', 30)).toBe(iso('2026-03-16T09:00:00')); // Saturday
  });

  it('skips the 2026 National Day holiday (国庆 Oct 1–7)', () => {
    expect(add('2026-09-30T17:00:00', 60)).toBe(iso('2026-10-08T09:00:00'));
    expect(add('2026-10-03T10:00:00', 30)).toBe(iso('2026-10-08T09:00:00'));
  });

  it('counts a 调休 Saturday and Sunday as working days', () => {
    expect(add('2026-10-09T17:00:00', 60)).toBe(iso('2026-10-10T09:00:00')); // Fri → Sat 10-10
    expect(add('2026-09-19T10:00:00', 30)).toBe(iso('2026-09-20T09:00:00')); // Sat → Sun 09-20
    expect(add('2026-02-14T08:00:00', 30)).toBe(iso('2026-02-14T09:00:00')); // 春节调休 Saturday
  });

  it('uses the given timezone, not the host one', () => {
    const utc = addWorkingMinutes(new Date('2026-03-10T09:00:00Z'), 60, HOURS, 'UTC');
    expect(utc.toISOString()).toBe('2026-03-10T10:00:00.000Z');
  });

  it('follows a zone whose offset changes between two working days', () => {
    // New York moves from UTC−5 to UTC−4 on Sunday 8 March 2026: Friday 16:00 is 21:00Z, Monday 09:00 is 13:00Z
    const due = addWorkingMinutes(new Date('2026-03-06T21:00:00Z'), 120, ['09:00-17:00'], 'America/New_York');
    expect(due.toISOString()).toBe('2026-03-09T14:00:00.000Z');
  });

  it('returns the start for zero minutes and refuses negative ones', () => {
    expect(add('2026-03-14T10:00:00', 0)).toBe(iso('2026-03-14T10:00:00'));
    expect(() => add('2026-03-10T09:00:00', -1)).toThrow();
  });

  it('handles the longest limit quickly (a loop per day, not per minute)', () => {
    const started = performance.now();
    const due = addWorkingMinutes(cst('2026-01-05T08:30:00'), 2000 * 60, HOURS);
    expect(performance.now() - started).toBeLessThan(1000);
    // 2000 h at 7 h a day is ~286 working days: well into the next year
    expect(due.getTime()).toBeGreaterThan(cst('2026-12-31T00:00:00').getTime());
  });

  it('refuses invalid working hours', () => {
    try {
      addWorkingMinutes(cst('2026-03-10T09:00:00'), 10, ['12:00-08:30']);
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('BAD_INPUT');
    }
  });
});

describe('checkWorkingHours', () => {
  it('accepts ordered ranges', () => {
    expect(checkWorkingHours(HOURS)).toEqual([]);
    expect(checkWorkingHours(['00:00-24:00'])).toEqual([]);
  });

  it('names every bad range by index', () => {
    const problems = checkWorkingHours(['14:00-17:30', '08:30-12:00', '25:00-26:00', '10:00-10:00']);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^\[1\]: .*顺序/);
    expect(problems[1]).toMatch(/^\[2\]: 无效时段/);
    expect(problems[2]).toMatch(/^\[3\]: 开始时间应早于结束时间/);
    expect(checkWorkingHours([])).toHaveLength(1);
  });
});

describe('stepDeadlines', () => {
  it('puts yellow at the share of the limit and red at the limit, in working time', () => {
    const { yellowAt, dueAt } = stepDeadlines(cst('2026-03-10T09:00:00'), 480, 0.9, HOURS);
    // 432 minutes: 390 on Tuesday, 42 on Wednesday
    expect(yellowAt.toISOString()).toBe(iso('2026-03-11T09:12:00'));
    expect(dueAt.toISOString()).toBe(iso('2026-03-11T10:00:00'));
  });

  it('spans the National Day holiday', () => {
    const { yellowAt, dueAt } = stepDeadlines(cst('2026-09-30T16:00:00'), 240, 0.5, HOURS);
    // 90 minutes on 09-30 (16:00–17:30), the rest from 10-08 08:30
    expect(yellowAt.toISOString()).toBe(iso('2026-10-08T09:00:00'));
    expect(dueAt.toISOString()).toBe(iso('2026-10-08T11:00:00'));
  });
});

describe('workingMinutesBetween', () => {
  const between = (from: string, to: string): number => workingMinutesBetween(cst(from), cst(to), HOURS);

  it('counts inside one range and is 0 when the end is not after the start', () => {
    expect(between('2026-03-10T09:00:00', '2026-03-10T10:30:00')).toBe(90);
    expect(between('2026-03-10T10:30:00', '2026-03-10T09:00:00')).toBe(0);
    expect(between('2026-03-10T10:30:00', '2026-03-10T10:30:00')).toBe(0);
  });

  it('leaves out the lunch break', () => {
    // 11:30–12:00 and 14:00–14:30
    expect(between('2026-03-10T11:30:00', '2026-03-10T14:30:00')).toBe(60);
    expect(between('2026-03-10T12:10:00', '2026-03-10T13:50:00')).toBe(0);
  });

  it('leaves out nights and a weekend', () => {
    // Fri 17:00–17:30, Mon 08:30–09:00
    expect(between('2026-03-13T17:00:00', '2026-03-16T09:00:00')).toBe(60);
    // a whole working day
    expect(between('2026-03-10T00:00:00', '2026-03-11T00:00:00')).toBe(420);
  });

  it('leaves out the 国庆 holiday and counts the 调休 Saturday', () => {
    // 09-30 16:00–17:30 (90), nothing 10-01…10-07, 10-08 08:30–11:00 (150)
    expect(between('2026-09-30T16:00:00', '2026-10-08T11:00:00')).toBe(240);
    // Fri 10-09 17:00–17:30 and Sat 10-10 (调休 working day) 08:30–09:00
    expect(between('2026-10-09T17:00:00', '2026-10-10T09:00:00')).toBe(60);
  });

  it('keeps fractions of a minute', () => {
    expect(between('2026-03-10T09:00:00', '2026-03-10T09:00:30')).toBe(0.5);
  });

  it('inverts addWorkingMinutes', () => {
    const starts = ['2026-03-10T09:00:00', '2026-03-13T17:00:00', '2026-09-30T16:00:00', '2026-10-03T10:00:00', '2026-03-10T20:00:00'];
    for (const start of starts) {
      for (const minutes of [1, 30, 210, 420, 480, 2400]) {
        const end = addWorkingMinutes(cst(start), minutes, HOURS);
        expect(workingMinutesBetween(cst(start), end, HOURS), `${start} + ${minutes}`).toBe(minutes);
      }
    }
  });

  it('uses the given timezone, across a change of its offset', () => {
    expect(workingMinutesBetween(new Date('2026-03-10T09:00:00Z'), new Date('2026-03-10T10:00:00Z'), HOURS, 'UTC')).toBe(60);
    // New York moves its clocks on Sunday 2026-03-08: Friday 17:00 EST to Monday 09:00 EDT is 60 working minutes
    expect(workingMinutesBetween(new Date('2026-03-06T22:00:00Z'), new Date('2026-03-09T13:00:00Z'), HOURS, 'America/New_York')).toBe(60);
    const start = new Date('2026-03-05T15:00:00Z');
    expect(workingMinutesBetween(start, addWorkingMinutes(start, 900, HOURS, 'America/New_York'), HOURS, 'America/New_York')).toBe(900);
  });
});
