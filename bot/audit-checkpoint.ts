// `npm run audit:checkpoint`: takes a checkpoint of the audit chain now — signed with the key kept
// outside the database, written into the chain, appended to the checkpoint file — and queues it for
// the 监督群 (the running bot sends it; with the embedded database, at its next start). Prints it.
import { loadConfigFromEnv } from './config.js';
import { takeCheckpoint } from '../workflows/infra/audit-checkpoints/take-checkpoint.js';
import { checkpointSettingsOf } from './audit-checkpoint-settings.js';
import { checkpointMessage } from './replies/audit-checkpoint-words.js';
import { checkpointTakenText } from './replies/audit-verify-words.js';
import { openCliDatabase } from './cli-database.js';

const config = loadConfigFromEnv([]);
const settings = checkpointSettingsOf(config);
const database = await openCliDatabase(config);
let exitCode = 0;
try {
  const checkpoint = await takeCheckpoint({ db: database.db, now: new Date(), tz: config.TZ }, settings);
  if (checkpoint) {
    const { title, lines } = checkpointMessage({ kind: 'audit.checkpoint', ...checkpoint });
    console.log([checkpointTakenText(checkpoint.seq, settings.file), title, ...lines].join('\n'));
  }
} catch (err) {
  console.error(err);
  exitCode = 1;
} finally {
  await database.close();
}
// set after close: closing PGlite (its Emscripten runtime) resets process.exitCode to 0
process.exitCode = exitCode;
