// (being written for issue 11)
import type { Ctx } from '../context.js';
import type { Reader } from './resolve-scope.js';
import type { DashboardData } from '../../service/report-views.js';

export async function dashboardData(_ctx: Ctx, _reader: Reader): Promise<DashboardData> {
  throw new Error('not built yet');
}
