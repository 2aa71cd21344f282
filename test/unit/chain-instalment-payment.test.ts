// 期次 under a contract: a payment never pays more than its instalment has left, and — where the
// policy asks — only after the instalment's 验收 is approved; an instalment is accepted once.
import { describe, expect, it } from 'vitest';
import { checkInstalmentAcceptance, checkInstalmentPayment, type InstalmentFacts } from '../../workflows/domain/chain/instalment-payment.js';
import type { Instalment } from '../../workflows/domain/chain/instalments.js';

// HT-2026-001, 120,000.00 元: 30% 签订后, 70% 验收合格后
const TWO: Instalment[] = [
  { index: 1, amount: 3_600_000n, condition: '签订后' },
  { index: 2, amount: 8_400_000n, condition: '验收合格后' },
];

const facts = (over: Partial<InstalmentFacts> = {}): InstalmentFacts => ({
  contractNo: 'HT-2026-001',
  instalments: TWO,
  amount: 8_400_000n,
  payments: [],
  acceptances: [],
  ...over,
});

describe('checkInstalmentPayment', () => {
  it('pays an accepted instalment up to its amount', () => {
    const accepted = [{ instalment: 2, approved: true }];
    expect(checkInstalmentPayment(facts({ instalment: 2, acceptances: accepted }), true)).toEqual({ ok: true, instalment: 2 });
    expect(checkInstalmentPayment(facts({ instalment: 2, amount: 4_000_000n, acceptances: accepted, payments: [{ instalment: 2, amount: 4_400_000n }] }), true)).toEqual({
      ok: true,
      instalment: 2,
    });
  });

  it('asks which instalment when the contract has several, and knows only those it has', () => {
    expect(checkInstalmentPayment(facts(), false)).toEqual({ ok: false, code: 'INSTALMENT_REQUIRED', details: { contractNo: 'HT-2026-001', instalments: 2 } });
    expect(checkInstalmentPayment(facts({ instalment: 3 }), false)).toEqual({
      ok: false,
      code: 'INSTALMENT_UNKNOWN',
      details: { contractNo: 'HT-2026-001', instalments: 2, instalment: 3 },
    });
    expect(checkInstalmentPayment(facts({ instalment: 0 }), false)).toMatchObject({ ok: false, code: 'INSTALMENT_UNKNOWN' });
  });

  it('takes the one instalment of a contract without 分期, where earlier payments named none', () => {
    const one: Instalment[] = [{ index: 1, amount: 5_000_000n, condition: '' }];
    expect(checkInstalmentPayment(facts({ instalments: one, amount: 2_000_000n, payments: [{ instalment: null, amount: 3_000_000n }] }), false)).toEqual({
      ok: true,
      instalment: 1,
    });
    expect(checkInstalmentPayment(facts({ instalments: one, amount: 2_000_001n, payments: [{ instalment: null, amount: 3_000_000n }] }), false)).toMatchObject({
      ok: false,
      code: 'INSTALMENT_EXCEEDED',
    });
  });

  it('refuses payment before acceptance where the policy asks for it: an acceptance in approval, or of another instalment, is not enough', () => {
    const missing = { ok: false, code: 'ACCEPTANCE_MISSING', details: { contractNo: 'HT-2026-001', instalment: 2, condition: '验收合格后' } };
    expect(checkInstalmentPayment(facts({ instalment: 2 }), true)).toEqual(missing);
    expect(checkInstalmentPayment(facts({ instalment: 2, acceptances: [{ instalment: 2, approved: false }] }), true)).toEqual(missing);
    expect(checkInstalmentPayment(facts({ instalment: 2, acceptances: [{ instalment: 1, approved: true }] }), true)).toEqual(missing);
    // without the policy, no acceptance is needed
    expect(checkInstalmentPayment(facts({ instalment: 2 }), false)).toEqual({ ok: true, instalment: 2 });
  });

  it('refuses more than the instalment has left, counting only payments of that instalment', () => {
    const accepted = [{ instalment: 2, approved: true }];
    const payments = [
      { instalment: 1, amount: 3_600_000n },
      { instalment: 2, amount: 8_000_000n },
    ];
    expect(checkInstalmentPayment(facts({ instalment: 2, amount: 400_001n, acceptances: accepted, payments }), true)).toEqual({
      ok: false,
      code: 'INSTALMENT_EXCEEDED',
      details: { contractNo: 'HT-2026-001', instalment: 2, condition: '验收合格后', amountFen: '8400000', paidFen: '8000000', requestedFen: '400001' },
    });
    expect(checkInstalmentPayment(facts({ instalment: 2, amount: 400_000n, acceptances: accepted, payments }), true)).toEqual({ ok: true, instalment: 2 });
    expect(checkInstalmentPayment(facts({ instalment: 1, amount: 1n, payments }), false)).toMatchObject({
      ok: false,
      code: 'INSTALMENT_EXCEEDED',
      details: { paidFen: '3600000' },
    });
  });
});

describe('checkInstalmentAcceptance', () => {
  it('accepts an instalment once', () => {
    expect(checkInstalmentAcceptance(facts({ instalment: 2, acceptances: [{ instalment: 1, approved: true }] }))).toEqual({ ok: true, instalment: 2 });
  });

  it('refuses a second acceptance of the same instalment, approved or still in approval', () => {
    const duplicate = { ok: false, code: 'ACCEPTANCE_DUPLICATE', details: { contractNo: 'HT-2026-001', instalment: 2 } };
    expect(checkInstalmentAcceptance(facts({ instalment: 2, acceptances: [{ instalment: 2, approved: true }] }))).toEqual(duplicate);
    expect(checkInstalmentAcceptance(facts({ instalment: 2, acceptances: [{ instalment: 2, approved: false }] }))).toEqual(duplicate);
  });

  it('asks which instalment, except on a contract with one; a single-instalment acceptance naming none counts as the first', () => {
    expect(checkInstalmentAcceptance(facts())).toMatchObject({ ok: false, code: 'INSTALMENT_REQUIRED' });
    expect(checkInstalmentAcceptance(facts({ instalment: 5 }))).toMatchObject({ ok: false, code: 'INSTALMENT_UNKNOWN' });
    const one: Instalment[] = [{ index: 1, amount: 5_000_000n, condition: '' }];
    expect(checkInstalmentAcceptance(facts({ instalments: one }))).toEqual({ ok: true, instalment: 1 });
    expect(checkInstalmentAcceptance(facts({ instalments: one, acceptances: [{ instalment: null, approved: true }] }))).toMatchObject({ ok: false, code: 'ACCEPTANCE_DUPLICATE' });
  });
});
