// A reply worded and queued by an earlier version (replies now travel through the outbox as notices,
// delivered by notify.deliver). Kept so that such jobs still in the queue after an upgrade are sent.
import { z } from 'zod';
import { PLATFORMS } from '../../workflows/domain/org-file.js';
import { deliverReply } from '../notify/deliver.js';
import { defineJob } from './define-job.js';

export const RecipientSchema = z.object({
  account: z.string(),
  personId: z.string().optional(),
  /** a group conversation on the platform, when replying into a group */
  group: z.string().optional(),
});

const NotifyReplySchema = z.object({ platform: z.enum(PLATFORMS), to: RecipientSchema, text: z.string() });

declare module './job-types.js' {
  interface JobSchemas {
    'notify.reply': typeof NotifyReplySchema;
  }
}

export const notifyReplyJob = defineJob({
  name: 'notify.reply',
  queue: 'notify',
  version: 1,
  schema: NotifyReplySchema,
  handle: (deps, payload, job) => deliverReply(deps, payload, job),
});
