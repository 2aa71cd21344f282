// 分期: a contract's instalments as amounts exact to the 分, always adding up to the contract.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planInstalments, type InstalmentInput } from '../../workflows/domain/chain/instalments.js';
import { isAppError } from '../../workflows/domain/errors.js';

/** the INSTALMENTS_INVALID refusal planInstalments throws, or a failure when it throws nothing or something else */
function refusal(total: bigint, input: InstalmentInput[]): Record<string, unknown> {
  try {
    planInstalments(total, input);
  } catch (error) {
    if (isAppError(error) && error.code === 'INSTALMENTS_INVALID') return error.details;
    throw error;
  }
  throw new Error('expected INSTALMENTS_INVALID');
}

describe('planInstalments', () => {
  it('makes a contract without instalments one instalment of the whole amount', () => {
    expect(planInstalments(12_000_000n, [])).toEqual([{ index: 1, amount: 12_000_000n, condition: '' }]);
  });

  it('turns percentages into amounts: 30% on signing, 70% after acceptance of 120,000.00 元', () => {
    expect(
      planInstalments(12_000_000n, [
        { percentBasis: 3000, condition: ' 签订后 ' },
        { percentBasis: 7000, condition: '验收合格后' },
      ]),
    ).toEqual([
      { index: 1, amount: 3_600_000n, condition: '签订后' },
      { index: 2, amount: 8_400_000n, condition: '验收合格后' },
    ]);
  });

  it('rounds each percentage down and gives the 分 left over to the last percentage', () => {
    // 100.01 元 in thirds: 33.33% + 33.33% + 33.34% = 3333.333 + 3333.333 + 3334.334 分
    expect(
      planInstalments(10_001n, [
        { percentBasis: 3333, condition: '一' },
        { percentBasis: 3333, condition: '二' },
        { percentBasis: 3334, condition: '三' },
      ]).map((i) => i.amount),
    ).toEqual([3333n, 3333n, 3335n]);
    // 12.5% of 0.07 元 rounds to nothing, but the last takes the rest
    expect(
      planInstalments(7n, [
        { percentBasis: 8750, condition: 'a' },
        { percentBasis: 1250, condition: 'b' },
      ]).map((i) => i.amount),
    ).toEqual([6n, 1n]);
  });

  it('takes amounts as they are', () => {
    expect(
      planInstalments(10_000_000n, [
        { amount: 3_000_000n, condition: '预付' },
        { amount: 7_000_000n, condition: '验收合格后' },
      ]).map((i) => i.amount),
    ).toEqual([3_000_000n, 7_000_000n]);
  });

  it('mixes amounts and percentages, the last percentage taking the rounding', () => {
    // 100,000.01 元: 30,000 元 down, 60% and 10% of the whole (6,000,000.6 and 1,000,000.1 分) → 60,000.00 and 10,000.01
    expect(
      planInstalments(10_000_001n, [
        { amount: 3_000_000n, condition: '预付' },
        { percentBasis: 6000, condition: '验收合格后' },
        { percentBasis: 1000, condition: '质保期满' },
      ]).map((i) => [i.index, i.amount]),
    ).toEqual([
      [1, 3_000_000n],
      [2, 6_000_000n],
      [3, 1_000_001n],
    ]);
  });

  it('refuses instalments that do not add up to the contract, saying by how much', () => {
    expect(
      refusal(10_000_000n, [
        { percentBasis: 3000, condition: 'a' },
        { percentBasis: 6000, condition: 'b' },
      ]),
    ).toMatchObject({ problem: expect.stringContaining('100%') });
    expect(
      refusal(10_000_000n, [
        { amount: 3_000_000n, condition: 'a' },
        { amount: 6_000_000n, condition: 'b' },
      ]),
    ).toEqual({ plannedFen: '9000000', totalFen: '10000000' });
    expect(
      refusal(10_000_000n, [
        { amount: 3_000_000n, condition: 'a' },
        { percentBasis: 8000, condition: 'b' },
      ]),
    ).toEqual({ plannedFen: '11000000', totalFen: '10000000' });
    // a shortfall rounding cannot explain: 30,000 元 + 69.99% of 100,000 元
    expect(
      refusal(10_000_000n, [
        { amount: 3_000_000n, condition: 'a' },
        { percentBasis: 6999, condition: 'b' },
      ]),
    ).toEqual({ plannedFen: '9999000', totalFen: '10000000' });
  });

  it('refuses percentages short of 100% even where rounding would hide it', () => {
    // 50% + 49.99% of 1.00 元 rounds to 50 + 49 分, one 分 short — a top-up would make it look whole
    expect(
      refusal(100n, [
        { percentBasis: 5000, condition: 'a' },
        { percentBasis: 4999, condition: 'b' },
      ]).problem,
    ).toMatch(/100%/);
  });

  it('refuses an instalment with neither or both of amount and percentage, or out of range', () => {
    const bad: InstalmentInput[][] = [
      [{ condition: 'a' }],
      [{ amount: 100n, percentBasis: 10000, condition: 'a' }],
      [
        { amount: 0n, condition: 'a' },
        { amount: 100n, condition: 'b' },
      ],
      [
        { amount: -1n, condition: 'a' },
        { amount: 101n, condition: 'b' },
      ],
      [
        { percentBasis: 0, condition: 'a' },
        { percentBasis: 10000, condition: 'b' },
      ],
      [{ percentBasis: 10001, condition: 'a' }],
      [
        { percentBasis: 33.5, condition: 'a' },
        { percentBasis: 9966.5, condition: 'b' },
      ],
    ];
    for (const input of bad) expect(refusal(100n, input)).toMatchObject({ problem: expect.any(String), total: '100' });
  });

  it('refuses an instalment that rounds to nothing', () => {
    // 0.01% of 0.50 元 is 0.005 分, and it is not the last percentage
    expect(
      refusal(50n, [
        { percentBasis: 1, condition: 'a' },
        { percentBasis: 9999, condition: 'b' },
      ]).problem,
    ).toMatch(/nothing/);
  });

  it('always adds up to the contract exactly, numbering from 1, for any split into percentages', () => {
    const split = fc.array(fc.integer({ min: 1, max: 10000 }), { minLength: 1, maxLength: 6 }).map((cuts) => {
      // cut 100.00% into parts at sorted distinct points
      const points = [...new Set(cuts.map((c) => c % 10000))].filter((p) => p > 0).sort((a, b) => a - b);
      const edges = [0, ...points, 10000];
      return edges.slice(1).map((edge, i) => edge - edges[i]!);
    });
    fc.assert(
      fc.property(fc.bigInt({ min: 1_000_000n, max: 100_000_000_000n }), split, (total, parts) => {
        const plan = planInstalments(
          total,
          parts.map((basis, i) => ({ percentBasis: basis, condition: `第${i + 1}期` })),
        );
        expect(plan.reduce((sum, i) => sum + i.amount, 0n)).toBe(total);
        expect(plan.map((i) => i.index)).toEqual(parts.map((_, i) => i + 1));
        plan.forEach((instalment, i) => {
          // each within one 分 per percentage of its exact share
          const exact = (total * BigInt(parts[i]!)) / 10000n;
          expect(instalment.amount >= exact && instalment.amount - exact < BigInt(parts.length)).toBe(true);
        });
      }),
    );
  });

  it('adds up with amounts and percentages mixed, whatever the rounding left', () => {
    const percents = fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(fc.bigInt({ min: 1_000_000n, max: 100_000_000_000n }), percents, fc.nat(), (total, parts, pick) => {
        // fixed amounts take what the percentages, rounded down, leave — less some 分 the rounding may owe
        const floors = parts.map((basis) => (total * BigInt(basis)) / 10000n);
        const owed = BigInt(pick % parts.length);
        const fixed = total - floors.reduce((a, b) => a + b, 0n) - owed;
        const input: InstalmentInput[] = [
          { amount: fixed / 2n, condition: '预付' },
          ...parts.map((basis) => ({ percentBasis: basis, condition: '进度款' })),
          { amount: fixed - fixed / 2n, condition: '尾款' },
        ];
        const plan = planInstalments(total, input);
        expect(plan.reduce((sum, i) => sum + i.amount, 0n)).toBe(total);
        expect(plan[parts.length]!.amount).toBe(floors.at(-1)! + owed);
      }),
    );
  });
});
