// Liveness and readiness. /healthz: the process answers (a supervisor restarts it when it does not).
// /readyz: whether it can take work now — the database and Redis answer within a moment, nothing
// waits in the outbox, the deliveries or the inbound table for longer than it should, and every
// platform with a standing connection has it open. 503 with Retry-After when not, so a load
// balancer sends the platforms' callbacks to another process, and an operator sees which part failed.
import express from 'express';
import type { Redis } from 'ioredis';
import type { Platform } from '../workflows/domain/org-file.js';
import type { WorkflowService } from '../workflows/service/workflow-service.js';
import { RETRY_AFTER_S } from './http-errors.js';

/** a check that takes longer than this failed */
const CHECK_MS = 2_000;
/** work older than this counts as waiting too long */
const BACKLOG_AGE_MS = 60_000;

export interface HealthDeps {
  service: Pick<WorkflowService, 'backlog'>;
  redis: Redis;
  /** the platforms with a standing connection, and whether each is open */
  connections: ReadonlyMap<Platform, () => boolean>;
}

type Check = { ok: true; [detail: string]: unknown } | { ok: false; error: string; [detail: string]: unknown };

export function healthRouter(deps: HealthDeps): express.Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  router.get('/readyz', async (_req, res) => {
    const [database, redis] = await Promise.all([
      within(CHECK_MS, async (): Promise<Check> => {
        const waiting = await deps.service.backlog(BACKLOG_AGE_MS);
        const stuck = waiting.undispatched + waiting.undelivered + waiting.unhandled;
        return stuck === 0 ? { ok: true, ...waiting } : { ok: false, error: `work waiting longer than ${BACKLOG_AGE_MS / 1000} s`, ...waiting };
      }),
      within(CHECK_MS, async (): Promise<Check> => ((await deps.redis.ping()) === 'PONG' ? { ok: true } : { ok: false, error: 'no PONG' })),
    ]);
    const platforms = Object.fromEntries([...deps.connections].map(([platform, open]) => [platform, open() ? { ok: true } : { ok: false, error: 'not connected' }]));
    const checks: Record<string, Check> = { database, redis, ...platforms };
    const ok = Object.values(checks).every((c) => c.ok);
    if (!ok) res.set('Retry-After', String(RETRY_AFTER_S));
    res.status(ok ? 200 : 503).json({ ok, checks });
  });
  return router;
}

async function within(ms: number, check: () => Promise<Check>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Check>((resolve) => (timer = setTimeout(() => resolve({ ok: false, error: `no answer within ${ms} ms` }), ms)));
  try {
    return await Promise.race([check().catch((err: unknown) => ({ ok: false as const, error: err instanceof Error ? err.message.split('\n')[0]! : String(err) })), late]);
  } finally {
    clearTimeout(timer);
  }
}
