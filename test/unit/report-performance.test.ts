import { describe, expect, it } from 'vitest';
import { monthLight, performanceTable, type PerformanceDecision, type PerformanceInput, type PerformanceStep } from '../../workflows/domain/reports/performance.js';
import { monthBounds, reportMonth } from '../../workflows/domain/reports/report-month.js';

const TZ = 'Asia/Shanghai';
const HOURS = ['08:30-12:00', '14:00-17:30'];
const at = (local: string) => new Date(`${local}+08:00`);
const { from, to } = monthBounds('2026-11', TZ);

const step = (id: string, departmentId: string, fields: Partial<PerformanceStep>): PerformanceStep => ({
  id,
  departmentId,
  state: 'approved',
  assignees: [],
  activatedAt: null,
  yellowAt: null,
  dueAt: null,
  decidedAt: null,
  light: 'green',
  ...fields,
});
const decision = (personId: string, action: string, stepId: string, when: string): PerformanceDecision => {
  const step = steps.find((s) => s.id === stepId)!;
  return { personId, action, stepId, at: at(when), departmentId: step.departmentId, activatedAt: step.activatedAt, dueAt: step.dueAt };
};

const steps: PerformanceStep[] = [
  // 城建办: on time in 60 minutes
  step('s1', 'a', {
    assignees: ['p1'],
    activatedAt: at('2026-11-02T09:00:00'),
    yellowAt: at('2026-11-02T16:00:00'),
    dueAt: at('2026-11-02T17:00:00'),
    decidedAt: at('2026-11-02T10:00:00'),
  }),
  // 城建办: returned late (two working days, 840 minutes), red
  step('s2', 'a', {
    state: 'returned',
    assignees: ['p2'],
    activatedAt: at('2026-11-03T09:00:00'),
    yellowAt: at('2026-11-04T09:00:00'),
    dueAt: at('2026-11-04T10:00:00'),
    decidedAt: at('2026-11-05T09:00:00'),
    light: 'red',
  }),
  // 党政办: activated on Friday in October, rejected on Monday 2 November (90 + 30 minutes), yellow in November
  step('s3', 'b', {
    state: 'rejected',
    assignees: ['p2'],
    activatedAt: at('2026-10-30T16:00:00'),
    yellowAt: at('2026-11-02T08:50:00'),
    dueAt: at('2026-11-02T10:00:00'),
    decidedAt: at('2026-11-02T09:00:00'),
    light: 'yellow',
  }),
  // 党政办: red since September and still open
  step('s4', 'b', {
    state: 'active',
    assignees: ['p3'],
    activatedAt: at('2026-09-01T09:00:00'),
    yellowAt: at('2026-09-02T09:00:00'),
    dueAt: at('2026-09-02T10:00:00'),
    light: 'red',
  }),
  // 城建办: yellow on 30 November, red only in December; transferred from p2 to p1
  step('s5', 'a', {
    state: 'active',
    assignees: ['p1'],
    activatedAt: at('2026-11-30T17:00:00'),
    yellowAt: at('2026-11-30T17:20:00'),
    dueAt: at('2026-12-01T10:00:00'),
    light: 'red',
  }),
  // 城建办: decided in October, red then: not this month's
  step('s6', 'a', { assignees: ['p1'], activatedAt: at('2026-10-19T09:00:00'), dueAt: at('2026-10-19T17:00:00'), decidedAt: at('2026-10-20T09:00:00'), light: 'red' }),
  // a department the report does not cover
  step('s7', 'c', { assignees: ['p1'], activatedAt: at('2026-11-09T09:00:00'), decidedAt: at('2026-11-09T09:30:00'), light: 'red' }),
  // withdrawn: cancelled, not handled
  step('s8', 'a', { state: 'cancelled', assignees: ['p1'], activatedAt: at('2026-11-10T09:00:00'), decidedAt: at('2026-11-10T09:30:00') }),
  // 党政办 会签: two approvals, one step
  step('s9', 'b', { assignees: ['p2', 'p3'], activatedAt: at('2026-11-10T09:00:00'), dueAt: at('2026-11-10T17:00:00'), decidedAt: at('2026-11-10T11:00:00') }),
];

const input: PerformanceInput = {
  month: '2026-11',
  from,
  to,
  workingHours: HOURS,
  tz: TZ,
  departments: [
    { id: 'a', name: '城建办' },
    { id: 'b', name: '党政办' },
    { id: 'c', name: '财政所' },
  ],
  covered: ['b', 'a'],
  label: '全部',
  people: [
    { id: 'p1', name: '冯磊', departmentId: 'a' },
    { id: 'p2', name: '李四', departmentId: 'b' },
    { id: 'p3', name: '张三', departmentId: 'b' },
  ],
  steps,
  decisions: [
    decision('p1', 'approve', 's1', '2026-11-02T10:00:00'),
    decision('p2', 'return', 's2', '2026-11-05T09:00:00'),
    decision('p2', 'reject', 's3', '2026-11-02T09:00:00'),
    decision('p2', 'approve', 's9', '2026-11-10T10:00:00'),
    decision('p3', 'approve', 's9', '2026-11-10T11:00:00'),
    decision('p2', 'transfer', 's5', '2026-11-30T17:10:00'),
    decision('p1', 'approve', 's7', '2026-11-09T09:30:00'),
    decision('p1', 'approve', 's6', '2026-10-20T09:00:00'),
  ],
  submissions: [
    { departmentId: 'a', at: at('2026-11-02T08:00:00') },
    { departmentId: 'a', at: at('2026-11-15T10:00:00') },
    { departmentId: 'a', at: at('2026-10-31T23:59:59') },
    { departmentId: 'a', at: at('2026-12-01T00:00:00') },
    { departmentId: 'b', at: at('2026-11-01T00:00:00') },
    { departmentId: 'c', at: at('2026-11-05T10:00:00') },
  ],
  alerts: [
    { departmentId: 'a', personId: 'p1', raisedAt: at('2026-11-03T10:00:00') },
    { departmentId: 'b', personId: null, raisedAt: at('2026-11-04T10:00:00') },
    { departmentId: null, personId: 'p3', raisedAt: at('2026-11-20T10:00:00') },
    { departmentId: 'a', personId: 'p1', raisedAt: at('2026-10-15T10:00:00') },
    { departmentId: 'c', personId: null, raisedAt: at('2026-11-04T10:00:00') },
  ],
};

describe('performanceTable', () => {
  const table = performanceTable(input);

  it('counts each department’s requests, in the organisation file’s order', () => {
    expect(table.departments).toEqual([
      { id: 'a', name: '城建办', submitted: 2, handled: 2, onTime: 1, onTimeBp: 5000, yellow: 1, red: 1, averageMinutes: 450, returns: 1, alerts: 1 },
      { id: 'b', name: '党政办', submitted: 1, handled: 2, onTime: 2, onTimeBp: 10000, yellow: 1, red: 1, averageMinutes: 120, returns: 0, alerts: 1 },
    ]);
  });

  it('counts each approver’s decisions and the lights of the steps they are named on', () => {
    expect(table.approvers).toEqual([
      { id: 'p1', name: '冯磊', department: '城建办', submitted: 0, handled: 1, onTime: 1, onTimeBp: 10000, yellow: 1, red: 0, averageMinutes: 60, returns: 0, alerts: 1 },
      // 840 (late return) + 120 + 60 (会签) + 10 (转交) over 4, rounded
      { id: 'p2', name: '李四', department: '党政办', submitted: 0, handled: 4, onTime: 3, onTimeBp: 7500, yellow: 1, red: 1, averageMinutes: 258, returns: 1, alerts: 0 },
      { id: 'p3', name: '张三', department: '党政办', submitted: 0, handled: 1, onTime: 1, onTimeBp: 10000, yellow: 0, red: 1, averageMinutes: 120, returns: 0, alerts: 1 },
    ]);
  });

  it('totals as the department rows do, with every covered alert', () => {
    expect(table.total).toEqual({ id: '', name: '全部', submitted: 3, handled: 4, onTime: 3, onTimeBp: 7500, yellow: 2, red: 2, averageMinutes: 285, returns: 1, alerts: 3 });
  });

  it('shows nothing handled as no rate and no average', () => {
    const empty = performanceTable({ ...input, steps: [], decisions: [], submissions: [], alerts: [] });
    expect(empty.departments[0]).toMatchObject({ handled: 0, onTimeBp: null, averageMinutes: null });
    expect(empty.approvers).toEqual([]);
    expect(empty.total).toMatchObject({ handled: 0, onTimeBp: null, averageMinutes: null, alerts: 0 });
  });

  it('covers one department: other departments’ steps and decisions on them are left out', () => {
    const one = performanceTable({ ...input, covered: ['a'], label: '城建办' });
    expect(one.departments.map((d) => d.id)).toEqual(['a']);
    expect(one.total).toMatchObject({ name: '城建办', submitted: 2, handled: 2, yellow: 1, red: 1, returns: 1, alerts: 2 });
    // p2 handled s2 (return) and the transfer of s5 on 城建办's requests
    expect(one.approvers.map((a) => [a.id, a.handled])).toEqual([
      ['p1', 1],
      ['p2', 2],
    ]);
  });
});

describe('monthLight', () => {
  const base = step('x', 'a', { state: 'active', activatedAt: at('2026-11-10T09:00:00'), yellowAt: at('2026-11-11T09:00:00'), dueAt: at('2026-11-12T09:00:00'), light: 'red' });

  it('is the light reached by the month’s end, for a step open in the month', () => {
    expect(monthLight(base, from, to)).toBe('red');
    expect(monthLight({ ...base, light: 'yellow' }, from, to)).toBe('yellow');
    expect(monthLight({ ...base, light: 'green' }, from, to)).toBeNull();
    // red after the month: yellow this month
    expect(monthLight({ ...base, dueAt: at('2026-12-01T00:00:00') }, from, to)).toBe('yellow');
    // both after the month
    expect(monthLight({ ...base, yellowAt: at('2026-12-01T08:40:00'), dueAt: at('2026-12-01T09:00:00') }, from, to)).toBeNull();
  });

  it('is nothing for a step not open in the month', () => {
    expect(monthLight({ ...base, activatedAt: at('2026-12-01T00:00:00') }, from, to)).toBeNull();
    expect(monthLight({ ...base, decidedAt: at('2026-10-31T23:59:59') }, from, to)).toBeNull();
    expect(monthLight({ ...base, activatedAt: null }, from, to)).toBeNull();
    // decided at the month's first instant: it was open in it
    expect(monthLight({ ...base, activatedAt: at('2026-10-20T09:00:00'), dueAt: at('2026-10-21T09:00:00'), decidedAt: at('2026-11-01T00:00:00') }, from, to)).toBe('red');
  });
});

describe('reportMonth and monthBounds', () => {
  it('defaults to last month in the unit’s time zone', () => {
    // 1 December 07:00 in Beijing is still 30 November in UTC
    expect(reportMonth(undefined, new Date('2026-11-30T23:00:00Z'), TZ)).toEqual({ ok: true, month: '2026-11' });
    expect(reportMonth(undefined, at('2026-01-15T10:00:00'), TZ)).toEqual({ ok: true, month: '2025-12' });
  });

  it('takes YYYY-MM and refuses anything else', () => {
    expect(reportMonth(' 2026-09 ', new Date(), TZ)).toEqual({ ok: true, month: '2026-09' });
    for (const bad of ['2026-13', '2026-9', '2026年9月', '2026-09-01', '']) expect(reportMonth(bad, new Date(), TZ)).toEqual({ ok: false });
  });

  it('bounds a month by local midnights', () => {
    expect(monthBounds('2026-11', TZ)).toEqual({ from: at('2026-11-01T00:00:00'), to: at('2026-12-01T00:00:00') });
    expect(monthBounds('2026-12', TZ).to).toEqual(at('2027-01-01T00:00:00'));
  });
});
