// One outbox effect delivered on one platform.
import { z } from 'zod';
import { PLATFORMS } from '../../workflows/domain/org-file.js';
import { EffectSchema, upgradeEffect } from '../../workflows/domain/effects.js';
import { deliverEffect, deliveryGaveUp } from '../notify/deliver.js';
import { defineJob } from './define-job.js';

const NotifyDeliverSchema = z.object({
  outboxId: z.string(),
  platform: z.enum(PLATFORMS),
  effect: EffectSchema,
  /** queued again by the sweep from PostgreSQL (Redis had lost it): what it sent before is read from there */
  recovered: z.boolean().optional(),
});

declare module './job-types.js' {
  interface JobSchemas {
    'notify.deliver': typeof NotifyDeliverSchema;
  }
}

export const notifyDeliverJob = defineJob({
  name: 'notify.deliver',
  queue: 'notify',
  // 2: effects carry notices (meaning) instead of worded texts
  version: 2,
  schema: NotifyDeliverSchema,
  upgrade: (data) => ({ ...data, effect: upgradeEffect(data.effect) }),
  handle: (deps, payload, job) => deliverEffect(deps, payload, job),
  // closed as failed, so the sweep leaves it
  onGaveUp: (deps, data) => deliveryGaveUp(deps, data),
});
