// The 驾驶舱 on the console: GET /console/api/dashboard?as=… answers the figures (bigints as strings)
// with the words to show them (bot/replies/dashboard-words.ts); a refusal comes back as the other
// endpoints' do, 403 with the core's Chinese reply. Apache ECharts is served from the installed package
// (no CDN: many government networks have no internet): /console/vendor/echarts.min.js redirects to a
// name carrying the file's hash, which is cached for a year — an upgraded package gets a new name.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Request, Response } from 'express';
import { dashboardWords, ruleLabel } from '../../bot/replies/dashboard-words.js';
import { errorText } from '../../bot/replies/error-text.js';
import { isAppError } from '../../workflows/domain/errors.js';
import { ratioBp } from '../../workflows/domain/reports/time-progress.js';
import type { DashboardData } from '../../workflows/service/report-views.js';
import type { WorkflowService } from '../../workflows/service/workflow-service.js';
import type { DashboardView } from './console-api.js';
import { ApiError, verifyPerson } from './console-http.js';
import type { ConsoleAccess } from './console-signin.js';

/** where the page loads ECharts from (a redirect to the hashed name) */
export const ECHARTS_PATH = '/console/vendor/echarts.min.js';

export function dashboardHandler(service: WorkflowService, access: Pick<ConsoleAccess, 'as'>) {
  return async (req: Request, res: Response): Promise<void> => {
    const claimed = await access.as(req, res, req.query.as);
    const as = typeof claimed === 'string' ? claimed : '';
    await verifyPerson(service, as);
    let data: DashboardData;
    try {
      data = await service.reports.dashboard({ personId: as, platform: 'console', account: as });
    } catch (error) {
      if (isAppError(error)) throw new ApiError(error.code === 'DASHBOARD_DENIED' ? 403 : 400, error.code, errorText(error));
      throw error;
    }
    res.set('Cache-Control', 'no-store').json(dashboardView(data));
  };
}

export function dashboardView(data: DashboardData): DashboardView {
  const months = monthsUpTo(data.fiscalYear, data.asOf);
  return {
    unitName: data.unitName,
    fiscalYear: data.fiscalYear,
    asOf: data.asOf,
    timeProgressBp: data.timeProgressBp,
    months,
    departments: data.departments.map((d) => ({ ...d, budget: String(d.budget), spent: String(d.spent) })),
    lights: data.lights,
    alerts: data.alerts.map((a) => ({ ...a, label: ruleLabel(a.rule) })),
    suppliers: data.suppliers.map((s) => ({ ...s, amount: String(s.amount) })),
    threePublic: data.threePublic.map((t) => ({
      category: t.category,
      cap: String(t.cap),
      spent: String(t.spent),
      frozen: String(t.frozen),
      committed: String(t.committed),
      usedBp: t.cap === 0n ? null : ratioBp(t.spent, t.cap),
    })),
    words: dashboardWords(data.fiscalYear, data.asOf, months),
  };
}

/** YYYY-MM from January of the fiscal year to the month of `asOf` (the whole year once it is over) */
function monthsUpTo(fiscalYear: number, asOf: string): string[] {
  const year = Number(asOf.slice(0, 4));
  const last = year < fiscalYear ? 0 : year > fiscalYear ? 12 : Number(asOf.slice(5, 7));
  return Array.from({ length: last }, (_, i) => `${fiscalYear}-${String(i + 1).padStart(2, '0')}`);
}

interface VendorFile {
  path: string;
  bytes: Buffer;
}

let echarts: Promise<VendorFile> | undefined;

/** the package's minified build, read once: the name it is served under carries its hash */
function loadEcharts(): Promise<VendorFile> {
  echarts ??= (async () => {
    // the package's exports name no dist file; its CommonJS entry is dist/echarts.js, beside the minified one
    const main = createRequire(import.meta.url).resolve('echarts');
    const bytes = await readFile(join(dirname(main), 'echarts.min.js'));
    const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
    return { path: `/console/vendor/echarts-${hash}.min.js`, bytes };
  })();
  return echarts;
}

/** GET /console/vendor/echarts.min.js → the hashed name; GET the hashed name → the file, cached for a year */
export function echartsHandler() {
  return async (req: Request, res: Response): Promise<void> => {
    const file = await loadEcharts();
    if (req.path === ECHARTS_PATH) {
      res.set('Cache-Control', 'no-cache').redirect(302, file.path);
      return;
    }
    if (req.path !== file.path) {
      res.status(404).type('text/plain').send('not found');
      return;
    }
    res.set({ 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=31536000, immutable' }).send(file.bytes);
  };
}
