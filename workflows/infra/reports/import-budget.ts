// (being written for issue 11)
import type { BudgetImportResult, BudgetImportRow } from '../../domain/reports/budget-import.js';
import type { Ctx } from '../context.js';

export async function importBudgetLines(_ctx: Ctx, _rows: BudgetImportRow[], _source: string): Promise<BudgetImportResult> {
  throw new Error('not built yet');
}
