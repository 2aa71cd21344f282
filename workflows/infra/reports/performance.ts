// 行政审批绩效月度报表: the month's steps, decisions, submissions and alerts of the departments the reader
// may see, read by SQL filters on the month's bounds (never the whole history), then counted by the
// pure table (domain/reports/performance.ts defines every column). Working minutes use the current
// policy's working hours.
import { appError } from '../../domain/errors.js';
import { performanceTable, type PerformanceDecision, type PerformanceStep } from '../../domain/reports/performance.js';
import { monthBounds, reportMonth } from '../../domain/reports/report-month.js';
import type { PerformanceReport, PerformanceReportSpec } from '../../service/report-views.js';
import type { Ctx } from '../context.js';
import type { Db } from '../db.js';
import { loadPolicy } from '../org-snapshot.js';
import { resolveReportScope, type Reader } from './resolve-scope.js';

export async function performanceReport(ctx: Ctx, reader: Reader, spec: PerformanceReportSpec): Promise<PerformanceReport> {
  const { db, now, tz } = ctx;
  const scope = await resolveReportScope(ctx, reader, 'performance');
  const asked = reportMonth(spec.month, now, tz);
  if (!asked.ok) throw appError('BAD_INPUT', `report month ${spec.month ?? ''}`, { problem: '月份请写成 YYYY-MM，例如 /报表 绩效 2026-11', month: spec.month });
  const { month } = asked;
  const { from, to } = monthBounds(month, tz);
  const departmentIds = scope.departmentIds;

  const [current, departments, people, steps, decisions, submissions, alerts] = await Promise.all([
    loadPolicy(db),
    db.department.findMany({ select: { id: true, name: true }, orderBy: [{ position: 'asc' }, { id: 'asc' }] }),
    db.person.findMany({ select: { id: true, name: true, departmentId: true } }),
    monthSteps(db, departmentIds, from, to),
    db.$queryRaw<PerformanceDecision[]>`
      SELECT "personId", "action", "at", "stepId" FROM "Decision"
      WHERE "at" >= ${from} AND "at" < ${to} AND "action" IN ('approve', 'reject', 'return', 'transfer')`,
    db.$queryRaw<{ departmentId: string; at: Date }[]>`
      SELECT "departmentId", "submittedAt" AS "at" FROM "Request"
      WHERE "submittedAt" >= ${from} AND "submittedAt" < ${to} AND "departmentId" = ANY(${departmentIds})`,
    // the unit's report also counts alerts about no department (多次超时 names a person only)
    db.$queryRaw<{ departmentId: string | null; personId: string | null; raisedAt: Date }[]>`
      SELECT "departmentId", "personId", "raisedAt" FROM "Alert"
      WHERE "raisedAt" >= ${from} AND "raisedAt" < ${to}
        AND ("departmentId" = ANY(${departmentIds}) OR ("departmentId" IS NULL AND ${scope.kind === 'unit'}::boolean))`,
  ]);

  const table = performanceTable({
    month,
    from,
    to,
    workingHours: current.policy.workingHours,
    tz,
    departments,
    covered: departmentIds,
    label: scope.label,
    people,
    steps,
    decisions,
    submissions,
    alerts,
  });
  return {
    unitName: current.unitName,
    fiscalYear: current.fiscalYear,
    scope: { kind: scope.kind, departmentIds, label: scope.label },
    generatedAt: now,
    month,
    departments: table.departments,
    approvers: table.approvers,
    total: table.total,
  };
}

/**
 * The steps the month's figures need, of the covered departments' requests: decided in the month,
 * open in it with a light other than green, or decided on in it (a 会签 member's 同意, a 转交).
 */
async function monthSteps(db: Db, departmentIds: string[], from: Date, to: Date): Promise<PerformanceStep[]> {
  return db.$queryRaw<PerformanceStep[]>`
    SELECT s."id", r."departmentId", s."state", s."assignees", s."activatedAt", s."yellowAt", s."dueAt", s."decidedAt", s."light"
    FROM "Step" s JOIN "Request" r ON r."id" = s."requestId"
    WHERE r."departmentId" = ANY(${departmentIds}) AND s."activatedAt" < ${to}
      AND ((s."decidedAt" >= ${from} AND s."decidedAt" < ${to})
        OR (s."light" <> 'green' AND (s."decidedAt" IS NULL OR s."decidedAt" >= ${from}))
        OR s."id" IN (SELECT "stepId" FROM "Decision" WHERE "at" >= ${from} AND "at" < ${to}))`;
}
