// The chain through the service API on real PostgreSQL: 用款申请 → 费用报销 paid by the cashier → 结清;
// 合同 with instalments → 验收 → 工程付款; 预算调整 调剂 and 追加; and the refusals of each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError, type ErrorCode } from '../../workflows/domain/errors.js';
import { ledgerTotals } from '../../workflows/infra/ledger.js';
import type { Actor, WorkflowService } from '../../workflows/service/workflow-service.js';
import { startTestGuanjia, type TestGuanjia } from '../helpers/test-guanjia.js';

let t: TestGuanjia;
let service: WorkflowService;
beforeAll(async () => {
  t = await startTestGuanjia();
  service = t.deps.service;
});
afterAll(() => t?.cleanup());

const actor = (personId: string): Actor => ({ personId, platform: 'console', account: personId });
const db = () => t.database.db;
const lineOf = (departmentId: string, subject: string) => db().budgetLine.findFirstOrThrow({ where: { departmentId, subject } });

async function refused(promise: Promise<unknown>, code: ErrorCode): Promise<Record<string, unknown>> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isAppError(error) && error.code, `expected ${code}`).toBe(code);
  return isAppError(error) ? error.details : {};
}

/** Approves every step in turn, as whoever the step names (or the meeting record for 三重一大). */
async function approveAll(requestId: string): Promise<void> {
  for (;;) {
    const request = await db().request.findUniqueOrThrow({ where: { id: requestId } });
    if (request.status !== 'in_approval') return;
    const step = await db().step.findFirstOrThrow({ where: { requestId, round: request.round, state: 'active' } });
    const who = step.assignees.find((a) => !step.approvedBy.includes(a))!;
    await service.requests.decide(actor(who), {
      requestId,
      stepId: step.id,
      action: 'approve',
      comment: '',
      meeting: step.collective ? { date: '2026-11-20', minutesNo: '2026-12' } : undefined,
    });
  }
}

async function draftAndSubmit(personId: string, input: Parameters<WorkflowService['requests']['draft']>[1]) {
  const { id, no } = await service.requests.draft(actor(personId), input);
  await service.requests.submit(actor(personId), id);
  return { id, no };
}

async function balancesMatchLedger(lineId: string) {
  const line = await db().budgetLine.findUniqueOrThrow({ where: { id: lineId } });
  const totals = await ledgerTotals(db() as never, lineId);
  expect({ allotted: line.allotted, adjusted: line.adjusted, frozen: line.frozen, committed: line.committed, spent: line.spent }).toEqual(totals);
}

describe('用款申请 → 费用报销 → 付款 → 结清', () => {
  it('takes the money off the line once, spends it when the cashier pays, and gives the rest back on 结清', async () => {
    const line0 = await lineOf('cjb', '办公费');
    const prior = await draftAndSubmit('fenglei', { type: '用款申请', subject: '办公费', amount: 120_000n, purpose: '购买办公用品' });
    expect((await lineOf('cjb', '办公费')).frozen).toBe(line0.frozen + 120_000n);
    await approveAll(prior.id);
    let line = await lineOf('cjb', '办公费');
    expect(line.committed).toBe(line0.committed + 120_000n);
    expect(line.spent).toBe(line0.spent);

    const claim = await draftAndSubmit('fenglei', { type: '费用报销', amount: 80_000n, purpose: '办公用品发票', parent: String(prior.no) });
    line = await lineOf('cjb', '办公费');
    expect(line.committed).toBe(line0.committed + 40_000n);
    expect(line.frozen).toBe(line0.frozen + 80_000n);
    const view = await service.requests.view(claim.id);
    expect(view?.link).toMatchObject({ parentNo: prior.no, parentAmount: 120_000n, usedBefore: 0n, usedAfter: 80_000n, remainder: 40_000n });

    // a second child wanting more than is left is refused; nothing moves
    const greedy = await service.requests.draft(actor('fenglei'), { type: '费用报销', amount: 50_000n, purpose: '超额', parent: String(prior.no) }).catch((e: unknown) => e);
    expect(isAppError(greedy) && greedy.code).toBe('COMMITMENT_INSUFFICIENT');

    await approveAll(claim.id);
    const approved = await db().request.findUniqueOrThrow({ where: { id: claim.id } });
    expect(approved).toMatchObject({ status: 'approved', paymentState: 'due' });
    expect((await lineOf('cjb', '办公费')).spent).toBe(line0.spent);

    const payable = await service.requests.payable('hefang');
    expect(payable.find((p) => p.no === claim.no)).toMatchObject({ mayConfirm: true });
    await refused(service.requests.payable('fenglei'), 'PAYMENT_NOT_CASHIER');
    await refused(service.requests.pay(actor('wugang'), { requestId: claim.id, voucherNo: '记-1' }), 'PAYMENT_NOT_CASHIER');
    await refused(service.requests.pay(actor('hefang'), { requestId: claim.id, voucherNo: '  ' }), 'PAYMENT_VOUCHER_REQUIRED');
    await refused(service.requests.pay(actor('hefang'), { requestId: claim.id, voucherNo: '记-1', paymentDate: '2999-01-01' }), 'PAYMENT_DATE_INVALID');
    await service.requests.pay(actor('hefang'), { requestId: claim.id, voucherNo: '记-2026-118' });
    await refused(service.requests.pay(actor('hefang'), { requestId: claim.id, voucherNo: '记-2026-118' }), 'PAYMENT_NOT_DUE');
    line = await lineOf('cjb', '办公费');
    expect(line.spent).toBe(line0.spent + 80_000n);
    expect(line.frozen).toBe(line0.frozen);
    expect(line.committed).toBe(line0.committed + 40_000n);

    const chain = await service.requests.chain(actor('fenglei'), String(claim.no));
    expect(chain.nodes.map((n) => [n.no, n.kind, n.depth])).toEqual([
      [prior.no, 'prior', 0],
      [claim.no, 'reimbursement', 1],
    ]);
    expect(chain.totals).toEqual({ committed: 120_000n, spent: 80_000n, left: 40_000n, released: 0n });

    await refused(service.requests.settle(actor('qianwei'), prior.id), 'SETTLE_NOT_ALLOWED');
    const settled = await service.requests.settle(actor('fenglei'), prior.id);
    expect(settled.released).toBe(40_000n);
    line = await lineOf('cjb', '办公费');
    expect(line.committed).toBe(line0.committed);
    expect(line.spent + line.frozen + line.committed).toBe(line0.spent + line0.frozen + line0.committed + 80_000n);
    await refused(service.requests.draft(actor('fenglei'), { type: '费用报销', amount: 1_000n, purpose: '再报', parent: String(prior.no) }), 'LINK_SETTLED');
    await balancesMatchLedger(line.id);
  });
});

describe('合同 → 验收 → 工程付款', () => {
  it('commits the contract, pays an instalment only after its acceptance and never beyond it', async () => {
    const line0 = await lineOf('cjb', '工程项目');
    const contract = await draftAndSubmit('fenglei', {
      type: '合同审批',
      subject: '工程项目',
      amount: 100_000_00n,
      purpose: '老街雨污分流一期',
      supplier: '青石建设',
      instalments: [
        { percentBasis: 3000, condition: '签订后' },
        { percentBasis: 7000, condition: '验收合格后' },
      ],
    });
    await approveAll(contract.id);
    const record = await db().contract.findUniqueOrThrow({ where: { requestId: contract.id } });
    expect(record.no).toMatch(/^HT-2026-\d{3}$/);
    expect((await lineOf('cjb', '工程项目')).committed).toBe(line0.committed + 100_000_00n);

    await refused(service.requests.draft(actor('fenglei'), { type: '工程付款', amount: 70_000_00n, purpose: '二期款', parent: record.no, instalment: 2 }), 'ACCEPTANCE_MISSING');
    const acceptance = await draftAndSubmit('fenglei', { type: '工程验收', purpose: '竣工验收合格', parent: record.no, instalment: 2 });
    expect((await db().request.findUniqueOrThrow({ where: { id: acceptance.id } })).amount).toBe(70_000_00n);
    await approveAll(acceptance.id);
    await refused(service.requests.draft(actor('fenglei'), { type: '工程验收', purpose: '再验', parent: record.no, instalment: 2 }), 'ACCEPTANCE_DUPLICATE');
    await refused(service.requests.draft(actor('fenglei'), { type: '工程付款', amount: 80_000_00n, purpose: '超付', parent: record.no, instalment: 2 }), 'INSTALMENT_EXCEEDED');
    const payment = await draftAndSubmit('fenglei', { type: '工程付款', amount: 70_000_00n, purpose: '二期款', parent: record.no, instalment: 2 });
    await approveAll(payment.id);
    await service.requests.pay(actor('hefang'), { requestId: payment.id, voucherNo: '记-2026-200', paymentDate: '2026-11-30' });
    const view = await service.requests.view(contract.id);
    expect(view?.contract?.instalments.map((i) => [i.index, i.amount, i.accepted, i.paid])).toEqual([
      [1, 30_000_00n, false, 0n],
      [2, 70_000_00n, true, 70_000_00n],
    ]);
    expect(view?.contract?.remainder).toBe(30_000_00n);
    const chain = await service.requests.chain(actor('fenglei'), record.no);
    expect(chain.nodes.map((n) => n.kind)).toEqual(['contract', 'acceptance', 'payment']);
    await balancesMatchLedger(line0.id);
  });
});

describe('预算调整', () => {
  it('调剂 moves allotment between lines on approval; 追加 adds to one', async () => {
    const from0 = await lineOf('dzb', '办公费');
    const to0 = await lineOf('dzb', '印刷费');
    const move = await draftAndSubmit('zhouting', { type: '预算调整', subject: '办公费', amount: 5_000_00n, purpose: '调剂用于印刷', target: '印刷费' });
    expect((await lineOf('dzb', '办公费')).frozen).toBe(from0.frozen + 5_000_00n);
    await approveAll(move.id);
    const from1 = await lineOf('dzb', '办公费');
    const to1 = await lineOf('dzb', '印刷费');
    expect([from1.adjusted - from0.adjusted, from1.frozen - from0.frozen, to1.adjusted - to0.adjusted]).toEqual([-5_000_00n, 0n, 5_000_00n]);
    await refused(service.requests.draft(actor('zhouting'), { type: '预算调整', subject: '办公费', amount: 1n, purpose: 'x', target: '办公费' }), 'ADJUST_TARGET_INVALID');

    const add = await draftAndSubmit('zhouting', { type: '预算调整', subject: '会议费', amount: 2_000_00n, purpose: '追加会议费' });
    const meeting0 = await lineOf('dzb', '会议费');
    await approveAll(add.id);
    expect((await lineOf('dzb', '会议费')).adjusted).toBe(meeting0.adjusted + 2_000_00n);
    await balancesMatchLedger(from1.id);
    await balancesMatchLedger(to1.id);
  });
});

describe('关联 chosen on the draft', () => {
  it('offers the commitments that fit, refuses to submit a required link missing, and links on choice', async () => {
    const prior = await draftAndSubmit('fenglei', { type: '采购申请', subject: '专用材料费', amount: 3_000_00n, purpose: '防汛沙袋' });
    await approveAll(prior.id);
    const small = await draftAndSubmit('fenglei', { type: '采购申请', subject: '专用材料费', amount: 100_00n, purpose: '雨衣' });
    await approveAll(small.id);

    const claim = await service.requests.draft(actor('fenglei'), { type: '费用报销', subject: '专用材料费', amount: 2_000_00n, purpose: '沙袋发票' });
    const view = await service.requests.view(claim.id);
    expect(view?.linkRequired).toBe(false);
    // the small one has too little left; other lines' and departments' commitments are not offered
    expect(view?.linkCandidates.map((c) => c.no)).toEqual([prior.no]);
    await refused(service.requests.link(actor('qianwei'), claim.id, String(prior.no)), 'NOT_REQUESTER');
    await refused(service.requests.link(actor('fenglei'), claim.id, String(small.no)), 'COMMITMENT_INSUFFICIENT');
    await service.requests.link(actor('fenglei'), claim.id, String(prior.no));
    expect((await service.requests.view(claim.id))?.link).toMatchObject({ parentNo: prior.no, usedAfter: 2_000_00n, remainder: 1_000_00n });

    // 工程付款 must name its contract: the draft waits for it, submitting refuses
    const payment = await service.requests.draft(actor('fenglei'), { type: '工程付款', subject: '专用材料费', amount: 1_00n, purpose: '无合同' });
    expect((await service.requests.view(payment.id))?.linkRequired).toBe(true);
    await refused(service.requests.submit(actor('fenglei'), payment.id), 'LINK_REQUIRED');
    await refused(service.requests.draft(actor('fenglei'), { type: '工程验收', subject: '专用材料费', purpose: '无合同' }), 'LINK_REQUIRED');
  });
});
