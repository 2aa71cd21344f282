// (being written for issue 11)
import type { Ctx } from '../context.js';
import type { Reader } from './resolve-scope.js';
import type { BudgetExecutionReport, BudgetReportSpec } from '../../service/report-views.js';

export async function budgetExecutionReport(_ctx: Ctx, _reader: Reader, _spec: BudgetReportSpec): Promise<BudgetExecutionReport> {
  throw new Error('not built yet');
}
