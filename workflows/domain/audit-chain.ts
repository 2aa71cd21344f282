// 审计链: each audit event carries the hash of the one before, so editing, deleting or reordering
// any row breaks every hash after it. Pure: hashing and verification over plain rows.
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditFields {
  at: Date;
  actorId: string | null;
  platform: string | null;
  account: string | null;
  action: string;
  subject: string;
  data: unknown;
  policyVersion: number | null;
}

export interface AuditRow extends AuditFields {
  seq: bigint;
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function hashAuditEvent(prevHash: string, seq: bigint, event: AuditFields): string {
  const body = canonicalJson({
    seq: seq.toString(),
    at: event.at.toISOString(),
    actorId: event.actorId,
    platform: event.platform,
    account: event.account,
    action: event.action,
    subject: event.subject,
    data: event.data,
    policyVersion: event.policyVersion,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

export type ChainCheck = { ok: true; count: number; lastHash: string } | { ok: false; seq: bigint; reason: string };

/**
 * Verifies rows in seq order, continuing from `prevHash` (the hash of the row before the first one).
 * Returns the first bad row: a gap in seq, a broken link, or a hash that does not match its content.
 */
export function verifyChain(rows: Iterable<AuditRow>, prevHash = GENESIS_HASH, prevSeq = 0n): ChainCheck {
  let count = 0;
  for (const row of rows) {
    if (row.seq !== prevSeq + 1n) return { ok: false, seq: row.seq, reason: `序号不连续：${prevSeq} 之后是 ${row.seq}` };
    if (row.prevHash !== prevHash) return { ok: false, seq: row.seq, reason: '与上一条的哈希链接断开' };
    if (hashAuditEvent(row.prevHash, row.seq, row) !== row.hash) return { ok: false, seq: row.seq, reason: '内容与哈希不符（记录被改动）' };
    prevHash = row.hash;
    prevSeq = row.seq;
    count++;
  }
  return { ok: true, count, lastHash: prevHash };
}
