// Slack as a platform module: its settings fragment and its starter.
import type { PlatformModule } from '../../bot/platforms.js';
import { SlackConfigSchema, slackProblems, slackSettings } from './slack-settings.js';

export const slackPlatform: PlatformModule<typeof SlackConfigSchema> = {
  name: 'slack',
  schema: SlackConfigSchema,
  problems: slackProblems,
  // Bolt is loaded only where Slack is set up: it costs the bot about 12 MB resident
  start: async (env) => (slackSettings(env.config) ? (await import('./start-slack.js')).startSlack(env) : null),
};
