// 确认付款: only a cashier, never the requester or an approver of the same request, on a real day
// no later than today.
import { describe, expect, it } from 'vitest';
import { checkPaymentDate, eligibleCashiers, mayConfirmPayment, type PaymentFacts } from '../../workflows/domain/chain/confirm-payment.js';

// 费用报销 by 郑佳 (会计), approved by 吴刚; cashiers 何芳 and 郑佳
const facts: PaymentFacts = { cashiers: ['hefang', 'zhengjia', 'wugang'], requesterId: 'zhengjia', deciders: ['qianwei', 'wugang'] };

describe('eligibleCashiers', () => {
  it('leaves out the requester and everyone who decided, keeping the order of the file', () => {
    expect(eligibleCashiers(facts)).toEqual(['hefang']);
    expect(eligibleCashiers({ ...facts, requesterId: 'fenglei', deciders: [] })).toEqual(['hefang', 'zhengjia', 'wugang']);
    expect(eligibleCashiers({ ...facts, deciders: ['hefang', 'wugang'] })).toEqual([]);
  });
});

describe('mayConfirmPayment', () => {
  it('lets an eligible cashier confirm', () => {
    expect(mayConfirmPayment(facts, 'hefang')).toEqual({ ok: true });
  });

  it('refuses someone who is not a cashier, even the requester or an approver', () => {
    expect(mayConfirmPayment(facts, 'qianwei')).toEqual({ ok: false, code: 'PAYMENT_NOT_CASHIER', details: {} });
    expect(mayConfirmPayment({ ...facts, cashiers: [] }, 'hefang')).toEqual({ ok: false, code: 'PAYMENT_NOT_CASHIER', details: {} });
  });

  it('refuses a cashier who made the request, or decided on it (不相容岗位分离)', () => {
    expect(mayConfirmPayment(facts, 'zhengjia')).toEqual({ ok: false, code: 'PAYMENT_CONFLICT', details: { as: 'requester' } });
    expect(mayConfirmPayment(facts, 'wugang')).toEqual({ ok: false, code: 'PAYMENT_CONFLICT', details: { as: 'approver' } });
  });

  it('agrees with eligibleCashiers for everyone', () => {
    for (const id of ['hefang', 'zhengjia', 'wugang', 'qianwei', 'lijun']) {
      expect(mayConfirmPayment(facts, id).ok).toBe(eligibleCashiers(facts).includes(id));
    }
  });
});

describe('checkPaymentDate', () => {
  it('takes a real day up to today', () => {
    expect(checkPaymentDate('2026-11-30', '2026-11-30')).toEqual({ ok: true });
    expect(checkPaymentDate('2026-01-05', '2026-11-30')).toEqual({ ok: true });
    expect(checkPaymentDate('2024-02-29', '2026-11-30')).toEqual({ ok: true });
  });

  it('refuses a day after today', () => {
    expect(checkPaymentDate('2026-12-01', '2026-11-30')).toEqual({ ok: false, code: 'PAYMENT_DATE_INVALID', details: { date: '2026-12-01', future: true } });
  });

  it('refuses what is not a real day written YYYY-MM-DD', () => {
    for (const date of ['2026-02-29', '2026-13-01', '2026-11-31', '2026/11/30', '2026-1-5', '昨天', '']) {
      expect(checkPaymentDate(date, '2026-11-30')).toEqual({ ok: false, code: 'PAYMENT_DATE_INVALID', details: { date } });
    }
  });
});
