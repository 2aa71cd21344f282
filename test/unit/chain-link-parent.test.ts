// 关联: which parent a request may draw on. Each refusal names what the chat layer needs to word it.
import { describe, expect, it } from 'vitest';
import { checkParentLink, type ChildFacts, type LinkRule, type ParentFacts } from '../../workflows/domain/chain/link-parent.js';

// No.12 用款申请 1,200.00 元 by 冯磊 (城建办), approved; 费用报销 800.00 元 under it
const parent = (over: Partial<ParentFacts> = {}): ParentFacts => ({
  id: 'r12',
  no: 12,
  type: '用款申请',
  kind: 'prior',
  status: 'approved',
  budgetLineId: 'cjb-office-2026',
  departmentId: 'cjb',
  requesterId: 'fenglei',
  settled: false,
  remainder: 120_000n,
  ancestry: ['r12'],
  ...over,
});
const child = (over: Partial<ChildFacts> = {}): ChildFacts => ({ kind: 'reimbursement', requesterId: 'fenglei', departmentId: 'cjb', amount: 80_000n, ...over });
const MAY: LinkRule = { kinds: ['prior'], required: false };
const MUST: LinkRule = { kinds: ['contract'], required: true };
const about = { parentNo: 12, parentType: '用款申请' };

describe('checkParentLink', () => {
  it('lets a child draw on an approved commitment of its own department, line and kind', () => {
    expect(checkParentLink(child(), parent(), MAY)).toEqual({ ok: true });
    expect(checkParentLink(child({ budgetLineId: 'cjb-office-2026', id: 'r15' }), parent(), MAY)).toEqual({ ok: true });
    // all of what is left
    expect(checkParentLink(child({ amount: 120_000n }), parent(), MAY)).toEqual({ ok: true });
  });

  it('needs no parent unless the type requires one', () => {
    expect(checkParentLink(child(), null, MAY)).toEqual({ ok: true });
    expect(checkParentLink(child(), null, undefined)).toEqual({ ok: true });
    expect(checkParentLink(child({ kind: 'payment' }), null, MUST)).toEqual({ ok: false, code: 'LINK_REQUIRED', details: { kinds: ['contract'] } });
  });

  it('refuses a parent on a type that links to none', () => {
    expect(checkParentLink(child({ kind: 'direct' }), parent(), undefined)).toEqual({ ok: false, code: 'LINK_NOT_ALLOWED', details: about });
  });

  it('refuses a parent of a kind the type does not draw on', () => {
    expect(checkParentLink(child({ kind: 'payment' }), parent(), MUST)).toEqual({
      ok: false,
      code: 'LINK_KIND',
      details: { ...about, parentKind: 'prior', kinds: ['contract'] },
    });
  });

  it('refuses a link to itself or to one of its own descendants', () => {
    // No.20 合同 under No.12; editing No.12 to link under No.20 would make a circle
    const contract = parent({ id: 'r20', no: 20, type: '合同审批', kind: 'contract', ancestry: ['r20', 'r12'] });
    expect(checkParentLink(child({ id: 'r12', kind: 'contract' }), contract, { kinds: ['contract'], required: false })).toEqual({
      ok: false,
      code: 'LINK_CYCLE',
      details: { parentNo: 20, parentType: '合同审批' },
    });
    expect(checkParentLink(child({ id: 'r12' }), parent(), MAY)).toMatchObject({ ok: false, code: 'LINK_CYCLE' });
    // a new draft has no id and cannot be anyone's ancestor
    expect(checkParentLink(child(), parent({ ancestry: ['r12', 'r3'] }), MAY)).toEqual({ ok: true });
  });

  it('refuses a parent that is not approved, saying what it is', () => {
    for (const status of ['draft', 'in_approval', 'rejected', 'returned', 'withdrawn', 'cancelled'] as const) {
      expect(checkParentLink(child(), parent({ status }), MAY)).toEqual({ ok: false, code: 'LINK_NOT_APPROVED', details: { ...about, status } });
    }
  });

  it('refuses a settled (结清) parent', () => {
    expect(checkParentLink(child(), parent({ settled: true }), MAY)).toEqual({ ok: false, code: 'LINK_SETTLED', details: about });
  });

  it('refuses a child that names another budget line', () => {
    expect(checkParentLink(child({ budgetLineId: 'cjb-print-2026' }), parent(), MAY)).toEqual({ ok: false, code: 'LINK_OTHER_LINE', details: about });
  });

  it('refuses a parent of another department, unless the requester made it', () => {
    expect(checkParentLink(child({ requesterId: 'xujing', departmentId: 'shb' }), parent(), MAY)).toEqual({ ok: false, code: 'LINK_OTHER_DEPARTMENT', details: about });
    // a colleague in the same department may draw on it
    expect(checkParentLink(child({ requesterId: 'qianwei' }), parent(), MAY)).toEqual({ ok: true });
    // the requester, moved to another department since, still may
    expect(checkParentLink(child({ departmentId: 'shb' }), parent(), MAY)).toEqual({ ok: true });
  });

  it('refuses more than is left of the commitment, except for a 验收, which draws nothing', () => {
    expect(checkParentLink(child({ amount: 120_001n }), parent(), MAY)).toEqual({
      ok: false,
      code: 'COMMITMENT_INSUFFICIENT',
      details: { no: 12, type: '用款申请', remainderFen: '120000', requestedFen: '120001' },
    });
    const contract = parent({ kind: 'contract', type: '合同审批', remainder: 0n });
    expect(checkParentLink(child({ kind: 'acceptance', amount: 8_400_000n }), contract, MUST)).toEqual({ ok: true });
    expect(checkParentLink(child({ kind: 'payment', amount: 1n }), contract, MUST)).toMatchObject({ ok: false, code: 'COMMITMENT_INSUFFICIENT' });
  });

  it('names the first problem: kind before state before line before money', () => {
    const bad = parent({ kind: 'contract', status: 'in_approval', settled: true, budgetLineId: 'x', remainder: 0n });
    expect(checkParentLink(child({ budgetLineId: 'y' }), bad, MAY)).toMatchObject({ code: 'LINK_KIND' });
    expect(checkParentLink(child({ budgetLineId: 'y' }), bad, { kinds: ['contract'], required: false })).toMatchObject({ code: 'LINK_NOT_APPROVED' });
    expect(checkParentLink(child({ budgetLineId: 'y' }), { ...bad, status: 'approved' }, { kinds: ['contract'], required: false })).toMatchObject({ code: 'LINK_SETTLED' });
    expect(checkParentLink(child({ budgetLineId: 'y' }), { ...bad, status: 'approved', settled: false }, { kinds: ['contract'], required: false })).toMatchObject({
      code: 'LINK_OTHER_LINE',
    });
  });
});
