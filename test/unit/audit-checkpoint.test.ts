// 审计链检查点, the pure parts: a checkpoint's signature holds only for what was signed and the key
// that signed it; the chain is checked against checkpoints (a deleted or rewritten suffix is named
// by its first row); decisions, ledger rows and request states are matched with their audit events;
// the daily slot; the words the 监督群 and the administrator read.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../workflows/domain/audit-chain.js';
import { isCheckpointSigned, signCheckpoint, type Checkpoint } from '../../workflows/domain/audit/checkpoint.js';
import { checkCheckpoints, type ChainAtCheckpoints, type CheckpointLine } from '../../workflows/domain/audit/check-checkpoints.js';
import { nextCheckpointSlot } from '../../workflows/domain/audit/checkpoint-schedule.js';
import { checkDecisionsAudited } from '../../workflows/domain/audit/decisions-audited.js';
import { checkLedgerAudited } from '../../workflows/domain/audit/ledger-audited.js';
import { checkRequestStatesAudited } from '../../workflows/domain/audit/request-states-audited.js';
import { auditFindingText } from '../../bot/replies/audit-verify-words.js';
import { checkpointMessage } from '../../bot/replies/audit-checkpoint-words.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const hash = (n: number) => n.toString(16).padStart(64, '0');
const at = '2026-12-01T10:00:00.000Z';

/** a chain of `head` rows, row n hashed hash(n), with checkpoint events where given */
function chainOf(head: number, events: Record<number, Checkpoint> = {}): ChainAtCheckpoints {
  const rows = new Map<bigint, { hash: string; action: string; data: unknown }>();
  for (let n = 1; n <= head; n++)
    rows.set(BigInt(n), events[n] ? { hash: hash(n), action: 'audit.checkpoint', data: events[n] } : { hash: hash(n), action: 'notify.text.sent', data: {} });
  return { head: BigInt(head), rows, events: Object.entries(events).map(([seq, data]) => ({ seq: BigInt(seq), data })) };
}
const cp = (seq: number, key = privateKey) => signCheckpoint({ seq: String(seq), hash: hash(seq), at }, key);
const lines = (...cps: Checkpoint[]): CheckpointLine[] => cps.map((checkpoint, i) => ({ line: i + 1, checkpoint }));

describe('a signed checkpoint', () => {
  it('verifies with the public key, and not once any field or the key differs', () => {
    const c = cp(10);
    expect(isCheckpointSigned(c, publicKey)).toBe(true);
    expect(isCheckpointSigned({ ...c, hash: hash(11) }, publicKey)).toBe(false);
    expect(isCheckpointSigned({ ...c, seq: '11' }, publicKey)).toBe(false);
    expect(isCheckpointSigned({ ...c, at: '2026-12-02T10:00:00.000Z' }, publicKey)).toBe(false);
    expect(isCheckpointSigned(c, other.publicKey)).toBe(false);
    // signed by another key that claims ours
    expect(isCheckpointSigned({ ...cp(10, other.privateKey), key: c.key }, publicKey)).toBe(false);
    expect(isCheckpointSigned({ ...c, sig: 'not base64 at all' }, publicKey)).toBe(false);
  });
});

describe('checkCheckpoints', () => {
  it('passes an intact chain that goes on past its checkpoints', () => {
    const a = cp(5);
    const b = cp(9);
    const result = checkCheckpoints(lines(a, b), publicKey, chainOf(14, { 6: a, 10: b }));
    expect(result.findings).toEqual([]);
    expect(result.verified).toBe(2);
    expect(result.latest).toEqual(b);
  });

  it('names the first missing row when the newest rows were deleted', () => {
    const a = cp(5);
    const b = cp(9);
    // rows 9, 10, 11 deleted: the chain ends at 8
    const chain = chainOf(8, { 6: a });
    expect(checkCheckpoints(lines(a, b), publicKey, chain).findings).toEqual([{ code: 'chain.truncated', checkpointSeq: '9', checkpointAt: at, head: '8', firstMissing: '9' }]);
    // only the checkpoint's own event went: still a deleted suffix
    expect(checkCheckpoints(lines(a, b), publicKey, chainOf(9, { 6: a })).findings).toEqual([
      { code: 'chain.truncated', checkpointSeq: '9', checkpointAt: at, head: '9', firstMissing: '10' },
    ]);
  });

  it('names a rewritten row even when the chain was re-hashed, and the last checkpoint that still held', () => {
    const a = cp(5);
    const b = cp(9);
    const chain = chainOf(14, { 6: a, 10: b });
    const rows = new Map(chain.rows);
    rows.set(9n, { hash: 'f'.repeat(64), action: 'notify.text.sent', data: {} });
    const found = checkCheckpoints(lines(a, b), publicKey, { ...chain, rows }).findings;
    expect(found).toEqual([{ code: 'chain.rewritten', seq: '9', checkpointSeq: '9', checkpointAt: at, signedHash: hash(9), foundHash: 'f'.repeat(64), lastGood: '5' }]);
    expect(auditFindingText(found[0]!)).toMatch(/^第 9 条被改写：.*第 5 条仍与检查点一致/);
    // the checkpoint's own event replaced by another row (deleted, then the chain grew again)
    rows.set(9n, chain.rows.get(9n)!);
    rows.set(10n, { hash: hash(10), action: 'notify.text.sent', data: {} });
    expect(checkCheckpoints(lines(a, b), publicKey, { ...chain, rows }).findings).toMatchObject([{ code: 'chain.rewritten', seq: '10', checkpointSeq: '9' }]);
  });

  it('reports a forged or unreadable line and a checkpoint the file lost', () => {
    const a = cp(5);
    const b = cp(9);
    const forged = { ...cp(12, other.privateKey) };
    const result = checkCheckpoints([...lines(a, forged), { line: 3, unreadable: true }], publicKey, chainOf(14, { 6: a, 10: b }));
    expect(result.findings).toEqual([
      { code: 'checkpoint.bad_signature', line: 2, seq: '12', key: forged.key },
      { code: 'checkpoint.unreadable', line: 3 },
      { code: 'checkpoint.unfiled', eventSeq: '10', seq: '9', at },
    ]);
    expect(result.verified).toBe(1);
  });

  it('takes a checkpoint of an empty chain at seq 0', () => {
    const zero = signCheckpoint({ seq: '0', hash: GENESIS_HASH, at }, privateKey);
    expect(checkCheckpoints(lines(zero), publicKey, chainOf(3, { 1: zero })).findings).toEqual([]);
  });
});

describe('cross-checks', () => {
  it('pairs decision rows with decision events, one for one', () => {
    const row = { id: 7n, requestId: 'r1', no: 3, stepId: 'r1.1.0', personId: 'qianwei', action: 'approve' };
    const event = { seq: 40n, requestId: 'r1', no: 3, stepId: 'r1.1.0', actorId: 'qianwei', action: 'approve' };
    expect(checkDecisionsAudited([row], [event])).toEqual([]);
    expect(checkDecisionsAudited([row, { ...row, id: 8n }], [event])).toEqual([
      { code: 'decision.unaudited', id: '8', no: 3, stepId: 'r1.1.0', personId: 'qianwei', action: 'approve' },
    ]);
    expect(checkDecisionsAudited([], [event])).toEqual([{ code: 'decision.missing', seq: '40', no: 3, stepId: 'r1.1.0', personId: 'qianwei', action: 'approve' }]);
    expect(checkDecisionsAudited([{ ...row, personId: 'liuxiaoyan' }], [event]).map((f) => f.code)).toEqual(['decision.unaudited', 'decision.missing']);
  });

  it('counts ledger rows against what their events may write', () => {
    const noOf = (id: string) => (id === 'r1' ? 3 : id === 'r2' ? 4 : null);
    const events = [
      { action: 'org.loaded', created: 2, adjusted: 0 },
      { action: 'request.submitted', requestId: 'r1' },
      { action: 'decision.return', requestId: 'r1', outcome: 'returned' },
      { action: 'request.resubmitted', requestId: 'r1' },
      { action: 'decision.approve', requestId: 'r1', outcome: 'step_approved' },
      { action: 'decision.approve', requestId: 'r1', outcome: 'approved' },
      { action: 'request.settled', settledNos: [3] },
    ];
    const groups = [
      { requestId: null, kind: 'ALLOT', rows: 2, lastId: 2n },
      { requestId: 'r1', kind: 'FREEZE', rows: 2, lastId: 9n },
      { requestId: 'r1', kind: 'RELEASE', rows: 1, lastId: 5n },
      { requestId: 'r1', kind: 'COMMIT', rows: 1, lastId: 10n },
      { requestId: 'r1', kind: 'UNCOMMIT', rows: 1, lastId: 11n },
    ];
    expect(checkLedgerAudited(groups, events, noOf)).toEqual([]);
    const extra = [...groups, { requestId: 'r2', kind: 'FREEZE', rows: 1, lastId: 12n }, { requestId: null, kind: 'ADJUST', rows: 1, lastId: 13n }];
    const found = checkLedgerAudited(extra, events, noOf);
    expect(found).toEqual([
      { code: 'ledger.unaudited', requestId: 'r2', no: 4, kind: 'FREEZE', rows: 1, allowed: 0, lastId: '12' },
      { code: 'ledger.unaudited', requestId: null, no: null, kind: 'ADJUST', rows: 1, allowed: 0, lastId: '13' },
    ]);
    expect(auditFindingText(found[0]!)).toBe('预算台账：No.4 的冻结（FREEZE）记录有 1 条，审计事件只说明了 0 条（最新一条台账 #12）');
    // a submission's event deleted: its FREEZE is over
    expect(checkLedgerAudited(groups, events.slice(0, 1).concat(events.slice(2)), noOf)).toMatchObject([{ requestId: 'r1', kind: 'FREEZE', rows: 2, allowed: 1 }]);
  });

  it('explains each request state by its last audited event', () => {
    const events = [
      { requestId: 'r1', seq: 1n, action: 'request.drafted' },
      { requestId: 'r1', seq: 2n, action: 'request.submitted' },
      { requestId: 'r1', seq: 3n, action: 'decision.approve', outcome: 'step_approved' },
      { requestId: 'r1', seq: 4n, action: 'decision.approve', outcome: 'approved' },
    ];
    const r1 = { id: 'r1', no: 3, status: 'approved', paymentState: null, settled: false };
    expect(checkRequestStatesAudited([r1], events, new Set())).toEqual([]);
    expect(checkRequestStatesAudited([{ ...r1, status: 'rejected' }], events, new Set())).toEqual([
      { code: 'request.state_unaudited', no: 3, status: 'rejected', audited: 'approved', seq: '4' },
    ]);
    expect(checkRequestStatesAudited([{ ...r1, id: 'r9', no: 9 }], events, new Set())).toEqual([{ code: 'request.unaudited', no: 9, status: 'approved' }]);
    expect(checkRequestStatesAudited([{ ...r1, paymentState: 'paid', settled: true }], events, new Set()).map((f) => f.code)).toEqual([
      'request.payment_unaudited',
      'request.settle_unaudited',
    ]);
    expect(checkRequestStatesAudited([{ ...r1, settled: true }], events, new Set([3]))).toEqual([]);
  });
});

describe('the daily checkpoint', () => {
  const tz = 'Asia/Shanghai';
  it('is every day at its time, after the last day taken', () => {
    expect(nextCheckpointSlot(new Date('2026-12-05T09:00:00+08:00'), '18:00', tz)).toEqual({ day: '2026-12-05', at: new Date('2026-12-05T18:00:00+08:00') });
    // a Saturday evening past the time: Sunday, a holiday or not
    expect(nextCheckpointSlot(new Date('2026-12-05T19:00:00+08:00'), '18:00', tz)).toEqual({ day: '2026-12-06', at: new Date('2026-12-06T18:00:00+08:00') });
    // taken a moment early by our clock: still the next day
    expect(nextCheckpointSlot(new Date('2026-12-05T17:59:59+08:00'), '18:00', tz, '2026-12-05').day).toBe('2026-12-06');
    // the bot was down at 18:00 and the last checkpoint is yesterday's: today's at once
    const late = new Date('2026-12-05T19:30:00+08:00');
    expect(nextCheckpointSlot(late, '18:00', tz, '2026-12-04')).toEqual({ day: '2026-12-05', at: late });
    expect(nextCheckpointSlot(late, '18:00', tz, '2026-12-05').day).toBe('2026-12-06');
  });

  it('reads, in the 监督群, as the row, its hash, the time and the signature', () => {
    const c = cp(1234);
    const { title, lines: body } = checkpointMessage({ kind: 'audit.checkpoint', ...c, local: '2026-12-01 18:00', day: '2026-12-01' });
    expect(title).toBe('【审计链检查点】第 1234 条');
    expect(body[0]).toBe(`哈希：${hash(1234)}`);
    expect(body[1]).toBe('时间：2026-12-01 18:00（每日检查点）');
    expect(body[2]).toBe(`签名：${c.sig}（密钥指纹 ${c.key}）`);
  });
});
