// `npm run migrate`: applies the migrations the configured database has not had yet, without starting
// the bot (which applies them itself when it starts): for an operator who upgrades the schema first.
import { applyMigrations } from '../workflows/infra/migrate.js';
import { loadConfigFromEnv } from './config.js';
import { migrateDone, migrateFailed } from './replies/migrate-words.js';
import { openCliDatabase } from './cli-database.js';

const config = loadConfigFromEnv([]);
const database = await openCliDatabase(config);
let exitCode = 0;
try {
  console.log(migrateDone(await applyMigrations(database.factory)));
} catch (error) {
  exitCode = 1;
  console.error(migrateFailed(error instanceof Error ? error.message : String(error)));
} finally {
  await database.close();
}
// set after close: closing PGlite resets process.exitCode
process.exitCode = exitCode;
