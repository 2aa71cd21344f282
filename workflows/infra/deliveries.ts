// Inbound deliveries are handled once: the platform's delivery id is claimed in InboundKey before
// the event runs and marked done after (or inside the action's own transaction, see outbox.answer).
import type { Db } from './db.js';

export async function claimDelivery(db: Db, key: string, now: Date, staleMs: number): Promise<boolean> {
  const inserted = await db.$executeRaw`INSERT INTO "InboundKey" ("key", "receivedAt") VALUES (${key}, ${now}) ON CONFLICT ("key") DO NOTHING`;
  if (inserted === 1) return true;
  const stale = new Date(now.getTime() - staleMs);
  const reclaimed = await db.$executeRaw`
    UPDATE "InboundKey" SET "receivedAt" = ${now} WHERE "key" = ${key} AND "doneAt" IS NULL AND "receivedAt" < ${stale}`;
  if (reclaimed === 1) return true;
  // Claimed, unfinished and not yet stale: the claimer may have died (its job comes back after the
  // worker lock, before the claim is stale). Fail so the queue retries later; dropping it as a
  // duplicate would lose the event.
  const claim = await db.inboundKey.findUnique({ where: { key } });
  if (claim && !claim.doneAt) throw new Error(`delivery ${key} is claimed by another worker and not finished yet; retrying later`);
  return false;
}

export async function finishDelivery(db: Db, key: string, now: Date): Promise<void> {
  await db.inboundKey.updateMany({ where: { key, doneAt: null }, data: { doneAt: now } });
}

export async function releaseDelivery(db: Db, key: string): Promise<void> {
  await db.inboundKey.deleteMany({ where: { key, doneAt: null } });
}

/** whether the delivery has been handled (its action committed, or its refusal answered), and the request it created */
export async function deliveryOutcome(db: Db, key: string): Promise<{ done: boolean; requestNo?: number }> {
  const row = await db.inboundKey.findUnique({ where: { key }, select: { doneAt: true, requestNo: true } });
  return { done: Boolean(row?.doneAt), requestNo: row?.requestNo ?? undefined };
}
