// 预算导入 in one transaction: the fiscal year's lines locked (in id order, as lockLines takes them, so
// a request moving a line waits rather than deadlocks), the rows checked against them
// (planBudgetImport), then new lines allotted and changed lines adjusted — or, on any problem,
// BUDGET_IMPORT_INVALID listing every one and nothing changed. Audited as budget.imported.
import { appError } from '../../domain/errors.js';
import { formatYuan } from '../../domain/money.js';
import type { BudgetImportResult, BudgetImportRow } from '../../domain/reports/budget-import.js';
import { planBudgetImport } from '../../domain/reports/plan-budget-import.js';
import { appendAudit } from '../audit.js';
import type { Ctx } from '../context.js';
import { adjustBudget } from '../ledger.js';
import { loadPolicy } from '../org-snapshot.js';

export async function importBudgetLines(ctx: Ctx, rows: BudgetImportRow[], source: string): Promise<BudgetImportResult> {
  const { db, now } = ctx;
  return db.$transaction(
    async (tx) => {
      const { fiscalYear } = await loadPolicy(tx);
      await tx.$queryRaw`SELECT "id" FROM "BudgetLine" WHERE "fiscalYear" = ${fiscalYear} ORDER BY "id" FOR UPDATE`;
      const [departments, lines, others] = await Promise.all([
        tx.department.findMany({ select: { id: true, name: true }, orderBy: [{ position: 'asc' }, { id: 'asc' }] }),
        tx.budgetLine.findMany({ where: { fiscalYear } }),
        tx.budgetLine.findMany({ where: { fiscalYear: { not: fiscalYear } }, select: { id: true } }),
      ]);
      const check = planBudgetImport(rows, { fiscalYear, departments, lines, takenIds: new Set(others.map((l) => l.id)) });
      if (!check.ok) throw appError('BUDGET_IMPORT_INVALID', `budget import from ${source}: ${check.problems.length} problems`, { problems: check.problems });
      const { plan } = check;

      for (const line of plan.creates) {
        const { id, departmentId, subject, project, name, allotted } = line;
        await tx.budgetLine.create({ data: { id, fiscalYear, departmentId, subject, project, name, allotted } });
        await tx.ledgerEntry.create({ data: { lineId: id, kind: 'ALLOT', amount: allotted, note: '预算表导入下达' } });
        if (line.budget !== allotted) await adjustBudget(tx, id, line.budget - allotted, importNote(line.budget));
      }
      for (const change of plan.adjusts) await adjustBudget(tx, change.lineId, change.delta, importNote(change.budget));

      const result: BudgetImportResult = { fiscalYear, created: plan.creates.length, adjusted: plan.adjusts.length, unchanged: plan.unchanged };
      await appendAudit(tx, {
        action: 'budget.imported',
        subject: `budget:${fiscalYear}`,
        at: now,
        data: {
          source,
          ...result,
          createdLines: plan.creates.map((l) => ({ row: l.row, lineId: l.id, name: l.name, allotted: l.allotted, budget: l.budget })),
          adjustedLines: plan.adjusts.map((a) => ({ row: a.row, lineId: a.lineId, name: a.name, delta: a.delta, budget: a.budget })),
        },
      });
      return result;
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}

/** the ADJUST row's note: what the line was brought to (requestId stays null: no request made it) */
function importNote(budget: bigint): string {
  return `预算表导入调整为 ${formatYuan(budget)} 元`;
}
