// PostgreSQL is the truth of what was accepted and what is still to send; Redis only carries it. The
// sweep queues again what Redis does not have: accepted inbound events not handled, and deliveries
// not closed (their job ids are fixed, so one that is still queued stays one). It runs now and then
// for what slipped through (a failed add, a job BullMQ gave up after its worker died repeatedly), and
// at once, for everything, when Redis is found to have lost its data (recoverRedisLoss).
import { InboundEventSchema } from '../inbound-event.js';
import type { BotDeps } from '../deps.js';
import { queueInbound } from '../enqueue-inbound.js';
import { deliveryJobId, rearmTimers } from './dispatch-outbox.js';

/** rows per sweep; the next sweep takes the rest */
const BATCH = 2_000;
/** Redis slower than this for one add: the sweep stops, the next one goes on */
const ADD_WAIT_MS = 5_000;

export interface SweepOptions {
  /** only what is older than this (normal sweeps leave the queue time to do its work); 0: everything */
  olderThanMs: number;
}

/** Accepted inbound events not handled yet and not held by a live worker: queued again. */
export async function sweepInbound(deps: BotDeps, { olderThanMs }: SweepOptions): Promise<number> {
  const before = new Date(deps.clock().getTime() - olderThanMs);
  const rows = await deps.service.deliveries.unqueued(before, deps.staleClaimMs, BATCH);
  let queued = 0;
  for (const row of rows) {
    const event = InboundEventSchema.safeParse(row.event);
    if (!event.success) {
      deps.log.error('kept inbound event unreadable; closed without handling', { key: row.key });
      await deps.service.deliveries.finish(row.key);
      continue;
    }
    // a job BullMQ failed after its worker died again and again is taken out of the failed set
    if (!(await queueInbound(deps, event.data, ADD_WAIT_MS, true))) break;
    queued++;
  }
  return queued;
}

/** Deliveries queued and not closed: queued again, saying so (their sends are looked up in PostgreSQL). */
export async function sweepDeliveries(deps: BotDeps, { olderThanMs }: SweepOptions): Promise<number> {
  const before = new Date(deps.clock().getTime() - olderThanMs);
  const rows = await deps.service.outbox.undelivered(before, BATCH);
  for (const { outboxId, platform, effect } of rows) {
    await deps.queues.enqueue('notify.deliver', { outboxId, platform, effect, recovered: true }, { jobId: deliveryJobId(outboxId, platform), replaceFailed: true });
  }
  return rows.length;
}

/**
 * Redis came back empty (restarted without its data, or flushed): every open step's timers, the
 * accepted events and the open deliveries are queued again from PostgreSQL, then the outbox.
 */
export async function recoverRedisLoss(deps: BotDeps): Promise<{ timers: number; inbound: number; deliveries: number }> {
  deps.log.warn('Redis lost its data; queuing again what PostgreSQL keeps');
  const timers = await rearmTimers(deps);
  const inbound = await sweepInbound(deps, { olderThanMs: 0 });
  const deliveries = await sweepDeliveries(deps, { olderThanMs: 0 });
  await deps.dispatch();
  deps.log.info('queued again after Redis lost its data', { timers, inbound, deliveries });
  return { timers, inbound, deliveries };
}
