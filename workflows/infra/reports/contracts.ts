// 合同执行情况表 as of the end of a day: the contracts of the departments in the reader's scope signed by
// the cut-off — this fiscal year's, and earlier years' still open when it began (not 结清, not paid in
// full) — with the 验收 approved and the money spent (SPEND rows of their payment requests) by the
// cut-off, read by indexed joins from the contracts (Request.parentId, LedgerEntry.requestId).
import { contractTable, type AcceptanceFacts, type ContractFacts, type PaymentFacts } from '../../domain/reports/contract-execution.js';
import type { ContractReport, ContractReportSpec } from '../../service/report-views.js';
import type { Ctx } from '../context.js';
import { loadPolicy } from '../org-snapshot.js';
import { endOfDay, reportCutoff } from './report-cutoff.js';
import { reportHead } from './report-head.js';
import { resolveReportScope, type Reader } from './resolve-scope.js';

type ContractSql = Omit<ContractFacts, 'amount'> & { requestId: string; amount: bigint };

export async function contractReport(ctx: Ctx, reader: Reader, spec: ContractReportSpec): Promise<ContractReport> {
  const { db, now, tz } = ctx;
  const scope = await resolveReportScope(ctx, reader, 'contracts');
  const { unitName, fiscalYear } = await loadPolicy(db);
  const { asOf, cutoff } = reportCutoff(spec.asOf, now, tz, fiscalYear);
  const yearStart = endOfDay(`${fiscalYear - 1}-12-31`, tz);

  const contracts = await db.$queryRaw<ContractSql[]>`
    SELECT c."no" AS "contractNo", c."requestId", r."no" AS "requestNo", coalesce(d."name", r."departmentId") AS "department",
           c."supplier", r."purpose", c."amount", c."instalments",
           to_char((c."createdAt" AT TIME ZONE 'UTC') AT TIME ZONE ${tz}, 'YYYY-MM-DD') AS "signedOn",
           (r."settledAt" IS NOT NULL AND r."settledAt" < ${cutoff}) AS "settled"
    FROM "Contract" c JOIN "Request" r ON r."id" = c."requestId" LEFT JOIN "Department" d ON d."id" = r."departmentId"
    WHERE r."departmentId" = ANY(${scope.departmentIds}) AND c."createdAt" < ${cutoff}
      AND (c."fiscalYear" = ${fiscalYear}
        OR (c."fiscalYear" < ${fiscalYear} AND (r."settledAt" IS NULL OR r."settledAt" >= ${yearStart})
          AND c."amount" > (SELECT coalesce(sum(e."amount"), 0) FROM "Request" p JOIN "LedgerEntry" e ON e."requestId" = p."id"
                            WHERE p."parentId" = r."id" AND e."kind" = 'SPEND' AND e."at" < ${yearStart})))
    ORDER BY c."createdAt", c."no"`;
  const ids = contracts.map((c) => c.requestId);

  const [acceptances, payments] =
    ids.length === 0
      ? [[], []]
      : await Promise.all([
          db.$queryRaw<AcceptanceFacts[]>`
            SELECT c."no" AS "contractNo", a."instalment", a."no" AS "requestNo",
                   to_char((a."closedAt" AT TIME ZONE 'UTC') AT TIME ZONE ${tz}, 'YYYY-MM-DD') AS "acceptedOn"
            FROM "Request" a JOIN "Contract" c ON c."requestId" = a."parentId"
            WHERE a."parentId" = ANY(${ids}) AND a."kind" = 'acceptance' AND a."status" = 'approved' AND a."closedAt" < ${cutoff}`,
          // one row per payment request: the day the cashier gave (付款日期), else the day it was spent
          db.$queryRaw<PaymentFacts[]>`
            SELECT c."no" AS "contractNo", p."instalment", sum(e."amount")::bigint AS "amount",
                   coalesce(p."paymentDate", to_char((max(e."at") AT TIME ZONE 'UTC') AT TIME ZONE ${tz}, 'YYYY-MM-DD')) AS "paidOn"
            FROM "Request" p JOIN "Contract" c ON c."requestId" = p."parentId" JOIN "LedgerEntry" e ON e."requestId" = p."id"
            WHERE p."parentId" = ANY(${ids}) AND p."kind" <> 'acceptance' AND e."kind" = 'SPEND' AND e."at" < ${cutoff}
            GROUP BY c."no", p."id", p."instalment", p."paymentDate"`,
        ]);

  const table = contractTable(contracts, acceptances, payments);
  return {
    ...reportHead({ unitName, fiscalYear }, scope, now),
    asOf,
    contracts: table.contracts,
    total: table.total,
  };
}
