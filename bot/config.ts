// Configuration, parsed once at start. process.env is read here and nowhere else.
import { resolve } from 'node:path';
import { z } from 'zod';

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const urlString = (protocols: string[]) =>
  z
    .string()
    .refine((v) => URL.canParse(v) && protocols.some((p) => v.startsWith(`${p}://`)), `应是以 ${protocols.map((p) => `${p}://`).join(' 或 ')} 开头的 URL`);
const optionalUrl = (protocols: string[]) => z.preprocess(emptyToUndefined, urlString(protocols).optional());
/** a platform's API host: public by default, a private deployment's or a local fake's when set */
const apiBase = (publicHost: string) => z.preprocess(emptyToUndefined, urlString(['https', 'http']).default(publicHost));

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
  /** the local web console: on = for this machine only (it has no sign-in); network = open to everyone who reaches the port */
  CONSOLE: z.preprocess(emptyToUndefined, z.enum(['on', 'off', 'network'], { message: '应是 on（只对本机开放）、network（对网络开放，没有登录，谨慎使用）或 off' }).default('on')),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['debug', 'info', 'warn', 'error']).default('info')),
  /** ms a queue job stays locked by a worker that stopped answering before another takes it (BullMQ lockDuration) */
  WORKER_LOCK_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(500).max(600_000).default(30_000)),
  /** ms after which an inbound delivery claimed by a worker that never finished it may be handled again */
  INBOUND_STALE_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(500).max(3_600_000).default(60_000)),
  // --- DingTalk (钉钉): the adapter starts when the client id and secret are set
  /** the app's Client ID (旧称 AppKey) */
  DINGTALK_CLIENT_ID: z.preprocess(emptyToUndefined, z.string().optional()),
  /** the app's Client Secret (旧称 AppSecret) */
  DINGTALK_CLIENT_SECRET: z.preprocess(emptyToUndefined, z.string().optional()),
  /** the robot's code; unset → the client id (an internal app's robot uses the AppKey as its code) */
  DINGTALK_ROBOT_CODE: z.preprocess(emptyToUndefined, z.string().optional()),
  /** id of the approval card template built in DingTalk's card platform (ends in .schema) */
  DINGTALK_CARD_TEMPLATE_ID: z.preprocess(emptyToUndefined, z.string().optional()),
  /** OpenAPI and Stream gateway host; 专有钉钉 / 浙政钉 deployments and tests set their own */
  DINGTALK_API_BASE: apiBase('https://api.dingtalk.com'),
  // --- WeCom (企业微信): the adapter starts when the first five are set (wecomProblems checks the set)
  /** 企业ID: 管理后台 → 我的企业 → 企业信息 */
  WECOM_CORP_ID: z.preprocess(emptyToUndefined, z.string().max(64).optional()),
  /** the self-built app's AgentId (应用管理 → 应用) */
  WECOM_AGENT_ID: z.preprocess(emptyToUndefined, z.string().regex(/^\d{1,10}$/, '应是应用的 AgentId（纯数字）').optional()),
  /** the app's Secret */
  WECOM_SECRET: z.preprocess(emptyToUndefined, z.string().optional()),
  /** Token of the app's 接收消息 (API 接收) settings */
  WECOM_TOKEN: z.preprocess(emptyToUndefined, z.string().max(64).optional()),
  /** EncodingAESKey of the same settings: 43 letters and digits */
  WECOM_ENCODING_AES_KEY: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^[A-Za-z0-9]{43}$/, '应是 43 位字母或数字（应用「接收消息」设置页的 EncodingAESKey）').optional(),
  ),
  /** API host; 政务微信 and private deployments and tests set their own */
  WECOM_API_BASE: apiBase('https://qyapi.weixin.qq.com'),
});

export type Config = z.infer<typeof ConfigSchema> & { dataDir: string };

/** The process's own environment: the one place process.env is read. */
export function loadConfigFromEnv(): Config {
  return loadConfig(process.env);
}

/** Parses the environment; throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(problems);
  }
  const problems = [
    ...(isValidTimeZone(result.data.TZ) ? [] : [`TZ: 未知时区 "${result.data.TZ}"`]),
    ...dingTalkProblems(result.data),
    ...wecomProblems(result.data),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
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

/** DingTalk settings come as a set: id and secret together, and a card template once they are set. */
function dingTalkProblems(c: z.infer<typeof ConfigSchema>): string[] {
  if (!c.DINGTALK_CLIENT_ID && !c.DINGTALK_CLIENT_SECRET) return [];
  if (!c.DINGTALK_CLIENT_SECRET) return ['DINGTALK_CLIENT_SECRET: 设置了 DINGTALK_CLIENT_ID 也必须设置它（钉钉开发者后台 → 应用 → 凭证与基础信息 → Client Secret）'];
  if (!c.DINGTALK_CLIENT_ID) return ['DINGTALK_CLIENT_ID: 设置了 DINGTALK_CLIENT_SECRET 也必须设置它（钉钉开发者后台 → 应用 → 凭证与基础信息 → Client ID）'];
  if (!c.DINGTALK_CARD_TEMPLATE_ID) return ['DINGTALK_CARD_TEMPLATE_ID: 启用钉钉时必须设置。请按 README「DingTalk (钉钉)」一节在卡片平台创建审批卡片模板，并填入它的模板 ID（以 .schema 结尾）'];
  return [];
}

const WECOM_REQUIRED = ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY'] as const;

/** WeCom settings come as a set of five: some but not all of them is a mistake worth stopping for. */
function wecomProblems(c: z.infer<typeof ConfigSchema>): string[] {
  const missing = WECOM_REQUIRED.filter((k) => !c[k]);
  if (missing.length === 0 || missing.length === WECOM_REQUIRED.length) return [];
  return missing.map((k) => `${k}: 启用企业微信需要同时设置 ${WECOM_REQUIRED.join('、')}（见 README「WeCom (企业微信)」一节）`);
}
