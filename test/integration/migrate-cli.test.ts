// `npm run migrate` as an operator runs it before starting a new version: applies what the database
// has not had, once; and any tool that cannot reach the database says so in a sentence, exit code 1.
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../bot/config.js';
import { MIGRATIONS_DIR } from '../../workflows/infra/migrate.js';
import { runScript } from '../helpers/run-script.js';
import { dropTestData, testConfig } from '../helpers/test-guanjia.js';

let config: Config;
beforeAll(async () => {
  config = await testConfig();
});
afterAll(() => dropTestData(config));

describe('npm run migrate', () => {
  it('applies every migration to an empty database, and nothing the second time', async () => {
    const names = (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    const first = await runScript(config, 'migrate');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`已应用 ${names.length} 个迁移`);
    for (const name of names) expect(first.stdout).toContain(name);
    const again = await runScript(config, 'migrate');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('数据库结构已是最新');
  });

  it('says which database it cannot reach and what to check, without a stack trace', async () => {
    const nowhere = { ...config, DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/nowhere' };
    for (const script of ['migrate', 'org:load', 'audit:verify']) {
      const run = await runScript(nowhere, script, script === 'org:load' ? ['prisma/demo-org.yaml'] : []);
      expect(run.code, script).toBe(1);
      expect(run.stderr, script).toContain('无法连接数据库');
      expect(run.stderr, script).toContain('DATABASE_URL');
      expect(run.stderr, script).not.toMatch(/\n\s+at /);
    }
  });
});
