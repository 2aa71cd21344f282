// Every platform plugs in here: a platform module brings its settings (a fragment of the
// configuration, see config.ts) and a starter that, given the configuration and the bot's
// dependencies, returns its outbound port, the HTTP routes it serves (callbacks, the console page),
// and how to stop it — or null when its settings are absent. The list of platforms lives outside
// bot/ (adapters/index.ts) and comes into startGuanjia as a parameter: bot/ knows no platform by name.
import type express from 'express';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { Config, SettingsFragment } from './config.js';
import type { BotDeps } from './deps.js';
import type { EnqueueInbound } from './enqueue-inbound.js';
import type { PlatformPort } from './platform-port.js';
import type { IdentityExchange } from './web/identity-exchange.js';

/** What a starter is given; T is the platform's own settings, parsed with the core ones. */
export interface PlatformEnv<T = unknown> {
  config: Config & T;
  deps: BotDeps;
  enqueue: EnqueueInbound;
  /** a fresh Redis connection factory (for subscribers and blocking clients) */
  newRedis: () => Redis;
}

export interface PlatformRuntime {
  port: PlatformPort;
  router?: express.Router;
  /** 免登 for the workbench: trades a sign-in code for the account (WeCom, DingTalk) */
  identity?: IdentityExchange;
  /** a platform with a standing connection (DingTalk's Stream) says whether it is open (readiness) */
  connected?: () => boolean;
  stop(): Promise<void>;
}

export type PlatformStarter<T = unknown> = (env: PlatformEnv<T>) => Promise<PlatformRuntime | null>;

/** One platform: its settings fragment and its starter. */
export interface PlatformModule<S extends z.ZodObject = z.ZodObject> extends SettingsFragment<S> {
  start(env: PlatformEnv<z.output<S>>): Promise<PlatformRuntime | null>;
}
