// BullMQ queues and workers. `enqueue` is the only place jobs are added; workers read every payload
// through the job registry (bot/jobs), and a payload that cannot be read is an UnrecoverableError.
import { setTimeout as sleep } from 'node:timers/promises';
import { DelayedError, Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { BotDeps } from '../deps.js';
import { storedPayload } from '../jobs/define-job.js';
import { JOBS, jobOf, readJob } from '../jobs/index.js';
import { QUEUE_NAMES, type EnqueueOptions, type JobInput, type JobName, type JobPayload, type JobQueuePort, type QueueName } from '../jobs/job-types.js';

export interface WorkerOptions {
  concurrency?: Partial<Record<QueueName, number>>;
  /** how long a job stays claimed by a worker that stopped answering */
  lockMs?: number;
  /** how often to look for jobs whose lock lapsed (their worker died); default: lockMs */
  stalledCheckMs?: number;
}

/** jobs per round trip when adding or scanning many */
const BULK = 1_000;
/** chunks in flight at once when adding many */
const BULK_LANES = 4;
/**
 * A job whose worker died is taken again this many times before BullMQ fails it ("stalled more than
 * allowable limit"); deliveries and inbound events so failed are queued again by the sweep.
 */
const MAX_STALLED = 5;
/**
 * How long a closing worker with no job left may still wait on its Redis connection before the
 * shutdown goes on without it (closeWorker).
 */
const IDLE_CLOSE_MS = 3_000;

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

export class JobQueues implements JobQueuePort {
  private readonly queues: Map<QueueName, Queue>;
  private readonly workers: { worker: Worker; running: () => number }[] = [];
  private log: BotDeps['log'] | undefined;

  constructor(
    private readonly connection: Redis,
    readonly prefix: string,
  ) {
    this.queues = new Map(QUEUE_NAMES.map((name) => [name, new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS })]));
  }

  async enqueue<N extends JobName>(name: N, payload: JobInput<N>, options: EnqueueOptions = {}): Promise<void> {
    const job = jobOf(name);
    if (options.replaceFailed && options.jobId) await removeIfFailed(this.queue(job.queue), options.jobId);
    await this.queue(job.queue).add(name, storedPayload(job, payload), { jobId: options.jobId, delay: options.delay });
  }

  async enqueueMany<N extends JobName>(name: N, jobs: readonly { payload: JobInput<N>; options?: EnqueueOptions }[]): Promise<void> {
    const job = jobOf(name);
    const queue = this.queue(job.queue);
    // a few chunks in flight: Redis runs one while the next is being built and sent
    let next = 0;
    const lane = async () => {
      while (next < jobs.length) {
        const start = next;
        next += BULK;
        const chunk = jobs
          .slice(start, start + BULK)
          .map(({ payload, options = {} }) => ({ name, data: storedPayload(job, payload), opts: { jobId: options.jobId, delay: options.delay } }));
        await queue.addBulk(chunk);
      }
    };
    await Promise.all(Array.from({ length: BULK_LANES }, lane));
  }

  async removeFailed(name: QueueName, which: (id: string) => boolean): Promise<number> {
    const queue = this.queue(name);
    const ids: string[] = [];
    for (let start = 0; ; start += BULK) {
      const failed = await queue.getFailed(start, start + BULK - 1);
      if (failed.length === 0) break;
      for (const job of failed) if (job?.id && which(job.id)) ids.push(job.id);
    }
    for (const id of ids) await queue.remove(id);
    return ids.length;
  }

  queue(name: QueueName): Queue {
    return this.queues.get(name)!;
  }

  /** Runs every registered job's handler with `deps`. */
  startWorkers(deps: BotDeps, options: WorkerOptions = {}): void {
    const { concurrency = {}, lockMs = 30_000, stalledCheckMs = lockMs } = options;
    this.log = deps.log;
    for (const name of QUEUE_NAMES) {
      let running = 0;
      const worker = new Worker(
        name,
        async (job, token) => {
          running++;
          try {
            await this.run(deps, job, token);
          } finally {
            running--;
          }
        },
        // A job whose worker died is taken again once its lock lapses (BullMQ "stalled jobs").
        {
          connection: this.connection,
          prefix: this.prefix,
          concurrency: concurrency[name] ?? 4,
          lockDuration: lockMs,
          stalledInterval: stalledCheckMs,
          maxStalledCount: MAX_STALLED,
        },
      );
      worker.on('failed', (job, err) => onFailed(deps, err, job));
      worker.on('error', (err) => onFailed(deps, err));
      this.workers.push({ worker, running: () => running });
    }
  }

  /** One job through its registered handler, timed and logged as itself. */
  private async run(deps: BotDeps, job: Job, token: string | undefined): Promise<void> {
    const { definition, payload } = readJob(job.name, job.data);
    // every line the job logs says which job, delivery, platform and request it is about
    const log = deps.log.child(logContextOf(job, payload));
    const started = performance.now();
    let outcome: 'ok' | 'failed' | 'delayed' = 'failed';
    try {
      log.debug('job started', { attempt: job.attemptsMade + 1 });
      await definition.handle({ ...deps, log }, payload as JobPayload<JobName>, { job, token });
      outcome = 'ok';
    } catch (err) {
      // put back for later (a platform's rate limit), not failed
      if (err instanceof DelayedError) outcome = 'delayed';
      throw err;
    } finally {
      deps.metrics.jobFinished(job.name, (performance.now() - started) / 1000, outcome);
      log.debug('job finished', { outcome, ms: Math.round(performance.now() - started) });
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => this.closeWorker(w)));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }

  /**
   * Waits for a worker to finish its jobs and close — but not for ever on its connection alone. A
   * worker closed while its blocking Redis connection is between reconnect attempts (Redis came back
   * a moment ago) waits for that connection's end, which BullMQ's disconnect of a socketless ioredis
   * client never brings, and the shutdown hung. So once none of the worker's jobs has been running
   * for IDLE_CLOSE_MS, the shutdown goes on; the parked client holds no socket and no timer.
   */
  private async closeWorker({ worker, running }: { worker: Worker; running: () => number }): Promise<void> {
    const closed = worker.close().then(() => true);
    let idleSince: number | undefined;
    while (!(await Promise.race([closed, sleep(250, false)]))) {
      if (running() > 0) idleSince = undefined;
      else if ((idleSince ??= Date.now()) + IDLE_CLOSE_MS <= Date.now()) {
        this.log?.warn('a worker did not close though none of its jobs was running (its Redis connection was reconnecting); shutting down without it', {
          queue: worker.name,
        });
        return;
      }
    }
  }
}

/**
 * BullMQ fails a job whose worker died more than MAX_STALLED times (an UnrecoverableError the next
 * worker raises for it): nothing is wrong with the job itself, so it is not given up — it stays open
 * in PostgreSQL and the recovery sweep queues it again.
 */
const STALL_FAILURES = new Set(['job stalled more than allowable limit', 'job started more than allowable limit']);

function onFailed(deps: BotDeps, err: unknown, job?: Job): void {
  deps.log.warn('job failed', { job: job?.name, id: job?.id, attempt: job?.attemptsMade, err });
  if (err instanceof Error && STALL_FAILURES.has(err.message)) return;
  const gaveUp = job && (err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1));
  if (!gaveUp) return;
  JOBS.get(job.name)
    ?.onGaveUp?.(deps, job.data)
    .catch((e: unknown) => deps.log.error('could not tell the sender', { job: job.name, err: e }));
}

/** What a job is about, for its log lines (probot's child logger per event). */
function logContextOf(job: Job, payload: unknown): Record<string, unknown> {
  const p = (payload ?? {}) as Record<string, unknown>;
  const effect = (p.effect ?? {}) as Record<string, unknown>;
  const fields = {
    job: job.name,
    jobId: job.id,
    delivery: p.dedupeKey,
    platform: p.platform,
    requestId: p.requestId ?? effect.requestId,
    requestNo: p.requestNo ?? effect.requestNo,
    stepId: p.stepId,
    outboxId: p.outboxId,
    notice: (effect.notice as { kind?: unknown } | undefined)?.kind,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}
