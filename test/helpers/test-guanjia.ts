// Starts a whole Guanjia for one test file against the real services named by DATABASE_URL /
// REDIS_URL (or the embedded PGlite and redis-server when they are unset), isolated by a unique
// PostgreSQL schema and queue prefix. It fails loudly when a service is missing.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig, PLATFORMS, type GuanjiaConfig } from '../../adapters/index.js';
import { startGuanjia, type Guanjia, type StartOptions } from '../../bot/app.js';
import type { Config } from '../../bot/config.js';
import { createRedis } from '../../bot/queue/redis.js';
import { demoOrgText } from './demo-org-text.js';
import { HANG_MS } from './time-limits.js';

export interface TestGuanjia extends Guanjia {
  config: GuanjiaConfig;
  /** stops the app and removes its schema, Redis keys and data directory */
  cleanup(): Promise<void>;
}

export interface TestOptions extends StartOptions {
  /** organisation file text (YAML); default: the demo organisation without its required attachments (demo-org-text.ts) */
  org?: string;
  workers?: boolean;
  /** reuse the schema/prefix/data dir of an earlier instance (to restart it): the config testConfig gave it */
  reuse?: Config;
  /** extra settings, as environment variables (e.g. a platform's credentials and its fake's URL) */
  env?: Record<string, string>;
}

export async function testConfig(options: Pick<TestOptions, 'org' | 'workers' | 'reuse' | 'env'> = {}): Promise<GuanjiaConfig> {
  // every config this helper hands out was parsed with all platforms, whatever type a test stored it under
  if (options.reuse) return { ...(options.reuse as GuanjiaConfig), WORKERS: options.workers === false ? 'off' : 'on' };
  const id = randomBytes(5).toString('hex');
  const dataDir = await mkdtemp(join(tmpdir(), `guanjia-${id}-`));
  const orgFile = join(dataDir, 'org.yaml');
  await writeFile(orgFile, options.org ?? (await demoOrgText()));
  return loadConfig({
    ...process.env,
    ...options.env,
    DATABASE_SCHEMA: `t_${id}`,
    QUEUE_PREFIX: `t${id}`,
    PORT: '0',
    HOST: options.env?.HOST ?? '127.0.0.1',
    // tests drive the console as anyone (`as`), the development mode; a test of the sign-in sets 'off',
    // or '' for the default rule
    CONSOLE_PERSONAS: options.env?.CONSOLE_PERSONAS ?? 'on',
    DATA_DIR: dataDir,
    ORG_FILE: orgFile,
    WORKERS: options.workers === false ? 'off' : 'on',
    LOG_LEVEL: 'error',
  });
}

export async function startTestGuanjia(options: TestOptions = {}): Promise<TestGuanjia> {
  const config = await testConfig(options);
  // every platform unless the test names some; each starts only when its settings are there
  const guanjia = await startGuanjia(config, { digestWindowMs: 500, outboxSweepMs: 300, ...options, platforms: options.platforms ?? PLATFORMS });
  let cleaned = false;
  return {
    ...guanjia,
    config,
    stop: guanjia.stop,
    cleanup: async () => {
      if (cleaned) return;
      cleaned = true;
      await guanjia.stop();
      await dropTestData(config);
    },
  };
}

/** Removes a test's schema, its keys on a shared Redis (after its jobs stopped writing), and its data dir. */
export async function dropTestData(config: Config): Promise<void> {
  if (config.REDIS_URL) {
    const redis = createRedis(config.REDIS_URL, () => {});
    try {
      const keys = await redis.keys(`${config.QUEUE_PREFIX}:*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  }
  if (config.DATABASE_URL) {
    const client = new pg.Client({ connectionString: config.DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${config.DATABASE_SCHEMA}" CASCADE`);
    await client.end();
  }
  await rm(config.dataDir, { recursive: true, force: true });
}

/**
 * Polls until `check` returns a value other than undefined/false. The limit only detects a hang
 * (see time-limits.ts); pass a shorter one only to prove something does not happen.
 */
export async function waitFor<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = HANG_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
