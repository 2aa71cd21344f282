// A step's yellow (90%) or red (100%) timer. Queued with a delay of up to days: its payload must
// still parse after an upgrade (see define-job.ts).
import { z } from 'zod';
import { defineJob } from './define-job.js';

const DeadlineFireSchema = z.object({ stepId: z.string(), kind: z.enum(['yellow', 'red']) });

declare module './job-types.js' {
  interface JobSchemas {
    'deadline.fire': typeof DeadlineFireSchema;
  }
}

export const deadlineFireJob = defineJob({
  name: 'deadline.fire',
  queue: 'deadline',
  version: 1,
  schema: DeadlineFireSchema,
  handle: async (deps, { stepId, kind }) => {
    await deps.service.deadlines.fire(stepId, kind);
    await deps.dispatch();
  },
});
