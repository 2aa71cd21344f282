// (being written for issue 11)
import type { Ctx } from '../context.js';
import type { Reader } from './resolve-scope.js';
import type { PerformanceReport, PerformanceReportSpec } from '../../service/report-views.js';

export async function performanceReport(_ctx: Ctx, _reader: Reader, _spec: PerformanceReportSpec): Promise<PerformanceReport> {
  throw new Error('not built yet');
}
