// Inbound deliveries are kept and handled once. The edge writes the platform's delivery id and the
// event here before it answers the platform (accept), so an accepted event survives a Redis that
// lost its data: the sweep (unqueued) hands it to the queue again. A worker claims it before running
// it and marks it done after (or inside the action's own transaction, see outbox.answer).
import type { Prisma } from '../../prisma/generated/client.js';
import type { Db } from './db.js';

/**
 * Keeps accepted events, many in one statement (the edge's write batch, write-batch.ts): for each,
 * false when its delivery id was accepted (or handled) before, or came earlier in the same batch.
 */
export async function acceptDeliveries(db: Db, events: readonly { key: string; event: Record<string, unknown> }[], now: Date): Promise<boolean[]> {
  const rows = await db.$queryRaw<{ key: string }[]>`
    INSERT INTO "InboundKey" ("key", "receivedAt", "event")
    SELECT k, ${now}, e::jsonb FROM unnest(${events.map((e) => e.key)}::text[], ${events.map((e) => JSON.stringify(e.event))}::text[]) AS t(k, e)
    ON CONFLICT ("key") DO NOTHING
    RETURNING "key"`;
  const kept = new Set(rows.map((row) => row.key));
  // a key twice in one batch is kept once: the first caller has it
  return events.map((e) => kept.delete(e.key));
}

export async function claimDelivery(db: Db, key: string, now: Date, staleMs: number): Promise<boolean> {
  const stale = new Date(now.getTime() - staleMs);
  // kept by the edge and not taken yet, or taken by a worker that died long enough ago
  const taken = await db.$executeRaw`
    UPDATE "InboundKey" SET "claimedAt" = ${now}
    WHERE "key" = ${key} AND "doneAt" IS NULL AND ("claimedAt" IS NULL OR "claimedAt" < ${stale})`;
  if (taken === 1) return true;
  // queued by a build whose edge did not keep it
  const inserted = await db.$executeRaw`
    INSERT INTO "InboundKey" ("key", "receivedAt", "claimedAt") VALUES (${key}, ${now}, ${now}) ON CONFLICT ("key") DO NOTHING`;
  if (inserted === 1) return true;
  // Claimed, unfinished and not yet stale: the claimer may have died (its job comes back after the
  // worker lock, before the claim is stale). Fail so the queue retries later; dropping it as a
  // duplicate would lose the event.
  const claim = await db.inboundKey.findUnique({ where: { key }, select: { doneAt: true } });
  if (claim && !claim.doneAt) throw new Error(`delivery ${key} is claimed by another worker and not finished yet; retrying later`);
  return false;
}

export async function finishDelivery(db: Db, key: string, now: Date): Promise<void> {
  await db.inboundKey.updateMany({ where: { key, doneAt: null }, data: { doneAt: now } });
}

/** gives a claim back after an unexpected failure: the retry (or the sweep) takes it again */
export async function releaseDelivery(db: Db, key: string): Promise<void> {
  await db.inboundKey.updateMany({ where: { key, doneAt: null }, data: { claimedAt: null } });
}

/** whether the delivery has been handled (its action committed, or its refusal answered), and the request it created */
export async function deliveryOutcome(db: Db, key: string): Promise<{ done: boolean; requestNo?: number }> {
  const row = await db.inboundKey.findUnique({ where: { key }, select: { doneAt: true, requestNo: true } });
  return { done: Boolean(row?.doneAt), requestNo: row?.requestNo ?? undefined };
}

/**
 * Accepted events not handled yet, received before `before` and not held by a live worker, oldest
 * first: what the sweep queues again (their job ids are the delivery ids, so one still queued stays one).
 */
export async function unqueuedDeliveries(db: Db, before: Date, staleBefore: Date, take: number): Promise<{ key: string; event: Record<string, unknown> }[]> {
  const rows = await db.$queryRaw<{ key: string; event: Prisma.JsonValue }[]>`
    SELECT "key", "event" FROM "InboundKey"
    WHERE "doneAt" IS NULL AND "event" IS NOT NULL AND "receivedAt" < ${before}
      AND ("claimedAt" IS NULL OR "claimedAt" < ${staleBefore})
    ORDER BY "receivedAt" LIMIT ${take}`;
  return rows.filter((r) => typeof r.event === 'object' && r.event !== null && !Array.isArray(r.event)).map((r) => ({ key: r.key, event: r.event as Record<string, unknown> }));
}
