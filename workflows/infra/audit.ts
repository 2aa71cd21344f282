// Appends hash-chained audit events inside the caller's transaction. A transaction-scoped advisory
// lock serialises appenders, so the chain has exactly one successor per event.
import type { Prisma } from '../../prisma/generated/client.js';
import { GENESIS_HASH, hashAuditEvent, verifyChain, type AuditRow, type ChainCheck } from '../domain/audit-chain.js';
import type { AuditInput } from '../service/views.js';
import type { Db, Tx } from './db.js';

/** An audit event as written: what the service API's callers give, plus when and under which policy. */
export interface AuditEntry extends AuditInput {
  policyVersion?: number | null;
  at: Date;
}

const AUDIT_LOCK = 7_310_001;

/** Holds the chain still until the transaction ends: no event is appended meanwhile (a checkpoint reads the head under it). */
export async function lockAuditChain(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`;
}

export async function appendAudit(tx: Tx, input: AuditEntry): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`;
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true, hash: true } });
  const seq = (last?.seq ?? 0n) + 1n;
  const prevHash = last?.hash ?? GENESIS_HASH;
  // Round-trip through JSON so what we hash is exactly what the database stores.
  const data = JSON.parse(JSON.stringify(input.data ?? {}, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as Prisma.InputJsonObject;
  const at = new Date(input.at.getTime());
  const fields = {
    at,
    actorId: input.actorId ?? null,
    platform: input.platform ?? null,
    account: input.account ?? null,
    action: input.action,
    subject: input.subject,
    data,
    policyVersion: input.policyVersion ?? null,
  };
  await tx.auditEvent.create({ data: { seq, ...fields, prevHash, hash: hashAuditEvent(prevHash, seq, fields) } });
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
