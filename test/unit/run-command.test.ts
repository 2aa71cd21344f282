// Typed commands against an in-memory fake of the service API: what each command asks of the core,
// and what it answers.
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../bot/commands/run-command.js';
import { renderNotice } from '../../bot/replies/render-notice.js';
import { AppError } from '../../workflows/domain/errors.js';
import type { Actor } from '../../workflows/service/workflow-service.js';
import { FakeWorkflowService } from '../helpers/fake-workflow-service.js';

const actor: Actor = {
  personId: 'fenglei',
  platform: 'console',
  account: 'fenglei',
  replyTo: { platform: 'console', account: 'fenglei', personId: 'fenglei' },
};

function run(text: string, fake = new FakeWorkflowService({ requests: new Map([[12, 'req-12']]) })) {
  return { fake, done: runCommand({ service: fake.api, tz: 'Asia/Shanghai' }, actor, text) };
}

const answered = (fake: FakeWorkflowService) => fake.replies().map((r) => renderNotice(r.notice));

describe('runCommand', () => {
  it('drafts /申请 with the parsed type, amount in 分, supplier and tags', async () => {
    const { fake, done } = run('/申请 采购申请 专用材料费 56,000.50 防汛物资 供应商=青石商贸 #应急');
    await done;
    expect(fake.calls).toEqual([
      { op: 'draft', actor, input: { type: '采购申请', subject: '专用材料费', amount: 5_600_050n, purpose: '防汛物资', supplier: '青石商贸', project: undefined, tags: ['应急'] } },
    ]);
  });

  it('refuses a misplaced thousands separator instead of reading 12,50 as 1,250', async () => {
    const { fake, done } = run('/申请 办公费 12,50 购买打印纸');
    await expect(done).rejects.toMatchObject({ code: 'AMOUNT_INVALID' });
    expect(fake.calls).toEqual([]);
  });

  it('refuses a subject that looks like a request type the policy does not have, listing the known ones', async () => {
    const { fake, done } = run('/申请 差旅报销 800 出差');
    const error = (await done.catch((e: unknown) => e)) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.details).toMatchObject({ type: '差旅报销', known: ['用款申请', '采购申请'] });
    expect(fake.calls).toEqual([]);
  });

  it('answers /预算 with the balances, at most 30 lines and how many more', async () => {
    const line = (i: number) => ({
      id: `l${i}`,
      name: `城建办 / 科目${i}`,
      subject: `科目${i}`,
      project: '',
      allotted: 100_000n,
      adjusted: 0n,
      frozen: 1_000n,
      committed: 0n,
      spent: 2_000n,
      available: 97_000n,
    });
    const fake = new FakeWorkflowService({ balances: { fiscalYear: 2026, lines: Array.from({ length: 32 }, (_, i) => line(i)) } });
    await run('/预算', fake).done;
    const [text] = answered(fake);
    expect(text).toMatch(/^【2026 年预算余额】\n· 城建办 \/ 科目0：可用 970\.00 元（指标 1,000\.00，冻结 10\.00，已支出 20\.00）/);
    expect(text!.split('\n').filter((l) => l.startsWith('· '))).toHaveLength(30);
    expect(text).toMatch(/另有 2 条，请缩小范围$/);
  });

  it('shows what is committed on a line only when something is', async () => {
    const fake = new FakeWorkflowService({
      balances: {
        fiscalYear: 2026,
        lines: [
          {
            id: 'a',
            name: '城建办 / 工程项目',
            subject: '工程项目',
            project: '',
            allotted: 500_000n,
            adjusted: 0n,
            frozen: 0n,
            committed: 120_000n,
            spent: 30_000n,
            available: 350_000n,
          },
          { id: 'b', name: '城建办 / 办公费', subject: '办公费', project: '', allotted: 100_000n, adjusted: 0n, frozen: 0n, committed: 0n, spent: 0n, available: 100_000n },
        ],
      },
    });
    await run('/预算', fake).done;
    expect(answered(fake)).toEqual([
      '【2026 年预算余额】\n· 城建办 / 工程项目：可用 3,500.00 元（指标 5,000.00，冻结 0.00，已承诺 1,200.00，已支出 300.00）\n· 城建办 / 办公费：可用 1,000.00 元（指标 1,000.00，冻结 0.00，已支出 0.00）',
    ]);
  });

  it('answers /待办 with the lights and the steps, and /待办 with nothing pending plainly', async () => {
    const fake = new FakeWorkflowService({
      pending: [{ requestId: 'r', no: 12, requester: '冯磊', type: '用款申请', amount: 120_000n, step: '部门负责人审核', light: 'yellow' }],
    });
    await run('/待办', fake).done;
    expect(answered(fake)).toEqual(['【待办 1 件】\n🟡 No.12 冯磊 用款申请 1,200.00 元 —「部门负责人审核」\n发送 /进度 编号 可重新收到卡片。']);
    const empty = new FakeWorkflowService();
    await run('/todo', empty).done;
    expect(answered(empty)).toEqual(['您目前没有待审批的事项。']);
  });

  it('lists recent requests for /进度, and asks the service to show one for /进度 N', async () => {
    const fake = new FakeWorkflowService({ requests: new Map([[12, 'req-12']]), recent: [{ id: 'r', no: 12, type: '用款申请', amount: 120_000n, status: 'returned' }] });
    await run('/进度', fake).done;
    expect(answered(fake)).toEqual(['【我最近的申请】\nNo.12 用款申请 1,200.00 元 — 已退回修改\n发送 /进度 编号 查看详情。']);
    await run('/进度 No.12', fake).done;
    expect(fake.calls).toEqual([{ op: 'show', actor, no: 12 }]);
  });

  it('turns a typed decision into a decision on the numbered request, and an unknown number into REQUEST_NOT_FOUND', async () => {
    const { fake, done } = run('/驳回 12 不符合采购程序');
    await done;
    expect(fake.calls).toEqual([{ op: 'decide', actor, input: { requestId: 'req-12', action: 'reject', comment: '不符合采购程序', transferTo: undefined, meeting: undefined } }]);
    await expect(run('/同意 99').done).rejects.toMatchObject({ code: 'REQUEST_NOT_FOUND', details: { no: 99 } });
  });

  it('withdraws by number and leaves the answer to the service (已撤回 or 已取消)', async () => {
    const { fake, done } = run('/撤回 12');
    await done;
    expect(fake.calls).toEqual([{ op: 'withdraw', actor, requestId: 'req-12' }]);
    expect(fake.replies()).toEqual([]);
    expect(renderNotice({ kind: 'request.closed', no: 12, status: 'cancelled' })).not.toMatch(/撤回|冻结的预算已释放/);
    expect(renderNotice({ kind: 'request.closed', no: 12, status: 'withdrawn' })).toBe('申请 No.12 已撤回，冻结的预算已释放。');
  });

  it('answers /申请 alone with the link to the form, and drafts nothing', async () => {
    const { fake, done } = run('/申请');
    await done;
    expect(fake.calls).toEqual([]);
    expect(fake.replies().map((r) => r.notice)).toEqual([{ kind: 'apply.form' }]);
    // the words, where no address is known to link to
    expect(answered(fake)).toEqual([
      '【新建申请】在工作台填写申请单：选申请类型和预算指标，填金额、事由和供应商，提交前可预览预算影响和审批路线。\n也可以直接发送：/申请 科目 金额 事由（例如 /申请 办公费 1200 购买打印纸）。',
    ]);
  });

  it('answers text it does not understand with help, and a malformed command with its usage', async () => {
    const { fake, done } = run('你好');
    await done;
    await run('/撤回', fake).done;
    const [unknown, usage] = answered(fake);
    expect(unknown).toMatch(/^没看懂「你好」。\n\n管家可以帮您办理用款审批/);
    expect(usage).toBe('缺少申请编号。请这样写：/撤回 12');
  });

  describe('/修改', () => {
    it('edits the numbered request with the amount in 分 and only the fields given, leaving the answer to the service', async () => {
      const { fake, done } = run('/修改 No.12 金额=1,500.50 事由=补充报价单后 重新申请 科目=专用材料费');
      await done;
      expect(fake.calls).toEqual([
        { op: 'edit', actor, requestId: 'req-12', input: { amount: 150_050n, purpose: '补充报价单后 重新申请', subject: '专用材料费', project: undefined, supplier: undefined } },
      ]);
      expect(fake.replies()).toEqual([]);
      await run('/edit 12 supplier=青石商贸 project=防汛', fake).done;
      expect(fake.calls[1]).toEqual({
        op: 'edit',
        actor,
        requestId: 'req-12',
        input: { amount: undefined, purpose: undefined, subject: undefined, project: '防汛', supplier: '青石商贸' },
      });
    });

    it('refuses a bad amount before asking the core, and an unknown number with REQUEST_NOT_FOUND', async () => {
      const bad = run('/修改 12 金额=12,50');
      await expect(bad.done).rejects.toMatchObject({ code: 'AMOUNT_INVALID', details: { input: '12,50' } });
      await expect(run('/修改 12 金额=0').done).rejects.toMatchObject({ code: 'AMOUNT_INVALID' });
      expect(bad.fake.calls).toEqual([]);
      await expect(run('/修改 99 金额=100').done).rejects.toMatchObject({ code: 'REQUEST_NOT_FOUND', details: { no: 99 } });
    });

    it('answers /修改 with nothing to change with its usage, editing nothing', async () => {
      const { fake, done } = run('/修改 12');
      await done;
      await run('/修改 12 1500', fake).done;
      expect(fake.calls).toEqual([]);
      expect(answered(fake)).toEqual([
        '请写明要修改的内容。请这样写：/修改 12 金额=1500 事由=补充报价单后重新申请（只写要改的项：金额= 事由= 科目= 项目= 供应商=）',
        '看不懂「1500」，金额请写成 金额=1500。请这样写：/修改 12 金额=1500 事由=补充报价单后重新申请（只写要改的项：金额= 事由= 科目= 项目= 供应商=）',
      ]);
    });
  });

  describe('chains, contracts and payment', () => {
    const chainPolicy = {
      version: 1,
      unitName: '测试街道',
      fiscalYear: 2026,
      requestTypes: ['用款申请', '费用报销', '合同审批', '工程验收', '工程付款', '预算调整'],
      typeKinds: { 用款申请: 'prior', 费用报销: 'reimbursement', 合同审批: 'contract', 工程验收: 'acceptance', 工程付款: 'payment', 预算调整: 'adjustment' } as const,
      tags: ['三重一大'],
      types: [],
      supervisionGroup: {},
    };
    const chainFake = (over: ConstructorParameters<typeof FakeWorkflowService>[0] = {}) =>
      new FakeWorkflowService({ requests: new Map([[12, 'req-12']]), contracts: new Map([['HT-2026-001', 'req-13']]), policy: chainPolicy, ...over });
    const drafted = (fake: FakeWorkflowService) => (fake.calls[0]?.op === 'draft' ? fake.calls[0].input : undefined);

    it('drafts a child under 关联 without a subject, with the parent as typed', async () => {
      const fake = chainFake();
      await run('/申请 费用报销 800 出差补助 关联=No.12', fake).done;
      expect(fake.calls).toEqual([
        {
          op: 'draft',
          actor,
          input: { type: '费用报销', subject: undefined, project: undefined, amount: 80_000n, purpose: '出差补助', supplier: undefined, tags: [], parent: '12' },
        },
      ]);
    });

    it('drafts a 验收 with no amount and its 期次, leaving AMOUNT_REQUIRED to the core', async () => {
      const fake = chainFake();
      await run('/申请 工程验收 关联=HT-2026-001 期次=1 竣工验收合格', fake).done;
      expect(drafted(fake)).toMatchObject({ type: '工程验收', parent: 'HT-2026-001', instalment: 1, purpose: '竣工验收合格' });
      expect(drafted(fake)).not.toHaveProperty('amount', expect.anything());
      expect(drafted(fake)).not.toHaveProperty('subject', expect.anything());
    });

    it('drafts a contract with its number and instalments, and a 调剂 with its receiving line', async () => {
      const fake = chainFake();
      await run('/申请 合同审批 工程项目 100000 道路硬化 关联=12 合同号=HT-2026-009 分期=30%:签订后,70000:验收合格后', fake).done;
      await run('/申请 预算调整 办公费 5000 调剂 调入=印刷费', fake).done;
      expect(fake.calls.map((c) => (c.op === 'draft' ? c.input : c))).toMatchObject([
        {
          type: '合同审批',
          subject: '工程项目',
          amount: 10_000_000n,
          parent: '12',
          contractNo: 'HT-2026-009',
          instalments: [
            { percentBasis: 3000, condition: '签订后' },
            { amount: 7_000_000n, condition: '验收合格后' },
          ],
        },
        { type: '预算调整', subject: '办公费', amount: 500_000n, target: '印刷费' },
      ]);
    });

    it('answers a bad 分期 with its usage and drafts nothing', async () => {
      const fake = chainFake();
      await run('/申请 合同审批 工程项目 100000 道路 分期=30%:签订后', fake).done;
      expect(fake.calls).toEqual([]);
      expect(answered(fake)).toEqual([expect.stringMatching(/^分期比例合计 30%，应为 100%。请这样写：\/申请 /)]);
    });

    it('answers /关联 with the chain, its dates in the unit time zone', async () => {
      const at = (iso: string) => new Date(iso);
      const node = { committed: 0n, spent: 0n, left: 0n, released: 0n, settled: false, paymentState: null, status: 'approved' as const };
      const fake = chainFake({
        chain: {
          focusId: 'req-14',
          nodes: [
            {
              ...node,
              id: 'req-12',
              no: 12,
              type: '用款申请',
              kind: 'prior',
              amount: 10_000_000n,
              date: at('2026-03-01T16:30:00Z'),
              depth: 0,
              committed: 10_000_000n,
              left: 2_000_000n,
            },
            {
              ...node,
              id: 'req-13',
              no: 13,
              type: '合同审批',
              kind: 'contract',
              amount: 8_000_000n,
              date: at('2026-03-05T02:00:00Z'),
              depth: 1,
              contractNo: 'HT-2026-001',
              committed: 8_000_000n,
              left: 8_000_000n,
            },
            {
              ...node,
              id: 'req-14',
              no: 14,
              type: '工程付款',
              kind: 'payment',
              amount: 2_400_000n,
              date: at('2026-04-01T02:00:00Z'),
              depth: 2,
              instalment: 1,
              paymentState: 'due',
            },
          ],
          totals: { committed: 10_000_000n, spent: 0n, left: 2_000_000n, released: 0n },
        },
      });
      await runCommand({ service: fake.api, tz: 'Asia/Shanghai' }, actor, '/关联 HT-2026-001');
      expect(fake.calls).toEqual([{ op: 'chain', actor, ref: 'HT-2026-001' }]);
      const [reply] = fake.replies();
      expect(reply?.notice).toMatchObject({
        kind: 'chain.view',
        focusNo: 14,
        nodes: [
          { no: 12, date: '2026-03-02', committed: '10000000', left: '2000000', paymentState: null },
          { no: 13, date: '2026-03-05', contractNo: 'HT-2026-001' },
          { no: 14, date: '2026-04-01', instalment: 1, paymentState: 'due' },
        ],
        totals: { committed: '10000000', spent: '0', left: '2000000', released: '0' },
      });
      // the same day in UTC is still the day before
      await runCommand({ service: fake.api, tz: 'UTC' }, actor, '/关联 12');
      expect(fake.replies()[1]?.notice).toMatchObject({ nodes: [{ no: 12, date: '2026-03-01' }, {}, {}] });
    });

    it('refuses /关联 of a contract number nobody has with LINK_NOT_FOUND', async () => {
      await expect(run('/关联 HT-2026-999', chainFake()).done).rejects.toMatchObject({ code: 'LINK_NOT_FOUND', details: { ref: 'HT-2026-999' } });
    });

    it('settles and pays by number, leaving the answer to the service', async () => {
      const fake = chainFake();
      await run('/结清 12', fake).done;
      await run('/付款 12 凭证号=记-0381 日期=2026-11-30', fake).done;
      await run('/pay 12 voucher=记-0382', fake).done;
      expect(fake.calls).toEqual([
        { op: 'settle', actor, requestId: 'req-12' },
        { op: 'pay', actor, input: { requestId: 'req-12', voucherNo: '记-0381', paymentDate: '2026-11-30' } },
        { op: 'pay', actor, input: { requestId: 'req-12', voucherNo: '记-0382', paymentDate: undefined } },
      ]);
      expect(fake.replies()).toEqual([]);
      await expect(run('/结清 99', fake).done).rejects.toMatchObject({ code: 'REQUEST_NOT_FOUND' });
    });

    it('answers /付款 without a voucher number with its usage, paying nothing', async () => {
      const fake = chainFake();
      await run('/付款 12', fake).done;
      expect(fake.calls).toEqual([]);
      expect(answered(fake)).toEqual(['缺少凭证号。请这样写：/付款 12 凭证号=记-0381 日期=2026-11-30（不写日期即为今天）']);
    });

    it('answers /待付款 with the payments waiting for the cashier', async () => {
      const fake = chainFake({
        payable: [
          { requestId: 'req-14', no: 14, requester: '冯磊', type: '工程付款', amount: 2_400_000n, approvedAt: new Date('2026-11-29T17:00:00Z'), mayConfirm: true },
          { requestId: 'req-15', no: 15, requester: '何芳', type: '费用报销', amount: 80_000n, approvedAt: null, mayConfirm: false },
        ],
      });
      await runCommand({ service: fake.api, tz: 'Asia/Shanghai' }, actor, '待付款');
      expect(answered(fake)).toEqual([
        '【待付款 2 件】\nNo.14 冯磊 工程付款 24,000.00 元 · 2026-11-30 审批通过\nNo.15 何芳 费用报销 800.00 元 · 您经办或审批过，须由其他出纳确认\n确认付款请在卡片上点「确认付款」，或发送 /付款 编号 凭证号=… [日期=YYYY-MM-DD]。',
      ]);
    });
  });
});
