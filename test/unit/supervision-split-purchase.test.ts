// 化整为零: several requests of one department, category and (where named) supplier in one fiscal
// year, each below the procurement threshold, that together reach it — the request that makes the
// sum reach the line raises one alert citing the organisation file's basis.
import { describe, expect, it } from 'vitest';
import { splitPurchase, type PurchaseFacts, type SplitSettings } from '../../workflows/domain/supervision/split-purchase.js';

const CITATION = '某省政府采购办法第十二条（化整为零）';
const settings: SplitSettings = { procurementThreshold: 15_000_000n, splitPurchaseBlocks: false, citation: CITATION };

const purchase = (no: number, amount: bigint, over: Partial<PurchaseFacts> = {}): PurchaseFacts => ({
  id: `r${no}`,
  no,
  departmentId: 'chengjian',
  requesterId: 'fenglei',
  category: '办公设备',
  supplier: '青石商贸',
  amount,
  fiscalYear: 2026,
  ...over,
});

describe('splitPurchase', () => {
  it('raises a 红牌 when two purchases below the threshold reach it together', () => {
    const finding = splitPurchase(purchase(5, 7_600_000n), [purchase(3, 7_600_000n)], settings);
    expect(finding).toEqual({
      rule: 'split_purchase',
      severity: 'violation',
      dedupeKey: 'split_purchase:r5',
      requestIds: ['r3', 'r5'],
      requestNos: [3, 5],
      departmentId: 'chengjian',
      personId: 'fenglei',
      amount: 15_200_000n,
      citation: CITATION,
      facts: {
        category: '办公设备',
        supplier: '青石商贸',
        total: '15200000',
        threshold: '15000000',
        count: 2,
        fiscalYear: 2026,
        blocks: false,
      },
    });
  });

  it('raises when the sum is exactly the threshold, not one 分 below', () => {
    expect(splitPurchase(purchase(5, 7_500_000n), [purchase(3, 7_500_000n)], settings)?.facts.total).toBe('15000000');
    expect(splitPurchase(purchase(5, 7_499_999n), [purchase(3, 7_500_000n)], settings)).toBeNull();
  });

  it('says whether the policy blocks the submit', () => {
    const finding = splitPurchase(purchase(5, 7_600_000n), [purchase(3, 7_600_000n)], { ...settings, splitPurchaseBlocks: true });
    expect(finding?.facts.blocks).toBe(true);
  });

  it('raises nothing for a candidate at or above the threshold: that one goes to tender anyway', () => {
    expect(splitPurchase(purchase(5, 15_000_000n), [purchase(3, 7_600_000n)], settings)).toBeNull();
    expect(splitPurchase(purchase(5, 15_000_001n), [purchase(3, 7_600_000n)], settings)).toBeNull();
  });

  it('does not count a sibling at or above the threshold', () => {
    expect(splitPurchase(purchase(5, 100n), [purchase(3, 15_000_000n)], settings)).toBeNull();
    expect(splitPurchase(purchase(5, 100n), [purchase(3, 20_000_000n)], settings)).toBeNull();
    const finding = splitPurchase(purchase(5, 7_600_000n), [purchase(2, 15_000_000n), purchase(3, 7_600_000n)], settings);
    expect(finding?.requestNos).toEqual([3, 5]);
    expect(finding?.facts.total).toBe('15200000');
  });

  it('raises nothing alone: a single request below the threshold is no split', () => {
    expect(splitPurchase(purchase(5, 14_999_999n), [], settings)).toBeNull();
  });

  it('does not count the candidate twice when the earlier list holds it (a changed draft)', () => {
    expect(splitPurchase(purchase(5, 7_600_000n), [purchase(5, 7_600_000n)], settings)).toBeNull();
    const finding = splitPurchase(purchase(5, 7_600_000n), [purchase(5, 7_000_000n), purchase(3, 7_600_000n)], settings);
    expect(finding?.requestIds).toEqual(['r3', 'r5']);
    expect(finding?.amount).toBe(15_200_000n);
  });

  it('counts only the same supplier when the candidate names one', () => {
    expect(splitPurchase(purchase(5, 7_600_000n), [purchase(3, 7_600_000n, { supplier: '蓝天办公' })], settings)).toBeNull();
    expect(splitPurchase(purchase(5, 7_600_000n), [purchase(3, 7_600_000n, { supplier: '' })], settings)).toBeNull();
  });

  it('counts every supplier when the candidate names none', () => {
    const finding = splitPurchase(purchase(5, 5_000_000n, { supplier: '' }), [purchase(3, 5_000_000n), purchase(4, 5_000_000n, { supplier: '蓝天办公' })], settings);
    expect(finding?.requestNos).toEqual([3, 4, 5]);
    expect(finding?.facts).toMatchObject({ supplier: '', count: 3, total: '15000000' });
  });

  it('counts only the same fiscal year', () => {
    expect(splitPurchase(purchase(5, 7_600_000n), [purchase(3, 7_600_000n, { fiscalYear: 2025 })], settings)).toBeNull();
  });

  it('counts only the same department and the same category', () => {
    expect(splitPurchase(purchase(5, 7_600_000n), [purchase(3, 7_600_000n, { departmentId: 'caizheng' })], settings)).toBeNull();
    expect(splitPurchase(purchase(5, 7_600_000n), [purchase(3, 7_600_000n, { category: '印刷服务' })], settings)).toBeNull();
  });

  it('lists the requests by number, the candidate last, and sums them all', () => {
    const finding = splitPurchase(purchase(9, 4_000_000n), [purchase(7, 4_000_000n), purchase(2, 4_000_000n), purchase(4, 4_000_000n)], settings);
    expect(finding?.requestNos).toEqual([2, 4, 7, 9]);
    expect(finding?.requestIds).toEqual(['r2', 'r4', 'r7', 'r9']);
    expect(finding?.amount).toBe(16_000_000n);
    expect(finding?.facts).toMatchObject({ count: 4, total: '16000000' });
  });

  it('names its subject by the candidate: one alert per crossing request', () => {
    const earlier = [purchase(3, 7_600_000n)];
    expect(splitPurchase(purchase(5, 7_600_000n), earlier, settings)?.dedupeKey).toBe('split_purchase:r5');
    expect(splitPurchase(purchase(6, 7_600_000n), earlier, settings)?.dedupeKey).toBe('split_purchase:r6');
  });
});

describe('a long year of small purchases', () => {
  it('names the ten most recent earlier requests, and counts and totals them all', () => {
    const earlier = Array.from({ length: 30 }, (_, i) => ({
      id: `e${i + 1}`,
      no: i + 1,
      departmentId: 'cjb',
      requesterId: 'fenglei',
      category: '办公费',
      supplier: '',
      amount: 100_000n,
      fiscalYear: 2026,
    }));
    const candidate = { ...earlier[0]!, id: 'c', no: 31 };
    const finding = splitPurchase(candidate, earlier, { procurementThreshold: 1_000_000n, splitPurchaseBlocks: false, citation: '依据' });
    expect(finding?.requestNos).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);
    expect(finding?.facts).toMatchObject({ count: 31, total: '3100000' });
  });
});
