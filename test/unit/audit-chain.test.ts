import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, canonicalJson, hashAuditEvent, verifyChain, type AuditRow } from '../../workflows/domain/audit-chain.js';

function chain(n: number): AuditRow[] {
  const rows: AuditRow[] = [];
  let prevHash = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const fields = {
      at: new Date(Date.UTC(2026, 0, 1, 0, i)),
      actorId: `p${i}`,
      platform: 'console',
      account: `p${i}`,
      action: 'decision.approve',
      subject: `request:${i}`,
      data: { n: i, nested: { b: 1, a: [1, 2] } },
      policyVersion: 1,
    };
    const seq = BigInt(i);
    const hash = hashAuditEvent(prevHash, seq, fields);
    rows.push({ ...fields, seq, prevHash, hash });
    prevHash = hash;
  }
  return rows;
}

describe('audit hash chain', () => {
  it('accepts an intact chain', () => {
    expect(verifyChain(chain(5))).toMatchObject({ ok: true, count: 5 });
  });

  it('hashes content, not key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: 2 }, b: 1 }));
  });

  it('names the first edited row', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2]!, data: { n: 999 } };
    expect(verifyChain(rows)).toMatchObject({ ok: false, seq: 3n });
  });

  it('detects a deleted row and a re-hashed forgery', () => {
    const rows = chain(5);
    expect(verifyChain([...rows.slice(0, 2), ...rows.slice(3)])).toMatchObject({ ok: false, seq: 4n });
    // rewriting a row and its own hash still breaks the link to the next row
    const forged = chain(5);
    const row = forged[1]!;
    const data = { n: 42 };
    forged[1] = { ...row, data, hash: hashAuditEvent(row.prevHash, row.seq, { ...row, data }) };
    expect(verifyChain(forged)).toMatchObject({ ok: false, seq: 3n });
  });
});
