// The Slack settings: its environment variables (a fragment of the configuration, parsed once with
// the rest by bot/config.ts), the check that they come as a set, and the narrowed settings the
// adapter uses. The adapter starts when the bot token and the signing secret are both set; with an
// app-level token it connects over Socket Mode instead of receiving HTTP requests.
import { z } from 'zod';
import { apiBase, emptyToUndefined, optionalText } from '../../bot/config.js';

export const SlackConfigSchema = z.object({
  /** the app's Bot User OAuth Token (OAuth & Permissions), xoxb-… */
  SLACK_BOT_TOKEN: optionalText(),
  /** Basic Information → App Credentials → Signing Secret: every request from Slack is signed with it */
  SLACK_SIGNING_SECRET: optionalText(),
  /** an app-level token (xapp-…, scope connections:write): Socket Mode instead of a public HTTP endpoint */
  SLACK_APP_TOKEN: optionalText(),
  /** the Web API's base (Bolt's clientOptions.slackApiUrl): tests and self-hosted gateways set their own */
  SLACK_API_URL: apiBase('https://slack.com/api/'),
  /** the slash command the app registers (Slash Commands → Command) */
  SLACK_COMMAND: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\/[a-z0-9_-]{1,31}$/, '应是以 / 开头的小写命令名，例如 /guanjia')
      .default('/guanjia'),
  ),
});

export type SlackConfig = z.infer<typeof SlackConfigSchema>;

/** The bot token and the signing secret come as a pair; an app token needs the bot token too. */
export function slackProblems(c: SlackConfig): string[] {
  if (!c.SLACK_BOT_TOKEN && !c.SLACK_SIGNING_SECRET && !c.SLACK_APP_TOKEN) return [];
  const problems: string[] = [];
  if (!c.SLACK_BOT_TOKEN) problems.push('SLACK_BOT_TOKEN: 启用 Slack 需要设置（Slack 应用后台 → OAuth & Permissions → Bot User OAuth Token，xoxb- 开头）');
  if (!c.SLACK_SIGNING_SECRET) problems.push('SLACK_SIGNING_SECRET: 启用 Slack 需要设置（Slack 应用后台 → Basic Information → Signing Secret）');
  if (c.SLACK_BOT_TOKEN && !c.SLACK_BOT_TOKEN.startsWith('xoxb-')) problems.push('SLACK_BOT_TOKEN: 应是以 xoxb- 开头的 Bot User OAuth Token');
  if (c.SLACK_APP_TOKEN && !c.SLACK_APP_TOKEN.startsWith('xapp-')) problems.push('SLACK_APP_TOKEN: 应是以 xapp- 开头的 App-Level Token（需要 connections:write 权限）');
  return problems;
}

export interface SlackSettings {
  botToken: string;
  signingSecret: string;
  /** set: Socket Mode */
  appToken?: string;
  /** with a trailing slash, as Bolt's slackApiUrl wants it */
  apiUrl: string;
  command: string;
}

/** null when Slack is not configured. */
export function slackSettings(c: SlackConfig): SlackSettings | null {
  if (!c.SLACK_BOT_TOKEN || !c.SLACK_SIGNING_SECRET) return null;
  return {
    botToken: c.SLACK_BOT_TOKEN,
    signingSecret: c.SLACK_SIGNING_SECRET,
    appToken: c.SLACK_APP_TOKEN,
    apiUrl: c.SLACK_API_URL.endsWith('/') ? c.SLACK_API_URL : `${c.SLACK_API_URL}/`,
    command: c.SLACK_COMMAND,
  };
}
