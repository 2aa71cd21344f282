// Assembles Guanjia from a Config: database (+ migrations), organisation, Redis, queues and
// workers, platform adapters, and the HTTP server. main.ts runs it; tests start their own.
import { mkdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { Redis } from 'ioredis';
import type { Platform } from '../workflows/domain/org-file.js';
import { parseOrgText } from '../workflows/domain/parse-org.js';
import { openDatabase, type Database } from '../workflows/infra/db.js';
import { loadOrganisation } from '../workflows/infra/load-org.js';
import { applyMigrations } from '../workflows/infra/migrate.js';
import { createWorkflowService } from '../workflows/infra/workflow-service.js';
import { checkpointSettingsOf } from './audit-checkpoint-settings.js';
import { createFileStore } from '../workflows/infra/files/create-file-store.js';
import { fileRouter } from './files/file-route.js';
import { finalErrorHandler, notFoundHandler } from './http-errors.js';
import { healthRouter } from './health.js';
import { SignedFileLinks } from './files/file-links.js';
import type { Config } from './config.js';
import type { BotDeps, Logger } from './deps.js';
import { startEmbeddedRedis, type EmbeddedRedis } from './embedded/redis-child.js';
import { inboundEnqueuer, type EnqueueInbound } from './enqueue-inbound.js';
import { createLogger } from './log.js';
import { createMetrics } from './observe/metrics.js';
import { countRefusals } from './observe/count-refusals.js';
import { metricsRouter } from './observe/metrics-route.js';
import { outboxDispatcher, rearmTimers } from './notify/dispatch-outbox.js';
import { recoverRedisLoss, sweepDeliveries, sweepInbound } from './notify/sweep.js';
import { watchRedisData } from './queue/redis-watch.js';
import type { PlatformPort } from './platform-port.js';
import type { PlatformModule } from './platforms.js';
import { QUEUE_NAMES } from './jobs/job-types.js';
import { JobQueues } from './queue/job-queues.js';
import { createRedis } from './queue/redis.js';
import type { IdentityExchange } from './web/identity-exchange.js';
import { securityHeaders } from './web/security-headers.js';
import { WorkbenchSessions } from './web/web-session.js';
import { WebPort } from './web/web-port.js';
import { workbenchRouter } from './web/workbench-router.js';
import { workbenchStatic } from './web/workbench-static.js';

const HOUSEKEEPING_EVERY_MS = 3600_000;

export const DEMO_ORG_FILE = fileURLToPath(new URL('../prisma/demo-org.yaml', import.meta.url));

export interface StartOptions {
  clock?: () => Date;
  log?: Logger;
  digestWindowMs?: number;
  /** how often committed outbox rows are swept onto the queue (they are also dispatched at once) */
  outboxSweepMs?: number;
  /** how often accepted events and deliveries that Redis does not have are queued again, and how old they must be (default 15 s, 60 s) */
  recoverySweepMs?: number;
  recoveryAgeMs?: number;
  /** how often delivery receipts are moved into the audit chain (default 250 ms) */
  receiptChainMs?: number;
  /** how often each process checks that Redis still has its data (default 1 s) */
  redisWatchMs?: number;
  /** how long a job or a delivery stays claimed by a worker that died (default 30 s / 60 s) */
  workerLockMs?: number;
  staleClaimMs?: number;
  /** how often workers look for jobs whose worker died (lock lapsed); default: the lock time */
  workerStalledCheckMs?: number;
  /** the platforms to start (adapters/index.ts lists them all; the config must have been parsed with them); none by default */
  platforms?: readonly PlatformModule[];
}

export interface Guanjia {
  deps: BotDeps;
  database: Database;
  enqueue: EnqueueInbound;
  /** http://host:port of the HTTP server */
  url: string;
  stop(): Promise<void>;
}

export async function startGuanjia(config: Config, options: StartOptions = {}): Promise<Guanjia> {
  const log = options.log ?? createLogger(config.LOG_LEVEL);
  const clock = options.clock ?? (() => new Date());
  const stack: (() => Promise<void>)[] = [];
  // In reverse order of start: the HTTP server and the outbox sweep, the platforms' inbound, the
  // workers (they finish their jobs), the Redis users, then the embedded redis-server, the database.
  const stop = async () => {
    for (const close of stack.splice(0).reverse()) await close().catch((err: unknown) => log.warn('shutdown step failed', { err }));
  };
  try {
    await mkdir(config.dataDir, { recursive: true });
    const database = await openDatabase({
      url: config.DATABASE_URL,
      schema: config.DATABASE_SCHEMA,
      dataDir: config.dataDir,
      onConnectionLost: (err) => log.warn('database connection lost; the pool opens a new one', { err: err.message }),
    });
    stack.push(() => database.close());
    const applied = await applyMigrations(database.factory);
    if (applied.length > 0) log.info('migrations applied', { applied });

    const orgFile = config.ORG_FILE ?? DEMO_ORG_FILE;
    const org = parseOrgText(await readFile(orgFile, 'utf8'));
    const loaded = await loadOrganisation(database.db, org, orgFile, clock());
    log.info('organisation loaded', { file: orgFile, ...loaded });

    let redisUrl = config.REDIS_URL;
    if (!redisUrl) {
      const embedded: EmbeddedRedis = await startEmbeddedRedis(config.dataDir);
      stack.push(() => embedded.stop());
      redisUrl = embedded.url;
    }
    const onRedisError = (err: Error) => log.warn('redis connection error', { err: err.message });
    const redisLocation = redisUrl;
    const newRedis = () => createRedis(redisLocation, onRedisError);
    const redis: Redis = newRedis();
    stack.push(async () => redis.disconnect());
    const queues = new JobQueues(redis, config.QUEUE_PREFIX);
    stack.push(() => queues.close());

    const ports = new Map<Platform, PlatformPort>();

    const files = await createFileStore(config, config.dataDir);
    const maxFileBytes = Math.floor(config.ATTACHMENT_MAX_MB * 1024 * 1024);
    const service = createWorkflowService(database.db, {
      clock,
      tz: config.TZ,
      onBadOutboxRow: (id) => log.error('outbox row with a bad payload skipped', { id }),
      files,
      maxFileBytes,
      checkpoints: checkpointSettingsOf(config),
    });
    const fileLinks = new SignedFileLinks(config.FILE_LINK_SECRET ?? (await service.secret('file-links')), config.FILE_LINK_DAYS, clock);
    const sessions = new WorkbenchSessions(
      config.WORKBENCH_SECRET ?? (await service.secret('workbench-session')),
      config.WORKBENCH_SESSION_MINUTES,
      clock,
      (config.PUBLIC_URL ?? '').startsWith('https://'),
    );
    const metrics = createMetrics({
      queues: () => QUEUE_NAMES.map((name) => queues.queue(name)),
      outboxLag: () => service.outbox.lag(),
      alertCounts: () => service.supervision.counts(),
      // job and outbox times are the real clock's (Redis's and PostgreSQL's), whatever clock a test gives
      clock: () => new Date(),
      onError: (what, err) => log.warn('a metric could not be read', { what, err }),
    });
    // filled as the platforms start; the console asks it once it serves (which platforms can sign a person in)
    const identities = new Map<Platform, IdentityExchange>();
    const deps: BotDeps = {
      service,
      redis,
      queues,
      ports,
      dispatch: () => dispatch(),
      tz: config.TZ,
      clock,
      log,
      metrics,
      digestWindowMs: options.digestWindowMs ?? 60_000,
      keyPrefix: config.QUEUE_PREFIX,
      staleClaimMs: options.staleClaimMs ?? config.INBOUND_STALE_MS,
      files,
      maxFileBytes,
      fileLinks,
      workbench: { sessions, identities },
    };
    const dispatch = outboxDispatcher(deps);
    const enqueue = inboundEnqueuer({ queues, service, log, onAccepted: (event, fresh) => fresh && metrics.inboundAccepted(event.platform) });
    const routers: express.Router[] = [];
    const connections = new Map<Platform, () => boolean>();
    for (const platformModule of options.platforms ?? []) {
      const platform = await platformModule.start({ config, deps, enqueue, newRedis });
      if (!platform) continue;
      ports.set(platform.port.platform, platform.port);
      if (platform.router) routers.push(platform.router);
      if (platform.identity) identities.set(platform.identity.platform, platform.identity);
      if (platform.connected) connections.set(platform.port.platform, platform.connected);
      stack.push(() => platform.stop());
      log.info('platform connected', { platform: platform.port.platform });
    }

    const app = express();
    app.disable('x-powered-by');
    app.use(securityHeaders());
    app.use(healthRouter({ service, redis, connections }));
    app.use(metricsRouter(metrics, config.METRICS_TOKEN, log));
    app.use(fileRouter(service, fileLinks, log));
    // the workbench: its answers (platform web) land in the person's notices, which its pages read
    ports.set('web', new WebPort(service.consoleMessages, files));
    app.use('/app/api', countRefusals('web', metrics));
    app.use(workbenchRouter({ service, sessions, identities, publicUrl: () => fileLinks.base, log, enqueue, clock, tz: config.TZ, files, maxFileBytes, fileLinks }));
    app.use(workbenchStatic());
    for (const router of routers) app.use(router);
    // last: unknown paths, and every error a router passed on — 4xx or 500 with a JSON body, never the stack
    app.use(notFoundHandler);
    app.use(finalErrorHandler(log));
    const server: Server = createServer(app);
    // Idle keep-alive connections outlive the client's, so the client closes them first: a client
    // (a reverse proxy, the tests' fetch) that reuses a connection at the moment the server drops it
    // gets ECONNRESET. Node's 5 s default is shorter than common proxies' (nginx upstream 60 s).
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) =>
        reject(err.code === 'EADDRINUSE' ? new Error(`端口 ${config.PORT} 已被占用：请停止占用它的程序，或设置 PORT 换一个端口`) : err),
      );
      server.listen(config.PORT, config.HOST, () => resolve());
    });
    stack.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    const { port } = server.address() as AddressInfo;
    const url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;
    fileLinks.base = (config.PUBLIC_URL ?? url).replace(/\/+$/, '');
    log.info('attachments', { store: files.description, maxMb: config.ATTACHMENT_MAX_MB, links: fileLinks.base });
    // workers last: the cards they draw link to attachments at the address the server now has
    if (config.WORKERS === 'on') {
      // every job's handler is in its file under bot/jobs
      queues.startWorkers(deps, {
        concurrency: { inbound: 8, notify: 8, deadline: 2 },
        lockMs: options.workerLockMs ?? config.WORKER_LOCK_MS,
        stalledCheckMs: options.workerStalledCheckMs,
      });
      // PostgreSQL is the truth: timers Redis may have lost are armed again from the open steps.
      const rearmed = await rearmTimers(deps);
      // what the outbox holds goes out now; a failure here (a lock conflict, a dropped connection) is the sweep's to retry, not a failed start
      await deps.dispatch().catch((err: unknown) => log.warn('outbox sweep at start failed; the next sweep retries', { err }));
      let lastHousekeeping = Date.now();
      const sweep = setInterval(() => {
        deps.dispatch().catch((err: unknown) => log.warn('outbox sweep failed', { err }));
        if (Date.now() - lastHousekeeping > HOUSEKEEPING_EVERY_MS) {
          lastHousekeeping = Date.now();
          // timers again too: Redis may have lost them while we ran (deterministic ids make this harmless)
          Promise.all([service.prune(), rearmTimers(deps)]).catch((err: unknown) => log.warn('housekeeping failed', { err }));
        }
      }, options.outboxSweepMs ?? 2_000);
      stack.push(async () => clearInterval(sweep));
      // what Redis does not have, from PostgreSQL: now and then, and at once when Redis lost its data
      const recoveryAge = options.recoveryAgeMs ?? 60_000;
      const recovery = setInterval(() => {
        Promise.all([sweepInbound(deps, { olderThanMs: recoveryAge }), sweepDeliveries(deps, { olderThanMs: recoveryAge })]).catch((err: unknown) =>
          log.warn('recovery sweep failed', { err }),
        );
      }, options.recoverySweepMs ?? 15_000);
      stack.push(async () => clearInterval(recovery));
      // delivery receipts join the audit chain in batches: the chain's lock once for many sends
      let chaining: Promise<unknown> | undefined;
      const chainReceipts = () =>
        (chaining ??= service.audit
          .flush()
          .catch((err: unknown) => log.warn('chaining delivery receipts failed; the next round tries again', { err }))
          .finally(() => (chaining = undefined)));
      const receipts = setInterval(() => void chainReceipts(), options.receiptChainMs ?? 250);
      stack.push(async () => {
        clearInterval(receipts);
        await chaining;
        await chainReceipts();
      });
      const watch = await watchRedisData(redis, `${config.QUEUE_PREFIX}:alive`, options.redisWatchMs ?? 1_000, () => recoverRedisLoss(deps), log);
      stack.push(async () => watch.stop());
      log.info('workers started', { rearmedTimers: rearmed });
    }

    return { deps, database, enqueue, url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
