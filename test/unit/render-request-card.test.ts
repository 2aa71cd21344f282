// The card each viewer sees: the same facts for everyone, buttons only for what that viewer may do.
import { describe, expect, it } from 'vitest';
import { renderRequestCard } from '../../bot/cards/render-request-card.js';
import type { DelegationView, RequestStatus } from '../../workflows/domain/types.js';
import type { ChainNode, LineBalance, RequestView, StepSnapshot } from '../../workflows/service/workflow-service.js';

const NOW = new Date('2026-11-23T03:00:00Z');

interface ViewOverrides {
  status?: RequestStatus;
  steps?: Partial<StepSnapshot>[];
  delegations?: DelegationView[];
  available?: bigint;
  returnCount?: number;
  returnsBeforeAlert?: number;
}

function view(overrides: ViewOverrides = {}): RequestView {
  const steps: StepSnapshot[] = (overrides.steps ?? []).map((s, index) => ({
    id: `r1.1.${index}`,
    index,
    name: `环节${index + 1}`,
    mode: '依次',
    state: 'waiting',
    assignees: ['qianwei'],
    approvedBy: [],
    collective: false,
    light: 'green',
    activatedAt: s.state === 'active' ? NOW : null,
    dueAt: null,
    ...s,
  }));
  const allotted = 5_000_000n;
  return {
    request: {
      id: 'r1',
      no: 7,
      type: '用款申请',
      amount: 120_000n,
      status: overrides.status ?? 'in_approval',
      requesterId: 'fenglei',
      departmentId: 'cjb',
      purpose: '购买打印纸',
      supplier: '',
      submittedAt: NOW,
      returnCount: overrides.returnCount ?? 0,
      route: { policyVersion: 1, steps: [], merged: [] },
      kind: 'direct',
      instalment: null,
      settledAt: null,
    },
    line: {
      id: 'cjb-office',
      name: '城建办 / 办公费',
      subject: '办公费',
      project: '',
      allotted,
      adjusted: 0n,
      frozen: allotted - (overrides.available ?? 4_880_000n),
      committed: 0n,
      spent: 0n,
    },
    link: null,
    chain: null,
    payment: null,
    contract: null,
    adjustment: null,
    settleable: false,
    linkCandidates: [],
    linkRequired: false,
    steps,
    round: 1,
    earlierRounds: [],
    revisions: [],
    decisions: [],
    names: {
      people: new Map([
        ['fenglei', '冯磊'],
        ['qianwei', '钱伟'],
        ['wugang', '吴刚'],
        ['zhengjia', '郑佳'],
        ['chenzhiqiang', '陈志强'],
        ['hefang', '何芳'],
      ]),
      departments: new Map([['cjb', '城建办']]),
      lines: new Map([['cjb-office', '城建办 / 办公费']]),
    },
    delegations: overrides.delegations ?? [],
    returnsBeforeAlert: overrides.returnsBeforeAlert ?? 2,
    attachments: [],
    requiredAttachments: [],
    alerts: [],
    splitPurchaseBlocks: false,
  };
}

const actions = (v: RequestView, viewer: string) => renderRequestCard(v, viewer, NOW, 'Asia/Shanghai').buttons.map((b) => b.action);

describe('renderRequestCard', () => {
  it('gives the active step’s assignee the four decisions, bound to that step', () => {
    const v = view({ steps: [{ state: 'active' }, {}] });
    const card = renderRequestCard(v, 'qianwei', NOW, 'Asia/Shanghai');
    expect(card.buttons.map((b) => b.action)).toEqual(['approve', 'reject', 'return', 'transfer']);
    expect(new Set(card.buttons.map((b) => b.stepId))).toEqual(new Set(['r1.1.0']));
    expect(card.fields).toContainEqual({ label: '编号', value: 'No.7' });
    expect(card.budget).toMatchObject({ line: '城建办 / 办公费', before: '50,000.00 元', after: '48,800.00 元', note: '已冻结本笔', ok: true });
  });

  it('gives the requester only 撤回 while in approval, and others nothing', () => {
    const v = view({ steps: [{ state: 'active' }] });
    expect(actions(v, 'fenglei')).toEqual(['withdraw']);
    expect(actions(v, 'wugang')).toEqual([]);
  });

  it('asks a collective step’s approver for the meeting record', () => {
    const card = renderRequestCard(view({ steps: [{ state: 'active', collective: true }] }), 'qianwei', NOW, 'Asia/Shanghai');
    expect(card.buttons.find((b) => b.action === 'approve')?.needs).toEqual(['comment', 'meeting']);
  });

  it('lets a deputy act only inside the delegation window', () => {
    const window = { fromId: 'qianwei', toId: 'chenzhiqiang', startsAt: new Date('2026-11-22T00:00:00Z'), endsAt: new Date('2026-11-24T00:00:00Z') };
    expect(actions(view({ steps: [{ state: 'active' }], delegations: [window] }), 'chenzhiqiang')).toContain('approve');
    const past = { ...window, endsAt: new Date('2026-11-23T00:00:00Z') };
    expect(actions(view({ steps: [{ state: 'active' }], delegations: [past] }), 'chenzhiqiang')).toEqual([]);
  });

  it('takes 会签 buttons away from a signer who already approved', () => {
    const v = view({ steps: [{ state: 'active', mode: '会签', assignees: ['wugang', 'zhengjia'], approvedBy: ['wugang'] }] });
    expect(actions(v, 'wugang')).toEqual([]);
    expect(actions(v, 'zhengjia')).toContain('approve');
    expect(renderRequestCard(v, 'fenglei', NOW, 'Asia/Shanghai').route[0]).toMatchObject({ state: 'active', stateLabel: '待审批（已同意 1/2）' });
  });

  it('offers no 提交 on a draft over budget, and says by how much', () => {
    const v = view({ status: 'draft', available: 100_000n });
    const card = renderRequestCard(v, 'fenglei', NOW, 'Asia/Shanghai');
    expect(card.buttons.map((b) => b.action)).toEqual(['edit', 'cancel']);
    expect(card.budget).toMatchObject({ ok: false, problem: '超出可用额度 200.00 元，无法提交' });
    expect(actions(view({ status: 'draft' }), 'fenglei')).toEqual(['submit', 'edit', 'cancel']);
  });

  it('shows a closed request to everyone without buttons, and flags repeated returns and red lights', () => {
    const closed = renderRequestCard(view({ status: 'approved', steps: [{ state: 'approved' }] }), 'qianwei', NOW, 'Asia/Shanghai');
    expect(closed.buttons).toEqual([]);
    expect(closed.footer).toBe('已办结，卡片仅供查看');
    const late = renderRequestCard(view({ returnCount: 2, steps: [{ state: 'active', light: 'red' }] }), 'fenglei', NOW, 'Asia/Shanghai');
    expect(late.flags.map((f) => f.text)).toEqual(['已退回 2 次（多次补正）', '当前环节已超时（红灯）']);
    expect(late.flags.map((f) => f.code)).toEqual(['repeated_returns', 'overdue']);
    expect(late.route[0]).toMatchObject({ light: 'red', tone: 'danger', lightLabel: '红灯：已超时' });
  });

  it('flags 多次补正 at the policy’s threshold, not a fixed number', () => {
    expect(renderRequestCard(view({ returnCount: 2, returnsBeforeAlert: 3 }), 'fenglei', NOW, 'Asia/Shanghai').flags).toEqual([]);
    const third = renderRequestCard(view({ returnCount: 3, returnsBeforeAlert: 3 }), 'fenglei', NOW, 'Asia/Shanghai');
    expect(third.flags.map((f) => f.code)).toEqual(['repeated_returns']);
    expect(renderRequestCard(view({ returnCount: 1, returnsBeforeAlert: 1 }), 'fenglei', NOW, 'Asia/Shanghai').flags.map((f) => f.text)).toEqual(['已退回 1 次（多次补正）']);
  });

  it('shows an open step’s due time beside its light, in the unit’s time zone', () => {
    const due = new Date('2026-11-24T09:30:00Z');
    const card = renderRequestCard(view({ steps: [{ state: 'approved' }, { state: 'active', light: 'yellow', dueAt: due }, {}] }), 'fenglei', NOW, 'Asia/Shanghai');
    expect(card.route[1]).toMatchObject({ light: 'yellow', lightLabel: '黄灯：即将超时', due: '11-24 17:30 前办结' });
    expect(card.route[0]!.due).toBeUndefined();
    expect(card.route[2]).toMatchObject({ state: 'waiting', light: null });
    expect(card.route[2]!.due).toBeUndefined();
  });

  it('links every card to its request’s page on the workbench once the server’s address is known, and none before', () => {
    const links = { base: 'https://gj.example.cn', url: (id: string, person: string) => `https://gj.example.cn/files/${id}-${person}` };
    for (const status of ['draft', 'in_approval', 'approved'] as const) {
      expect(renderRequestCard(view({ status, steps: [{ state: 'active' }] }), 'wugang', NOW, 'Asia/Shanghai', links).open).toBe('https://gj.example.cn/app/r/7');
    }
    expect(renderRequestCard(view(), 'wugang', NOW, 'Asia/Shanghai', { ...links, base: '' }).open).toBeUndefined();
    expect(renderRequestCard(view(), 'wugang', NOW, 'Asia/Shanghai').open).toBeUndefined();
  });

  it('carries codes and tones, so no platform has to read the words', () => {
    const card = renderRequestCard(view({ status: 'returned' }), 'fenglei', NOW, 'Asia/Shanghai');
    expect(card.status).toEqual({ code: 'returned', label: '已退回修改', tone: 'warning' });
  });
});

const LINE: LineBalance = { id: 'cjb-office', name: '城建办 / 办公费', subject: '办公费', project: '', allotted: 5_000_000n, adjusted: 0n, frozen: 0n, committed: 0n, spent: 0n };
const render = (v: RequestView, viewer = 'fenglei') => renderRequestCard(v, viewer, NOW, 'Asia/Shanghai');
const withRequest = (v: RequestView, request: Partial<RequestView['request']>, rest: Partial<RequestView> = {}): RequestView => ({
  ...v,
  request: { ...v.request, ...request },
  ...rest,
});

const node = (over: Partial<ChainNode> & Pick<ChainNode, 'id' | 'no' | 'type' | 'kind' | 'amount' | 'depth'>): ChainNode => ({
  status: 'approved',
  date: NOW,
  committed: 0n,
  spent: 0n,
  left: 0n,
  released: 0n,
  settled: false,
  paymentState: null,
  ...over,
});

describe('renderRequestCard: chains, payments and adjustments', () => {
  // 报销 No.15 of 800.00 drawing on 用款申请 No.12 of 1,200.00
  const child = (status: RequestStatus, available = 4_880_000n) =>
    withRequest(
      view({ status, available }),
      { type: '费用报销', kind: 'reimbursement', amount: 80_000n },
      {
        link: {
          parentId: 'p12',
          parentNo: 12,
          parentType: '用款申请',
          parentKind: 'prior',
          parentAmount: 120_000n,
          usedBefore: 0n,
          usedAfter: 80_000n,
          remainder: 40_000n,
          settled: false,
          draws: true,
        },
      },
    );

  it('names the commitment a child draws on, and leaves the line alone', () => {
    const card = render(child('in_approval'));
    expect(card.link).toBe('关联：No.12 用款申请 1,200.00（已用 0.00 → 800.00，剩余 400.00），不再占用指标');
    expect(card.fields).toContainEqual({ label: '类型', value: '费用报销（报销）' });
    expect(card.budget).toEqual({ line: '城建办 / 办公费', after: '48,800.00 元', note: '从关联申请的承诺中支出，不再占用指标', ok: true });
    expect(card.budget?.before).toBeUndefined();
  });

  it('offers 提交 on a child even when its line has too little left: it draws on the parent', () => {
    const short = child('draft', 50_000n);
    expect(render(short).buttons.map((b) => b.action)).toEqual(['submit', 'edit', 'cancel']);
    expect(render(short).budget).toMatchObject({ ok: true });
    // the same request without the link would take from the line, and is refused
    expect(render({ ...short, link: null }).buttons.map((b) => b.action)).toEqual(['edit', 'cancel']);
  });

  it('offers the commitments a draft could draw on, and holds back 提交 while a required 关联 is missing', () => {
    const unlinked = withRequest(
      view({ status: 'draft' }),
      { type: '费用报销', kind: 'reimbursement' },
      {
        linkRequired: true,
        linkCandidates: [
          { id: 'p12', no: 12, type: '用款申请', remainder: 40_000n },
          { id: 'c13', no: 13, type: '合同审批', contractNo: 'HT-2026-001', remainder: 4_920_000n },
        ],
      },
    );
    const card = render(unlinked);
    const how = `（点「关联 No.…」，或发送 /关联 ${unlinked.request.no} 编号）`;
    expect(card.link).toBe(`关联：尚未关联，本类型须关联后才能提交；可关联 No.12 用款申请（剩余 400.00 元）、合同 HT-2026-001（剩余 49,200.00 元）${how}`);
    // each candidate is a choice on the card; 提交 waits for one
    expect(card.buttons.map((b) => [b.action, b.label, b.parentRef])).toEqual([
      ['link', '关联 No.12', '12'],
      ['link', '关联 No.13', '13'],
      ['edit', '修改', undefined],
      ['cancel', '取消', undefined],
    ]);
    expect(render({ ...unlinked, linkCandidates: [] }).link).toBe('关联：尚未关联，本类型须关联后才能提交；目前没有可关联的申请');
    const optional = render({ ...unlinked, linkRequired: false });
    expect(optional.link).toBe(`关联：可关联 No.12 用款申请（剩余 400.00 元）、合同 HT-2026-001（剩余 49,200.00 元）${how}`);
    expect(optional.buttons.map((b) => b.action)).toEqual(['submit', 'link', 'link', 'edit', 'cancel']);
    // only the requester chooses
    expect(render({ ...unlinked, linkRequired: false }, 'qianwei').buttons).toEqual([]);
    expect(render(view({ status: 'draft' })).link).toBeUndefined();
  });

  it('says 已结清 of a settled parent, and names a contract by its number', () => {
    const v = child('approved');
    const card = render({ ...v, link: { ...v.link!, parentKind: 'contract', contractNo: 'HT-2026-001', parentType: '合同审批', settled: true } });
    expect(card.link).toBe('关联：合同 HT-2026-001 1,200.00（已用 0.00 → 800.00，剩余 400.00），不再占用指标，已结清');
  });

  it('shows a 验收 with its 期次 and no budget effect at all', () => {
    const v = withRequest(
      view({ status: 'draft', available: 0n }),
      { type: '项目验收', kind: 'acceptance', amount: 1_500_000n, instalment: 1 },
      {
        link: {
          parentId: 'p13',
          parentNo: 13,
          parentType: '合同审批',
          parentKind: 'contract',
          contractNo: 'HT-2026-001',
          parentAmount: 5_000_000n,
          usedBefore: 0n,
          usedAfter: 0n,
          remainder: 5_000_000n,
          settled: false,
          draws: false,
        },
      },
    );
    const card = render(v);
    expect(card.link).toBe('关联：合同 HT-2026-001，验收第 1 期');
    expect(card.budget).toBeUndefined();
    expect(card.fields).toContainEqual({ label: '期次', value: '第 1 期' });
    expect(card.buttons.map((b) => b.action)).toEqual(['submit', 'edit', 'cancel']);
  });

  it('draws the chain of four, the card’s own request marked, and its totals', () => {
    const chain = {
      focusId: 'r1',
      nodes: [
        node({ id: 'p12', no: 12, type: '用款申请', kind: 'prior', amount: 6_000_000n, depth: 0, committed: 6_000_000n, left: 1_000_000n }),
        node({ id: 'c13', no: 13, type: '合同审批', kind: 'contract', amount: 5_000_000n, depth: 1, contractNo: 'HT-2026-001', committed: 5_000_000n, left: 4_920_000n }),
        node({ id: 'a14', no: 14, type: '项目验收', kind: 'acceptance', amount: 1_500_000n, depth: 2, instalment: 1 }),
        node({ id: 'r1', no: 7, type: '付款申请', kind: 'payment', amount: 80_000n, depth: 2, spent: 80_000n, paymentState: 'paid' }),
      ],
      totals: { committed: 6_000_000n, spent: 80_000n, left: 5_920_000n, released: 0n },
    };
    const card = render({ ...view({ status: 'approved' }), chain });
    expect(card.chain?.rows).toEqual([
      { no: 12, text: 'No.12 用款申请 60,000.00 元 · 已通过 · 已用 50,000.00，剩余 10,000.00', current: false, depth: 0 },
      { no: 13, text: 'No.13 合同审批 HT-2026-001 50,000.00 元 · 已通过 · 已用 800.00，剩余 49,200.00', current: false, depth: 1 },
      { no: 14, text: 'No.14 项目验收 第 1 期 15,000.00 元 · 已通过', current: false, depth: 2 },
      { no: 7, text: 'No.7 付款申请 800.00 元 · 已付款', current: true, depth: 2 },
    ]);
    expect(card.chain?.summary).toBe('全链：已承诺 60,000.00 元，已支出 800.00 元，剩余 59,200.00 元');
    const settled = { ...chain, nodes: [node({ ...chain.nodes[0]!, left: 0n, released: 1_000_000n, settled: true })], totals: { ...chain.totals, released: 1_000_000n } };
    const closed = render({ ...view({ status: 'approved' }), chain: settled });
    expect(closed.chain?.rows[0]?.text).toBe('No.12 用款申请 60,000.00 元 · 已通过 · 已用 50,000.00，已结清（退回 10,000.00）');
    expect(closed.chain?.summary).toBe('全链：已承诺 60,000.00 元，已支出 800.00 元，剩余 59,200.00 元（已退回 10,000.00 元）');
  });

  it('shows a 调剂 as the giving line going down, and the receiving line in words', () => {
    const road: LineBalance = { ...LINE, id: 'cjb-road', name: '城建办 / 道路维护', allotted: 1_000_000n };
    const adjust = (status: RequestStatus, from: LineBalance) =>
      withRequest(view({ status }), { type: '预算调整', kind: 'adjustment', amount: 500_000n }, { line: from, adjustment: { mode: 'transfer', from, to: road } });
    expect(render(adjust('draft', LINE)).budget).toEqual({
      line: '城建办 / 办公费',
      before: '50,000.00 元',
      after: '45,000.00 元',
      note: '调剂到 城建办 / 道路维护（可用 10,000.00 元 → 15,000.00 元）',
      ok: true,
      problem: undefined,
    });
    expect(render(adjust('draft', LINE)).fields).toContainEqual({ label: '类型', value: '预算调整' });
    const poor = { ...LINE, frozen: 4_800_000n };
    expect(render(adjust('draft', poor)).buttons.map((b) => b.action)).toEqual(['edit', 'cancel']);
    expect(render(adjust('approved', { ...LINE, adjusted: -500_000n })).budget).toMatchObject({ after: '45,000.00 元', note: '已调剂到 城建办 / 道路维护（可用 10,000.00 元）' });
  });

  it('shows a 追加 as the receiving line going up, and never holds back its 提交', () => {
    const empty = { ...LINE, allotted: 0n };
    const add = withRequest(view({ status: 'draft' }), { type: '预算追加', kind: 'adjustment', amount: 500_000n }, { line: empty, adjustment: { mode: 'add', to: empty } });
    const card = render(add);
    expect(card.budget).toEqual({ line: '城建办 / 办公费', before: '0.00 元', after: '5,000.00 元', note: '追加，审批通过后增加', ok: true });
    expect(card.fields).toContainEqual({ label: '类型', value: '预算追加（预算调整）' });
    expect(card.buttons.map((b) => b.action)).toEqual(['submit', 'edit', 'cancel']);
  });

  it('gives the cashier 确认付款 while the payment is due, and no one else', () => {
    const due = withRequest(
      view({ status: 'approved', steps: [{ state: 'approved' }] }),
      { type: '费用报销', kind: 'reimbursement' },
      { payment: { state: 'due', cashiers: ['hefang'] } },
    );
    const cashier = render(due, 'hefang');
    expect(cashier.buttons).toEqual([{ action: 'pay', label: '确认付款', style: 'primary', requestId: 'r1', needs: ['payment'] }]);
    expect(cashier.fields).toContainEqual({ label: '付款', value: '待出纳付款（可办理：何芳）' });
    expect(cashier.flags).toContainEqual({ code: 'payment_due', text: '已审批，待出纳确认付款', tone: 'warning' });
    expect(cashier.budget).toMatchObject({ note: '已冻结，待出纳付款' });
    const requester = render(due, 'fenglei');
    expect(requester.buttons).toEqual([]);
    expect(requester.footer).toBeUndefined();
    expect(render(due, 'qianwei').buttons).toEqual([]);
  });

  it('shows a confirmed payment with its date, voucher and cashier, and no button', () => {
    const paid = withRequest(
      view({ status: 'approved' }),
      { kind: 'payment' },
      { payment: { state: 'paid', cashiers: ['hefang'], date: '2026-12-01', voucherNo: '记-118', paidBy: 'hefang', paidAt: NOW } },
    );
    const card = render(paid, 'hefang');
    expect(card.buttons).toEqual([]);
    expect(card.fields).toContainEqual({ label: '付款', value: '已付款：2026-12-01 凭证号 记-118（出纳 何芳）' });
    expect(card.flags.map((f) => f.code)).toEqual([]);
    expect(card.budget).toMatchObject({ note: '本笔已支出' });
    expect(card.footer).toBe('已办结，卡片仅供查看');
  });

  it('shows an approved contract’s number and instalments, committed until 结清', () => {
    const contract = withRequest(
      view({ status: 'approved' }),
      { type: '合同审批', kind: 'contract', supplier: '' },
      {
        settleable: true,
        contract: {
          no: 'HT-2026-001',
          supplier: '青石建设',
          amount: 120_000n,
          instalments: [
            { index: 1, amount: 36_000n, condition: '签订后', accepted: true, paid: 36_000n },
            { index: 2, amount: 84_000n, condition: '验收合格后', accepted: false, paid: 0n },
          ],
          paid: 36_000n,
          remainder: 84_000n,
        },
      },
    );
    const card = render(contract);
    expect(card.fields).toEqual(
      expect.arrayContaining([
        { label: '类型', value: '合同审批（合同）' },
        { label: '供应商', value: '青石建设' },
        { label: '合同编号', value: 'HT-2026-001' },
        { label: '分期', value: '第 1 期 360.00 元（签订后） · 已验收 · 已付 360.00 元；第 2 期 840.00 元（验收合格后） · 未验收 · 已付 0.00 元' },
      ]),
    );
    expect(card.budget).toMatchObject({ note: '本笔已承诺' });
    expect(card.footer).toBe('剩余额度不再需要时，可发送 /结清 7，剩余退回预算指标');
    const settled = render(withRequest(contract, { settledAt: NOW }, { settleable: false }));
    expect(settled.flags).toContainEqual({ code: 'settled', text: '已结清', tone: 'neutral' });
    expect(settled.budget).toMatchObject({ note: '已结清，剩余已退回' });
  });
});

describe('renderRequestCard: 修改 and earlier rounds', () => {
  const RETURNED_AT = new Date('2026-11-30T02:12:00Z'); // 10:12 in Shanghai
  const PRINT: LineBalance = { ...LINE, id: 'cjb-print', name: '城建办 / 印刷费 / 宣传册', subject: '印刷费', project: '宣传册' };
  const round1: StepSnapshot[] = [
    {
      id: 'r1.1.0',
      index: 0,
      name: '部门负责人审核',
      mode: '依次',
      state: 'returned',
      assignees: ['qianwei'],
      approvedBy: [],
      collective: false,
      light: 'green',
      activatedAt: NOW,
      dueAt: null,
    },
    {
      id: 'r1.1.1',
      index: 1,
      name: '财务审核',
      mode: '依次',
      state: 'cancelled',
      assignees: ['wugang'],
      approvedBy: [],
      collective: false,
      light: 'green',
      activatedAt: null,
      dueAt: null,
    },
  ];
  const returnDecision = { stepId: 'r1.1.0', personId: 'chenzhiqiang', onBehalfOf: 'qianwei', action: 'return' as const, comment: '请补充报价单', at: RETURNED_AT };
  // 冯磊 raised the amount, then moved the request to another line and gave a supplier, in two edits
  const revisions = [
    { round: 2, changes: [{ field: 'amount' as const, from: '120000', to: '150000' }], at: NOW },
    {
      round: 2,
      changes: [
        { field: 'line' as const, from: 'cjb-office', to: 'cjb-print' },
        { field: 'supplier' as const, from: '', to: '青石商贸' },
      ],
      at: NOW,
    },
  ];
  const edited = { amount: 150_000n, supplier: '青石商贸' };
  const names = (v: RequestView) => ({ ...v.names, lines: new Map([...v.names.lines, ['cjb-print', PRINT.name]]) });

  /** returned once by 陈志强 for 钱伟, then edited: round 2 not started yet */
  const returned = (): RequestView => {
    const v = view({ status: 'returned', returnCount: 1 });
    return withRequest(v, edited, {
      line: PRINT,
      steps: round1,
      round: 2,
      earlierRounds: [{ round: 1, steps: round1, decisions: [returnDecision] }],
      revisions,
      decisions: [returnDecision],
      names: names(v),
    });
  };
  /** the same, resubmitted: round 2 under way */
  const resubmitted = (): RequestView => {
    const r = returned();
    const round2 = round1.map((s, index) => ({ ...s, id: `r1.2.${index}`, state: index === 0 ? ('active' as const) : ('waiting' as const) }));
    return withRequest(r, { status: 'in_approval' }, { steps: round2 });
  };
  const CHANGES = [
    { label: '金额', from: '1,200.00 元', to: '1,500.00 元' },
    { label: '预算指标', from: '城建办 / 办公费', to: '城建办 / 印刷费 / 宣传册' },
    { label: '供应商', from: '（无）', to: '青石商贸' },
  ];

  it('shows a returned request’s edits, the route of its next round, and the returned round in its history', () => {
    const card = render(returned());
    expect(card.changes).toEqual(CHANGES);
    // the route is the preview of the next round (worked out again after each 修改)
    expect(card.route.every((s) => s.state === 'waiting' || s.state === 'merged')).toBe(true);
    // the round that was returned, 退回 and all, is history
    expect(card.history?.map((r) => r.round)).toEqual([1]);
    expect(card.history?.[0]?.lines.join('\n')).toContain('陈志强（代 钱伟） 退回修改：请补充报价单');
  });

  it('gives the requester of a returned request 修改, filled with what it says now, between 重新提交 and 取消申请', () => {
    const card = render(returned());
    expect(card.buttons.map((b) => b.label)).toEqual(['重新提交', '修改', '取消申请']);
    expect(card.buttons[1]).toEqual({
      action: 'edit',
      label: '修改',
      style: 'default',
      requestId: 'r1',
      needs: ['edit'],
      edit: { amount: '1500.00', purpose: '购买打印纸', subject: '印刷费', project: '宣传册', supplier: '青石商贸' },
    });
    // the amount as one would type it: no thousands separators
    expect(render(withRequest(returned(), { amount: 123_456_789n })).buttons.find((b) => b.action === 'edit')?.edit?.amount).toBe('1234567.89');
    expect(render(returned(), 'qianwei').buttons).toEqual([]);
  });

  it('shows a resubmitted request’s changes, and the earlier round with its decision, time and the changes after it', () => {
    const card = render(resubmitted());
    expect(card.changes).toEqual(CHANGES);
    expect(card.history).toEqual([{ round: 1, title: '第 1 轮 · 退回修改', lines: ['11-30 10:12 陈志强（代 钱伟） 退回修改：请补充报价单'], changes: CHANGES }]);
    // the decision time is the unit's
    expect(renderRequestCard(resubmitted(), 'fenglei', NOW, 'UTC').history?.[0]?.lines).toEqual(['11-30 02:12 陈志强（代 钱伟） 退回修改：请补充报价单']);
    expect(card.route[0]).toMatchObject({ state: 'active' });
    expect(card.buttons.map((b) => b.action)).toEqual(['withdraw']);
  });

  it('counts a field changed and changed back as no change, and shows no changes in the first round', () => {
    const back = { round: 2, changes: [{ field: 'amount' as const, from: '150000', to: '120000' }], at: NOW };
    const card = render({ ...resubmitted(), revisions: [...revisions, back] });
    expect(card.changes?.map((c) => c.label)).toEqual(['预算指标', '供应商']);
    expect(card.history?.[0]?.changes.map((c) => c.label)).toEqual(['预算指标', '供应商']);
    // a draft edited before it was ever submitted has no last round to compare with
    const draft = { ...view({ status: 'draft' }), revisions: [{ round: 1, changes: [{ field: 'purpose' as const, from: '购买打印纸', to: '' }], at: NOW }] };
    expect(render(draft).changes).toBeUndefined();
    expect(render(draft).history).toBeUndefined();
    expect(render(draft).buttons.find((b) => b.action === 'edit')?.edit).toEqual({ amount: '1200.00', purpose: '购买打印纸', subject: '办公费', project: '', supplier: '' });
  });

  it('titles each earlier round by how it ended, oldest first', () => {
    const round2 = round1.map((s, index) => ({ ...s, id: `r1.2.${index}`, state: index === 0 ? ('approved' as const) : ('returned' as const) }));
    const second = { stepId: 'r1.2.1', personId: 'wugang', onBehalfOf: null, action: 'return' as const, comment: '', at: new Date('2026-12-01T07:05:00Z') };
    const third = withRequest(
      resubmitted(),
      {},
      {
        round: 3,
        steps: round1.map((s, index) => ({ ...s, id: `r1.3.${index}`, state: 'waiting' as const })),
        earlierRounds: [
          { round: 1, steps: round1, decisions: [returnDecision] },
          { round: 2, steps: round2, decisions: [second] },
        ],
      },
    );
    const card = render(third);
    expect(card.history?.map((r) => [r.title, r.lines])).toEqual([
      ['第 1 轮 · 退回修改', ['11-30 10:12 陈志强（代 钱伟） 退回修改：请补充报价单']],
      ['第 2 轮 · 退回修改', ['12-01 15:05 吴刚 退回修改']],
    ]);
    // nothing was changed before round 3
    expect(card.history?.[1]?.changes).toEqual([]);
    expect(card.changes).toBeUndefined();
  });
});
