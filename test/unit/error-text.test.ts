// Every refusal the core can send has Chinese words that say what happened and what to do, with the
// details the core sends and with none at all.
import { describe, expect, it } from 'vitest';
import { INTERNAL_ERROR_TEXT, refusalText } from '../../bot/replies/error-text.js';
import { ERROR_CODES, type ErrorCode } from '../../workflows/domain/errors.js';

const RAW = /undefined|null|NaN|\[object|[A-Z]{3,}_[A-Z]/;
/** the codes of chains, contracts and payment: no empty 「」 or dangling No. when a detail is missing */
const CHAIN_CODES = ERROR_CODES.slice(ERROR_CODES.indexOf('LINK_NOT_FOUND'), ERROR_CODES.indexOf('ORG_INVALID'));

describe('refusalText', () => {
  it.each(ERROR_CODES.map((code) => [code]))('%s has Chinese words even with no details', (code) => {
    const text = refusalText(code, {});
    expect(text).toMatch(/[\u4e00-\u9fff]/);
    expect(text).not.toMatch(RAW);
    expect(text).not.toBe(INTERNAL_ERROR_TEXT);
  });

  it.each(CHAIN_CODES.map((code) => [code]))('%s leaves out what it was not told', (code) => {
    expect(refusalText(code, {})).not.toMatch(/No\.\s*[，。）」\s]|No\.$|「」|（）|第\s+期|\s{2}/);
  });

  const cases: [ErrorCode, Record<string, unknown>, string][] = [
    ['LINK_NOT_FOUND', { ref: 'HT-2026-999' }, '找不到「HT-2026-999」：没有这个申请编号或合同编号。'],
    ['LINK_REQUIRED', { kinds: ['prior', 'contract'] }, '这类申请须关联已审批通过的事前申请或合同才能提交。'],
    ['LINK_NOT_ALLOWED', { parentNo: 12, parentType: '用款申请' }, '这类申请不能关联其他申请（您关联了 No.12 用款申请）。'],
    ['LINK_KIND', { parentNo: 15, parentType: '工程验收', parentKind: 'acceptance', kinds: ['contract'] }, 'No.15 工程验收（验收）不能作为这类申请的上级：这类申请只能关联合同。'],
    ['LINK_CYCLE', { parentNo: 14, parentType: '工程付款' }, 'No.14 工程付款就是本申请或本申请的下级，不能关联'],
    [
      'LINK_NOT_APPROVED',
      { parentNo: 12, parentType: '用款申请', status: 'in_approval' },
      'No.12 用款申请当前为「审批中」，还没有审批通过，不能关联。请等它审批通过后再提交，发送「/进度 12」查看进度。',
    ],
    ['LINK_SETTLED', { parentNo: 12, parentType: '用款申请' }, 'No.12 用款申请已结清'],
    ['LINK_OTHER_LINE', { parentNo: 12, parentType: '用款申请' }, 'No.12 用款申请使用的是另一条预算指标'],
    ['LINK_OTHER_DEPARTMENT', { parentNo: 12, parentType: '用款申请' }, 'No.12 用款申请属于其他部门，不能关联。'],
    ['AMOUNT_REQUIRED', { type: '费用报销' }, '「费用报销」须填写金额（单位元）。例如：/申请 费用报销 800 事由 关联=12'],
    ['INSTALMENTS_INVALID', { plannedFen: '9000000', totalFen: '10000000' }, '分期合计 90,000.00 元，与合同金额 100,000.00 元不符。'],
    ['INSTALMENTS_INVALID', { problem: 'percentage out of range', total: '10000000' }, '合同分期有误：比例须大于 0% 且不超过 100%。'],
    ['INSTALMENTS_INVALID', { problem: 'something new in English' }, '合同分期有误。请这样写：'],
    ['INSTALMENT_REQUIRED', { contractNo: 'HT-2026-001', instalments: 3 }, '合同 HT-2026-001 分 3 期付款，请写明是第几期：加上 期次=1（1 到 3）。'],
    ['INSTALMENT_UNKNOWN', { contractNo: 'HT-2026-001', instalments: 3, instalment: 4 }, '合同 HT-2026-001 没有第 4 期（共 3 期）。'],
    [
      'INSTALMENT_EXCEEDED',
      { contractNo: 'HT-2026-001', instalment: 2, condition: '验收合格后', amountFen: '6000000', paidFen: '5000000', requestedFen: '2000000' },
      '合同 HT-2026-001 第 2 期（验收合格后）应付 60,000.00 元，已付或正在付款 50,000.00 元，本次 20,000.00 元，超出 10,000.00 元。请把金额调整到 10,000.00 元以内。',
    ],
    [
      'ACCEPTANCE_MISSING',
      { contractNo: 'HT-2026-001', instalment: 2, condition: '验收合格后' },
      '合同 HT-2026-001 第 2 期（验收合格后）尚未验收合格，不能付款。请先发起该期的验收申请（关联=HT-2026-001 期次=2）',
    ],
    ['ACCEPTANCE_DUPLICATE', { contractNo: 'HT-2026-001', instalment: 1 }, '合同 HT-2026-001 第 1 期已经有验收申请'],
    ['CONTRACT_NO_TAKEN', { contractNo: 'HT-2026-001' }, '合同编号「HT-2026-001」已被使用。'],
    ['SETTLE_NOT_ALLOWED', { no: 12 }, '您不能结清申请 No.12：结清须由申请人本人或财务人员办理。'],
    ['SETTLE_NOT_COMMITMENT', { no: 14, kind: 'payment' }, '申请 No.14 是付款，没有可结清的额度：只有已批准的事前申请和合同可以结清。'],
    ['SETTLE_NOT_COMMITMENT', { no: 12, kind: 'prior', status: 'approved', settled: true }, '申请 No.12 已经结清过，剩余额度已退回预算指标。'],
    ['SETTLE_NOT_COMMITMENT', { no: 12, kind: 'contract', status: 'in_approval', settled: false }, '申请 No.12 当前为「审批中」，审批通过后才能结清。'],
    ['SETTLE_OPEN_CHILDREN', { no: 12, open: [14, 16] }, '申请 No.12 下还有审批中的申请：No.14、No.16。'],
    ['PAYMENT_NOT_DUE', { no: 16, state: 'paid' }, '申请 No.16 已经确认付款，不能重复付款。'],
    ['PAYMENT_NOT_DUE', { no: 16, state: 'in_approval' }, '申请 No.16 当前为「审批中」，不在待付款状态'],
    ['PAYMENT_NOT_CASHIER', { no: 16 }, '只有出纳可以确认付款（申请 No.16）'],
    ['PAYMENT_CONFLICT', { no: 16, as: 'requester' }, '不能确认付款（不相容岗位分离）：申请 No.16 是您本人提交的，须由其他出纳确认付款。'],
    ['PAYMENT_CONFLICT', { no: 16, as: 'approver' }, '申请 No.16 经您审批过，须由其他出纳确认付款。'],
    ['PAYMENT_VOUCHER_REQUIRED', { no: 16 }, '确认付款须填写凭证号。卡片上能填写时请填写后再点确认；不能填写时，请发送：/付款 16 凭证号=… [日期=YYYY-MM-DD]'],
    ['PAYMENT_DATE_INVALID', { date: '2026-12-31', future: true }, '付款日期「2026-12-31」晚于今天，不能预先确认付款。'],
    ['PAYMENT_DATE_INVALID', { date: '2026-02-30' }, '付款日期「2026-02-30」不存在'],
    ['ADJUST_TARGET_INVALID', { target: '宣传费', problem: 'unknown', known: ['办公费', '印刷费'] }, '找不到调入的预算指标「宣传费」。现有预算指标：办公费、印刷费。'],
    ['ADJUST_TARGET_INVALID', { target: '办公费', problem: 'same_line' }, '调入的预算指标「办公费」就是调出的指标'],
    [
      'COMMITMENT_INSUFFICIENT',
      { no: 12, type: '用款申请', remainderFen: '40000', requestedFen: '50000' },
      '关联的用款申请 No.12 剩余可用 400.00 元，本次 500.00 元，超出 100.00 元，无法支付。',
    ],
    [
      'COMMITMENT_INSUFFICIENT',
      { no: 12, type: '用款申请', remainder: '400.00', requested: '500.00', missing: '100.00' },
      '关联的用款申请 No.12 剩余可用 400.00 元，本次 500.00 元，超出 100.00 元，无法支付。',
    ],
    [
      'LEDGER_MISMATCH',
      { line: '城建办 / 办公费', column: 'committed', held: '100.00', requested: '200.00' },
      '预算指标「城建办 / 办公费」已承诺的金额（100.00 元）少于本次要处理的 200.00 元',
    ],
    ['LEDGER_MISMATCH', { line: '城建办 / 办公费', column: 'frozen', held: '100.00', requested: '200.00' }, '预算指标「城建办 / 办公费」已冻结的金额'],
    ['NOTHING_CHANGED', {}, '没有修改任何内容：填写的与申请现在的一样。请写明要改的项目和新的值，例如：/修改 编号 金额=1500 事由=补充报价单后重新申请'],
    ['NOTHING_CHANGED', { no: 12 }, '与申请 No.12 现在的一样。请写明要改的项目和新的值，例如：/修改 12 金额=1500'],
    [
      'INVALID_STATE',
      { no: 12, from: 'in_approval', to: 'edited' },
      '申请 No.12 当前为「审批中」，不能修改：只有待提交或已退回修改的申请可以修改。如需修改，请当前审批人退回修改，或撤回（/撤回 12）后重新申请。发送「/进度 12」查看详情。',
    ],
    ['INVALID_STATE', { no: 12, from: 'approved', to: 'edited' }, '申请 No.12 当前为「已通过」，不能修改：只有待提交或已退回修改的申请可以修改。如需调整，请重新发起申请。'],
    ['INVALID_STATE', { no: 15, from: 'in_approval', to: 'linked' }, '申请 No.15 当前为「审批中」，不能关联：只有待提交或已退回修改的申请可以关联。如需关联，'],
    ['INVALID_STATE', { no: 12, from: 'withdrawn', to: 'withdrawn' }, '申请 No.12 当前为「已撤回」，不能撤回。发送「/进度 12」查看详情。'],
    ['INVALID_STATE', { to: 'edited' }, '申请现在不能修改：只有待提交或已退回修改的申请可以修改。发送「/进度」查看详情。'],
  ];

  it.each(cases)('%s with %j', (code, details, words) => {
    const text = refusalText(code, details);
    expect(text).toContain(words);
    expect(text).not.toMatch(RAW);
  });
});
