// `npm run audit:verify`: walks the audit chain, then re-hashes every stored attachment against the
// SHA-256 its `attachment.added` event recorded; exits 1 naming the first bad entry and every file
// that changed or went missing.
import { loadConfigFromEnv } from './config.js';
import { openDatabase } from '../workflows/infra/db.js';
import { verifyAuditChain } from '../workflows/infra/audit.js';
import { createFileStore } from '../workflows/infra/files/create-file-store.js';
import { verifyStoredFiles } from '../workflows/infra/files/verify-files.js';
import { fileProblemText } from './replies/attachment-words.js';

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
  const store = await createFileStore(config, config.dataDir);
  const files = await verifyStoredFiles(database.db, store);
  if (files.problems.length === 0) {
    console.log(`附件完整：共 ${files.checked} 个，内容与审计记录的 SHA-256 一致（${store.description}）`);
  } else {
    for (const problem of files.problems) console.error(fileProblemText(problem));
    exitCode = 1;
  }
} finally {
  await database.close();
}
// set after close: closing PGlite (its Emscripten runtime) resets process.exitCode to 0
process.exitCode = exitCode;
