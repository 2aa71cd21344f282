// The DingTalk settings: its environment variables (a fragment of the configuration, parsed once with
// the rest by bot/config.ts), the checks across them, and the narrowed settings the adapter uses.
import { z } from 'zod';
import { apiBase, optionalText, type Config } from '../../bot/config.js';

// DingTalk (钉钉): the adapter starts when the client id and secret are set
export const DingTalkConfigSchema = z.object({
  /** the app's Client ID (旧称 AppKey) */
  DINGTALK_CLIENT_ID: optionalText(),
  /** the app's Client Secret (旧称 AppSecret) */
  DINGTALK_CLIENT_SECRET: optionalText(),
  /** the robot's code; unset → the client id (an internal app's robot uses the AppKey as its code) */
  DINGTALK_ROBOT_CODE: optionalText(),
  /** id of the approval card template built in DingTalk's card platform (ends in .schema) */
  DINGTALK_CARD_TEMPLATE_ID: optionalText(),
  /** OpenAPI and Stream gateway host; 专有钉钉 / 浙政钉 deployments and tests set their own */
  DINGTALK_API_BASE: apiBase('https://api.dingtalk.com'),
  /** host of the old-style server API (上传媒体文件 for the files the robot sends); tests set their fake */
  DINGTALK_OAPI_BASE: apiBase('https://oapi.dingtalk.com'),
  /** the organisation's CorpId (开发者后台 → 基础信息): the workbench page needs it for 免登 (requestAuthCode) */
  DINGTALK_CORP_ID: optionalText(),
});

export type DingTalkConfig = z.infer<typeof DingTalkConfigSchema>;

/** DingTalk settings come as a set: id and secret together, and a card template once they are set. */
export function dingTalkProblems(c: DingTalkConfig): string[] {
  if (!c.DINGTALK_CLIENT_ID && !c.DINGTALK_CLIENT_SECRET) return [];
  if (!c.DINGTALK_CLIENT_SECRET) return ['DINGTALK_CLIENT_SECRET: 设置了 DINGTALK_CLIENT_ID 也必须设置它（钉钉开发者后台 → 应用 → 凭证与基础信息 → Client Secret）'];
  if (!c.DINGTALK_CLIENT_ID) return ['DINGTALK_CLIENT_ID: 设置了 DINGTALK_CLIENT_SECRET 也必须设置它（钉钉开发者后台 → 应用 → 凭证与基础信息 → Client ID）'];
  if (!c.DINGTALK_CARD_TEMPLATE_ID)
    return ['DINGTALK_CARD_TEMPLATE_ID: 启用钉钉时必须设置。请按 README「DingTalk (钉钉)」一节在卡片平台创建审批卡片模板，并填入它的模板 ID（以 .schema 结尾）'];
  return [];
}

export interface DingTalkSettings {
  clientId: string;
  clientSecret: string;
  robotCode: string;
  cardTemplateId: string;
  /** OpenAPI and Stream gateway host, no trailing slash */
  apiBase: string;
  /** the old-style API's host (oapi.dingtalk.com), no trailing slash */
  oapiBase: string;
  /** DINGTALK_CORP_ID, for the workbench page's 免登 */
  corpId?: string;
  /** our Redis keys: `${QUEUE_PREFIX}:dingtalk:` */
  keyPrefix: string;
}

/** null when the app's client id and secret are not both set. */
export function dingTalkSettings(config: Pick<Config, 'QUEUE_PREFIX'> & DingTalkConfig): DingTalkSettings | null {
  const { DINGTALK_CLIENT_ID: clientId, DINGTALK_CLIENT_SECRET: clientSecret, DINGTALK_CARD_TEMPLATE_ID: cardTemplateId } = config;
  if (!clientId || !clientSecret || !cardTemplateId) return null;
  return {
    clientId,
    clientSecret,
    // An internal app's robot code is its AppKey (open.dingtalk.com "机器人发送消息" robotCode)
    robotCode: config.DINGTALK_ROBOT_CODE ?? clientId,
    cardTemplateId,
    apiBase: config.DINGTALK_API_BASE.replace(/\/+$/, ''),
    oapiBase: config.DINGTALK_OAPI_BASE.replace(/\/+$/, ''),
    corpId: config.DINGTALK_CORP_ID,
    keyPrefix: `${config.QUEUE_PREFIX}:dingtalk:`,
  };
}
