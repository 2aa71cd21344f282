// The WeCom settings: its environment variables (a fragment of the configuration, parsed once with
// the rest by bot/config.ts), the check that the five come as a set, and the narrowed settings the
// adapter uses.
import { z } from 'zod';
import { apiBase, emptyToUndefined, optionalText } from '../../bot/config.js';

// WeCom (企业微信): the adapter starts when the first five are set (wecomProblems checks the set)
export const WecomConfigSchema = z.object({
  /** 企业ID: 管理后台 → 我的企业 → 企业信息 */
  WECOM_CORP_ID: z.preprocess(emptyToUndefined, z.string().max(64).optional()),
  /** the self-built app's AgentId (应用管理 → 应用) */
  WECOM_AGENT_ID: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\d{1,10}$/, '应是应用的 AgentId（纯数字）')
      .optional(),
  ),
  /** the app's Secret */
  WECOM_SECRET: optionalText(),
  /** Token of the app's 接收消息 (API 接收) settings */
  WECOM_TOKEN: z.preprocess(emptyToUndefined, z.string().max(64).optional()),
  /** EncodingAESKey of the same settings: 43 letters and digits */
  WECOM_ENCODING_AES_KEY: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9]{43}$/, '应是 43 位字母或数字（应用「接收消息」设置页的 EncodingAESKey）')
      .optional(),
  ),
  /** API host; 政务微信 and private deployments and tests set their own */
  WECOM_API_BASE: apiBase('https://qyapi.weixin.qq.com'),
  /** host of the web OAuth page the workbench signs in through (网页授权登录); 政务微信 and private deployments have their own */
  WECOM_OAUTH_BASE: apiBase('https://open.weixin.qq.com'),
});

export type WecomConfig = z.infer<typeof WecomConfigSchema>;

const WECOM_REQUIRED = ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY'] as const;

/** WeCom settings come as a set of five: some but not all of them is a mistake worth stopping for. */
export function wecomProblems(c: WecomConfig): string[] {
  const missing = WECOM_REQUIRED.filter((k) => !c[k]);
  if (missing.length === 0 || missing.length === WECOM_REQUIRED.length) return [];
  return missing.map((k) => `${k}: 启用企业微信需要同时设置 ${WECOM_REQUIRED.join('、')}（见 README「WeCom (企业微信)」一节）`);
}

export interface WecomSettings {
  corpId: string;
  agentId: number;
  secret: string;
  token: string;
  encodingAesKey: string;
  /** without a trailing slash, e.g. https://qyapi.weixin.qq.com */
  apiBase: string;
  /** the OAuth page's host, without a trailing slash, e.g. https://open.weixin.qq.com */
  oauthBase: string;
}

/** null when WeCom is not configured. */
export function wecomSettings(config: WecomConfig): WecomSettings | null {
  const { WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET, WECOM_TOKEN, WECOM_ENCODING_AES_KEY, WECOM_API_BASE, WECOM_OAUTH_BASE } = config;
  if (!WECOM_CORP_ID || !WECOM_AGENT_ID || !WECOM_SECRET || !WECOM_TOKEN || !WECOM_ENCODING_AES_KEY) return null;
  return {
    corpId: WECOM_CORP_ID,
    agentId: Number(WECOM_AGENT_ID),
    secret: WECOM_SECRET,
    token: WECOM_TOKEN,
    encodingAesKey: WECOM_ENCODING_AES_KEY,
    apiBase: WECOM_API_BASE.replace(/\/+$/, ''),
    oauthBase: WECOM_OAUTH_BASE.replace(/\/+$/, ''),
  };
}
