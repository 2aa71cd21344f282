// Supplier concentration: the approval that makes one supplier's approved total in a fiscal year reach
// the organisation file's line raises one alert per supplier and year.
import { describe, expect, it } from 'vitest';
import { supplierConcentration, type SupplierApproval } from '../../workflows/domain/supervision/supplier-concentration.js';

const CITATION = '某省内部控制办法第二十条（供应商集中）';
const THRESHOLD = 100_000_000n;

const approval = (over: Partial<SupplierApproval> = {}): SupplierApproval => ({
  id: 'r12',
  no: 12,
  departmentId: 'chengjian',
  requesterId: 'fenglei',
  supplier: '青石商贸',
  amount: 20_000_000n,
  fiscalYear: 2026,
  ...over,
});

describe('supplierConcentration', () => {
  it('raises a 黄牌 when the approval takes the supplier past the line', () => {
    expect(supplierConcentration(approval(), 90_000_000n, THRESHOLD, CITATION)).toEqual({
      rule: 'supplier_concentration',
      severity: 'warning',
      dedupeKey: 'supplier_concentration:2026:青石商贸',
      requestIds: ['r12'],
      requestNos: [12],
      departmentId: 'chengjian',
      personId: 'fenglei',
      amount: 110_000_000n,
      citation: CITATION,
      facts: { supplier: '青石商贸', total: '110000000', threshold: '100000000', fiscalYear: 2026 },
    });
  });

  it('raises when the total is exactly the line, not one 分 below', () => {
    expect(supplierConcentration(approval(), 80_000_000n, THRESHOLD, CITATION)?.facts.total).toBe('100000000');
    expect(supplierConcentration(approval(), 79_999_999n, THRESHOLD, CITATION)).toBeNull();
  });

  it('raises when a single approval reaches the line on its own', () => {
    expect(supplierConcentration(approval({ amount: THRESHOLD }), 0n, THRESHOLD, CITATION)?.amount).toBe(THRESHOLD);
  });

  it('raises nothing once the supplier was already past the line: the crossing approval raised it', () => {
    expect(supplierConcentration(approval(), THRESHOLD, THRESHOLD, CITATION)).toBeNull();
    expect(supplierConcentration(approval(), 150_000_000n, THRESHOLD, CITATION)).toBeNull();
  });

  it('raises nothing for a request that names no supplier', () => {
    expect(supplierConcentration(approval({ supplier: '' }), 90_000_000n, THRESHOLD, CITATION)).toBeNull();
  });

  it('names one subject per supplier and fiscal year', () => {
    const key = (over: Partial<SupplierApproval>) => supplierConcentration(approval(over), 90_000_000n, THRESHOLD, CITATION)?.dedupeKey;
    expect(key({ id: 'r13', no: 13 })).toBe('supplier_concentration:2026:青石商贸');
    expect(key({ supplier: '蓝天办公' })).toBe('supplier_concentration:2026:蓝天办公');
    expect(key({ fiscalYear: 2027 })).toBe('supplier_concentration:2027:青石商贸');
  });
});
