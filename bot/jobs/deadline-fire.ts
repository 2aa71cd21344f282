// A step's yellow (90%) or red (100%) timer. Queued with a delay of up to days: its payload must
// still parse after an upgrade (see define-job.ts).
import { z } from 'zod';
import { defineJob } from './define-job.js';

export const deadlineFireJob = defineJob({
  name: 'deadline.fire',
  queue: 'deadline',
  version: 1,
  schema: z.object({ stepId: z.string(), kind: z.enum(['yellow', 'red']) }),
  handle: async (deps, { stepId, kind }): Promise<void> => {
    await deps.service.deadlines.fire(stepId, kind);
    await deps.dispatch();
  },
});
