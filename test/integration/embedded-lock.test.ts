// The embedded database (PGlite) is opened by one process at a time: a script started while the bot
// holds the directory is refused in a sentence and touches nothing; once the bot has let go it runs;
// a lock left by a process killed outright does not keep the directory shut.
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../bot/config.js';
import { openDatabase } from '../../workflows/infra/db.js';
import { runScript } from '../helpers/run-script.js';
import { dropTestData, testConfig } from '../helpers/test-guanjia.js';

let config: Config;
beforeAll(async () => {
  // the embedded database whatever the environment names
  config = { ...(await testConfig()), DATABASE_URL: undefined };
});
afterAll(() => dropTestData(config));

const open = () => openDatabase({ schema: config.DATABASE_SCHEMA, dataDir: config.dataDir });
const lockFile = () => join(config.dataDir, 'pglite', 'guanjia.pid');

describe('the embedded database, one process at a time', () => {
  it('refuses a script while another process holds it, and lets it run once that one has let go', async () => {
    const held = await open();
    try {
      expect(await readFile(lockFile(), 'utf8')).toBe(String(process.pid));
      const refused = await runScript(config, 'migrate');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('正被另一个管家进程');
      expect(refused.stderr).toContain(`进程号 ${process.pid}`);
      expect(refused.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await held.close();
    }
    await expect(readFile(lockFile(), 'utf8')).rejects.toThrow();
    const ran = await runScript(config, 'migrate');
    expect(ran.code, ran.stderr).toBe(0);
  });

  it('takes over a lock whose process is gone', async () => {
    const gone = spawn(process.execPath, ['-e', '0']);
    const pid = gone.pid!;
    await new Promise((resolve) => gone.once('exit', resolve));
    await writeFile(lockFile(), String(pid));
    const db = await open();
    try {
      expect(await readFile(lockFile(), 'utf8')).toBe(String(process.pid));
      expect(await db.db.$queryRaw<{ one: number }[]>`SELECT 1 AS one`).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
  });
});
