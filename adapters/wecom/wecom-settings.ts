// The five WeCom settings (bot/config.ts checks they come as a set) plus the API host, narrowed to
// what the adapter uses.
import type { Config } from '../../bot/config.js';

export interface WecomSettings {
  corpId: string;
  agentId: number;
  secret: string;
  token: string;
  encodingAesKey: string;
  /** without a trailing slash, e.g. https://qyapi.weixin.qq.com */
  apiBase: string;
}

/** null when WeCom is not configured. */
export function wecomSettings(config: Config): WecomSettings | null {
  const { WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET, WECOM_TOKEN, WECOM_ENCODING_AES_KEY, WECOM_API_BASE } = config;
  if (!WECOM_CORP_ID || !WECOM_AGENT_ID || !WECOM_SECRET || !WECOM_TOKEN || !WECOM_ENCODING_AES_KEY) return null;
  return {
    corpId: WECOM_CORP_ID,
    agentId: Number(WECOM_AGENT_ID),
    secret: WECOM_SECRET,
    token: WECOM_TOKEN,
    encodingAesKey: WECOM_ENCODING_AES_KEY,
    apiBase: WECOM_API_BASE.replace(/\/+$/, ''),
  };
}
