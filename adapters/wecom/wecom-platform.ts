// WeCom as a platform module: its settings fragment and its starter.
import type { PlatformModule } from '../../bot/platforms.js';
import { startWecom } from './start-wecom.js';
import { WecomConfigSchema, wecomProblems } from './wecom-settings.js';

export const wecomPlatform: PlatformModule<typeof WecomConfigSchema> = {
  name: 'wecom',
  schema: WecomConfigSchema,
  problems: wecomProblems,
  start: startWecom,
};
