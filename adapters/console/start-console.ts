// The console platform: on unless CONSOLE=off; for this machine only unless CONSOLE=network (see
// loopback-only.ts). Live updates travel over Redis pub/sub so every bot process's browsers hear
// about every change.
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { PlatformStarter } from '../../bot/platforms.js';
import { consoleChanges } from './console-changes.js';
import { ConsolePort } from './console-port.js';
import { consoleRouter } from './console-router.js';
import type { ConsoleConfig } from './console-settings.js';
import { consoleReachNotice, loopbackOnly } from './loopback-only.js';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

export const startConsole: PlatformStarter<ConsoleConfig> = async ({ config, deps, enqueue, newRedis }) => {
  if (config.CONSOLE === 'off') return null;
  const notice = consoleReachNotice(config);
  if (notice) deps.log.warn(notice, { CONSOLE: config.CONSOLE, HOST: config.HOST });
  const subscriber = newRedis();
  const changes = await consoleChanges(deps.redis, subscriber, `${config.QUEUE_PREFIX}:console`);
  const router = express.Router();
  if (config.CONSOLE === 'on') router.use(loopbackOnly(PUBLIC_DIR));
  router.use(consoleRouter({ service: deps.service, enqueue, changes, clock: deps.clock, files: deps.files, maxFileBytes: deps.maxFileBytes }));
  return {
    port: new ConsolePort(deps.service.consoleMessages, changes.announce, deps.files),
    router,
    stop: async () => {
      await changes.close();
      subscriber.disconnect();
    },
  };
};
