// The console platform: on unless CONSOLE=off; for this machine only unless CONSOLE=network (see
// loopback-only.ts); the page picks who it acts as only in the development mode (console-personas.ts),
// otherwise it needs a workbench sign-in (console-signin.ts). Live updates travel over Redis pub/sub
// so every bot process's browsers hear about every change.
import { fileURLToPath } from 'node:url';
import express from 'express';
import { QUEUE_NAMES } from '../../bot/jobs/job-types.js';
import { countRefusals } from '../../bot/observe/count-refusals.js';
import type { PlatformStarter } from '../../bot/platforms.js';
import { consoleChanges } from './console-changes.js';
import { consoleStartNotices, isPersonasOn, personasWithSignInNotice } from './console-personas.js';
import { ConsolePort } from './console-port.js';
import { consoleRouter } from './console-router.js';
import type { ConsoleConfig } from './console-settings.js';
import { consoleAccess } from './console-signin.js';
import { loopbackOnly } from './loopback-only.js';
import { queueDashboard } from './queue-dashboard.js';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

export const startConsole: PlatformStarter<ConsoleConfig> = async ({ config, deps, enqueue, newRedis }) => {
  if (config.CONSOLE === 'off') return null;
  for (const notice of consoleStartNotices(config)) deps.log.warn(notice, { CONSOLE: config.CONSOLE, CONSOLE_PERSONAS: config.CONSOLE_PERSONAS, HOST: config.HOST });
  const { sessions, identities } = deps.workbench;
  // the platforms that sign people in start after the console: the mode is settled when it serves
  let warnedSignIn = false;
  const personas = () => {
    const on = isPersonasOn(config, identities.size);
    if (on && identities.size > 0 && !warnedSignIn) {
      warnedSignIn = true;
      deps.log.warn(personasWithSignInNotice(), { CONSOLE_PERSONAS: config.CONSOLE_PERSONAS });
    }
    return on;
  };
  const access = consoleAccess({ service: deps.service, sessions, personas, canSignIn: () => identities.size > 0, log: deps.log });
  const subscriber = newRedis();
  const changes = await consoleChanges(deps.redis, subscriber, `${config.QUEUE_PREFIX}:console`);
  const router = express.Router();
  router.use('/console/api', countRefusals('console', deps.metrics));
  if (config.CONSOLE === 'on') router.use(loopbackOnly(PUBLIC_DIR, personas));
  // the queue dashboard, behind the same rule (and for the oversight roles only once people sign in)
  router.use(queueDashboard({ queues: QUEUE_NAMES.map((name) => deps.queues.queue(name)), access, service: deps.service, log: deps.log }));
  router.use(consoleRouter({ service: deps.service, enqueue, changes, clock: deps.clock, files: deps.files, maxFileBytes: deps.maxFileBytes, access }));
  return {
    port: new ConsolePort(deps.service.consoleMessages, changes.announce, deps.files),
    router,
    stop: async () => {
      await changes.close();
      subscriber.disconnect();
    },
  };
};
