// The registry of every job. JobQueues adds jobs and runs workers only through it.
import { UnrecoverableError } from 'bullmq';
import { deadlineFireJob } from './deadline-fire.js';
import { readPayload, type JobDefinition } from './define-job.js';
import type { JobName } from './job-types.js';
import { digestFlushJob } from './digest-flush.js';
import { inboundEventJob } from './inbound-event.js';
import { notifyDeliverJob } from './notify-deliver.js';
import { notifyReplyJob } from './notify-reply.js';
import { supervisionSummaryJob } from './supervision-summary.js';
import { reportMonthlyJob } from './report-monthly.js';
import { auditCheckpointJob } from './audit-checkpoint.js';

export const JOB_LIST = [inboundEventJob, notifyDeliverJob, notifyReplyJob, digestFlushJob, deadlineFireJob, supervisionSummaryJob, reportMonthlyJob, auditCheckpointJob] as const;

export const JOBS = new Map<string, JobDefinition>(JOB_LIST.map((job) => [job.name, job]));

export function jobOf<N extends JobName>(name: N): JobDefinition<N> {
  return JOBS.get(name) as JobDefinition<N>;
}

/** The definition and the current-version payload of a stored job; UnrecoverableError if it cannot be read. */
export function readJob(name: string, data: unknown): { definition: JobDefinition; payload: unknown } {
  const definition = JOBS.get(name);
  if (!definition) throw new UnrecoverableError(`unknown job ${name}`);
  return { definition, payload: readPayload(definition, data) };
}

export * from './job-types.js';
