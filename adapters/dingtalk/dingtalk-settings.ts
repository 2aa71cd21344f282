// The DingTalk settings the adapter needs, taken from the parsed Config (config.ts is the only place
// the environment is read). Null when the app's client id and secret are not both set.
import type { Config } from '../../bot/config.js';

export interface DingTalkSettings {
  clientId: string;
  clientSecret: string;
  robotCode: string;
  cardTemplateId: string;
  /** OpenAPI and Stream gateway host, no trailing slash */
  apiBase: string;
  /** our Redis keys: `${QUEUE_PREFIX}:dingtalk:` */
  keyPrefix: string;
}

export function dingTalkSettings(config: Config): DingTalkSettings | null {
  const { DINGTALK_CLIENT_ID: clientId, DINGTALK_CLIENT_SECRET: clientSecret, DINGTALK_CARD_TEMPLATE_ID: cardTemplateId } = config;
  if (!clientId || !clientSecret || !cardTemplateId) return null;
  return {
    clientId,
    clientSecret,
    // An internal app's robot code is its AppKey (open.dingtalk.com "机器人发送消息" robotCode)
    robotCode: config.DINGTALK_ROBOT_CODE ?? clientId,
    cardTemplateId,
    apiBase: config.DINGTALK_API_BASE.replace(/\/+$/, ''),
    keyPrefix: `${config.QUEUE_PREFIX}:dingtalk:`,
  };
}
