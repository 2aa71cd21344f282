// (being written for issue 11)
import type { Ctx } from '../context.js';
import type { Reader } from './resolve-scope.js';
import type { ContractReport, ContractReportSpec } from '../../service/report-views.js';

export async function contractReport(_ctx: Ctx, _reader: Reader, _spec: ContractReportSpec): Promise<ContractReport> {
  throw new Error('not built yet');
}
