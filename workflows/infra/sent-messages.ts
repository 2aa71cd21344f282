// What was sent to a platform, kept with its delivery receipt in one transaction: a job retried after
// a send (its bookkeeping failed, its worker died) finds the send here and does not repeat it.
import type { Prisma } from '../../prisma/generated/client.js';
import type { AuditInput } from '../service/views.js';
import { queueAudit } from './audit.js';
import type { Db } from './db.js';

export async function findSent(db: Db, key: string): Promise<{ result: unknown } | null> {
  const row = await db.sentMessage.findUnique({ where: { key }, select: { result: true } });
  return row && { result: row.result ?? undefined };
}

/** Records a send and, in the same transaction, its audit receipt (chained in the next batch); recording it twice keeps the first. */
export async function recordSent(db: Db, key: string, result: unknown, audit: AuditInput | undefined, now: Date): Promise<void> {
  const json = (result === undefined ? undefined : JSON.parse(JSON.stringify(result))) as Prisma.InputJsonValue | undefined;
  await db.$transaction(async (tx) => {
    const created = await tx.sentMessage.createMany({ data: [{ key, result: json, sentAt: now }], skipDuplicates: true });
    if (created.count === 1 && audit) await queueAudit(tx, { ...audit, at: now });
  });
}
