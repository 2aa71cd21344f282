// 月度推送: the monthly report push's timer. One delayed job per reported month, id
// `report-monthly-<month>`, due on the first working day of the next month at the organisation
// file's `reports.monthly.at` (unit time zone), so arming it again — at start, with the hourly re-arm
// of the timers, by a second process — adds nothing. When it runs it makes each recipient's
// workbooks (last month's 绩效, the month-end 预算执行情况表, in the recipient's own scope) and hands
// them to the core, whose claim of the month in PostgreSQL makes a doubled or repeated job send them
// once; then it arms the next month.
import dayjs from 'dayjs';
import { z } from 'zod';
import { isAppError } from '../../workflows/domain/errors.js';
import { MONTH_PATTERN } from '../../workflows/domain/reports/monthly-schedule.js';
import type { ReportFileInput } from '../../workflows/service/workflow-service.js';
import type { BotDeps } from '../deps.js';
import { makeReport, type ReportRequest } from '../reports/make-report.js';
import { defineJob } from './define-job.js';

const ReportMonthlySchema = z.object({ month: z.string().regex(MONTH_PATTERN) });

declare module './job-types.js' {
  interface JobSchemas {
    'report.monthly': typeof ReportMonthlySchema;
  }
}

/** BullMQ refuses custom ids with a colon */
export const monthlyJobId = (month: string) => `report-monthly-${month}`;

export const reportMonthlyJob = defineJob({
  name: 'report.monthly',
  queue: 'deadline',
  version: 1,
  schema: ReportMonthlySchema,
  handle: async (deps, { month }) => {
    const files = await monthlyReports(deps, month);
    const sent = await deps.service.reports.push(month, files);
    await deps.dispatch();
    const next = await armMonthlyReports(deps);
    deps.log.info('monthly report push', { month, sent, reports: files.length, next: next.month });
  },
});

/**
 * Each recipient's two workbooks; a recipient who can no longer be served (left the unit) is skipped.
 * Recipients who see the same scope (finance and the principal both see the unit) share one workbook
 * of each kind: it is made once.
 */
async function monthlyReports(deps: Pick<BotDeps, 'service' | 'log'>, month: string): Promise<{ personId: string; file: ReportFileInput }[]> {
  const monthEnd = dayjs(`${month}-01`).endOf('month').format('YYYY-MM-DD');
  const requests: ReportRequest[] = [
    { report: 'performance', month },
    { report: 'budget', asOf: monthEnd },
  ];
  const made = new Map<string, ReportFileInput>();
  const files: { personId: string; file: ReportFileInput }[] = [];
  for (const personId of await deps.service.reports.pushRecipients()) {
    try {
      for (const request of requests) {
        const key = `${request.report}:${await deps.service.reports.scopeOf({ personId }, request.report)}`;
        const file = made.get(key) ?? (await makeReport(deps.service, { personId }, request));
        made.set(key, file);
        files.push({ personId, file });
      }
    } catch (error) {
      if (!isAppError(error)) throw error;
      deps.log.warn('monthly report skipped for a recipient', { personId, month, code: error.code });
    }
  }
  return files;
}

/** Arms the next push still to send (at once when one was missed earlier this month). */
export async function armMonthlyReports(deps: Pick<BotDeps, 'service' | 'queues' | 'clock'>): Promise<{ month: string; at: Date }> {
  const next = await deps.service.reports.nextPush();
  const delay = Math.max(0, next.at.getTime() - deps.clock().getTime());
  await deps.queues.enqueue('report.monthly', { month: next.month }, { jobId: monthlyJobId(next.month), delay, replaceFailed: true });
  return next;
}
