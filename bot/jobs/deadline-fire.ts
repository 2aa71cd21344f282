// A step's yellow (90%) or red (100%) timer. Queued with a delay of up to days: its payload must
// still parse after an upgrade (see define-job.ts). A step has one at a time: the yellow one, when it
// goes off, arms the red.
import { z } from 'zod';
import { armDeadline } from '../notify/dispatch-outbox.js';
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
    // the step's next timer, while it is open: after yellow, red
    const next = await deps.service.deadlines.next(stepId);
    if (next?.kind === kind) {
      // it went off early (the queue's clock ahead of the database's): not lit yet, so try again soon
      throw new Error(`${kind} timer of step ${stepId} went off before ${next.at.toISOString()}; retrying`);
    }
    if (next) await armDeadline(deps, next);
    await deps.dispatch();
  },
});
