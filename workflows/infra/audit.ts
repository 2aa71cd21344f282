// Appends hash-chained audit events inside the caller's transaction. The chain's head (AuditHead, one
// row) is locked and read in one statement and moved on with the insert, in another: appenders
// serialise on that row, so the chain has exactly one successor per event.
import { Prisma } from '../../prisma/generated/client.js';
import { GENESIS_HASH, hashAuditEvent, verifyChain, type AuditRow, type ChainCheck } from '../domain/audit-chain.js';
import type { AuditInput } from '../service/views.js';
import type { Db, Tx } from './db.js';
import { insertRows, insertStatements, writeTogether, type TableSpec } from './raw-writes.js';

/** An audit event as written: what the service API's callers give, plus when and under which policy. */
export interface AuditEntry extends AuditInput {
  policyVersion?: number | null;
  at: Date;
}

/**
 * Holds the chain still until the transaction ends: no event is appended meanwhile. Gives its head
 * as the lock found it (the newest committed: a row lock waited for is read again once it is ours).
 */
export async function lockAuditChain(tx: Tx): Promise<{ seq: bigint; hash: string }> {
  const [head] = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`SELECT "seq", "hash" FROM "AuditHead" WHERE "id" = 1 FOR UPDATE`;
  if (!head) throw new Error('the audit chain has no head row (AuditHead): the database was not migrated');
  return head;
}

export async function appendAudit(tx: Tx, input: AuditEntry): Promise<void> {
  await appendAuditMany(tx, [input]);
}

/**
 * Appends events in order under the chain's lock: one read of the head and one insert, however many.
 * `alongside`: writes of the caller's sent in the insert's statement.
 */
export async function appendAuditMany(tx: Tx, inputs: readonly AuditEntry[], alongside: readonly Prisma.Sql[] = []): Promise<void> {
  if (inputs.length === 0) return;
  let { seq, hash: prevHash } = await lockAuditChain(tx);
  const rows = inputs.map((input) => {
    seq += 1n;
    // Round-trip through JSON so what we hash is exactly what the database stores.
    const data = JSON.parse(JSON.stringify(input.data ?? {}, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as Prisma.InputJsonObject;
    const fields = {
      at: new Date(input.at.getTime()),
      actorId: input.actorId ?? null,
      platform: input.platform ?? null,
      account: input.account ?? null,
      action: input.action,
      subject: input.subject,
      data,
      policyVersion: input.policyVersion ?? null,
    };
    const hash = hashAuditEvent(prevHash, seq, fields);
    const row = { seq, ...fields, prevHash, hash };
    prevHash = hash;
    return row;
  });
  // the head moves on in the statement that inserts
  await writeTogether(tx, [...insertStatements(AUDIT_EVENT, rows), ...alongside, Prisma.sql`UPDATE "AuditHead" SET "seq" = ${seq}, "hash" = ${prevHash} WHERE "id" = 1`]);
}

const AUDIT_EVENT: TableSpec<AuditRow> = {
  table: 'AuditEvent',
  columns: {
    seq: 'bigint',
    at: 'timestamp',
    actorId: 'text',
    platform: 'text',
    account: 'text',
    action: 'text',
    subject: 'text',
    data: 'jsonb',
    policyVersion: 'integer',
    prevHash: 'text',
    hash: 'text',
  },
};
const PENDING_AUDIT: TableSpec<{ entry: unknown }> = { table: 'PendingAudit', columns: { entry: 'jsonb' } };

/**
 * Delivery receipts, kept without taking the chain's lock, in one statement (the service's receipts
 * arrive through a write batch): they join the chain in the next batch (chainPending), in the order kept.
 */
export async function queueAudits(tx: Pick<Tx, '$executeRaw'>, inputs: readonly AuditEntry[]): Promise<void> {
  await insertRows(
    tx,
    PENDING_AUDIT,
    inputs.map((input) => ({ entry: pendingEntry(input) })),
  );
}

/** A receipt as its waiting row keeps it (PendingAudit.entry): its time as an ISO string, amounts as strings. */
export function pendingEntry(input: AuditEntry): Prisma.InputJsonObject {
  return JSON.parse(JSON.stringify({ ...input, data: input.data ?? {} }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as Prisma.InputJsonObject;
}

/** Moves waiting receipts into the chain, a batch per transaction; gives how many. */
export async function chainPending(db: Db, batch = 500): Promise<number> {
  let total = 0;
  for (;;) {
    // a look without the lock first: most calls find nothing and leave the chain to the decisions
    if (!(await db.pendingAudit.findFirst({ select: { id: true } }))) return total;
    const moved = await db.$transaction(async (tx) => {
      // the waiting rows first, locked (another process chaining at once waits for them, then finds
      // them gone), so the chain's lock is held for two statements: the insert, with their removal, and the commit
      const rows = await tx.$queryRaw<{ id: bigint; entry: unknown }[]>`SELECT "id", "entry" FROM "PendingAudit" ORDER BY "id" LIMIT ${batch} FOR UPDATE`;
      if (rows.length === 0) return 0;
      await appendAuditMany(
        tx,
        rows.map((row) => entryOf(row.entry)),
        [Prisma.sql`DELETE FROM "PendingAudit" WHERE "id" = ANY(${rows.map((r) => r.id.toString())}::bigint[])`],
      );
      return rows.length;
    });
    total += moved;
    if (moved < batch) return total;
  }
}

function entryOf(stored: unknown): AuditEntry {
  const entry = stored as AuditEntry & { at: string };
  return { ...entry, at: new Date(entry.at) };
}

/** Audits in a transaction of its own (for refusals, whose own transaction was rolled back). */
export async function recordAudit(db: Db, input: AuditEntry): Promise<void> {
  await db.$transaction((tx) => appendAudit(tx, input));
}

/** Streams the whole chain through verifyChain in pages. */
export async function verifyAuditChain(db: Db, pageSize = 1000): Promise<ChainCheck> {
  let prevHash = GENESIS_HASH;
  let prevSeq = 0n;
  let count = 0;
  for (;;) {
    const rows = await db.auditEvent.findMany({ where: { seq: { gt: prevSeq } }, orderBy: { seq: 'asc' }, take: pageSize });
    if (rows.length === 0) return { ok: true, count, lastHash: prevHash };
    const result = verifyChain(rows as AuditRow[], prevHash, prevSeq);
    if (!result.ok) return result;
    count += result.count;
    prevHash = result.lastHash;
    prevSeq = rows[rows.length - 1]!.seq;
  }
}
