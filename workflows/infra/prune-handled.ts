// Housekeeping: dedupe keys, dispatched outbox rows (with their deliveries) and sent-message records are kept a week (platform retries arrive
// within minutes), then removed so the tables do not grow for ever; so are files held for a choice
// never made and /附件 waiting for a file never sent (both lapse after half an hour). The audit trail
// is never pruned, nor a stored file (content-addressed: another attachment may share it).
import type { Db } from './db.js';

export const KEEP_HANDLED_MS = 7 * 24 * 3600_000;

export async function pruneHandled(db: Db, now: Date): Promise<{ keys: number; outbox: number }> {
  const before = new Date(now.getTime() - KEEP_HANDLED_MS);
  const keys = await db.inboundKey.deleteMany({ where: { doneAt: { lt: before } } });
  const outbox = await db.outbox.deleteMany({ where: { dispatchedAt: { lt: before } } });
  await db.sentMessage.deleteMany({ where: { sentAt: { lt: before } } });
  await db.heldFile.deleteMany({ where: { createdAt: { lt: before } } });
  await db.attachIntent.deleteMany({ where: { createdAt: { lt: before } } });
  return { keys: keys.count, outbox: outbox.count };
}
