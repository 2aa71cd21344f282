// BullMQ queues and workers. `enqueue` is the only place jobs are added; workers re-parse every
// payload with its job's schema, and a payload that fails it is an UnrecoverableError.
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { JOBS, QUEUE_NAMES, type JobName, type JobPayload, type QueueName } from './jobs.js';

export interface JobContext {
  job: Job;
  token: string | undefined;
}

export type JobHandlers = { [N in JobName]: (payload: JobPayload<N>, ctx: JobContext) => Promise<void> };

export interface WorkerOptions {
  concurrency?: Partial<Record<QueueName, number>>;
  onError?: (err: unknown, job?: Job) => void;
  /** how long a job stays claimed by a worker that stopped answering */
  lockMs?: number;
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

const DEFAULT_JOB_OPTIONS = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 1000 },
  // Completed jobs stay a day so a replayed deterministic id is still recognised.
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** Removes the job `jobId` if it sits in the failed set. */
async function removeIfFailed(queue: Queue, jobId: string): Promise<void> {
  const existing = await queue.getJob(jobId);
  if (existing && (await existing.isFailed())) await existing.remove();
}

export class JobQueues {
  private readonly queues: Map<QueueName, Queue>;
  private readonly workers: Worker[] = [];

  constructor(
    private readonly connection: Redis,
    readonly prefix: string,
  ) {
    this.queues = new Map(QUEUE_NAMES.map((name) => [name, new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS })]));
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options: EnqueueOptions = {}): Promise<void> {
    const queue = this.queue(JOBS[name].queue);
    if (options.replaceFailed && options.jobId) await removeIfFailed(queue, options.jobId);
    await queue.add(name, JOBS[name].schema.parse(payload), { jobId: options.jobId, delay: options.delay });
  }

  queue(name: QueueName): Queue {
    return this.queues.get(name)!;
  }

  startWorkers(handlers: JobHandlers, options: WorkerOptions = {}): void {
    const { concurrency = {}, onError = () => {}, lockMs = 30_000 } = options;
    for (const name of QUEUE_NAMES) {
      const worker = new Worker(
        name,
        async (job, token) => {
          const spec = JOBS[job.name as JobName];
          if (!spec) throw new UnrecoverableError(`unknown job ${job.name}`);
          const parsed = spec.schema.safeParse(job.data);
          if (!parsed.success) throw new UnrecoverableError(`bad payload for ${job.name}: ${parsed.error.message}`);
          const handler = handlers[job.name as JobName] as (p: unknown, c: JobContext) => Promise<void>;
          await handler(parsed.data, { job, token });
        },
        // A job whose worker died is taken again once its lock lapses (BullMQ "stalled jobs").
        { connection: this.connection, prefix: this.prefix, concurrency: concurrency[name] ?? 4, lockDuration: lockMs, stalledInterval: lockMs },
      );
      worker.on('failed', (job, err) => onError(err, job));
      worker.on('error', (err) => onError(err));
      this.workers.push(worker);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
