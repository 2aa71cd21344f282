// 审计链检查点: the daily checkpoint's timer. One delayed job per day at AUDIT_CHECKPOINT_AT (unit time
// zone), id `audit-checkpoint-<day>`, so arming it again — at start, with the hourly re-arm of the
// timers, by a second process — adds nothing. When it runs it asks the core for the day's checkpoint
// (taken once per day under the chain's lock, however many jobs run), sends it on to the 监督群 and
// arms the next day's.
import { z } from 'zod';
import type { BotDeps } from '../deps.js';
import { defineJob } from './define-job.js';

const AuditCheckpointSchema = z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

declare module './job-types.js' {
  interface JobSchemas {
    'audit.checkpoint': typeof AuditCheckpointSchema;
  }
}

/** BullMQ refuses custom ids with a colon */
export const checkpointJobId = (day: string) => `audit-checkpoint-${day}`;

export const auditCheckpointJob = defineJob({
  name: 'audit.checkpoint',
  queue: 'deadline',
  version: 1,
  schema: AuditCheckpointSchema,
  handle: async (deps, { day }) => {
    const checkpoint = await deps.service.audit.checkpoint(day);
    await deps.dispatch();
    const next = await armAuditCheckpoint(deps, day);
    deps.log.info('audit chain checkpoint', { day, seq: checkpoint?.seq ?? null, taken: checkpoint !== null, next: next.day });
  },
});

/** Arms the next daily checkpoint (after `after`, the day just taken); a timer that failed for good is armed again. */
export async function armAuditCheckpoint(deps: Pick<BotDeps, 'service' | 'queues' | 'clock'>, after?: string): Promise<{ day: string; at: Date }> {
  const next = await deps.service.audit.nextCheckpoint(after);
  const delay = Math.max(0, next.at.getTime() - deps.clock().getTime());
  await deps.queues.enqueue('audit.checkpoint', { day: next.day }, { jobId: checkpointJobId(next.day), delay, replaceFailed: true });
  return next;
}
