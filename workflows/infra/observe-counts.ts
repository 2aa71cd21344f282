// Counts an operator's metrics read at scrape time (bot/observe/metrics.ts): the outbox's backlog and
// the alert register. Each is one indexed or small aggregate query.
import type { Db } from './db.js';

/** committed effects not yet handed to the queue, and when the oldest was written */
export async function outboxLag(db: Db): Promise<{ undispatched: number; oldestAt: Date | null }> {
  const [row] = await db.$queryRaw<{ undispatched: number; oldestAt: Date | null }[]>`
    SELECT count(*)::int AS "undispatched", min("createdAt") AS "oldestAt" FROM "Outbox" WHERE "dispatchedAt" IS NULL`;
  return { undispatched: row?.undispatched ?? 0, oldestAt: row?.oldestAt ?? null };
}

/** the alert register (告警) by rule, severity and state */
export async function alertCounts(db: Db): Promise<{ rule: string; severity: string; state: string; count: number }[]> {
  const rows = await db.alert.groupBy({ by: ['rule', 'severity', 'state'], _count: { _all: true } });
  return rows.map((r) => ({ rule: r.rule, severity: r.severity, state: r.state, count: r._count._all }));
}
