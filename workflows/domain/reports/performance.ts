// 行政审批绩效月度报表 (monthly approval performance): one row per department, one per approver, and a
// total, for one calendar month in the unit's time zone ([first instant, next month's first instant)).
// A department row is about the requests of that department (whoever approved them); an approver row
// is about what that person did, on requests of the departments the report covers. Each column:
//
//   提交 submitted  requests of the department whose latest submission (提交, or 重新提交 after 退回修改)
//                   falls in the month. Approver rows: 0.
//   办理 handled    department: approval steps of its requests decided in the month — approved, rejected
//                   or returned (a step cancelled by a withdrawal is not handled). Approver: their
//                   decisions in the month — 同意, 驳回, 退回修改 or 转交; in a 会签 step each member's 同意
//                   counts for that member.
//   按时 onTime     of those, decided at or before the step's due time (红灯 time). A step without a
//                   time limit is on time.
//   按时率 onTimeBp onTime / handled in basis points; none when nothing was handled.
//   黄灯 / 红灯     steps that were open at some moment in the month (activated before its end and not
//                   decided before its start) and whose light had turned by the month's end: red, or
//                   yellow only (a step that went on to red in the month counts once, as red). A step
//                   red since an earlier month and still open counts again. Department: steps of its
//                   requests; approver: the steps they are named on (转交 hands the step, and its light,
//                   to the new assignee).
//   平均用时 averageMinutes  the mean working minutes (工作时间: working hours of working days) from a
//                   handled step's activation to its decision (the approver's decision for approver
//                   rows), rounded to a minute; none when nothing was handled.
//   退回 returns    退回修改 decisions made in the month: on the department's requests / by the person.
//   告警 alerts     电子监察 alerts raised in the month about the department / the person (a rule names
//                   the requester or the late approver). The total counts every alert the report
//                   covers, also those naming no department (多次超时), so it may exceed the rows' sum.
//
// The total row counts as the department rows do (steps, not decisions), over all departments covered.
// Rows given beyond the month or the covered departments are left out here, so callers may over-fetch.
import { workingMinutesBetween } from '../working-time.js';
import { ratioBp } from './time-progress.js';

/** a step of a request's route, with its request's department */
export interface PerformanceStep {
  id: string;
  /** the department of the step's request */
  departmentId: string;
  /** waiting, active, approved, rejected, returned, skipped, cancelled */
  state: string;
  assignees: readonly string[];
  activatedAt: Date | null;
  yellowAt: Date | null;
  dueAt: Date | null;
  decidedAt: Date | null;
  /** green, yellow, red: the highest light it reached (a decision leaves it as it was) */
  light: string;
}

/** a decision on a step, with what of its step and request the figures need */
export interface PerformanceDecision {
  personId: string;
  /** approve, reject, return, transfer */
  action: string;
  at: Date;
  stepId: string;
  /** the department of the step's request */
  departmentId: string;
  activatedAt: Date | null;
  dueAt: Date | null;
}

export interface PerformanceInput {
  /** YYYY-MM, and its bounds [from, to) in the unit's time zone */
  month: string;
  from: Date;
  to: Date;
  workingHours: readonly string[];
  tz: string;
  /** every department in the organisation file's order (for approvers' departments and the order of rows) */
  departments: readonly { id: string; name: string }[];
  /** the departments the report covers: a row each, and only their requests count */
  covered: readonly string[];
  /** what the total row is called (the scope's label; the workbook words it) */
  label: string;
  people: readonly { id: string; name: string; departmentId: string }[];
  steps: readonly PerformanceStep[];
  decisions: readonly PerformanceDecision[];
  /** requests and when they were (last) submitted */
  submissions: readonly { departmentId: string; at: Date }[];
  alerts: readonly { departmentId: string | null; personId: string | null; raisedAt: Date }[];
}

/**
 * One row of the monthly 绩效 report: a department (its requests) or an approver (their steps).
 * report-views.ts re-exports it.
 */
export interface PerformanceRow {
  /** department id or person id */
  id: string;
  name: string;
  /** the approver's department (approver rows) */
  department?: string;
  /** requests submitted in the month (department rows) */
  submitted: number;
  /** steps decided in the month: approved, rejected, returned or transferred */
  handled: number;
  /** of those, decided by their due time */
  onTime: number;
  /** onTime / handled, basis points; null when nothing was handled */
  onTimeBp: number | null;
  /** steps (active in the month) that turned yellow, and red */
  yellow: number;
  red: number;
  /** average working minutes from a step's activation to its decision; null when nothing was handled */
  averageMinutes: number | null;
  /** 退回修改 decisions */
  returns: number;
  /** 电子监察 alerts raised in the month about the department / the person */
  alerts: number;
}

export interface PerformanceTable {
  departments: PerformanceRow[];
  approvers: PerformanceRow[];
  total: PerformanceRow;
}

const DECIDED = new Set(['approved', 'rejected', 'returned']);
const HANDLING = new Set(['approve', 'reject', 'return', 'transfer']);

class Tally {
  submitted = 0;
  handled = 0;
  onTime = 0;
  minutes = 0;
  yellow = 0;
  red = 0;
  returns = 0;
  alerts = 0;
  /** whether the person did or was named on anything counted (approver rows) */
  seen = false;

  handle(at: Date, dueAt: Date | null, minutes: number): void {
    this.handled++;
    if (dueAt === null || at.getTime() <= dueAt.getTime()) this.onTime++;
    this.minutes += minutes;
    this.seen = true;
  }

  figures(id: string, name: string, department?: string): PerformanceRow {
    return {
      id,
      name,
      ...(department === undefined ? {} : { department }),
      submitted: this.submitted,
      handled: this.handled,
      onTime: this.onTime,
      onTimeBp: this.handled === 0 ? null : ratioBp(BigInt(this.onTime), BigInt(this.handled)),
      yellow: this.yellow,
      red: this.red,
      averageMinutes: this.handled === 0 ? null : Math.round(this.minutes / this.handled),
      returns: this.returns,
      alerts: this.alerts,
    };
  }
}

/** The light a step showed in the month: 'red', 'yellow' (only), or null (green, or not open in the month). */
export function monthLight(step: PerformanceStep, from: Date, to: Date): 'red' | 'yellow' | null {
  const open = step.activatedAt !== null && step.activatedAt < to && (step.decidedAt === null || step.decidedAt >= from);
  if (!open) return null;
  const turned = (at: Date | null) => at === null || at < to;
  if (step.light === 'red' && turned(step.dueAt)) return 'red';
  if ((step.light === 'yellow' || step.light === 'red') && turned(step.yellowAt)) return 'yellow';
  return null;
}

export function performanceTable(input: PerformanceInput): PerformanceTable {
  const { from, to } = input;
  const inMonth = (at: Date) => at >= from && at < to;
  const covered = new Set(input.covered);
  const byDepartment = new Map(input.covered.map((id) => [id, new Tally()]));
  const byPerson = new Map<string, Tally>();
  const person = (id: string) => byPerson.get(id) ?? byPerson.set(id, new Tally()).get(id)!;
  const total = new Tally();
  // a step's decision is measured for its department and for the person who made it: once
  const spans = new Map<string, number>();
  const minutes = (from: Date | null, at: Date): number => {
    if (from === null) return 0;
    const key = `${from.getTime()}|${at.getTime()}`;
    let span = spans.get(key);
    if (span === undefined) spans.set(key, (span = workingMinutesBetween(from, at, input.workingHours, input.tz)));
    return span;
  };

  for (const step of input.steps) {
    if (!covered.has(step.departmentId)) continue;
    const department = byDepartment.get(step.departmentId)!;
    if (DECIDED.has(step.state) && step.decidedAt && inMonth(step.decidedAt)) {
      const span = minutes(step.activatedAt, step.decidedAt);
      department.handle(step.decidedAt, step.dueAt, span);
      total.handle(step.decidedAt, step.dueAt, span);
    }
    const light = monthLight(step, from, to);
    if (light === null) continue;
    for (const tally of [department, total, ...step.assignees.map(person)]) {
      tally[light]++;
      tally.seen = true;
    }
  }

  for (const decision of input.decisions) {
    if (!covered.has(decision.departmentId) || !HANDLING.has(decision.action) || !inMonth(decision.at)) continue;
    const who = person(decision.personId);
    who.handle(decision.at, decision.dueAt, minutes(decision.activatedAt, decision.at));
    if (decision.action === 'return') {
      who.returns++;
      byDepartment.get(decision.departmentId)!.returns++;
      total.returns++;
    }
  }

  for (const submission of input.submissions) {
    const department = byDepartment.get(submission.departmentId);
    if (!department || !inMonth(submission.at)) continue;
    department.submitted++;
    total.submitted++;
  }

  for (const alert of input.alerts) {
    if (!inMonth(alert.raisedAt) || (alert.departmentId !== null && !covered.has(alert.departmentId))) continue;
    total.alerts++;
    if (alert.departmentId !== null) {
      const department = byDepartment.get(alert.departmentId);
      if (department) department.alerts++;
    }
    // a person gets a row for what they handled or were named on; an alert alone gives none
    const about = alert.personId === null ? undefined : byPerson.get(alert.personId);
    if (about) about.alerts++;
  }

  const departmentName = new Map(input.departments.map((d) => [d.id, d.name]));
  const order = new Map(input.departments.map((d, i) => [d.id, i]));
  const people = new Map(input.people.map((p) => [p.id, p]));
  const approvers = [...byPerson.entries()]
    .filter(([, tally]) => tally.seen)
    .map(([id, tally]) => {
      const known = people.get(id);
      const departmentId = known?.departmentId ?? '';
      return { departmentId, row: tally.figures(id, known?.name ?? id, departmentName.get(departmentId) ?? departmentId) };
    })
    .sort(
      (a, b) =>
        (order.get(a.departmentId) ?? order.size) - (order.get(b.departmentId) ?? order.size) ||
        a.row.name.localeCompare(b.row.name, 'zh-Hans-CN') ||
        a.row.id.localeCompare(b.row.id),
    )
    .map((a) => a.row);

  const departments = [...input.covered]
    .sort((a, b) => (order.get(a) ?? order.size) - (order.get(b) ?? order.size))
    .map((id) => byDepartment.get(id)!.figures(id, departmentName.get(id) ?? id));
  return { departments, approvers, total: total.figures('', input.label) };
}
