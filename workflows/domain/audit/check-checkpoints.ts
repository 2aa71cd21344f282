// Checks the audit chain against its signed checkpoints (checkpoint.ts): each line of the checkpoint
// file must carry a good signature, the chain must still hold the row each one signed — with the
// same hash — and the row after it must be that checkpoint's own `audit.checkpoint` event. The
// first checkpoint (by sequence) that fails names the suffix: deleted (the chain now ends before
// it) or rewritten (a row there has another hash, even if the chain re-links). Checkpoint events the
// chain holds but the file lacks mean the file lost lines. Pure: the reads are the caller's.
import { CheckpointSchema, isCheckpointSigned, type Checkpoint } from './checkpoint.js';
import type { KeyObject } from 'node:crypto';

/** one line of the checkpoint file, as read: parsed, or not readable */
export type CheckpointLine = { line: number; checkpoint: Checkpoint } | { line: number; unreadable: true };

/** what the chain holds at the rows the checkpoints name */
export interface ChainAtCheckpoints {
  /** the highest sequence number in the chain, 0n when empty */
  head: bigint;
  /** the rows at each checkpoint's seq and seq + 1 (those that exist) */
  rows: ReadonlyMap<bigint, { hash: string; action: string; data: unknown }>;
  /** every `audit.checkpoint` event in the chain: its own seq and its data */
  events: readonly { seq: bigint; data: unknown }[];
}

export type CheckpointFinding =
  | { code: 'checkpoint.unreadable'; line: number }
  /** the signature does not verify with the verification key (forged, altered, or another key) */
  | { code: 'checkpoint.bad_signature'; line: number; seq: string; key: string }
  /** the chain ends before what a checkpoint signed: rows from firstMissing on were deleted */
  | { code: 'chain.truncated'; checkpointSeq: string; checkpointAt: string; head: string; firstMissing: string }
  /** the row at `seq` is not what the checkpoint signed; the last checkpoint that still matched is at lastGood ("0": none) */
  | { code: 'chain.rewritten'; seq: string; checkpointSeq: string; checkpointAt: string; signedHash?: string; foundHash: string; lastGood: string }
  /** the chain records a checkpoint (event at eventSeq, signed for seq) that the file does not hold */
  | { code: 'checkpoint.unfiled'; eventSeq: string; seq: string; at: string };

export interface CheckpointCheck {
  findings: CheckpointFinding[];
  /** the checkpoints with a good signature */
  verified: number;
  /** the newest verified checkpoint, by seq */
  latest?: Checkpoint;
}

export function checkCheckpoints(lines: readonly CheckpointLine[], publicKey: KeyObject, chain: ChainAtCheckpoints): CheckpointCheck {
  const findings: CheckpointFinding[] = [];
  const good: Checkpoint[] = [];
  for (const entry of lines) {
    if ('unreadable' in entry) findings.push({ code: 'checkpoint.unreadable', line: entry.line });
    else if (!isCheckpointSigned(entry.checkpoint, publicKey))
      findings.push({ code: 'checkpoint.bad_signature', line: entry.line, seq: entry.checkpoint.seq, key: entry.checkpoint.key });
    else good.push(entry.checkpoint);
  }
  good.sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : BigInt(a.seq) > BigInt(b.seq) ? 1 : 0));

  let lastGood = 0n;
  for (const cp of good) {
    const seq = BigInt(cp.seq);
    const problem = suffixProblem(cp, seq, chain, lastGood);
    if (problem) {
      findings.push(problem);
      break;
    }
    lastGood = seq;
  }

  const filed = new Set(good.map((cp) => cp.sig));
  for (const event of chain.events) {
    const parsed = CheckpointSchema.safeParse(event.data);
    if (!parsed.success || filed.has(parsed.data.sig) || !isCheckpointSigned(parsed.data, publicKey)) continue;
    findings.push({ code: 'checkpoint.unfiled', eventSeq: event.seq.toString(), seq: parsed.data.seq, at: parsed.data.at });
  }
  return { findings, verified: good.length, ...(good.length > 0 ? { latest: good.at(-1)! } : {}) };
}

/** What is wrong with the chain at one checkpoint: its row and its own event after it. */
function suffixProblem(cp: Checkpoint, seq: bigint, chain: ChainAtCheckpoints, lastGood: bigint): CheckpointFinding | undefined {
  const truncated = (): CheckpointFinding => ({
    code: 'chain.truncated',
    checkpointSeq: cp.seq,
    checkpointAt: cp.at,
    head: chain.head.toString(),
    firstMissing: (chain.head + 1n).toString(),
  });
  const rewritten = (at: bigint, foundHash: string, signedHash?: string): CheckpointFinding => ({
    code: 'chain.rewritten',
    seq: at.toString(),
    checkpointSeq: cp.seq,
    checkpointAt: cp.at,
    ...(signedHash ? { signedHash } : {}),
    foundHash,
    lastGood: lastGood.toString(),
  });
  // seq 0: taken of an empty chain, nothing to compare but the event after it
  const row = seq === 0n ? { hash: cp.hash } : chain.rows.get(seq);
  if (!row) return chain.head < seq ? truncated() : rewritten(seq, '');
  if (row.hash !== cp.hash) return rewritten(seq, row.hash, cp.hash);
  // the checkpoint's own event follows the head it signed (written in the same locked transaction)
  const own = chain.rows.get(seq + 1n);
  if (!own) return chain.head <= seq ? truncated() : rewritten(seq + 1n, '');
  const data = own.data as { sig?: unknown } | null;
  if (own.action !== 'audit.checkpoint' || data?.sig !== cp.sig) return rewritten(seq + 1n, own.hash);
  return undefined;
}
