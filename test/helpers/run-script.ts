// Runs one of the project's npm scripts as an administrator would, against a test's database.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../bot/config.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runScript(config: Config, script: string, args: string[] = []): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', script, ...(args.length ? ['--', ...args] : [])], {
      cwd: REPO,
      env: {
        ...process.env,
        DATABASE_URL: config.DATABASE_URL ?? '',
        DATABASE_SCHEMA: config.DATABASE_SCHEMA,
        DATA_DIR: config.dataDir,
        REDIS_URL: config.REDIS_URL ?? '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
