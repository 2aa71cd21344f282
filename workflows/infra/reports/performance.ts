// 行政审批绩效月度报表: the month's steps, decisions, submissions and alerts of the departments the reader
// may see, read by SQL filters on the month's bounds (never the whole history), then counted by the
// pure table (domain/reports/performance.ts defines every column). Working minutes use the current
// policy's working hours.
import { Prisma } from '../../../prisma/generated/client.js';
import { appError } from '../../domain/errors.js';
import { performanceTable, type PerformanceDecision, type PerformanceStep } from '../../domain/reports/performance.js';
import { monthBounds, reportMonth } from '../../domain/reports/report-month.js';
import type { PerformanceReport, PerformanceReportSpec } from '../../service/report-views.js';
import type { Ctx } from '../context.js';
import type { Db } from '../db.js';
import { loadPolicy } from '../org-snapshot.js';
import { reportHead } from './report-head.js';
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
    monthDecisions(db, departmentIds, from, to),
    jsonRows(
      db,
      Prisma.sql`SELECT json_build_array("departmentId", ${EPOCH_MS('"submittedAt"')}) AS "row" FROM "Request"
        WHERE "submittedAt" >= ${from} AND "submittedAt" < ${to} AND "departmentId" = ANY(${departmentIds})`,
      (r) => ({ departmentId: r[0] as string, at: dateOf(r[1])! }),
    ),
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
    ...reportHead(current, scope, now),
    month,
    departments: table.departments,
    approvers: table.approvers,
    total: table.total,
  };
}

/** a timestamp column (stored in UTC) as epoch milliseconds, for the JSON rows */
const EPOCH_MS = (column: string) => Prisma.raw(`(extract(epoch from ${column}) * 1000)::bigint`);

const dateOf = (ms: unknown): Date | null => (ms === null ? null : new Date(Number(ms)));

/**
 * A query's rows (each a JSON array named "row") as one JSON value: a month holds tens of thousands of
 * steps and decisions, and Prisma's raw rows cost many times more time and memory each than JSON.parse.
 */
async function jsonRows<T>(db: Db, query: Prisma.Sql, map: (row: unknown[]) => T): Promise<T[]> {
  const [result] = await db.$queryRaw<{ rows: unknown[][] | null }[]>`SELECT json_agg(q."row") AS "rows" FROM (${query}) q`;
  return (result?.rows ?? []).map(map);
}

/**
 * The steps the month's figures need, of the covered departments' requests: decided in the month, or
 * open in it with a light other than green (the decisions carry their own step's times).
 */
function monthSteps(db: Db, departmentIds: string[], from: Date, to: Date): Promise<PerformanceStep[]> {
  return jsonRows(
    db,
    Prisma.sql`
      SELECT json_build_array(s."id", r."departmentId", s."state", s."assignees", ${EPOCH_MS('s."activatedAt"')}, ${EPOCH_MS('s."yellowAt"')},
                              ${EPOCH_MS('s."dueAt"')}, ${EPOCH_MS('s."decidedAt"')}, s."light") AS "row"
      FROM "Step" s JOIN "Request" r ON r."id" = s."requestId"
      WHERE r."departmentId" = ANY(${departmentIds}) AND s."activatedAt" < ${to}
        AND ((s."decidedAt" >= ${from} AND s."decidedAt" < ${to})
          OR (s."light" <> 'green' AND (s."decidedAt" IS NULL OR s."decidedAt" >= ${from})))`,
    (r) => ({
      id: r[0] as string,
      departmentId: r[1] as string,
      state: r[2] as string,
      assignees: r[3] as string[],
      activatedAt: dateOf(r[4]),
      yellowAt: dateOf(r[5]),
      dueAt: dateOf(r[6]),
      decidedAt: dateOf(r[7]),
      light: r[8] as string,
    }),
  );
}

/** the month's decisions on the covered departments' requests, with their step's activation and due time */
function monthDecisions(db: Db, departmentIds: string[], from: Date, to: Date): Promise<PerformanceDecision[]> {
  return jsonRows(
    db,
    Prisma.sql`
      SELECT json_build_array(d."personId", d."action", ${EPOCH_MS('d."at"')}, d."stepId", r."departmentId", ${EPOCH_MS('s."activatedAt"')}, ${EPOCH_MS('s."dueAt"')}) AS "row"
      FROM "Decision" d JOIN "Step" s ON s."id" = d."stepId" JOIN "Request" r ON r."id" = s."requestId"
      WHERE d."at" >= ${from} AND d."at" < ${to} AND d."action" IN ('approve', 'reject', 'return', 'transfer')
        AND r."departmentId" = ANY(${departmentIds})`,
    (r) => ({
      personId: r[0] as string,
      action: r[1] as string,
      at: dateOf(r[2])!,
      stepId: r[3] as string,
      departmentId: r[4] as string,
      activatedAt: dateOf(r[5]),
      dueAt: dateOf(r[6]),
    }),
  );
}
