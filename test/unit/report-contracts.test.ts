import { describe, expect, it } from 'vitest';
import { contractTable, storedInstalments, type ContractFacts } from '../../workflows/domain/reports/contract-execution.js';

const contract = (no: string, amount: bigint, instalments: unknown, fields: Partial<ContractFacts> = {}): ContractFacts => ({
  contractNo: no,
  requestNo: 10,
  department: '城建办',
  supplier: '青石建设',
  purpose: '老街雨污分流一期',
  signedOn: '2026-11-02',
  amount,
  instalments,
  settled: false,
  ...fields,
});

const TWO = [
  { index: 1, amount: '3000000', condition: '签订后' },
  { index: 2, amount: '7000000', condition: '验收合格后' },
];

describe('contractTable', () => {
  it('puts each acceptance and payment on its instalment and sums them per contract and in total', () => {
    const table = contractTable(
      [contract('HT-2026-001', 10_000_000n, TWO), contract('HT-2026-002', 500_000n, [], { requestNo: 11, supplier: '鑫达印务' })],
      [
        { contractNo: 'HT-2026-001', instalment: 2, requestNo: 14, acceptedOn: '2026-11-20' },
        { contractNo: 'HT-2026-002', instalment: null, requestNo: 15, acceptedOn: '2026-11-05' },
      ],
      [
        { contractNo: 'HT-2026-001', instalment: 1, amount: 3_000_000n, paidOn: '2026-11-03' },
        { contractNo: 'HT-2026-001', instalment: 2, amount: 4_000_000n, paidOn: '2026-11-25' },
        { contractNo: 'HT-2026-001', instalment: 2, amount: 1_000_000n, paidOn: '2026-11-21' },
        { contractNo: 'HT-2026-002', instalment: null, amount: 500_000n, paidOn: '2026-11-06' },
      ],
    );
    expect(table.contracts[0]).toEqual({
      contractNo: 'HT-2026-001',
      requestNo: 10,
      department: '城建办',
      supplier: '青石建设',
      purpose: '老街雨污分流一期',
      signedOn: '2026-11-02',
      amount: 10_000_000n,
      paid: 8_000_000n,
      remaining: 2_000_000n,
      paidBp: 8000,
      settled: false,
      instalments: [
        { index: 1, amount: 3_000_000n, condition: '签订后', acceptedOn: null, acceptanceNo: null, paid: 3_000_000n, lastPaidOn: '2026-11-03' },
        { index: 2, amount: 7_000_000n, condition: '验收合格后', acceptedOn: '2026-11-20', acceptanceNo: 14, paid: 5_000_000n, lastPaidOn: '2026-11-25' },
      ],
    });
    // stored without instalments: one of the whole amount, paid in full, so settled
    expect(table.contracts[1]).toMatchObject({
      paid: 500_000n,
      remaining: 0n,
      paidBp: 10000,
      settled: true,
      instalments: [{ index: 1, amount: 500_000n, condition: '', acceptedOn: '2026-11-05', acceptanceNo: 15, paid: 500_000n, lastPaidOn: '2026-11-06' }],
    });
    expect(table.total).toEqual({ amount: 10_500_000n, paid: 8_500_000n, remaining: 2_000_000n, paidBp: 8095, count: 2 });
  });

  it('shows a contract with nothing done yet, and one closed by 结清', () => {
    const table = contractTable([contract('HT-2026-003', 1_000_000n, TWO.slice(0, 1)), contract('HT-2026-004', 2_000_000n, TWO, { settled: true })], [], []);
    expect(table.contracts.map((c) => [c.contractNo, c.paid, c.remaining, c.paidBp, c.settled])).toEqual([
      ['HT-2026-003', 0n, 1_000_000n, 0, false],
      ['HT-2026-004', 0n, 2_000_000n, 0, true],
    ]);
    expect(table.contracts[0]!.instalments[0]).toMatchObject({ acceptedOn: null, paid: 0n, lastPaidOn: null });
  });

  it('keeps the first acceptance of an instalment', () => {
    const table = contractTable(
      [contract('HT-2026-001', 10_000_000n, TWO)],
      [
        { contractNo: 'HT-2026-001', instalment: 1, requestNo: 21, acceptedOn: '2026-11-22' },
        { contractNo: 'HT-2026-001', instalment: 1, requestNo: 20, acceptedOn: '2026-11-21' },
      ],
      [],
    );
    expect(table.contracts[0]!.instalments[0]).toMatchObject({ acceptedOn: '2026-11-21', acceptanceNo: 20 });
  });

  it('is empty without contracts', () => {
    expect(contractTable([], [], [])).toEqual({ contracts: [], total: { amount: 0n, paid: 0n, remaining: 0n, paidBp: 0, count: 0 } });
  });
});

describe('storedInstalments', () => {
  it('reads the stored JSON in instalment order', () => {
    expect(storedInstalments([TWO[1], TWO[0]], 10_000_000n)).toEqual([
      { index: 1, amount: 3_000_000n, condition: '签订后' },
      { index: 2, amount: 7_000_000n, condition: '验收合格后' },
    ]);
    expect(storedInstalments(null, 100n)).toEqual([{ index: 1, amount: 100n, condition: '' }]);
  });
});
