// What was sent to a platform, kept with its delivery receipt in one statement: a job retried after
// a send (its bookkeeping failed, its worker died) finds the send here and does not repeat it.
import type { AuditInput } from '../service/views.js';
import { pendingEntry } from './audit.js';
import type { Db } from './db.js';

export async function findSent(db: Db, key: string): Promise<{ result: unknown } | null> {
  const row = await db.sentMessage.findUnique({ where: { key }, select: { result: true } });
  return row && { result: row.result ?? undefined };
}

/** Records a send and, in the same statement, its audit receipt (chained in the next batch); recording it twice keeps the first. */
export async function recordSent(db: Db, key: string, result: unknown, audit: AuditInput | undefined, now: Date): Promise<void> {
  const json = result === undefined ? null : JSON.stringify(result);
  const entry = audit ? JSON.stringify(pendingEntry({ ...audit, at: now })) : null;
  // one statement, so one round trip: the receipt is queued only by the write that kept the send
  await db.$executeRaw`
    WITH sent AS (INSERT INTO "SentMessage" ("key", "result", "sentAt") VALUES (${key}, ${json}::jsonb, ${now}) ON CONFLICT DO NOTHING RETURNING "key")
    INSERT INTO "PendingAudit" ("entry") SELECT ${entry}::jsonb FROM sent WHERE ${entry}::jsonb IS NOT NULL`;
}
