// A platform-neutral inbound event (command text or button tap), queued by every adapter.
import { handleInbound, replyGaveUp } from '../handle-inbound.js';
import { InboundEventSchema } from '../inbound-event.js';
import { defineJob } from './define-job.js';

declare module './job-types.js' {
  interface JobSchemas {
    'inbound.event': typeof InboundEventSchema;
  }
}

export const inboundEventJob = defineJob({
  name: 'inbound.event',
  queue: 'inbound',
  version: 1,
  schema: InboundEventSchema,
  handle: (deps, event) => handleInbound(deps, event),
  // the sender hears that it failed instead of silence
  onGaveUp: (deps, data) => replyGaveUp(deps, data),
});
