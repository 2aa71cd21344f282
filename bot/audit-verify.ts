// `npm run audit:verify`: walks the audit chain; exits 1 naming the first bad entry.
import { loadConfigFromEnv } from './config.js';
import { openDatabase } from '../workflows/infra/db.js';
import { verifyAuditChain } from '../workflows/infra/audit.js';

const config = loadConfigFromEnv([]);
const database = await openDatabase({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, dataDir: config.dataDir });
let exitCode = 0;
try {
  const result = await verifyAuditChain(database.db);
  if (result.ok) {
    console.log(`审计链完整：共 ${result.count} 条，末条哈希 ${result.lastHash}`);
  } else {
    console.error(`审计链被破坏：第 ${result.seq} 条 — ${result.reason}`);
    exitCode = 1;
  }
} finally {
  await database.close();
}
// set after close: closing PGlite (its Emscripten runtime) resets process.exitCode to 0
process.exitCode = exitCode;
