// Reads what checking the chain against its checkpoints needs (check-checkpoints.ts): the file's
// lines, the chain's head, the rows at each checkpoint's seq and the one after, and the chain's own
// checkpoint events.
import type { KeyObject } from 'node:crypto';
import { checkCheckpoints, type CheckpointCheck } from '../../domain/audit/check-checkpoints.js';
import type { Db } from '../db.js';
import { readCheckpointLines } from './checkpoint-file.js';
import { CHECKPOINT_ACTION } from './take-checkpoint.js';

export async function verifyCheckpoints(db: Db, file: string, publicKey: KeyObject): Promise<CheckpointCheck & { lines: number }> {
  const lines = await readCheckpointLines(file);
  const seqs = new Set<bigint>();
  for (const entry of lines) {
    if ('unreadable' in entry) continue;
    const seq = BigInt(entry.checkpoint.seq);
    seqs.add(seq);
    seqs.add(seq + 1n);
  }
  const [head, rows, events] = await Promise.all([
    db.auditEvent.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true } }),
    db.auditEvent.findMany({ where: { seq: { in: [...seqs] } }, select: { seq: true, hash: true, action: true, data: true } }),
    db.auditEvent.findMany({ where: { action: CHECKPOINT_ACTION }, select: { seq: true, data: true }, orderBy: { seq: 'asc' } }),
  ]);
  const check = checkCheckpoints(lines, publicKey, { head: head?.seq ?? 0n, rows: new Map(rows.map((r) => [r.seq, r])), events });
  return { ...check, lines: lines.length };
}
