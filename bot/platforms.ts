// Every platform plugs in here: given the configuration and the bot's dependencies, a starter
// returns its outbound port, the HTTP routes it serves (callbacks, the console page), and how to
// stop it — or null when its settings are absent. app.ts knows no platform by name.
import type express from 'express';
import type { Redis } from 'ioredis';
import { startConsole } from '../adapters/console/start-console.js';
import { startDingTalk } from '../adapters/dingtalk/start-dingtalk.js';
import { startWecom } from '../adapters/wecom/start-wecom.js';
import type { Config } from './config.js';
import type { BotDeps } from './deps.js';
import type { EnqueueInbound } from './enqueue-inbound.js';
import type { PlatformPort } from './platform-port.js';

export interface PlatformEnv {
  config: Config;
  deps: BotDeps;
  enqueue: EnqueueInbound;
  /** a fresh Redis connection factory (for subscribers and blocking clients) */
  newRedis: () => Redis;
}

export interface PlatformRuntime {
  port: PlatformPort;
  router?: express.Router;
  stop(): Promise<void>;
}

export type PlatformStarter = (env: PlatformEnv) => Promise<PlatformRuntime | null>;

export const PLATFORM_STARTERS: readonly PlatformStarter[] = [startConsole, startDingTalk, startWecom];
