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
  return { fake, done: runCommand({ service: fake.api }, actor, text) };
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
    const line = (i: number) => ({ id: `l${i}`, name: `城建办 / 科目${i}`, allotted: 100_000n, adjusted: 0n, frozen: 1_000n, committed: 0n, spent: 2_000n, available: 97_000n });
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
          { id: 'a', name: '城建办 / 工程项目', allotted: 500_000n, adjusted: 0n, frozen: 0n, committed: 120_000n, spent: 30_000n, available: 350_000n },
          { id: 'b', name: '城建办 / 办公费', allotted: 100_000n, adjusted: 0n, frozen: 0n, committed: 0n, spent: 0n, available: 100_000n },
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

  it('answers text it does not understand with help, and a malformed command with its usage', async () => {
    const { fake, done } = run('你好');
    await done;
    await run('/撤回', fake).done;
    const [unknown, usage] = answered(fake);
    expect(unknown).toMatch(/^没看懂「你好」。\n\n管家可以帮您办理用款审批/);
    expect(usage).toBe('缺少申请编号。请这样写：/撤回 12');
  });
});
