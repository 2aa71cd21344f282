// The database a command-line tool works on (npm run migrate, org:load, budget:import, audit:*): one
// that cannot be opened ends the tool with a sentence saying what to check, not a stack trace.
import { openDatabase, type Database } from '../workflows/infra/db.js';
import type { Config } from './config.js';
import { errorText } from './replies/error-text.js';
import { databaseUnreachable } from './replies/migrate-words.js';
import { isAppError } from '../workflows/domain/errors.js';

export async function openCliDatabase(config: Pick<Config, 'DATABASE_URL' | 'DATABASE_SCHEMA' | 'dataDir'>): Promise<Database> {
  try {
    return await openDatabase({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, dataDir: config.dataDir });
  } catch (error) {
    if (isAppError(error) && error.code === 'DATABASE_IN_USE') console.error(errorText(error));
    else console.error(databaseUnreachable(error instanceof Error ? error.message : String(error), config.DATABASE_URL !== undefined));
    process.exit(1);
  }
}
