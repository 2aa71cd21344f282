// The contract of the job queues, apart from the handlers: queue names, the payload types by job
// name, and the narrow port the chat layer enqueues through. Each job file adds its payload schema
// to JobSchemas (declaration merging), so code that enqueues or handles a job knows its payload type
// without importing the job's handler (no import cycle through BotDeps).
import type { Job, Queue } from 'bullmq';
import type { z } from 'zod';

export const QUEUE_NAMES = ['inbound', 'notify', 'deadline'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** job name → payload schema; filled in by each file under bot/jobs */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface JobSchemas {}

export type JobName = keyof JobSchemas;
/** what a handler is given */
export type JobPayload<N extends JobName> = z.output<JobSchemas[N]>;
/** what `enqueue` accepts (before schema defaults) */
export type JobInput<N extends JobName> = z.input<JobSchemas[N]>;

export interface JobContext {
  job: Job;
  token: string | undefined;
}

export interface EnqueueOptions {
  /** deterministic id: a job with the same id already in the queue is not added again */
  jobId?: string;
  delay?: number;
  /**
   * With `jobId`: a job of that id that failed for good (retries exhausted) is removed and added
   * again, so a re-arm can revive it; a completed one still counts as a duplicate.
   */
  replaceFailed?: boolean;
}

/** What the chat layer is given to add jobs (bot/queue/job-queues.ts implements it). */
export interface JobQueuePort {
  enqueue<N extends JobName>(name: N, payload: JobInput<N>, options?: EnqueueOptions): Promise<void>;
  /** many jobs of one kind in a few round trips (ids already queued stay as they are; `replaceFailed` is not read) */
  enqueueMany<N extends JobName>(name: N, jobs: readonly { payload: JobInput<N>; options?: EnqueueOptions }[]): Promise<void>;
  /** removes the failed jobs of a queue whose id passes `which`; gives how many */
  removeFailed(queue: QueueName, which: (id: string) => boolean): Promise<number>;
  queue(name: QueueName): Queue;
}
