// Configuration, parsed once at start. process.env is read here and nowhere else.
import { resolve } from 'node:path';
import { z } from 'zod';

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalUrl = (protocols: string[]) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine((v) => URL.canParse(v) && protocols.some((p) => v.startsWith(`${p}://`)), `应是以 ${protocols.map((p) => `${p}://`).join(' 或 ')} 开头的 URL`)
      .optional(),
  );

export const ConfigSchema = z.object({
  /** PostgreSQL; unset → embedded PGlite under DATA_DIR */
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  /** PostgreSQL schema to use (tests give each file its own) */
  DATABASE_SCHEMA: z.preprocess(emptyToUndefined, z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, '只能用小写字母、数字和 _').default('public')),
  /** Redis; unset → a private redis-server child with its append-only file under DATA_DIR */
  REDIS_URL: optionalUrl(['redis', 'rediss']),
  /** prefix of every BullMQ queue and Redis key */
  QUEUE_PREFIX: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9_.:-]+$/).default('guanjia')),
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  /** organisation file (YAML/JSON); unset → the demo organisation */
  ORG_FILE: z.preprocess(emptyToUndefined, z.string().optional()),
  TZ: z.preprocess(emptyToUndefined, z.string().default('Asia/Shanghai')),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
  /** run the queue workers in this process (turn off for web-only processes) */
  WORKERS: z.preprocess(emptyToUndefined, z.enum(['on', 'off']).default('on')),
  /** the local web console */
  CONSOLE: z.preprocess(emptyToUndefined, z.enum(['on', 'off']).default('on')),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['debug', 'info', 'warn', 'error']).default('info')),
});

export type Config = z.infer<typeof ConfigSchema> & { dataDir: string };

/** Parses the environment; throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(problems);
  }
  if (!isValidTimeZone(result.data.TZ)) throw new ConfigError([`TZ: 未知时区 "${result.data.TZ}"`]);
  return { ...result.data, dataDir: resolve(result.data.DATA_DIR) };
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`配置有误：\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
