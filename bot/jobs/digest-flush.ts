// Sends the batched lines of a group digest (群消息汇总) once its window closes.
import { z } from 'zod';
import { PLATFORMS } from '../../workflows/domain/org-file.js';
import { flushDigest } from '../notify/deliver.js';
import { defineJob } from './define-job.js';

// `lines` is written onto the job by its first attempt, so a retry sends the same lines
const DigestFlushSchema = z.object({ platform: z.enum(PLATFORMS), group: z.literal('supervision'), lines: z.array(z.string()).optional() });

declare module './job-types.js' {
  interface JobSchemas {
    'digest.flush': typeof DigestFlushSchema;
  }
}

export const digestFlushJob = defineJob({
  name: 'digest.flush',
  queue: 'notify',
  version: 1,
  schema: DigestFlushSchema,
  handle: (deps, payload, job) => flushDigest(deps, payload, job),
});
