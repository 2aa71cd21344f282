// What the chat layer's handlers are given: no module-level singletons, so tests build their own.
import type { Redis } from 'ioredis';
import type { Platform } from '../workflows/domain/org-file.js';
import type { Ctx } from '../workflows/infra/context.js';
import type { Db } from '../workflows/infra/db.js';
import type { PlatformPort } from './platform-port.js';
import type { JobQueues } from './queue/job-queues.js';

export interface Logger {
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

export interface BotDeps {
  db: Db;
  redis: Redis;
  queues: JobQueues;
  ports: ReadonlyMap<Platform, PlatformPort>;
  tz: string;
  clock: () => Date;
  log: Logger;
  /** how long group digest lines are gathered before one message is sent */
  digestWindowMs: number;
  /** key prefix for our own Redis keys (digests, rate limits) */
  keyPrefix: string;
  /** a delivery claimed this long ago and never finished (its worker died) may be handled again */
  staleClaimMs: number;
}

export function ctxOf(deps: BotDeps): Ctx {
  return { db: deps.db, now: deps.clock(), tz: deps.tz };
}
