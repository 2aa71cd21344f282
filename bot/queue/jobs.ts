// Jobs as data: one registry of typed jobs. Each names its queue and its payload schema; the worker
// re-parses payloads with the same schema, and a payload that fails it is not retried.
import { z } from 'zod';
import { EffectSchema } from '../../workflows/infra/outbox.js';
import { PLATFORMS } from '../../workflows/domain/org-file.js';
import { InboundEventSchema } from '../inbound-event.js';

export const RecipientSchema = z.object({
  account: z.string(),
  personId: z.string().optional(),
  /** a group conversation on the platform, when replying into a group */
  group: z.string().optional(),
});

export const JOBS = {
  /** a platform-neutral inbound event (command or button tap) */
  'inbound.event': { queue: 'inbound', schema: InboundEventSchema },
  /** one outbox effect delivered on one platform */
  'notify.deliver': {
    queue: 'notify',
    schema: z.object({ outboxId: z.string(), platform: z.enum(PLATFORMS), effect: EffectSchema }),
  },
  /** a direct reply to whoever sent a command */
  'notify.reply': { queue: 'notify', schema: z.object({ platform: z.enum(PLATFORMS), to: RecipientSchema, text: z.string() }) },
  /** send the batched lines of a group digest */
  'digest.flush': {
    queue: 'notify',
    schema: z.object({ platform: z.enum(PLATFORMS), group: z.literal('supervision'), lines: z.array(z.string()).optional() }),
  },
  /** a step's yellow or red timer */
  'deadline.fire': { queue: 'deadline', schema: z.object({ stepId: z.string(), kind: z.enum(['yellow', 'red']) }) },
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]['schema']>;
export type QueueName = (typeof JOBS)[JobName]['queue'];
export const QUEUE_NAMES: readonly QueueName[] = ['inbound', 'notify', 'deadline'];
