// Payment beyond the contract or before acceptance: only the core's refusals of that kind are reported,
// once per request and refusal.
import { describe, expect, it } from 'vitest';
import { CONTRACT_PAYMENT_REFUSALS, contractPayment } from '../../workflows/domain/supervision/contract-payment.js';

const CITATION = '某省内部控制办法第三十条（合同付款）';
const attempt = (refusal: string, instalment: number | null = 2) => ({
  id: 'r30',
  no: 30,
  departmentId: 'chengjian',
  requesterId: 'fenglei',
  amount: 4_500_000n,
  contractNo: 'HT-2026-003',
  instalment,
  refusal,
});

describe('contractPayment', () => {
  it('raises a 黄牌 for a payment beyond its instalment', () => {
    expect(contractPayment(attempt('INSTALMENT_EXCEEDED'), CITATION)).toEqual({
      rule: 'contract_payment',
      severity: 'warning',
      dedupeKey: 'contract_payment:r30:INSTALMENT_EXCEEDED',
      requestIds: ['r30'],
      requestNos: [30],
      departmentId: 'chengjian',
      personId: 'fenglei',
      amount: 4_500_000n,
      citation: CITATION,
      facts: { contractNo: 'HT-2026-003', instalment: 2, refusal: 'INSTALMENT_EXCEEDED' },
    });
  });

  it('raises for each listed refusal, one subject per request and refusal', () => {
    expect(CONTRACT_PAYMENT_REFUSALS).toEqual(['INSTALMENT_EXCEEDED', 'ACCEPTANCE_MISSING', 'COMMITMENT_INSUFFICIENT']);
    for (const refusal of CONTRACT_PAYMENT_REFUSALS) {
      expect(contractPayment(attempt(refusal), CITATION)?.dedupeKey).toBe(`contract_payment:r30:${refusal}`);
    }
  });

  it('raises nothing for any other refusal', () => {
    for (const refusal of ['BUDGET_INSUFFICIENT', 'ATTACHMENTS_MISSING', 'NOT_ASSIGNEE', '', 'instalment_exceeded']) {
      expect(contractPayment(attempt(refusal), CITATION)).toBeNull();
    }
  });

  it('records instalment 0 for a payment that names none', () => {
    expect(contractPayment(attempt('COMMITMENT_INSUFFICIENT', null), CITATION)?.facts.instalment).toBe(0);
  });
});
