// The daily supervision summary (监察日报) to the 监督群, once per working day whatever number of bot
// processes run: the day is claimed in SupervisionSummary (INSERT … ON CONFLICT DO NOTHING) in the
// same transaction that writes the summary to the outbox and the audit trail. A second process's
// claim waits for the first to commit and then finds the day taken; a crash after the commit loses
// nothing, because the outbox row is swept later.
import { appError } from '../../domain/errors.js';
import { shapeDailySummary } from '../../domain/supervision/daily-summary.js';
import { DAY_PATTERN, nextSummarySlot, previousWorkday, startOfDay, type SummarySlot } from '../../domain/supervision/summary-schedule.js';
import { appendAudit } from '../audit.js';
import type { Ctx } from '../context.js';
import { emit } from '../outbox.js';
import { loadOrgSnapshot, loadPolicy, personName } from '../org-snapshot.js';

/** without an earlier summary, new alerts are those of the last day */
const FIRST_WINDOW_MS = 24 * 3600_000;

/** Sends the summary for `day` (YYYY-MM-DD) unless it was sent already; true when this call sent it. */
export async function sendDailySummary(ctx: Ctx, day: string): Promise<boolean> {
  checkDay(day);
  const { now, tz } = ctx;
  return ctx.db.$transaction(async (tx) => {
    const claimed = await tx.$queryRaw<{ day: string }[]>`
      INSERT INTO "SupervisionSummary" ("day", "sentAt") VALUES (${day}, ${now}) ON CONFLICT ("day") DO NOTHING RETURNING "day"`;
    if (claimed.length === 0) return false;
    const previous = await tx.supervisionSummary.findFirst({ where: { day: { lt: day } }, orderBy: { day: 'desc' } });
    const since = previous && previous.sentAt < now ? previous.sentAt : new Date(now.getTime() - FIRST_WINDOW_MS);
    const filedFrom = previousWorkday(day);
    // one after another: a transaction is one connection
    const newAlerts = await tx.alert.findMany({ where: { raisedAt: { gt: since, lte: now } }, select: { rule: true, departmentId: true } });
    const redSteps = await tx.step.findMany({
      where: { state: 'active', light: 'red' },
      select: { name: true, assignees: true, dueAt: true, request: { select: { no: true } } },
    });
    const filings = await tx.alert.findMany({
      where: { rule: 'collective_filed', raisedAt: { gte: startOfDay(filedFrom, tz), lt: startOfDay(day, tz) } },
      select: { no: true, requestNos: true, amount: true, facts: true },
    });
    const org = await loadOrgSnapshot(tx);
    const notice = shapeDailySummary(
      { day, since, filedFrom, newAlerts, redLights: redSteps.map((s) => ({ no: s.request.no, step: s.name, assignees: s.assignees, dueAt: s.dueAt })), filings },
      { person: (id) => personName(org, id), department: (id) => org.departments.get(id)?.name ?? id },
      tz,
    );
    await emit(tx, { kind: 'group.notice', group: 'supervision', notice });
    await appendAudit(tx, {
      action: 'supervision.summary',
      subject: `summary:${day}`,
      at: now,
      data: { day, since: since.toISOString(), newAlerts: notice.newAlerts.total, redLights: notice.redLights.total, filings: notice.filings.total },
    });
    return true;
  });
}

/**
 * When the next summary is due (see nextSummarySlot): after `after`, the day just summarised, when
 * given, and after the last day claimed, so a re-arm never arms a day already sent.
 */
export async function nextDailySummary(ctx: Ctx, after?: string): Promise<SummarySlot> {
  if (after !== undefined) checkDay(after);
  const [{ policy }, last] = await Promise.all([loadPolicy(ctx.db), ctx.db.supervisionSummary.findFirst({ orderBy: { day: 'desc' }, select: { day: true } })]);
  const latest = [after, last?.day]
    .filter((d): d is string => d !== undefined)
    .sort()
    .at(-1);
  return nextSummarySlot(ctx.now, policy.supervision.dailySummaryAt, ctx.tz, latest);
}

function checkDay(day: string): void {
  if (!DAY_PATTERN.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) throw appError('BAD_INPUT', `not a day: ${day}`, { day });
}
