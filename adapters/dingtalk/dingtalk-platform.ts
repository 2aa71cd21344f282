// DingTalk as a platform module: its settings fragment and its starter.
import type { PlatformModule } from '../../bot/platforms.js';
import { DingTalkConfigSchema, dingTalkProblems, dingTalkSettings } from './dingtalk-settings.js';

export const dingTalkPlatform: PlatformModule<typeof DingTalkConfigSchema> = {
  name: 'dingtalk',
  schema: DingTalkConfigSchema,
  problems: dingTalkProblems,
  // the Stream client (and the HTTP and WebSocket libraries it brings) is loaded only where DingTalk is set up
  start: async (env) => (dingTalkSettings(env.config) ? (await import('./start-dingtalk.js')).startDingTalk(env) : null),
};
