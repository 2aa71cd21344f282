// The console platform: on unless CONSOLE=off. Live updates travel over Redis pub/sub so every bot
// process's browsers hear about every change.
import type { PlatformStarter } from '../../bot/platforms.js';
import { consoleChanges } from './console-changes.js';
import { ConsolePort } from './console-port.js';
import { consoleRouter } from './console-router.js';

export const startConsole: PlatformStarter = async ({ config, deps, enqueue, newRedis }) => {
  if (config.CONSOLE !== 'on') return null;
  const subscriber = newRedis();
  const changes = await consoleChanges(deps.redis, subscriber, `${config.QUEUE_PREFIX}:console`);
  return {
    port: new ConsolePort(deps.db, changes.announce),
    router: consoleRouter({ db: deps.db, enqueue, changes, clock: deps.clock }),
    stop: async () => {
      await changes.close();
      subscriber.disconnect();
    },
  };
};
