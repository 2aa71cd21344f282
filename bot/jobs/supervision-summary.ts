// 监察日报: the daily summary's timer. One delayed job per working day at the organisation file's
// `dailySummaryAt` (unit time zone), id `supervision-summary-<day>`, so arming it again — at start,
// with the hourly re-arm of the timers, by a second process — adds nothing. When it runs it asks the
// core for the summary, whose claim of the day in PostgreSQL makes a doubled or repeated job send it
// once, and arms the next working day's.
import { z } from 'zod';
import type { BotDeps } from '../deps.js';
import { defineJob } from './define-job.js';

const SupervisionSummarySchema = z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

declare module './job-types.js' {
  interface JobSchemas {
    'supervision.summary': typeof SupervisionSummarySchema;
  }
}

/** BullMQ refuses custom ids with a colon */
export const summaryJobId = (day: string) => `supervision-summary-${day}`;

export const supervisionSummaryJob = defineJob({
  name: 'supervision.summary',
  queue: 'deadline',
  version: 1,
  schema: SupervisionSummarySchema,
  handle: async (deps, { day }) => {
    const sent = await deps.service.supervision.summary(day);
    await deps.dispatch();
    const next = await armDailySummary(deps, day);
    deps.log.info('daily supervision summary', { day, sent, next: next.day });
  },
});

/**
 * Arms the next summary: the first working day after `after` (the day just summarised) whose time is
 * still to come, or without it the next one from now. A timer that failed for good is armed again.
 */
export async function armDailySummary(deps: Pick<BotDeps, 'service' | 'queues' | 'clock'>, after?: string): Promise<{ day: string; at: Date }> {
  const next = await deps.service.supervision.nextSummary(after);
  const delay = Math.max(0, next.at.getTime() - deps.clock().getTime());
  await deps.queues.enqueue('supervision.summary', { day: next.day }, { jobId: summaryJobId(next.day), delay, replaceFailed: true });
  return next;
}
