// 可用额度 = allotted + adjusted − frozen − committed − spent: the one definition the ledger, the cards
// and /预算 share.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { availableOf } from '../../workflows/domain/budget-balance.js';

describe('availableOf', () => {
  it('takes what is frozen, committed and spent off the allotment and its adjustments', () => {
    expect(availableOf({ allotted: 5_000_000n, adjusted: 0n, frozen: 0n, committed: 0n, spent: 0n })).toBe(5_000_000n);
    expect(availableOf({ allotted: 5_000_000n, adjusted: 200_000n, frozen: 120_000n, committed: 80_000n, spent: 300_000n })).toBe(4_700_000n);
    expect(availableOf({ allotted: 5_000_000n, adjusted: -1_000_000n, frozen: 0n, committed: 4_000_000n, spent: 0n })).toBe(0n);
  });

  it('counts a commitment once: moving money between frozen, committed and spent leaves it unchanged', () => {
    const fen = fc.bigInt({ min: 0n, max: 10_000_000_000n });
    fc.assert(
      fc.property(fen, fen, fen, fen, fen, (allotted, frozen, committed, spent, moved) => {
        const line = { allotted, adjusted: 0n, frozen: frozen + moved, committed, spent };
        const before = availableOf(line);
        // COMMIT frozen → committed, SPEND committed → spent: available stays
        expect(availableOf({ ...line, frozen, committed: committed + moved })).toBe(before);
        expect(availableOf({ ...line, frozen, spent: spent + moved })).toBe(before);
        // RELEASE and UNCOMMIT give it back
        expect(availableOf({ ...line, frozen })).toBe(before + moved);
      }),
    );
  });
});
