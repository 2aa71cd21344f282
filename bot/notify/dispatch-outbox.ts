// Moves committed outbox rows onto the queue (the service claims them with SKIP LOCKED, so several
// processes can sweep at once). Job ids are derived from the row id, so a row enqueued twice (a
// crash between enqueue and commit) is still one job.
import type { Effect, StepTimer } from '../../workflows/service/workflow-service.js';
import type { Platform } from '../../workflows/domain/org-file.js';
import type { BotDeps } from '../deps.js';
import { renderNotice } from '../replies/render-notice.js';
import { armDailySummary } from '../jobs/supervision-summary.js';
import { armMonthlyReports } from '../jobs/report-monthly.js';
import { armAuditCheckpoint } from '../jobs/audit-checkpoint.js';
import { addDigestLine } from './group-digest.js';

/** open steps' timers read and armed at a time when all are armed again */
const REARM_PAGE = 5_000;

/** Redis slower than this fails the sweep (its rows stay undispatched for the next one) rather than holding their locks */
const QUEUE_WAIT_MS = 5_000;

/**
 * One sweep at a time in this process: a call while one runs asks it to go round once more, so a
 * burst of commits costs two sweeps, and a Redis that does not answer holds one transaction, not one
 * per call.
 */
export function outboxDispatcher(deps: BotDeps): () => Promise<number> {
  let running: Promise<number> | undefined;
  let again = false;
  const loop = async (): Promise<number> => {
    let total = 0;
    do {
      again = false;
      total += await deps.service.outbox.dispatch((id, effect) => withDeadline(dispatchEffect(deps, id, effect), QUEUE_WAIT_MS));
    } while (again);
    return total;
  };
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = loop().finally(() => (running = undefined));
    return running;
  };
}

/** Queues one committed effect; gives the platforms it queued a delivery for (each then has an OutboxDelivery row). */
async function dispatchEffect(deps: BotDeps, outboxId: string, effect: Effect): Promise<Platform[]> {
  switch (effect.kind) {
    case 'deadline.arm':
      // a step just activated: its first timer is yellow (the yellow one arms red when it goes off)
      await armDeadline(deps, { stepId: effect.stepId, kind: 'yellow', at: new Date(effect.yellowAt) });
      return [];
    case 'group.digest':
      for (const platform of fanOut(deps)) await addDigestLine(deps, platform, renderNotice(effect.notice), `${outboxId}`);
      return [];
    case 'reply':
      // an answer goes back where the command came from, and nowhere else
      return queueDeliveries(deps, outboxId, effect, [effect.to.platform]);
    case 'report.file':
      return queueDeliveries(deps, outboxId, effect, effect.to ? [effect.to.platform] : fanOut(deps));
    default:
      return queueDeliveries(deps, outboxId, effect, fanOut(deps));
  }
}

/** the job id of one effect's delivery on one platform: queued twice, it is still one job */
export function deliveryJobId(outboxId: string, platform: Platform): string {
  return `outbox-${outboxId}-${platform}`;
}

async function queueDeliveries(deps: BotDeps, outboxId: string, effect: Effect, platforms: Platform[]): Promise<Platform[]> {
  for (const platform of platforms) await deps.queues.enqueue('notify.deliver', { outboxId, platform, effect }, { jobId: deliveryJobId(outboxId, platform) });
  return platforms;
}

/** `work`, or a failure once `ms` pass without it finishing (it may still finish later: queuing is idempotent) */
async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(`the queue did not answer within ${ms} ms`)), ms)));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
    work.catch(() => undefined);
  }
}

/** the platforms that get cards, notices and digests: all but those that take answers only (the workbench) */
function fanOut(deps: BotDeps): Platform[] {
  return [...deps.ports.values()].filter((port) => !port.repliesOnly).map((port) => port.platform);
}

/**
 * PostgreSQL is the truth: every open step's timers armed again (after Redis lost them, or just in
 * case), the next daily supervision summary (监察日报), the next monthly report push and the next
 * checkpoint of the audit chain.
 */
export async function rearmTimers(deps: BotDeps): Promise<number> {
  // a timer that failed for good would block its id: those go first, then every timer in bulk
  await deps.queues.removeFailed('deadline', (id) => id.startsWith('deadline-'));
  // one timer a step (its next light), the soonest first: after Redis lost them, the timers about to
  // go off are back within the first moment. A page at a time (the next read while this one is
  // queued), so a hundred thousand open steps never sit in memory at once.
  let armed = 0;
  let next: Promise<StepTimer[]> | undefined = deps.service.deadlines.open(REARM_PAGE);
  while (next) {
    const timers: StepTimer[] = await next;
    next = timers.length < REARM_PAGE ? undefined : deps.service.deadlines.open(REARM_PAGE, timers.at(-1));
    // a failed read of the next page fails the re-arm when it is awaited, not as an unhandled rejection meanwhile
    next?.catch(() => undefined);
    const now = deps.clock().getTime();
    const jobs = timers.map((t) => ({ payload: { stepId: t.stepId, kind: t.kind }, options: { jobId: deadlineJobId(t), delay: Math.max(0, t.at.getTime() - now) } }));
    await deps.queues.enqueueMany('deadline.fire', jobs);
    armed += timers.length;
  }
  await armDailySummary(deps);
  await armMonthlyReports(deps);
  await armAuditCheckpoint(deps);
  return armed;
}

/**
 * A step's next timer as a delayed job with a deterministic id: arming twice (or re-arming after Redis
 * lost it) is harmless, and a timer that failed for good is armed again (it would otherwise block its
 * id for days). A step has one timer at a time: yellow, then red, armed when the yellow one goes off.
 */
export async function armDeadline(deps: Pick<BotDeps, 'queues' | 'clock'>, timer: StepTimer): Promise<void> {
  const delay = Math.max(0, timer.at.getTime() - deps.clock().getTime());
  await deps.queues.enqueue('deadline.fire', { stepId: timer.stepId, kind: timer.kind }, { jobId: deadlineJobId(timer), delay, replaceFailed: true });
}

export function deadlineJobId(timer: Pick<StepTimer, 'stepId' | 'kind'>): string {
  return `deadline-${timer.kind}-${timer.stepId}`;
}
