// What an operator's Prometheus reads at GET /metrics. One Registry per app (not prom-client's global
// one, so a test process can run several apps): counters the bot moves as things happen (inbound
// accepted or refused, jobs finished or failed, decisions, platform API errors), gauges read at
// scrape time (queue depths and waiting ages from BullMQ, the outbox's lag and the alert register
// from PostgreSQL through the service), and Node's own process metrics.
import type { Queue } from 'bullmq';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The hooks the rest of the bot calls; each is cheap and never throws. */
export interface BotMetrics {
  /** an inbound event verified and queued (`enqueue-inbound.ts`, the seam every adapter calls) */
  inboundAccepted(platform: string): void;
  /** an inbound request turned away by its adapter's verification (bad signature, stale, unknown sender, …) */
  inboundRefused(platform: string, reason: string): void;
  /** a job's handler ran for `seconds`; outcome ok, failed, or delayed (put back for later, e.g. a rate limit) */
  jobFinished(job: string, seconds: number, outcome: 'ok' | 'failed' | 'delayed'): void;
  /** a decision on an approval step was made (approve, reject, return, transfer) */
  decision(action: string): void;
  /** a platform's API answered with an error code (WeCom errcode, DingTalk code, Slack error, HTTP status) */
  platformError(platform: string, code: string | number): void;
}

/** What is read at scrape time. */
export interface MetricSources {
  queues: () => readonly Queue[];
  /** the outbox's undispatched rows: how many, and when the oldest was written */
  outboxLag: () => Promise<{ undispatched: number; oldestAt: Date | null }>;
  /** the alert register (告警), counted by rule, severity and state */
  alertCounts: () => Promise<{ rule: string; severity: string; state: string; count: number }[]>;
  clock: () => Date;
  /** told when a scrape-time source fails (the metric is then left out of that scrape) */
  onError?: (what: string, err: unknown) => void;
}

export interface Metrics extends BotMetrics {
  registry: Registry;
  /** the Prometheus text exposition */
  text(): Promise<string>;
  contentType: string;
}

/** the states counted per queue (BullMQ getJobCounts) */
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'] as const;

/** Seconds: a decision's job takes milliseconds, a card send with a platform's round trip up to seconds. */
const JOB_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createMetrics(sources: MetricSources): Metrics {
  const registry = new Registry();
  const onError = sources.onError ?? (() => {});
  collectDefaultMetrics({ register: registry });

  const inboundAccepted = new Counter({
    name: 'guanjia_inbound_accepted_total',
    help: 'Inbound events verified and queued, by platform',
    labelNames: ['platform'],
    registers: [registry],
  });
  const inboundRefused = new Counter({
    name: 'guanjia_inbound_refused_total',
    help: 'Inbound requests refused by verification, by platform and reason',
    labelNames: ['platform', 'reason'],
    registers: [registry],
  });
  const jobDuration = new Histogram({
    name: 'guanjia_job_duration_seconds',
    help: 'Time a job handler ran, by job name and outcome (ok, failed, delayed)',
    labelNames: ['job', 'outcome'],
    buckets: JOB_BUCKETS,
    registers: [registry],
  });
  const jobFailures = new Counter({
    name: 'guanjia_job_failures_total',
    help: 'Job attempts that failed (they are retried, or swept back from PostgreSQL), by job name',
    labelNames: ['job'],
    registers: [registry],
  });
  const decisions = new Counter({
    name: 'guanjia_decisions_total',
    help: 'Decisions made on approval steps, by action',
    labelNames: ['action'],
    registers: [registry],
  });
  const platformErrors = new Counter({
    name: 'guanjia_platform_api_errors_total',
    help: "Errors answered by a platform's API, by platform and code",
    labelNames: ['platform', 'code'],
    registers: [registry],
  });

  // scrape time: one BullMQ round trip per queue for the counts, one for its oldest waiting job
  // both gauges are filled by one pass
  const queuesOnce = oncePerScrape(() => collectQueues());
  const queueJobs = new Gauge({
    name: 'guanjia_queue_jobs',
    help: 'Jobs in each queue, by state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    collect: queuesOnce,
  });
  const oldestWaiting = new Gauge({
    name: 'guanjia_queue_oldest_waiting_seconds',
    help: 'Age of the oldest job waiting in each queue (0 when none waits)',
    labelNames: ['queue'],
    registers: [registry],
    collect: queuesOnce,
  });
  const collectQueues = async () => {
    queueJobs.reset();
    oldestWaiting.reset();
    const now = sources.clock().getTime();
    await Promise.all(
      sources.queues().map(async (queue) => {
        try {
          const [counts, oldest] = await Promise.all([queue.getJobCounts(...QUEUE_STATES), queue.getWaiting(0, 0)]);
          for (const state of QUEUE_STATES) queueJobs.set({ queue: queue.name, state }, counts[state] ?? 0);
          const job = oldest[0];
          // a delayed job (a timer, a rate-limited send) has waited only since it fell due
          oldestWaiting.set({ queue: queue.name }, job ? Math.max(0, (now - job.timestamp - (job.delay ?? 0)) / 1000) : 0);
        } catch (err) {
          onError(`queue ${queue.name}`, err);
        }
      }),
    );
  };
  const outboxOnce = oncePerScrape(sources.outboxLag);

  new Gauge({
    name: 'guanjia_outbox_lag_seconds',
    help: 'Age of the oldest committed outbox effect not yet handed to the queue (0 when none waits)',
    registers: [registry],
    async collect() {
      try {
        const lag = await outboxOnce();
        this.set(lag.oldestAt ? Math.max(0, (sources.clock().getTime() - lag.oldestAt.getTime()) / 1000) : 0);
      } catch (err) {
        onError('outbox lag', err);
      }
    },
  });
  new Gauge({
    name: 'guanjia_outbox_undispatched',
    help: 'Committed outbox effects not yet handed to the queue',
    registers: [registry],
    async collect() {
      try {
        this.set((await outboxOnce()).undispatched);
      } catch (err) {
        onError('outbox backlog', err);
      }
    },
  });
  new Gauge({
    name: 'guanjia_alerts',
    help: 'Alerts in the register (告警), by rule, severity and state; every alert ever raised is counted',
    labelNames: ['rule', 'severity', 'state'],
    registers: [registry],
    async collect() {
      try {
        const counts = await sources.alertCounts();
        this.reset();
        for (const { rule, severity, state, count } of counts) this.set({ rule, severity, state }, count);
      } catch (err) {
        onError('alerts', err);
      }
    },
  });

  const safe =
    <A extends unknown[]>(f: (...args: A) => void) =>
    (...args: A) => {
      try {
        f(...args);
      } catch {
        // a metric must never break the work it measures
      }
    };

  return {
    registry,
    contentType: registry.contentType,
    text: () => registry.metrics(),
    inboundAccepted: safe((platform) => inboundAccepted.inc({ platform })),
    inboundRefused: safe((platform, reason) => inboundRefused.inc({ platform, reason })),
    jobFinished: safe((job, seconds, outcome) => {
      jobDuration.observe({ job, outcome }, seconds);
      if (outcome === 'failed') jobFailures.inc({ job });
    }),
    decision: safe((action) => decisions.inc({ action })),
    platformError: safe((platform, code) => platformErrors.inc({ platform, code: String(code).slice(0, 64) })),
  };
}

/**
 * `read` once for the gauges of one scrape: prom-client asks every metric of a scrape at once, and
 * those that share a source wait for the same call.
 */
function oncePerScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => (pending ??= read().finally(() => setImmediate(() => (pending = undefined))));
}

/** Hooks that count nothing: for code run outside an app (scripts, unit tests). */
export const NO_METRICS: BotMetrics = {
  inboundAccepted: () => {},
  inboundRefused: () => {},
  jobFinished: () => {},
  decision: () => {},
  platformError: () => {},
};
