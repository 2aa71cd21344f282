// The monthly report push (月度推送): last month's 绩效 and the month-end 预算执行情况表 to the roles the
// organisation file names. The chat layer makes the workbooks; here the month is claimed in ReportPush
// (INSERT … ON CONFLICT DO NOTHING) in the same transaction that keeps the reports, audits them and
// writes each recipient's notice and file to the outbox — so however many processes run the job, the
// month goes out once, and a crash after the commit loses nothing.
import { appError } from '../../domain/errors.js';
import { MONTH_PATTERN, nextPushSlot, type PushSlot } from '../../domain/reports/monthly-schedule.js';
import type { FileStore, StoredFile } from '../../service/file-store.js';
import type { ReportFileInput } from '../../service/views.js';
import { appendAudit } from '../audit.js';
import type { Ctx } from '../context.js';
import { loadPolicy } from '../org-snapshot.js';
import { emit } from '../outbox.js';
import { keepReport, readyNotice, storeBytes } from './stored-reports.js';

export async function pushReports(ctx: Ctx, files: FileStore, month: string, reports: { personId: string; file: ReportFileInput }[]): Promise<boolean> {
  if (!MONTH_PATTERN.test(month)) throw appError('BAD_INPUT', `not a month: ${month}`, { month });
  const stored: StoredFile[] = [];
  for (const { file } of reports) stored.push(await storeBytes(files, file));
  return ctx.db.$transaction(async (tx) => {
    const claimed = await tx.$queryRaw<{ month: string }[]>`
      INSERT INTO "ReportPush" ("month", "sentAt") VALUES (${month}, ${ctx.now}) ON CONFLICT ("month") DO NOTHING RETURNING "month"`;
    if (claimed.length === 0) return false;
    for (const [i, { personId, file }] of reports.entries()) {
      const report = await keepReport(tx, ctx.now, stored[i]!, personId, file, {});
      await emit(
        tx,
        { kind: 'notice', personId, notice: readyNotice(report, file, true) },
        { kind: 'report.file', reportId: report.id, fileName: report.fileName, sha256: stored[i]!.sha256, personId },
      );
    }
    await appendAudit(tx, {
      action: 'report.pushed',
      subject: `push:${month}`,
      at: ctx.now,
      data: { month, reports: reports.map((r) => ({ personId: r.personId, kind: r.file.kind, fileName: r.file.fileName })) },
    });
    return true;
  });
}

/** active people holding a role the push goes to, in the organisation file's order */
export async function pushRecipients({ db }: Ctx): Promise<string[]> {
  const { policy } = await loadPolicy(db);
  const roles = await db.roleAssignment.findMany({
    where: { role: { in: policy.reports.monthly.to }, person: { active: true } },
    orderBy: [{ role: 'asc' }, { position: 'asc' }],
    select: { personId: true },
  });
  return [...new Set(roles.map((r) => r.personId))];
}

export async function nextReportPush(ctx: Ctx): Promise<PushSlot> {
  const [{ policy }, last] = await Promise.all([loadPolicy(ctx.db), ctx.db.reportPush.findFirst({ orderBy: { month: 'desc' }, select: { month: true } })]);
  return nextPushSlot(ctx.now, policy.reports.monthly.at, ctx.tz, last?.month);
}
