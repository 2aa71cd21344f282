// The catalogue: every notice the core emits has words, effects survive the outbox's JSON, and
// effects worded by an earlier version still arrive.
import { describe, expect, it } from 'vitest';
import { notifyDeliverJob } from '../../bot/jobs/notify-deliver.js';
import { readPayload } from '../../bot/jobs/define-job.js';
import { renderNotice } from '../../bot/replies/render-notice.js';
import { EffectSchema, NoticeSchema, upgradeEffect, type Notice } from '../../workflows/domain/effects.js';

const ref = { no: 12, requester: '冯磊', type: '用款申请' };
/** a chain node's defaults: approved, nothing committed, spent or released */
const node = { status: 'approved' as const, committed: '0', spent: '0', left: '0', released: '0', settled: false, paymentState: null };
const SAMPLES: Notice[] = [
  { kind: 'command.unknown', text: '你好' },
  { kind: 'command.usage', command: 'withdraw', problem: '缺少申请编号' },
  { kind: 'help' },
  { kind: 'refused', code: 'BUDGET_INSUFFICIENT', details: { line: '城建办 / 办公费', available: '100.00', requested: '1,200.00', missing: '1,100.00' } },
  { kind: 'failed' },
  { kind: 'account.unknown' },
  { kind: 'decision.made', no: 12, outcome: 'partial' },
  { kind: 'request.decided', no: 12, amount: '120000', outcome: 'returned', by: '钱伟', comment: '请补充发票' },
  { kind: 'request.closed', no: 12, status: 'cancelled' },
  { kind: 'step.transferred', no: 12, step: '财务审核', by: '吴刚' },
  { kind: 'light.changed', ...ref, step: '部门负责人审核', light: 'red', audience: 'superior', assignees: ['钱伟'] },
  { kind: 'alert.raised', alert: { code: 'overdue', ...ref, step: '部门负责人审核', assignees: ['钱伟'] } },
  { kind: 'alert.raised', alert: { code: 'repeated_returns', ...ref, returns: 3 } },
  { kind: 'budget.balances', fiscalYear: 2026, lines: [], more: 0, query: '宣传费' },
  { kind: 'pending.list', items: [] },
  { kind: 'requests.recent', items: [] },
  { kind: 'legacy.text', text: '旧版本的提醒' },
  {
    kind: 'chain.view',
    focusNo: 14,
    nodes: [
      { ...node, no: 12, type: '用款申请', kind: 'prior', amount: '10000000', date: '2026-03-02', depth: 0, committed: '10000000', spent: '0', left: '2000000' },
      {
        ...node,
        no: 13,
        type: '合同审批',
        kind: 'contract',
        amount: '8000000',
        date: '2026-03-05',
        depth: 1,
        contractNo: 'HT-2026-001',
        committed: '8000000',
        spent: '0',
        left: '5600000',
      },
      { ...node, no: 14, type: '工程付款', kind: 'payment', amount: '2400000', date: '2026-04-01', depth: 2, instalment: 1, spent: '2400000', paymentState: 'paid' },
      { ...node, no: 15, type: '工程验收', kind: 'acceptance', amount: '0', date: '2026-03-28', depth: 2, instalment: 1 },
      { ...node, no: 16, type: '费用报销', kind: 'reimbursement', amount: '80000', date: '2026-04-02', depth: 1, paymentState: 'due', status: 'approved' },
    ],
    totals: { committed: '10000000', spent: '2400000', left: '2000000', released: '0' },
  },
  { kind: 'payable.list', items: [{ no: 16, requester: '冯磊', type: '费用报销', amount: '80000', approvedOn: '2026-04-03', mayConfirm: true }] },
  { kind: 'request.settled', no: 12, released: '40000' },
  { kind: 'payment.confirmed', no: 16, amount: '80000', by: '何芳', date: '2026-11-30', voucherNo: '记-0381' },
  { kind: 'attachment.added', no: 12, files: [{ seq: 1, kind: '发票', name: 'invoice.jpg', size: 218_112 }], missing: [] },
  {
    kind: 'attachment.choose',
    name: 'invoice.jpg',
    choices: [
      { no: 12, type: '费用报销', kinds: ['发票', '其他'], missing: ['发票'] },
      { no: 15, type: '采购申请', kinds: ['采购需求', '询价记录', '其他'], missing: [] },
    ],
  },
  { kind: 'attachment.expecting', no: 12, fileKind: '发票' },
  {
    kind: 'alerts.list',
    items: [
      {
        alertNo: 3,
        rule: 'split_purchase',
        severity: 'violation',
        state: 'open',
        requestNos: [21, 22],
        department: '城建办',
        person: '冯磊',
        amount: '15200000',
        citation: '《中华人民共和国政府采购法实施条例》第二十八条',
        facts: { category: '专用材料费', supplier: '青石商贸', total: '15200000', threshold: '15000000', count: 2, fiscalYear: 2026 },
        raisedOn: '12-01',
      },
    ],
  },
  { kind: 'alert.updated', alertNo: 3, rule: 'split_purchase', state: 'closed', by: '赵国平', note: '已核实为汛期分批到货' },
  { kind: 'alert.explained', alertNo: 3, no: 22, person: '冯磊', explanation: '汛期物资分批到货' },
  { kind: 'attachment.removed', no: 12, seq: 2, name: 'old.pdf', missing: ['发票'] },
  {
    kind: 'search.result',
    scope: 'unit',
    filters: { department: '城建办', status: 'in_approval', minAmount: '5000000', light: 'red' },
    count: 1,
    total: '5600000',
    rows: [
      {
        no: 45,
        date: '2026-03-02',
        requester: '冯磊',
        department: '城建办',
        type: '采购申请',
        amount: '5600000',
        supplier: '青石商贸',
        status: 'in_approval',
        step: '财务审核',
        light: 'red',
      },
    ],
  },
  { kind: 'decided.list', items: [{ no: 12, type: '用款申请', amount: '120000', step: '部门负责人审核', action: 'approve', at: '2026-03-02 09:30' }] },
  {
    kind: 'audit.trail',
    no: 12,
    total: 1,
    page: 1,
    pages: 1,
    events: [{ seq: 101, at: '2026-03-02 09:30:05', who: '冯磊', platform: 'console', action: 'request.drafted', hash: '3fa2b1c0' }],
  },
  {
    kind: 'supervision.summary',
    day: '2026-12-07',
    since: '2026-12-04 08:30',
    newAlerts: { total: 2, byRule: [{ rule: 'overdue', count: 2 }], byDepartment: [{ department: '城建办', count: 1 }, { count: 1 }] },
    redLights: { total: 1, items: [{ no: 12, step: '部门负责人审核', assignees: ['钱伟'], since: '2026-12-03 15:00' }] },
    filings: { from: '2026-12-04', total: 0, items: [] },
  },
  {
    kind: 'report.ready',
    reportId: 'r1',
    fileName: '合同执行情况表-全部-2026-11-30.xlsx',
    size: 14_200,
    summary: { kind: 'contracts', scope: '全部', asOf: '2026-11-30', count: 3, amount: '50000000', paid: '15000000', remaining: '35000000', paidBp: 3000 },
  },
  {
    kind: 'audit.checkpoint',
    seq: '1234',
    hash: '3fa2b1c0'.repeat(8),
    at: '2026-12-01T10:00:00.000Z',
    local: '2026-12-01 18:00',
    day: '2026-12-01',
    key: '9c1e44d0a7b2f35e',
    sig: 'q83vEjRWeJA+'.repeat(7) + 'q83vEjRW==',
  },
  { kind: 'apply.form' },
];

describe('renderNotice', () => {
  it('has words for every kind of notice, and never shows a code or a raw value', () => {
    const kinds = new Set(NoticeSchema.options.map((o) => o.shape.kind.value));
    expect(new Set(SAMPLES.map((n) => n.kind))).toEqual(kinds);
    for (const notice of SAMPLES) {
      const text = renderNotice(notice);
      expect(text.length, notice.kind).toBeGreaterThan(0);
      expect(text, notice.kind).not.toMatch(/undefined|null|\[object|NaN|_[A-Z]{3,}|[A-Z]{4,}_/);
    }
  });

  it('words the alerts and lights the way supervisors read them', () => {
    expect(renderNotice(SAMPLES[10]!)).toBe('【超时·红灯】No.12 冯磊 的用款申请「部门负责人审核」 由 钱伟 办理，已超过时限，请督促。');
    expect(renderNotice(SAMPLES[11]!)).toBe('【红灯】No.12 冯磊 的用款申请「部门负责人审核」 已超时，办理人：钱伟');
    expect(renderNotice(SAMPLES[12]!)).toBe('【多次补正】No.12 冯磊 的用款申请已被退回 3 次');
    expect(renderNotice(SAMPLES[3]!)).toBe('预算不足，无法提交：「城建办 / 办公费」可用 100.00 元，本次申请 1,200.00 元，还差 1,100.00 元。请调整金额，或先申请预算调整。');
  });

  it('says a cancelled draft was cancelled, not withdrawn with budget released', () => {
    expect(renderNotice({ kind: 'request.closed', no: 3, status: 'cancelled' })).toBe('申请 No.3 已取消（尚未提交，没有冻结预算）。');
    expect(renderNotice({ kind: 'request.closed', no: 3, status: 'withdrawn' })).toBe('申请 No.3 已撤回，冻结的预算已释放。');
  });
});

describe('renderNotice: chains, contracts and payment', () => {
  const sample = (kind: Notice['kind']) => SAMPLES.find((n) => n.kind === kind)!;

  it('lists a chain 请示 → 合同 → 验收 → 付款, indented under each parent, then the totals', () => {
    expect(renderNotice(sample('chain.view')).split('\n')).toEqual([
      '【关联查询 No.14】',
      'No.12 用款申请（事前申请） · 已通过 · 100,000.00 元 · 2026-03-02 · 已承诺 100,000.00 · 剩余 20,000.00',
      '└ No.13 合同审批（合同） 合同 HT-2026-001 · 已通过 · 80,000.00 元 · 2026-03-05 · 已承诺 80,000.00 · 剩余 56,000.00',
      '　└ No.14（本件） 工程付款（付款） 第 1 期 · 已通过 · 24,000.00 元 · 2026-04-01 · 已支出 24,000.00 · 已付款',
      '　└ No.15 工程验收（验收） 第 1 期 · 已通过 · 0.00 元 · 2026-03-28',
      '└ No.16 费用报销（报销） · 已通过 · 800.00 元 · 2026-04-02 · 待出纳付款',
      '合计：已承诺 100,000.00 元，已支出 24,000.00 元，剩余 20,000.00 元',
      '发送 /进度 编号 查看某一件的详情。',
    ]);
  });

  it('shows a settled commitment with what went back to the line', () => {
    const text = renderNotice({
      kind: 'chain.view',
      focusNo: 12,
      nodes: [
        { ...node, no: 12, type: '用款申请', kind: 'prior', amount: '120000', date: '2026-03-02', depth: 0, committed: '120000', spent: '80000', released: '40000', settled: true },
      ],
      totals: { committed: '120000', spent: '80000', left: '0', released: '40000' },
    });
    expect(text).toContain('No.12（本件） 用款申请（事前申请） · 已通过 · 1,200.00 元 · 2026-03-02 · 已承诺 1,200.00 · 已支出 800.00 · 已结清，退回 400.00');
    expect(text).not.toContain('剩余 0.00 ·');
    expect(text).toContain('合计：已承诺 1,200.00 元，已支出 800.00 元，剩余 0.00 元，已退回指标 400.00 元');
  });

  it('words 结清, 确认付款 and an approval that waits for the cashier', () => {
    expect(renderNotice(sample('request.settled'))).toBe('No.12 已结清，剩余 400.00 元已退回预算指标。');
    expect(renderNotice({ kind: 'request.settled', no: 12, released: '0' })).toBe('No.12 已结清，没有剩余额度需要退回。');
    expect(renderNotice(sample('attachment.added'))).toBe('已附加到 No.12：发票（invoice.jpg，213 KB）\n要件已齐，可以在卡片上点「提交」。');
    expect(renderNotice(sample('attachment.choose'))).toContain('/附件 12 发票（缺） — No.12 费用报销');
    expect(renderNotice(sample('attachment.removed'))).toBe('已从 No.12 撤下附件 2（old.pdf）。现在缺：发票。');
    expect(renderNotice(sample('payment.confirmed'))).toBe('No.16（800.00 元）已确认付款：付款日期 2026-11-30，凭证号 记-0381，出纳 何芳。');
    const approved = { kind: 'request.decided' as const, no: 16, amount: '80000', outcome: 'approved' as const, by: '钱伟', comment: '' };
    expect(renderNotice({ ...approved, awaitingPayment: true })).toBe('您的申请 No.16（800.00 元）已审批通过，等待出纳付款。');
    expect(renderNotice(approved)).toBe('您的申请 No.16（800.00 元）已审批通过。');
  });

  it('lists what waits for the cashier, and says plainly when nothing does', () => {
    expect(renderNotice(sample('payable.list'))).toBe(
      '【待付款 1 件】\nNo.16 冯磊 费用报销 800.00 元 · 2026-04-03 审批通过\n确认付款请在卡片上点「确认付款」，或发送 /付款 编号 凭证号=… [日期=YYYY-MM-DD]。',
    );
    expect(renderNotice({ kind: 'payable.list', items: [] })).toBe('目前没有等待付款的事项。');
  });

  it.each([
    ['chain', '缺少申请编号或合同编号', '缺少申请编号或合同编号。请这样写：/关联 12，或按合同编号：/关联 HT-2026-001'],
    ['settle', '缺少申请编号', '缺少申请编号。请这样写：/结清 12'],
    ['pay', '缺少凭证号', '缺少凭证号。请这样写：/付款 12 凭证号=记-0381 日期=2026-11-30（不写日期即为今天）'],
  ] as const)('explains the usage of %s', (command, problem, text) => {
    expect(renderNotice({ kind: 'command.usage', command, problem })).toBe(text);
  });

  it('documents the new commands in /帮助', () => {
    const help = renderNotice({ kind: 'help' });
    for (const word of ['关联=', '/关联', '/结清', '/待付款', '/付款', '分期=', '期次=', '调入=', '合同号=']) expect(help).toContain(word);
  });
});

describe('effects', () => {
  it('round-trip through JSON as the outbox stores them', () => {
    for (const notice of SAMPLES) {
      const effect = { kind: 'reply' as const, to: { platform: 'console' as const, account: 'fenglei' }, notice };
      expect(EffectSchema.parse(JSON.parse(JSON.stringify(effect)))).toEqual(effect);
    }
  });

  it('worded by an earlier version still arrive, in the outbox and in queued delivery jobs', () => {
    expect(EffectSchema.parse(upgradeEffect({ kind: 'text.send', personId: 'fenglei', text: '您的申请 No.3 已审批通过。' }))).toEqual({
      kind: 'notice',
      personId: 'fenglei',
      notice: { kind: 'legacy.text', text: '您的申请 No.3 已审批通过。' },
    });
    expect(EffectSchema.parse(upgradeEffect({ kind: 'group.digest', group: 'supervision', line: '【红灯】No.3' }))).toMatchObject({
      notice: { kind: 'legacy.text', text: '【红灯】No.3' },
    });
    const v1 = { outboxId: '7', platform: 'console', effect: { kind: 'text.send', personId: 'fenglei', text: '旧提醒' } };
    expect(readPayload(notifyDeliverJob, v1)).toMatchObject({ effect: { kind: 'notice', notice: { kind: 'legacy.text', text: '旧提醒' } } });
  });
});
