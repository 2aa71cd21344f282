// What each kind does with money: on submit (freeze or not) and on approval (commit, spend, wait for
// the cashier, adjust, or nothing).
import { describe, expect, it } from 'vitest';
import { approvalMovement, freezesOnSubmit, makesCommitment } from '../../workflows/domain/chain/request-kind.js';
import { REQUEST_KINDS } from '../../workflows/domain/org-file.js';

describe('approvalMovement', () => {
  it('commits for 事前申请 and 合同, whatever the payment setting', () => {
    for (const payment of [false, true]) {
      expect(approvalMovement('prior', payment)).toBe('commit');
      expect(approvalMovement('contract', payment)).toBe('commit');
    }
  });

  it('spends for 付款, 报销 and 直接支出 — or waits for the cashier when the type has a payment step', () => {
    for (const kind of ['payment', 'reimbursement', 'direct'] as const) {
      expect(approvalMovement(kind, false)).toBe('spend');
      expect(approvalMovement(kind, true)).toBe('await_payment');
    }
  });

  it('moves nothing for 验收 and adjusts for 预算调整', () => {
    expect(approvalMovement('acceptance', false)).toBe('none');
    expect(approvalMovement('adjustment', false)).toBe('adjust');
  });

  it('has an answer for every kind', () => {
    for (const kind of REQUEST_KINDS) expect(['commit', 'spend', 'await_payment', 'adjust', 'none']).toContain(approvalMovement(kind, false));
  });
});

describe('freezesOnSubmit', () => {
  it('freezes for every kind that takes money, with or without a target line', () => {
    for (const kind of ['prior', 'contract', 'payment', 'reimbursement', 'direct'] as const) {
      expect(freezesOnSubmit(kind, null)).toBe(true);
      expect(freezesOnSubmit(kind, 'line-x')).toBe(true);
    }
  });

  it('freezes nothing for a 验收', () => {
    expect(freezesOnSubmit('acceptance', null)).toBe(false);
  });

  it('freezes the giving line of a 调剂 (调入=…), nothing for a 追加', () => {
    expect(freezesOnSubmit('adjustment', 'dzb-print-2026')).toBe(true);
    expect(freezesOnSubmit('adjustment', null)).toBe(false);
  });
});

describe('makesCommitment', () => {
  it('is true exactly for the kinds whose approval commits', () => {
    expect(REQUEST_KINDS.filter(makesCommitment)).toEqual(['prior', 'contract']);
    for (const kind of REQUEST_KINDS) expect(makesCommitment(kind)).toBe(approvalMovement(kind, false) === 'commit');
  });
});
