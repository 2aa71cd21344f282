// DingTalk as a platform module: its settings fragment and its starter.
import type { PlatformModule } from '../../bot/platforms.js';
import { DingTalkConfigSchema, dingTalkProblems } from './dingtalk-settings.js';
import { startDingTalk } from './start-dingtalk.js';

export const dingTalkPlatform: PlatformModule<typeof DingTalkConfigSchema> = {
  name: 'dingtalk',
  schema: DingTalkConfigSchema,
  problems: dingTalkProblems,
  start: startDingTalk,
};
