// 驾驶舱 (dashboard): the unit's figures for the console's charts, for the oversight roles only
// (财务, 主要领导, 纪检); anyone else is refused with DASHBOARD_DENIED, audited as security.refused.
// Every reading is audited as report.dashboard — supervisors are supervised. The fiscal year is the
// unit's, as of today in its time zone. Each figure is one SQL aggregate over indexed columns, so the
// page answers in well under 300 ms on 100,000 requests and 1,000,000 ledger rows:
//   departments  the BudgetLine balance columns (the sums of the ledger, ledger.ts), per department
//   lights       steps that turned yellow / red (a step keeps its light once decided), by the
//                request's department and the month the step was activated
//   alerts       the 电子监察 register raised this year, by rule: all, and those not yet closed
//   suppliers    approved money per supplier as 供应商集中 counts it: top-level purchases only (a
//                child's money — a 付款 under a 合同, a 报销 under a 用款申请 — is its parent's)
//   threePublic  三公 against the caps, the whole unit's (three-public.ts)
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { appError } from '../../domain/errors.js';
import { mayOpenDashboard } from '../../domain/reports/report-scope.js';
import { ratioBp, timeProgress } from '../../domain/reports/time-progress.js';
import { dayRange } from '../../domain/search/search-days.js';
import type { DashboardData } from '../../service/report-views.js';
import { recordAudit } from '../audit.js';
import type { Ctx } from '../context.js';
import { loadPolicy } from '../org-snapshot.js';
import type { Reader } from './resolve-scope.js';
import { threePublicNow } from './three-public.js';

dayjs.extend(utc);
dayjs.extend(timezone);

/** the audit subject of the dashboard's readings and refusals */
export const DASHBOARD_SUBJECT = 'report:dashboard';
/** how many suppliers the chart shows */
export const TOP_SUPPLIERS = 10;
/** kinds whose money goes to a supplier (as 供应商集中 counts it): not a 验收, not a 预算调整 */
const PURCHASING_KINDS = ['direct', 'prior', 'contract', 'reimbursement', 'payment'];

export async function dashboardData(ctx: Ctx, reader: Reader): Promise<DashboardData> {
  const { db, now, tz } = ctx;
  const [person, roles, policy, unit] = await Promise.all([
    db.person.findUnique({ where: { id: reader.personId }, select: { active: true } }),
    db.roleAssignment.findMany({ where: { personId: reader.personId }, select: { role: true } }),
    loadPolicy(db),
    db.department.findMany({ select: { id: true } }),
  ]);
  if (!person?.active) throw appError('UNKNOWN_PERSON', `unknown person ${reader.personId}`, { personId: reader.personId });
  const audited = { subject: DASHBOARD_SUBJECT, actorId: reader.personId, platform: reader.platform, account: reader.account, at: now };
  if (!mayOpenDashboard({ roles: roles.map((r) => r.role) })) {
    await recordAudit(db, { ...audited, action: 'security.refused', data: { code: 'DASHBOARD_DENIED' } });
    throw appError('DASHBOARD_DENIED', `${reader.personId} may not open the dashboard`);
  }

  const fiscalYear = policy.fiscalYear;
  const asOf = dayjs(now).tz(tz).format('YYYY-MM-DD');
  const year = dayRange(`${fiscalYear}-01-01`, `${fiscalYear}-12-31`, tz);
  const [departments, lights, alerts, suppliers, threePublic] = await Promise.all([
    db.$queryRaw<{ departmentId: string; department: string; budget: bigint; spent: bigint }[]>`
      SELECT l."departmentId", coalesce(d."name", l."departmentId") AS "department",
             sum(l."allotted" + l."adjusted")::bigint AS "budget", sum(l."spent")::bigint AS "spent"
      FROM "BudgetLine" l LEFT JOIN "Department" d ON d."id" = l."departmentId"
      WHERE l."fiscalYear" = ${fiscalYear}
      GROUP BY l."departmentId", d."name", d."position"
      ORDER BY d."position", l."departmentId"`,
    // timestamps are stored as UTC without a zone: read as UTC, then the month in the unit's zone; a
    // step exists only once its request was submitted, which lets the join read a small index alone
    db.$queryRaw<{ department: string; month: string; yellow: number; red: number }[]>`
      SELECT coalesce(d."name", r."departmentId") AS "department", to_char(s."activatedAt" AT TIME ZONE 'UTC' AT TIME ZONE ${tz}, 'YYYY-MM') AS "month",
             count(*) FILTER (WHERE s."light" = 'yellow')::int AS "yellow", count(*) FILTER (WHERE s."light" = 'red')::int AS "red"
      FROM "Step" s JOIN "Request" r ON r."id" = s."requestId" AND r."submittedAt" IS NOT NULL LEFT JOIN "Department" d ON d."id" = r."departmentId"
      WHERE s."light" IN ('yellow', 'red') AND s."activatedAt" >= ${year.gte} AND s."activatedAt" < ${year.lt}
      GROUP BY 1, 2
      ORDER BY 2, 1`,
    db.$queryRaw<{ rule: string; total: number; open: number }[]>`
      SELECT "rule", count(*)::int AS "total", count(*) FILTER (WHERE "state" <> 'closed')::int AS "open"
      FROM "Alert"
      WHERE "raisedAt" >= ${year.gte} AND "raisedAt" < ${year.lt}
      GROUP BY "rule"
      ORDER BY "total" DESC, "rule"`,
    db.$queryRaw<{ supplier: string; amount: bigint; count: number }[]>`
      SELECT r."supplier", sum(r."amount")::bigint AS "amount", count(*)::int AS "count"
      FROM "Request" r JOIN "BudgetLine" l ON l."id" = r."budgetLineId"
      WHERE r."status" = 'approved' AND r."supplier" <> '' AND r."parentId" IS NULL AND r."kind" = ANY(${PURCHASING_KINDS})
        AND l."fiscalYear" = ${fiscalYear}
      GROUP BY r."supplier"
      ORDER BY "amount" DESC, r."supplier"
      LIMIT ${TOP_SUPPLIERS}`,
    threePublicNow(
      ctx,
      unit.map((d) => d.id),
    ),
  ]);

  await recordAudit(db, { ...audited, action: 'report.dashboard', data: { fiscalYear, asOf } });
  return {
    unitName: policy.unitName,
    fiscalYear,
    asOf,
    timeProgressBp: timeProgress(fiscalYear, asOf).bp,
    departments: departments.map((d) => ({ ...d, executionBp: ratioBp(d.spent, d.budget) })),
    lights,
    alerts,
    suppliers,
    threePublic,
  };
}
