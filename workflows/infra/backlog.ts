// How much work waits longer than it should: what /readyz reports, and a load balancer acts on.
import type { Backlog } from '../service/workflow-service.js';
import type { Db } from './db.js';

export async function backlog(db: Db, before: Date): Promise<Backlog> {
  const [row] = await db.$queryRaw<{ undispatched: bigint; undelivered: bigint; unhandled: bigint }[]>`
    SELECT
      (SELECT count(*) FROM "Outbox" WHERE "dispatchedAt" IS NULL AND "createdAt" < ${before}) AS "undispatched",
      (SELECT count(*) FROM "OutboxDelivery" WHERE "doneAt" IS NULL AND "createdAt" < ${before}) AS "undelivered",
      (SELECT count(*) FROM "InboundKey" WHERE "doneAt" IS NULL AND "receivedAt" < ${before}) AS "unhandled"`;
  return { undispatched: Number(row?.undispatched ?? 0), undelivered: Number(row?.undelivered ?? 0), unhandled: Number(row?.unhandled ?? 0) };
}
