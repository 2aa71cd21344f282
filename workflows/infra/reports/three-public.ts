// (being written for issue 11)
import type { Ctx } from '../context.js';
import type { Reader } from './resolve-scope.js';
import type { ThreePublicReport, ThreePublicReportSpec } from '../../service/report-views.js';

export async function threePublicReport(_ctx: Ctx, _reader: Reader, _spec: ThreePublicReportSpec): Promise<ThreePublicReport> {
  throw new Error('not built yet');
}
