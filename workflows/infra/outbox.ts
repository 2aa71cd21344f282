// Transactional outbox: effects (cards, notices, replies, digests, timers) are written in the same
// transaction as the state change that caused them, then dispatched to the queue after commit. A
// process that dies in between leaves the rows undispatched, and the next sweep sends them.
import { EffectSchema, upgradeEffect, type Effect, type Notice } from '../domain/effects.js';
import type { Actor } from '../service/views.js';
import type { Db, Tx } from './db.js';
import { insertRows, insertStatements, sqlValue, writeTogether, type TableSpec } from './raw-writes.js';
import { Prisma } from '../../prisma/generated/client.js';

export { EffectSchema, type Effect };

const BATCH = 200;

const OUTBOX: TableSpec<{ kind: string; payload: unknown }> = { table: 'Outbox', columns: { kind: 'text', payload: 'jsonb' } };
const OUTBOX_DELIVERY: TableSpec<{ outboxId: bigint; platform: string }> = { table: 'OutboxDelivery', columns: { outboxId: 'bigint', platform: 'text' } };

export async function emit(tx: Pick<Tx, '$executeRaw'>, ...effects: Effect[]): Promise<void> {
  await writeTogether(tx, emitting(effects));
}

/** The statements that emit `effects`, for a caller that sends them with its own writes (raw-writes.ts writeTogether). */
export function emitting(effects: readonly Effect[]): Prisma.Sql[] {
  return insertStatements(
    OUTBOX,
    effects.map((e) => ({ kind: e.kind, payload: EffectSchema.parse(e) })),
  );
}

/** An action's answer to whoever asked, as an effect to emit with the action's others (none when nobody is to be answered). */
export function replyOf(actor: Actor, notice: Notice): Effect[] {
  return actor.replyTo ? [{ kind: 'reply', to: actor.replyTo, notice }] : [];
}

/**
 * Closes an action inside its own transaction: its answer goes to the outbox and its inbound
 * delivery is marked handled, so a retry after the commit neither acts again nor stays unanswered.
 */
export async function answer(tx: Tx, actor: Actor, now: Date, notice?: Notice): Promise<void> {
  await writeTogether(tx, answering(actor, now, notice));
}

/** answer's statements, for a caller that sends them with its own writes. */
export function answering(actor: Actor, now: Date, notice?: Notice): Prisma.Sql[] {
  return [
    ...(notice ? emitting(replyOf(actor, notice)) : []),
    ...(actor.delivery ? [Prisma.sql`UPDATE "InboundKey" SET "doneAt" = ${sqlValue(now, 'timestamp')} WHERE "key" = ${actor.delivery} AND "doneAt" IS NULL`] : []),
  ];
}

/**
 * Claims undispatched rows with FOR NO KEY UPDATE SKIP LOCKED, hands each to `send`, marks them dispatched.
 * `send` names the platforms it queued the effect for: each gets an OutboxDelivery row, closed when
 * its job finishes, so what Redis loses is queued again (undelivered).
 */
export async function dispatchOutbox(
  db: Db,
  now: () => Date,
  send: (id: string, effect: Effect) => Promise<readonly string[] | void>,
  onBadRow: (id: string) => void,
): Promise<number> {
  let total = 0;
  for (;;) {
    const count = await db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ id: bigint; payload: unknown }[]>`
        SELECT "id", "payload" FROM "Outbox" WHERE "dispatchedAt" IS NULL ORDER BY "id" LIMIT ${BATCH} FOR NO KEY UPDATE SKIP LOCKED`;
      // (not FOR UPDATE: a fast worker closing one of these deliveries checks its foreign key with FOR KEY SHARE
      // on the row; FOR UPDATE would block it while this transaction waits on its insert — a deadlock)
      // one after another, in the rows' order (handed on all at once, the inbound ack's p99 under 500
      // events a second measured about twice as long: npm run bench -- --only ack)
      const deliveries: { outboxId: bigint; platform: string }[] = [];
      for (const row of rows) {
        const parsed = EffectSchema.safeParse(upgradeEffect(row.payload));
        if (!parsed.success) {
          onBadRow(row.id.toString());
          continue;
        }
        for (const platform of (await send(row.id.toString(), parsed.data)) ?? []) deliveries.push({ outboxId: row.id, platform });
      }
      if (rows.length > 0) await tx.outbox.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data: { dispatchedAt: now() } });
      // a fast worker may have closed one already (delivered upserts): keep its doneAt
      if (deliveries.length > 0) await insertRows(tx, OUTBOX_DELIVERY, deliveries, { skipDuplicates: true });
      return rows.length;
    });
    total += count;
    if (count < BATCH) return total;
  }
}

/** Closes deliveries, many in one statement (the service's write batch): each effect's delivery on one platform, sent or given up on (failed). */
export async function markDelivered(db: Db, deliveries: readonly { outboxId: string; platform: string; failed: boolean }[], now: Date): Promise<void> {
  // one row each: the same delivery twice in a statement cannot be updated twice (the last one says how it ended)
  const last = new Map(deliveries.map((d) => [`${d.outboxId}\u0000${d.platform}`, d]));
  const rows = [...last.values()];
  await db.$executeRaw`
    INSERT INTO "OutboxDelivery" ("outboxId", "platform", "createdAt", "doneAt", "failed")
    SELECT o, p, ${now}, ${now}, f FROM unnest(${rows.map((d) => d.outboxId)}::bigint[], ${rows.map((d) => d.platform)}::text[], ${rows.map((d) => d.failed)}::boolean[]) AS t(o, p, f)
    ON CONFLICT ("outboxId", "platform") DO UPDATE SET "doneAt" = EXCLUDED."doneAt", "failed" = EXCLUDED."failed"`;
}

/** Deliveries queued before `before` and not closed, oldest first, with their effects: what the sweep queues again. */
export async function undeliveredEffects(db: Db, before: Date, take: number): Promise<{ outboxId: string; platform: string; effect: Effect }[]> {
  const rows = await db.$queryRaw<{ outboxId: bigint; platform: string; payload: unknown }[]>`
    SELECT d."outboxId", d."platform", o."payload" FROM "OutboxDelivery" d JOIN "Outbox" o ON o."id" = d."outboxId"
    WHERE d."doneAt" IS NULL AND d."createdAt" < ${before}
    ORDER BY d."createdAt" LIMIT ${take}`;
  const out: { outboxId: string; platform: string; effect: Effect }[] = [];
  for (const row of rows) {
    const parsed = EffectSchema.safeParse(upgradeEffect(row.payload));
    if (parsed.success) out.push({ outboxId: row.outboxId.toString(), platform: row.platform, effect: parsed.data });
  }
  return out;
}
