// The console as a platform module: its settings fragment and its starter.
import type { PlatformModule } from '../../bot/platforms.js';
import { ConsoleConfigSchema } from './console-settings.js';
import { startConsole } from './start-console.js';

export const consolePlatform: PlatformModule<typeof ConsoleConfigSchema> = {
  name: 'console',
  schema: ConsoleConfigSchema,
  start: startConsole,
};
