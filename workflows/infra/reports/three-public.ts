// 三公经费统计 as of the end of a day: the tagged subjects' lines of the fiscal year in the reader's scope,
// their balances summed from the ledger rows before the cut-off (grouped as ledgerTotals groups them,
// 年初指标 whatever day it was written, as in the 预算执行情况表), and last year's spent on the same
// subjects by the same day. The 驾驶舱 takes the current figures from the lines' columns instead.
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import { balancesFromSums } from '../../domain/ledger-sums.js';
import { threePublicFigures, threePublicTable, type SubjectFigures } from '../../domain/reports/three-public.js';
import type { DashboardData, ThreePublicReport, ThreePublicReportSpec } from '../../service/report-views.js';
import type { Ctx } from '../context.js';
import type { Db } from '../db.js';
import { loadPolicy } from '../org-snapshot.js';
import { endOfDay, reportCutoff } from './report-cutoff.js';
import { reportHead } from './report-head.js';
import { resolveReportScope, type Reader } from './resolve-scope.js';

dayjs.extend(utc);

export async function threePublicReport(ctx: Ctx, reader: Reader, spec: ThreePublicReportSpec): Promise<ThreePublicReport> {
  const { db, now, tz } = ctx;
  const scope = await resolveReportScope(ctx, reader, 'three_public');
  const { unitName, fiscalYear, policy } = await loadPolicy(db);
  const { asOf, cutoff } = reportCutoff(spec.asOf, now, tz, fiscalYear);
  const tags = policy.reports.threePublic;
  const subjects = [...new Set(tags.flatMap((t) => t.subjects))];
  // the same day a year earlier (29 February → 28 February)
  const lastYearCutoff = endOfDay(dayjs.utc(asOf).subtract(1, 'year').format('YYYY-MM-DD'), tz);
  const [lines, lastYear] =
    subjects.length === 0
      ? [[], []]
      : await Promise.all([
          subjectBalances(db, fiscalYear, scope.departmentIds, subjects, cutoff),
          spentBySubject(db, fiscalYear - 1, scope.departmentIds, subjects, lastYearCutoff),
        ]);
  const table = threePublicTable(tags, lines, lastYear.length === 0 ? null : lastYear, scope.kind === 'unit');
  return {
    ...reportHead({ unitName, fiscalYear }, scope, now),
    asOf,
    rows: table.rows,
    total: table.total,
  };
}

/** The 驾驶舱's 三公 against the caps: the lines' current columns (no ledger sums), for speed. */
export async function threePublicNow(ctx: Ctx, departmentIds: string[]): Promise<DashboardData['threePublic']> {
  const { db } = ctx;
  const [{ fiscalYear, policy }, departments] = await Promise.all([loadPolicy(db), db.department.count()]);
  const tags = policy.reports.threePublic;
  const subjects = [...new Set(tags.flatMap((t) => t.subjects))];
  const lines =
    subjects.length === 0
      ? []
      : await db.budgetLine.findMany({
          where: { fiscalYear, departmentId: { in: departmentIds }, subject: { in: subjects } },
          select: { subject: true, allotted: true, adjusted: true, spent: true, frozen: true, committed: true },
        });
  const figures = threePublicFigures(
    tags,
    lines.map((l) => ({ subject: l.subject, budget: l.allotted + l.adjusted, spent: l.spent, frozen: l.frozen, committed: l.committed })),
    new Set(departmentIds).size >= departments,
  );
  return figures.map(({ category, cap, spent, frozen, committed }) => ({ category, cap, spent, frozen, committed }));
}

/** each subject's figures over its lines of the year in scope, from the ledger rows before the cut-off */
async function subjectBalances(db: Db, fiscalYear: number, departmentIds: string[], subjects: string[], cutoff: Date): Promise<SubjectFigures[]> {
  const sums = await db.$queryRaw<{ subject: string; kind: string; source: string | null; amount: bigint }[]>`
    SELECT l."subject", e."kind", e."source", sum(e."amount")::bigint AS "amount"
    FROM "LedgerEntry" e JOIN "BudgetLine" l ON l."id" = e."lineId"
    WHERE l."fiscalYear" = ${fiscalYear} AND l."departmentId" = ANY(${departmentIds}) AND l."subject" = ANY(${subjects})
      AND (e."at" < ${cutoff} OR e."kind" = 'ALLOT')
    GROUP BY l."subject", e."kind", e."source"`;
  return subjects.map((subject) => {
    const b = balancesFromSums(sums.filter((s) => s.subject === subject));
    return { subject, budget: b.allotted + b.adjusted, spent: b.spent, frozen: b.frozen, committed: b.committed };
  });
}

/** last year's spent per subject by the cut-off, for each subject that had a line (0 when nothing was spent) */
async function spentBySubject(db: Db, fiscalYear: number, departmentIds: string[], subjects: string[], cutoff: Date): Promise<{ subject: string; spent: bigint }[]> {
  return db.$queryRaw<{ subject: string; spent: bigint }[]>`
    SELECT l."subject", coalesce(sum(e."amount"), 0)::bigint AS "spent"
    FROM "BudgetLine" l LEFT JOIN "LedgerEntry" e ON e."lineId" = l."id" AND e."kind" = 'SPEND' AND e."at" < ${cutoff}
    WHERE l."fiscalYear" = ${fiscalYear} AND l."departmentId" = ANY(${departmentIds}) AND l."subject" = ANY(${subjects})
    GROUP BY l."subject"`;
}
