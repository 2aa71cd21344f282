// What every adapter calls after verifying and parsing a delivery: validate the neutral event and
// queue it under its dedupe key, so a platform retry that arrives while the first copy is still
// queued is dropped at once (and a later one by the handler's dedupe table).
import { InboundEventSchema, type InboundEvent } from './inbound-event.js';
import type { JobQueuePort } from './jobs/job-types.js';

export type EnqueueInbound = (event: InboundEvent) => Promise<void>;

export function inboundEnqueuer(queues: JobQueuePort): EnqueueInbound {
  return async (event) => {
    const parsed = InboundEventSchema.parse(event);
    // BullMQ job ids may not contain ':'
    await queues.enqueue('inbound.event', parsed, { jobId: `in-${parsed.dedupeKey.replace(/:/g, '_')}` });
  };
}
