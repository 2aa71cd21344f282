// Configuration, parsed once at start. process.env is read here and nowhere else.
// The core settings live here; each platform brings its own fragment (adapters/<platform>/…-settings.ts:
// a zod object over its variables plus the checks across them), and the composition root
// (adapters/index.ts) hands the list in. Every problem, core or platform, is reported in one ConfigError.
import { resolve } from 'node:path';
import { z } from 'zod';

export const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const urlString = (protocols: string[]) =>
  z.string().refine((v) => URL.canParse(v) && protocols.some((p) => v.startsWith(`${p}://`)), `应是以 ${protocols.map((p) => `${p}://`).join(' 或 ')} 开头的 URL`);
const optionalUrl = (protocols: string[]) => z.preprocess(emptyToUndefined, urlString(protocols).optional());
/** a platform's API host: public by default, a private deployment's or a local fake's when set */
export const apiBase = (publicHost: string) => z.preprocess(emptyToUndefined, urlString(['https', 'http']).default(publicHost));
/** an optional text setting; an empty string counts as unset */
export const optionalText = () => z.preprocess(emptyToUndefined, z.string().optional());

/** The core settings, whatever platforms run. */
export const ConfigSchema = z.object({
  /** PostgreSQL; unset → embedded PGlite under DATA_DIR */
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  /** PostgreSQL schema to use (tests give each file its own) */
  DATABASE_SCHEMA: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, '只能用小写字母、数字和 _')
      .default('public'),
  ),
  /** Redis; unset → a private redis-server child with its append-only file under DATA_DIR */
  REDIS_URL: optionalUrl(['redis', 'rediss']),
  /** prefix of every BullMQ queue and Redis key */
  QUEUE_PREFIX: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9_.:-]+$/)
      .default('guanjia'),
  ),
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  /** organisation file (YAML/JSON); unset → the demo organisation */
  ORG_FILE: z.preprocess(emptyToUndefined, z.string().optional()),
  TZ: z.preprocess(emptyToUndefined, z.string().default('Asia/Shanghai')),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
  /** run the queue workers in this process (turn off for web-only processes) */
  WORKERS: z.preprocess(emptyToUndefined, z.enum(['on', 'off']).default('on')),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['debug', 'info', 'warn', 'error']).default('info')),
  /** lets a scraper elsewhere read GET /metrics with `Authorization: Bearer <token>` (16+ characters); unset → only from this machine */
  METRICS_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, '至少 16 个字符').optional()),
  /** ms a queue job stays locked by a worker that stopped answering before another takes it (BullMQ lockDuration) */
  WORKER_LOCK_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(500).max(600_000).default(30_000)),
  /** ms an orderly stop (SIGTERM, Ctrl-C) may take before the process exits 1 anyway: under the runtime's grace (a container's 10 s) */
  STOP_DEADLINE_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(500).max(600_000).default(8_000)),
  /** ms after which an inbound delivery claimed by a worker that never finished it may be handled again */
  INBOUND_STALE_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(500).max(3_600_000).default(60_000)),
  /** the address people's browsers reach this server at (links to attachments on cards); unset → the server's own address */
  PUBLIC_URL: optionalUrl(['https', 'http']),
  /** where attachments are kept: a content-addressed directory under DATA_DIR, or S3-compatible object storage */
  FILE_STORE: z.preprocess(emptyToUndefined, z.enum(['dir', 's3']).default('dir')),
  /** the largest attachment accepted, in MB */
  ATTACHMENT_MAX_MB: z.preprocess(emptyToUndefined, z.coerce.number().positive().max(1024).default(20)),
  /** days an attachment link on a card stays valid (it is signed again each time the card is drawn) */
  FILE_LINK_DAYS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(30).default(7)),
  /** the key that signs attachment links (32+ characters); unset → one kept in the database, shared by every process */
  FILE_LINK_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, '至少 32 个字符').optional()),
  /** the key that signs workbench (工作台) sessions (32+ characters); unset → one kept in the database, shared by every process */
  WORKBENCH_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, '至少 32 个字符').optional()),
  /** minutes a workbench sign-in lasts before the person opens it from the platform again */
  WORKBENCH_SESSION_MINUTES: z.preprocess(emptyToUndefined, z.coerce.number().int().min(5).max(1440).default(120)),
  /** S3-compatible storage (FILE_STORE=s3): endpoint (Alibaba OSS, Huawei OBS, MinIO …), bucket, region and keys */
  S3_ENDPOINT: optionalUrl(['https', 'http']),
  S3_BUCKET: optionalText(),
  S3_REGION: z.preprocess(emptyToUndefined, z.string().default('us-east-1')),
  S3_ACCESS_KEY_ID: optionalText(),
  S3_SECRET_ACCESS_KEY: optionalText(),
  /** path-style addresses (endpoint/bucket/key), as MinIO and most self-hosted gateways want */
  S3_FORCE_PATH_STYLE: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).default('true')),
  /** 审计链检查点: the Ed25519 private key (PEM) that signs them, kept apart from the database; unset → made once as DATA_DIR/audit-checkpoint-key.pem */
  AUDIT_CHECKPOINT_KEY_FILE: optionalText(),
  /** a public key (PEM) to verify checkpoints with (a copy kept away from the server); unset → the key file's public half */
  AUDIT_CHECKPOINT_PUBLIC_KEY_FILE: optionalText(),
  /** the checkpoints, one JSON line each; unset → DATA_DIR/audit-checkpoints.jsonl */
  AUDIT_CHECKPOINT_FILE: optionalText(),
  /** when the daily checkpoint is taken and sent to the 监督群: HH:MM in TZ */
  AUDIT_CHECKPOINT_AT: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, '应是 HH:MM，例如 18:00')
      .default('18:00'),
  ),
});

export type Config = z.infer<typeof ConfigSchema> & { dataDir: string };

/** The settings one part of Guanjia adds: a zod object whose keys are environment variable names. */
export interface SettingsFragment<S extends z.ZodObject = z.ZodObject> {
  /** names the part in a programming error (two parts claiming one variable) */
  readonly name: string;
  readonly schema: S;
  /** problems across fields (a set given only in part …), each "VARIABLE: what is wrong and what to do" in Chinese */
  problems?(settings: z.output<S>): string[];
}

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
/** The settings the given fragments add, all together. */
export type SettingsOf<P extends readonly SettingsFragment[]> = UnionToIntersection<{ [K in keyof P]: P[K] extends SettingsFragment<infer S> ? z.output<S> : never }[number]>;
/** The core Config plus the settings of the given platforms. */
export type ConfigWith<P extends readonly SettingsFragment[]> = Config & SettingsOf<P>;

const core: SettingsFragment<typeof ConfigSchema> = {
  name: 'core',
  schema: ConfigSchema,
  problems: (c) => [
    ...(isValidTimeZone(c.TZ) ? [] : [`TZ: 未知时区 "${c.TZ}"`]),
    ...(c.FILE_STORE === 's3' ? (['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const).filter((k) => !c[k]).map((k) => `${k}: FILE_STORE=s3 时必须设置`) : []),
  ],
};

/** The process's own environment: the one place process.env is read. */
export function loadConfigFromEnv<const P extends readonly SettingsFragment[]>(platforms: P): ConfigWith<P> {
  return parseConfig(process.env, platforms);
}

/**
 * Parses the environment against the core settings and every platform's fragment; throws one
 * ConfigError listing every problem: first each malformed value, then the checks across fields of
 * each part whose own values were well-formed.
 */
export function parseConfig<const P extends readonly SettingsFragment[]>(env: Record<string, string | undefined>, platforms: P): ConfigWith<P> {
  const parts: readonly SettingsFragment[] = [core, ...platforms];
  assertDisjoint(parts);
  const malformed: string[] = [];
  const crossField: string[] = [];
  const settings: Record<string, unknown> = {};
  for (const part of parts) {
    const result = part.schema.safeParse(env);
    if (!result.success) {
      malformed.push(...result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
      continue;
    }
    Object.assign(settings, result.data);
    crossField.push(...(part.problems?.(result.data) ?? []));
  }
  const problems = [...malformed, ...crossField];
  if (problems.length > 0) throw new ConfigError(problems);
  const parsed = settings as z.infer<typeof ConfigSchema> & SettingsOf<P>;
  return { ...parsed, dataDir: resolve(parsed.DATA_DIR) };
}

/** A programming mistake, not a user's: two parts defining the same variable would silently shadow each other. */
function assertDisjoint(parts: readonly SettingsFragment[]): void {
  const owner = new Map<string, string>();
  for (const part of parts) {
    for (const key of Object.keys(part.schema.shape)) {
      const first = owner.get(key);
      if (first) throw new Error(`配置项 ${key} 同时由 ${first} 和 ${part.name} 定义，请只保留一处`);
      owner.set(key, part.name);
    }
  }
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
