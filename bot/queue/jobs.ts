// Moved: each job is defined in its own file under bot/jobs, registered in bot/jobs/index.ts.
// These re-exports keep older imports compiling; import from bot/jobs in new code.
export { RecipientSchema } from '../jobs/notify-reply.js';
export { QUEUE_NAMES, type JobName, type JobPayload, type QueueName } from '../jobs/index.js';
