// Slack as a platform module: its settings fragment and its starter.
import type { PlatformModule } from '../../bot/platforms.js';
import { SlackConfigSchema, slackProblems } from './slack-settings.js';
import { startSlack } from './start-slack.js';

export const slackPlatform: PlatformModule<typeof SlackConfigSchema> = {
  name: 'slack',
  schema: SlackConfigSchema,
  problems: slackProblems,
  start: startSlack,
};
