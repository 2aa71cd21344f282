// What every adapter calls after verifying and parsing a delivery, before it answers the platform:
// validate the neutral event, keep it in PostgreSQL under its dedupe key (so an accepted event
// survives a Redis that lost its data, and a platform retry is recognised), then queue it. Redis
// being slow or down does not hold the answer back: the sweep (bot/notify/sweep.ts) queues what did
// not reach it. PostgreSQL being down fails the call, and the platform is told to come back (503).
import type { WorkflowService } from '../workflows/service/workflow-service.js';
import type { Logger } from './deps.js';
import { InboundEventSchema, type InboundEvent } from './inbound-event.js';
import type { JobQueuePort } from './jobs/job-types.js';

export type EnqueueInbound = (event: InboundEvent) => Promise<void>;

/** how long the edge waits for Redis before it answers anyway (the event is kept; the sweep queues it) */
const QUEUE_WAIT_MS = 1_000;

export interface InboundEdgeDeps {
  queues: JobQueuePort;
  service: Pick<WorkflowService, 'deliveries'>;
  log: Logger;
  /** counts what the edge took, by platform (metrics) */
  onAccepted?: (event: InboundEvent, fresh: boolean) => void;
}

export function inboundEnqueuer(deps: InboundEdgeDeps): EnqueueInbound {
  return async (event) => {
    const parsed = InboundEventSchema.parse(event);
    const fresh = await deps.service.deliveries.accept(parsed.dedupeKey, parsed as unknown as Record<string, unknown>);
    deps.onAccepted?.(parsed, fresh);
    if (!fresh) return;
    await queueInbound(deps, parsed, QUEUE_WAIT_MS);
  };
}

/** BullMQ job ids may not contain ':' */
export function inboundJobId(dedupeKey: string): string {
  return `in-${dedupeKey.replace(/:/g, '_')}`;
}

/**
 * Queues a kept event under its delivery id (one still queued stays one). Waits at most `waitMs`
 * for Redis; a slow or failed add is only logged: the event is in PostgreSQL and the sweep queues it.
 */
export async function queueInbound(deps: Pick<InboundEdgeDeps, 'queues' | 'log'>, event: InboundEvent, waitMs: number, replaceFailed = false): Promise<boolean> {
  const add = deps.queues.enqueue('inbound.event', event, { jobId: inboundJobId(event.dedupeKey), replaceFailed });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), waitMs)));
  try {
    const outcome = await Promise.race([add.then(() => 'queued' as const), late]);
    if (outcome === 'late') {
      add.catch(() => undefined);
      deps.log.warn('queue slow to answer; the event is kept and the sweep queues it', { key: event.dedupeKey });
      return false;
    }
    return true;
  } catch (err) {
    deps.log.warn('could not queue an accepted event; it is kept and the sweep queues it', { key: event.dedupeKey, err });
    return false;
  } finally {
    clearTimeout(timer);
  }
}
