// `npm run org:load -- <file>` as an administrator runs it: loads into the configured database,
// adjusts budgets on a re-load, and refuses a bad file with every problem and exit code 1.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG_FILE } from '../../bot/app.js';
import type { Config } from '../../bot/config.js';
import { openDatabase } from '../../workflows/infra/db.js';
import { runScript } from '../helpers/run-script.js';
import { dropTestData, testConfig } from '../helpers/test-guanjia.js';

let config: Config;
beforeAll(async () => {
  config = await testConfig();
});
afterAll(() => dropTestData(config));

async function ledgerOf(subjectLine: { departmentId: string; subject: string }) {
  const database = await openDatabase({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, dataDir: config.dataDir });
  try {
    const line = await database.db.budgetLine.findFirstOrThrow({ where: subjectLine });
    const entries = await database.db.ledgerEntry.findMany({ where: { lineId: line.id }, orderBy: { id: 'asc' } });
    return { line, kinds: entries.map((e) => `${e.kind}:${e.amount}`) };
  } finally {
    await database.close();
  }
}

// One administrator's session, in order: each step starts from what the one before left. Each is
// its own test so that three script runs (each a fresh Node process opening the database) never
// have to fit in one time limit together.
describe('npm run org:load', () => {
  let changed = '';
  let adjusted: string[] = [];

  it('loads a file into an empty database', async () => {
    const first = await runScript(config, 'org:load', [DEMO_ORG_FILE]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/策略版本 1（新版本）.*新增预算指标 \d+ 条/);
    expect((await ledgerOf({ departmentId: 'cjb', subject: '办公费' })).kinds).toEqual(['ALLOT:5000000']);
  });

  it('re-loads an edited amount as one ADJUST row', async () => {
    const raised = join(config.dataDir, 'raised.yaml');
    const demo = await readFile(DEMO_ORG_FILE, 'utf8');
    changed = demo.replace(/(department: cjb, subject: 办公费,\s+amount: )"50000"/, '$1"60000"');
    expect(changed).not.toBe(demo);
    await writeFile(raised, changed);
    const second = await runScript(config, 'org:load', [raised]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/（未变化）.*调整 1 条/);
    adjusted = (await ledgerOf({ departmentId: 'cjb', subject: '办公费' })).kinds;
    expect(adjusted).toEqual(['ALLOT:5000000', 'ADJUST:1000000']);
  });

  it('refuses a bad file with exit code 1, naming the problem and changing nothing', async () => {
    expect(adjusted).toHaveLength(2);
    const bad = join(config.dataDir, 'bad.yaml');
    await writeFile(bad, changed.replace('department: cjb, subject: 办公费', 'department: nowhere, subject: 办公费'));
    const refused = await runScript(config, 'org:load', [bad]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/未做任何更改[\s\S]*budget\[\d+\]\.department: 未知部门 "nowhere"/);
    expect((await ledgerOf({ departmentId: 'cjb', subject: '办公费' })).kinds).toEqual(adjusted);
  });
});
