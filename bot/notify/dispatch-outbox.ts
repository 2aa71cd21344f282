// Moves committed outbox rows onto the queue. Rows are claimed with FOR UPDATE SKIP LOCKED so
// several processes can sweep at once; job ids are derived from the row id, so a row enqueued twice
// (a crash between enqueue and commit) is still one job.
import { openStepTimers } from '../../workflows/infra/deadlines.js';
import { EffectSchema, type Effect } from '../../workflows/infra/outbox.js';
import type { BotDeps } from '../deps.js';
import { addDigestLine } from './group-digest.js';

const BATCH = 200;

export async function dispatchOutbox(deps: BotDeps): Promise<number> {
  let total = 0;
  for (;;) {
    const count = await deps.db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ id: bigint; payload: unknown }[]>`
        SELECT "id", "payload" FROM "Outbox" WHERE "dispatchedAt" IS NULL ORDER BY "id" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
      for (const row of rows) {
        const parsed = EffectSchema.safeParse(row.payload);
        if (parsed.success) await dispatchEffect(deps, row.id.toString(), parsed.data);
        else deps.log.error('outbox row with a bad payload skipped', { id: row.id.toString() });
      }
      if (rows.length > 0) {
        await tx.outbox.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data: { dispatchedAt: deps.clock() } });
      }
      return rows.length;
    });
    total += count;
    if (count < BATCH) return total;
  }
}

async function dispatchEffect(deps: BotDeps, outboxId: string, effect: Effect): Promise<void> {
  switch (effect.kind) {
    case 'deadline.arm':
      await armDeadline(deps, effect.stepId, new Date(effect.yellowAt), new Date(effect.dueAt));
      return;
    case 'group.digest':
      for (const platform of deps.ports.keys()) await addDigestLine(deps, platform, effect.line, `${outboxId}`);
      return;
    default:
      for (const platform of deps.ports.keys()) {
        await deps.queues.enqueue('notify.deliver', { outboxId, platform, effect }, { jobId: `outbox-${outboxId}-${platform}` });
      }
  }
}

/** PostgreSQL is the truth: every open step's timers armed again (after Redis lost them, or just in case). */
export async function rearmTimers(deps: BotDeps): Promise<number> {
  const timers = await openStepTimers(deps);
  for (const t of timers) await armDeadline(deps, t.stepId, t.yellowAt, t.dueAt);
  return timers.length;
}

/**
 * Delayed jobs with deterministic ids: arming twice (or re-arming after Redis lost them) is harmless,
 * and a timer that failed for good is armed again (it would otherwise block its id for days).
 */
export async function armDeadline(deps: BotDeps, stepId: string, yellowAt: Date, dueAt: Date): Promise<void> {
  const now = deps.clock().getTime();
  const timer = (kind: 'yellow' | 'red', at: Date) => ({ jobId: `deadline-${kind}-${stepId}`, delay: Math.max(0, at.getTime() - now), replaceFailed: true });
  await deps.queues.enqueue('deadline.fire', { stepId, kind: 'yellow' }, timer('yellow', yellowAt));
  await deps.queues.enqueue('deadline.fire', { stepId, kind: 'red' }, timer('red', dueAt));
}
