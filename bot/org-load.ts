// `npm run org:load -- <file>`: loads an organisation file into the configured database while the
// bot keeps running (every request reads the current policy, so the change applies at once).
// Validation is all-or-nothing: on any problem nothing changes and every problem is listed.
import { readFile } from 'node:fs/promises';
import { isAppError } from '../workflows/domain/errors.js';
import { parseOrgText } from '../workflows/domain/parse-org.js';
import { loadOrganisation } from '../workflows/infra/load-org.js';
import { applyMigrations } from '../workflows/infra/migrate.js';
import { loadConfigFromEnv } from './config.js';
import { openCliDatabase } from './cli-database.js';

const file = process.argv[2];
if (!file) {
  console.error('用法：npm run org:load -- <组织文件.yaml>');
  process.exit(2);
}
const config = loadConfigFromEnv([]);
const database = await openCliDatabase(config);
let exitCode = 0;
try {
  await applyMigrations(database.factory);
  const result = await loadOrganisation(database.db, parseOrgText(await readFile(file, 'utf8')), file, new Date());
  console.log(
    `已加载 ${file}：策略版本 ${result.policyVersion}${result.policyChanged ? '（新版本）' : '（未变化）'}，人员 ${result.people} 人，` +
      `新增预算指标 ${result.budget.created} 条，调整 ${result.budget.adjusted} 条`,
  );
} catch (error) {
  exitCode = 1;
  if (isAppError(error) && error.code === 'ORG_INVALID') {
    console.error(`组织文件有误，未做任何更改：\n${(error.details.problems as string[]).map((p) => `  - ${p}`).join('\n')}`);
  } else {
    console.error('加载失败：', error instanceof Error ? error.message : error);
  }
} finally {
  await database.close();
}
// set after close: closing PGlite resets process.exitCode
process.exitCode = exitCode;
