// 修改 through the console, typed as people would: a request returned by its first approver is
// changed with /修改 (amount and 事由, then its 科目), and goes round again with the new amount
// frozen; every refusal on the way, with the Chinese reply the person reads; a child under 关联 may
// not be changed beyond what its parent has left.
import { describe, expect, it } from 'vitest';
import { hasButton } from '../helpers/console-client.js';
import { useLifecycleApp } from '../helpers/lifecycle-app.js';
import { waitFor } from '../helpers/test-guanjia.js';

const { t, db, line, apply, submit, tapAndHear, say, approveAs, snapshot, booksBalance } = useLifecycleApp();

const view = async (id: string) => (await t.app.deps.service.requests.view(id))!;
const fieldOf = (card: { fields: { label: string; value: string }[] }, label: string) => card.fields.find((f) => f.label === label)?.value;
const ledgerOf = (requestId: string) => db().ledgerEntry.findMany({ where: { requestId }, orderBy: { id: 'asc' }, select: { kind: true, amount: true, lineId: true, note: true } });

describe('/修改 a returned request', () => {
  it('changes amount, 事由 and 科目 with nothing frozen, refuses what it must, and round 2 freezes the new amount on the new line', async () => {
    const office0 = await line('cjb', '办公费');
    const material0 = await line('cjb', '专用材料费');
    const { id, no, card } = await submit('fenglei', '/申请 零星支出 办公费 6000 采购文件柜', 'qianwei');
    // 6,000 元 needs 分管领导审批 (from 5,000 元)
    expect((await view(id)).request.route.steps.map((s) => s.name)).toEqual(['部门负责人审核', '财务审核', '分管领导审批']);

    await tapAndHear('qianwei', card, 'return', { comment: '请补充报价单' }, /已退回申请人修改/);
    const told = await t.client.waitForText('fenglei', new RegExp(`申请 No\\.${no} 被 钱伟 退回修改：请补充报价单`));
    expect(told.text).toContain(`/修改 ${no} `);
    expect(told.text).toContain('重新提交');
    await t.client.waitForCard('fenglei', hasButton('resubmit'), id);

    // only the requester
    const returned = await snapshot(id);
    expect(await say('qianwei', `/修改 ${no} 金额=100`, new RegExp(`No\\.${no}`))).toBe(`只有申请人本人可以操作申请 No.${no}。`);
    expect(await snapshot(id)).toEqual(returned);

    // amount and 事由: the card shows them, the route is worked out again, no money moves
    await t.client.say('fenglei', `/修改 ${no} 金额=1500 事由=补充报价单后重新申请`);
    const edited = await t.client.waitForCard('fenglei', (c) => c.title.includes('1,500.00 元') && hasButton('resubmit')(c), id);
    expect(fieldOf(edited.card, '金额')).toBe('1,500.00 元');
    expect(fieldOf(edited.card, '事由')).toBe('补充报价单后重新申请');
    const afterEdit = await view(id);
    expect(afterEdit.request).toMatchObject({ status: 'returned', amount: 150_000n, purpose: '补充报价单后重新申请' });
    expect(afterEdit.request.route.steps.map((s) => s.name)).toEqual(['部门负责人审核', '财务审核']);
    expect(afterEdit.round).toBe(2);
    expect(await snapshot(id)).toEqual(returned);
    expect((await line('cjb', '办公费')).frozen).toBe(office0.frozen);

    // the same values again: nothing changed, and it says how to write /修改
    const nothing = await say('fenglei', `/修改 ${no} 金额=1,500 事由=补充报价单后重新申请`, /没有修改任何内容/);
    expect(nothing).toMatch(/^没有修改任何内容：.*例如：\/修改 .*金额=1500 事由=补充报价单后重新申请/);
    expect(await db().requestRevision.count({ where: { requestId: id } })).toBe(1);

    // 科目: another line of the department
    await t.client.say('fenglei', `/修改 ${no} 科目=专用材料费`);
    await waitFor(async () => (await db().request.findUniqueOrThrow({ where: { id } })).budgetLineId === material0.id || undefined, 'the request on 专用材料费');
    expect(await db().request.findUniqueOrThrow({ where: { id } })).toMatchObject({ category: '专用材料费', amount: 150_000n, status: 'returned' });

    // the revisions, old → new, with the lines named
    const revised = await view(id);
    expect(revised.revisions.map((r) => ({ round: r.round, changes: r.changes }))).toEqual([
      {
        round: 2,
        changes: [
          { field: 'amount', from: '600000', to: '150000' },
          { field: 'purpose', from: '采购文件柜', to: '补充报价单后重新申请' },
        ],
      },
      { round: 2, changes: [{ field: 'line', from: office0.id, to: material0.id }] },
    ]);
    expect(revised.names.lines.get(office0.id)).toBe('城建办 / 办公费');
    expect(revised.names.lines.get(material0.id)).toBe('城建办 / 专用材料费');
    expect(revised.earlierRounds.map((r) => [r.round, r.decisions.map((d) => [d.personId, d.action, d.comment])])).toEqual([[1, [['qianwei', 'return', '请补充报价单']]]]);

    // 重新提交: round 2 freezes 1,500 元 on 专用材料费; the 6,000 元 was released on 办公费 at the return
    const mine = await t.client.waitForCard('fenglei', (c) => hasButton('resubmit')(c) && (c.budget?.line ?? '').includes('专用材料费'), id);
    await t.client.tap('fenglei', mine, 'resubmit');
    const round2 = await t.client.waitForCard('qianwei', (c) => c.buttons.some((b) => b.stepId === `${id}.2.0`), id);
    expect(round2.card.title).toContain('1,500.00 元');
    expect(await db().request.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'in_approval', round: 2, amount: 150_000n });
    expect(await ledgerOf(id)).toEqual([
      { kind: 'FREEZE', amount: 600_000n, lineId: office0.id, note: '' },
      { kind: 'RELEASE', amount: 600_000n, lineId: office0.id, note: '退回修改' },
      { kind: 'FREEZE', amount: 150_000n, lineId: material0.id, note: '' },
    ]);
    expect((await line('cjb', '办公费')).frozen).toBe(office0.frozen);
    expect((await line('cjb', '专用材料费')).frozen).toBe(material0.frozen + 150_000n);
    const steps = await db().step.findMany({ where: { requestId: id, round: 2 }, orderBy: { index: 'asc' } });
    expect(steps.map((s) => [s.name, s.state])).toEqual([
      ['部门负责人审核', 'active'],
      ['财务审核', 'waiting'],
    ]);

    // in approval: no more 修改, and it says what to do instead
    const inApproval = await snapshot(id);
    const refused = await say('fenglei', `/修改 ${no} 金额=100`, /不能修改/);
    expect(refused).toBe(
      `申请 No.${no} 当前为「审批中」，不能修改：只有待提交或已退回修改的申请可以修改。如需修改，请当前审批人退回修改，或撤回（/撤回 ${no}）后重新申请。发送「/进度 ${no}」查看详情。`,
    );
    expect(await snapshot(id)).toEqual(inApproval);
    expect(await db().requestRevision.count({ where: { requestId: id } })).toBe(2);
  });

  it('answers a malformed /修改 with its usage', async () => {
    expect(await say('fenglei', '/修改 12 1500', /请这样写/)).toBe(
      '看不懂「1500」，金额请写成 金额=1500。请这样写：/修改 12 金额=1500 事由=补充报价单后重新申请（只写要改的项：金额= 事由= 科目= 项目= 供应商=）',
    );
  });
});

describe('/修改 a child under 关联', () => {
  it('keeps it within what its parent has left (COMMITMENT_INSUFFICIENT), and takes an amount that fits', async () => {
    const prior = await submit('fenglei', '/申请 用款申请 办公费 1000 购买办公用品', 'qianwei');
    await approveAs('qianwei', prior.id);
    await approveAs('liuxiaoyan', prior.id);
    await approveAs('wugang', prior.id);
    await waitFor(async () => (await db().request.findUniqueOrThrow({ where: { id: prior.id } })).status === 'approved' || undefined, 'the 用款申请 approved');

    const draft = await apply('fenglei', `/申请 费用报销 800 出差补助 关联=${prior.no}`);
    const child = await db().request.findUniqueOrThrow({ where: { id: draft.card.requestId } });
    expect(child).toMatchObject({ status: 'draft', parentId: prior.id, amount: 80_000n });

    const refused = await say('fenglei', `/修改 ${child.no} 金额=1200`, /剩余/);
    expect(refused).toBe(`关联的用款申请 No.${prior.no} 剩余可用 1,000.00 元，本次 1,200.00 元，超出 200.00 元，无法支付。请把金额调整到剩余额度以内；超出部分请另行提交申请。`);
    expect(await db().request.findUniqueOrThrow({ where: { id: child.id } })).toMatchObject({ amount: 80_000n });
    expect(await db().requestRevision.count({ where: { requestId: child.id } })).toBe(0);

    await t.client.say('fenglei', `/修改 ${child.no} 金额=900`);
    await t.client.waitForCard('fenglei', (c) => c.title.includes('900.00 元'), child.id);
    expect(await db().request.findUniqueOrThrow({ where: { id: child.id } })).toMatchObject({ amount: 90_000n, parentId: prior.id, status: 'draft' });
    expect((await view(child.id)).revisions.map((r) => r.changes)).toEqual([[{ field: 'amount', from: '80000', to: '90000' }]]);
  });
});

describe('the books', () => {
  booksBalance();
});
