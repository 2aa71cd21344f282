// One outbox effect delivered on one platform.
import { z } from 'zod';
import { PLATFORMS } from '../../workflows/domain/org-file.js';
import { EffectSchema, upgradeEffect } from '../../workflows/domain/effects.js';
import { deliverEffect } from '../notify/deliver.js';
import { defineJob } from './define-job.js';

const NotifyDeliverSchema = z.object({ outboxId: z.string(), platform: z.enum(PLATFORMS), effect: EffectSchema });

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
});
