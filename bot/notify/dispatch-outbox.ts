// Moves committed outbox rows onto the queue (the service claims them with SKIP LOCKED, so several
// processes can sweep at once). Job ids are derived from the row id, so a row enqueued twice (a
// crash between enqueue and commit) is still one job.
import type { Effect } from '../../workflows/service/workflow-service.js';
import type { Platform } from '../../workflows/domain/org-file.js';
import type { BotDeps } from '../deps.js';
import { renderNotice } from '../replies/render-notice.js';
import { armDailySummary } from '../jobs/supervision-summary.js';
import { armMonthlyReports } from '../jobs/report-monthly.js';
import { armAuditCheckpoint } from '../jobs/audit-checkpoint.js';
import { addDigestLine } from './group-digest.js';

export async function dispatchOutbox(deps: BotDeps): Promise<number> {
  return deps.service.outbox.dispatch((id, effect) => dispatchEffect(deps, id, effect));
}

async function dispatchEffect(deps: BotDeps, outboxId: string, effect: Effect): Promise<void> {
  switch (effect.kind) {
    case 'deadline.arm':
      await armDeadline(deps, effect.stepId, new Date(effect.yellowAt), new Date(effect.dueAt));
      return;
    case 'group.digest':
      for (const platform of fanOut(deps)) await addDigestLine(deps, platform, renderNotice(effect.notice), `${outboxId}`);
      return;
    case 'reply':
      // an answer goes back where the command came from, and nowhere else
      await deps.queues.enqueue('notify.deliver', { outboxId, platform: effect.to.platform, effect }, { jobId: `outbox-${outboxId}-${effect.to.platform}` });
      return;
    case 'report.file':
      if (effect.to) {
        await deps.queues.enqueue('notify.deliver', { outboxId, platform: effect.to.platform, effect }, { jobId: `outbox-${outboxId}-${effect.to.platform}` });
        return;
      }
      for (const platform of fanOut(deps)) {
        await deps.queues.enqueue('notify.deliver', { outboxId, platform, effect }, { jobId: `outbox-${outboxId}-${platform}` });
      }
      return;
    default:
      for (const platform of fanOut(deps)) {
        await deps.queues.enqueue('notify.deliver', { outboxId, platform, effect }, { jobId: `outbox-${outboxId}-${platform}` });
      }
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
  const timers = await deps.service.deadlines.open();
  for (const t of timers) await armDeadline(deps, t.stepId, t.yellowAt, t.dueAt);
  await armDailySummary(deps);
  await armMonthlyReports(deps);
  await armAuditCheckpoint(deps);
  return timers.length;
}

/**
 * Delayed jobs with deterministic ids: arming twice (or re-arming after Redis lost them) is harmless,
 * and a timer that failed for good is armed again (it would otherwise block its id for days).
 */
export async function armDeadline(deps: Pick<BotDeps, 'queues' | 'clock'>, stepId: string, yellowAt: Date, dueAt: Date): Promise<void> {
  const now = deps.clock().getTime();
  const timer = (kind: 'yellow' | 'red', at: Date) => ({ jobId: `deadline-${kind}-${stepId}`, delay: Math.max(0, at.getTime() - now), replaceFailed: true });
  await deps.queues.enqueue('deadline.fire', { stepId, kind: 'yellow' }, timer('yellow', yellowAt));
  await deps.queues.enqueue('deadline.fire', { stepId, kind: 'red' }, timer('red', dueAt));
}
