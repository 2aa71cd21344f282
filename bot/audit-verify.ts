// `npm run audit:verify`: walks the audit chain, then re-hashes every stored attachment against the
// SHA-256 its `attachment.added` event recorded, then checks the chain against its signed
// checkpoints (a deleted or rewritten suffix: the first missing or rewritten row is named) and
// cross-checks decisions, ledger rows and request states against their audit events; exits 1
// naming every finding.
import { loadConfigFromEnv } from './config.js';
import { verifyAuditChain } from '../workflows/infra/audit.js';
import { createFileStore } from '../workflows/infra/files/create-file-store.js';
import { verifyStoredFiles } from '../workflows/infra/files/verify-files.js';
import { loadVerifyKey } from '../workflows/infra/audit-checkpoints/checkpoint-key.js';
import { readCheckpointLines } from '../workflows/infra/audit-checkpoints/checkpoint-file.js';
import { verifyCheckpoints } from '../workflows/infra/audit-checkpoints/verify-checkpoints.js';
import { crossCheckAudit } from '../workflows/infra/audit-checkpoints/cross-check-audit.js';
import { keyFingerprint } from '../workflows/domain/audit/checkpoint.js';
import { fileProblemText } from './replies/attachment-words.js';
import { auditFindingText, checkpointsCheckedText, crossCheckedText, noCheckpointKeyText, verifyFailedText } from './replies/audit-verify-words.js';
import { checkpointSettingsOf } from './audit-checkpoint-settings.js';
import { openCliDatabase } from './cli-database.js';

const config = loadConfigFromEnv([]);
const database = await openCliDatabase(config);
let exitCode = 0;
let findings = 0;
try {
  const result = await verifyAuditChain(database.db);
  if (result.ok) {
    console.log(`审计链完整：共 ${result.count} 条，末条哈希 ${result.lastHash}`);
  } else {
    console.error(`审计链被破坏：第 ${result.seq} 条 — ${result.reason}`);
    findings++;
  }
  const store = await createFileStore(config, config.dataDir);
  const files = await verifyStoredFiles(database.db, store);
  if (files.problems.length === 0) {
    console.log(`附件完整：共 ${files.checked} 个，内容与审计记录的 SHA-256 一致（${store.description}）`);
  } else {
    for (const problem of files.problems) console.error(fileProblemText(problem));
    findings += files.problems.length;
  }

  const settings = checkpointSettingsOf(config);
  const publicKey = await loadVerifyKey(settings);
  if (!publicKey) {
    const lines = (await readCheckpointLines(settings.file)).length;
    if (lines > 0) {
      console.error(noCheckpointKeyText(settings.keyFile, lines));
      findings++;
    } else console.log(noCheckpointKeyText(settings.keyFile, 0));
  } else {
    const checked = await verifyCheckpoints(database.db, settings.file, publicKey);
    for (const finding of checked.findings) console.error(auditFindingText(finding));
    findings += checked.findings.length;
    if (checked.findings.length === 0) {
      const head = await database.db.auditEvent.count();
      console.log(checkpointsCheckedText({ verified: checked.verified, file: settings.file, key: keyFingerprint(publicKey), latest: checked.latest, head }));
    }
  }

  const cross = await crossCheckAudit(database.db);
  for (const finding of cross.findings) console.error(auditFindingText(finding));
  findings += cross.findings.length;
  if (cross.findings.length === 0) console.log(crossCheckedText(cross));

  if (findings > 0) {
    console.error(verifyFailedText(findings));
    exitCode = 1;
  }
} finally {
  await database.close();
}
// set after close: closing PGlite (its Emscripten runtime) resets process.exitCode to 0
process.exitCode = exitCode;
