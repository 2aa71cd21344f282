// What the chat layer's handlers are given: no module-level singletons, so tests build their own.
import type { Redis } from 'ioredis';
import type { Platform } from '../workflows/domain/org-file.js';
import type { FileStore } from '../workflows/service/file-store.js';
import type { WorkflowService } from '../workflows/service/workflow-service.js';
import type { PlatformPort } from './platform-port.js';
import type { JobQueuePort } from './jobs/job-types.js';
import type { IdentityExchange } from './web/identity-exchange.js';
import type { BotMetrics } from './observe/metrics.js';
import type { WorkbenchSessions } from './web/web-session.js';

export interface Logger {
  /** written only with LOG_LEVEL=debug */
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
  /** a logger whose every line also carries `fields`: the job, delivery, platform and request it is about */
  child(fields: Record<string, unknown>): Logger;
}

export interface BotDeps {
  /** the core: every read and change goes through it */
  service: WorkflowService;
  redis: Redis;
  queues: JobQueuePort;
  ports: ReadonlyMap<Platform, PlatformPort>;
  /** moves committed outbox effects onto the queue now (they are also swept every few seconds) */
  dispatch: () => Promise<unknown>;
  tz: string;
  clock: () => Date;
  log: Logger;
  /** counters and timings for GET /metrics (bot/observe/metrics.ts) */
  metrics: BotMetrics;
  /** how long group digest lines are gathered before one message is sent */
  digestWindowMs: number;
  /** key prefix for our own Redis keys (digests, rate limits) */
  keyPrefix: string;
  /** a delivery claimed this long ago and never finished (its worker died) may be handled again */
  staleClaimMs: number;
  /** where attachments are kept (the console stores an upload here before queuing it) */
  files: FileStore;
  /** the largest attachment accepted, in bytes */
  maxFileBytes: number;
  /** signed, expiring links to attachments for one viewer */
  fileLinks: FileLinks;
  /** the workbench's (工作台) sign-in, which the console also honours */
  workbench: WorkbenchAccess;
}

export interface WorkbenchAccess {
  sessions: WorkbenchSessions;
  /** the platforms that can sign a person in; filled as they start, complete once the server listens */
  identities: ReadonlyMap<Platform, IdentityExchange>;
}

export interface FileLinks {
  /** where the server is reached (PUBLIC_URL, else the address it listens on), without a trailing slash; '' until it listens */
  readonly base: string;
  /** the address a viewer opens an attachment at, signed for them; valid for some days */
  url(attachmentId: string, personId: string): string;
}
