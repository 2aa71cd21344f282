// The request lifecycle through the console: 退回修改 and 重新提交, 驳回, 撤回, 转交.
import { describe, expect, it } from 'vitest';
import { hasButton } from '../helpers/console-client.js';
import { waitFor } from '../helpers/test-guanjia.js';
import { useLifecycleApp } from '../helpers/lifecycle-app.js';

const { t, db, line, apply, submit, tapAndHear, say, approveAs, snapshot, booksBalance, NOT_ASSIGNEE, STEP_CLOSED } = useLifecycleApp();

describe('退回修改 and 重新提交', () => {
  it('needs a comment, releases the budget, lets the requester resubmit, and flags 多次补正 on the second return', async () => {
    const before = await line('cjb', '办公费');
    const { id, no, card } = await submit('fenglei', '/申请 办公费 1500 采购文件柜', 'qianwei');
    expect((await line('cjb', '办公费')).frozen).toBe(before.frozen + 150_000n);

    // without a comment: refused with a hint, nothing changes
    const untouched = await snapshot(id);
    await tapAndHear('qianwei', card, 'return', {}, /退回时请填写意见/);
    await tapAndHear('qianwei', card, 'reject', { comment: '   ' }, /驳回时请填写意见/);
    expect(await snapshot(id)).toEqual(untouched);

    await tapAndHear('qianwei', card, 'return', { comment: '请补充报价单' }, /No\.\d+：已退回申请人修改，预算已释放/);
    const returned = await db().request.findUniqueOrThrow({ where: { id } });
    expect(returned).toMatchObject({ status: 'returned', returnCount: 1, round: 1, closedAt: null });
    expect((await line('cjb', '办公费')).frozen).toBe(before.frozen);
    expect(await db().ledgerEntry.findMany({ where: { requestId: id }, orderBy: { id: 'asc' }, select: { kind: true, amount: true, note: true } })).toEqual([
      { kind: 'FREEZE', amount: 150_000n, note: '' },
      { kind: 'RELEASE', amount: 150_000n, note: '退回修改' },
    ]);
    const told = await t.client.waitForText('fenglei', new RegExp(`申请 No\\.${no} 被 钱伟 退回修改：请补充报价单`));
    expect(told.text).toContain('重新提交');
    const mine = await t.client.waitForCard('fenglei', hasButton('resubmit'), id);
    expect(mine.card.status.label).toBe('已退回修改');
    expect(mine.card.buttons.map((b) => b.action)).toEqual(['resubmit', 'edit', 'cancel']);
    await t.client.waitForCard('qianwei', (c) => c.status.label === '已退回修改' && c.buttons.length === 0, id);

    // 重新提交: round 2, frozen again, a fresh route
    await t.client.tap('fenglei', mine, 'resubmit');
    const round2 = await t.client.waitForCard('qianwei', (c) => c.buttons.some((b) => b.stepId === `${id}.2.0`), id);
    expect(await db().request.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'in_approval', round: 2, returnCount: 1 });
    expect((await line('cjb', '办公费')).frozen).toBe(before.frozen + 150_000n);
    const steps = await db().step.findMany({ where: { requestId: id }, orderBy: [{ round: 'asc' }, { index: 'asc' }] });
    expect(steps.map((s) => `${s.round}.${s.index}:${s.state}`)).toEqual(['1.0:returned', '1.1:cancelled', '1.2:cancelled', '2.0:active', '2.1:waiting', '2.2:waiting']);

    // a round-1 card's button acts on nothing, and the presser is told
    const beforeStale = await snapshot(id);
    const last = await t.client.lastId('qianwei');
    await t.client.post('actions', { as: 'qianwei', messageId: card.id, action: 'approve', requestId: id, stepId: `${id}.1.0` });
    await t.client.waitForText('qianwei', STEP_CLOSED, last);
    expect(await snapshot(id)).toEqual(beforeStale);

    await tapAndHear('qianwei', round2, 'approve', { comment: '已补充' }, /已转下一环节/);
    const leader = await t.client.waitForCard('liuxiaoyan', hasButton('approve'), id);
    await tapAndHear('liuxiaoyan', leader, 'return', { comment: '金额须与报价单一致' }, /已退回申请人修改/);
    expect(await db().request.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'returned', returnCount: 2 });

    // returned twice: the supervision group hears it, the card shows it
    const digest = await waitFor(async () => (await t.client.group()).find((m) => m.text?.includes(`No.${no} `)), 'supervision digest');
    expect(digest.text).toMatch(/^【监督提醒】\d+ 条/);
    expect(digest.text).toContain(`【多次补正】No.${no} 冯磊 的用款申请已被退回 2 次`);
    expect((await t.client.group()).filter((m) => m.text?.includes(`No.${no} `))).toHaveLength(1);
    const flagged = await t.client.waitForCard('fenglei', (c) => c.flags.length > 0 && hasButton('resubmit')(c), id);
    expect(flagged.card.flags).toContainEqual({ code: 'repeated_returns', text: '已退回 2 次（多次补正）', tone: 'warning' });

    // the requester gives up: cancelled, nothing more to release
    const frozen = (await line('cjb', '办公费')).frozen;
    expect(frozen).toBe(before.frozen);
    await tapAndHear('fenglei', flagged, 'cancel', {}, new RegExp(`申请 No\\.${no} 已取消`));
    expect((await db().request.findUniqueOrThrow({ where: { id } })).status).toBe('cancelled');
    expect((await line('cjb', '办公费')).frozen).toBe(frozen);
    const closed = await t.client.waitForCard('fenglei', (c) => c.status.label === '已取消', id);
    expect(closed.card.buttons).toEqual([]);
  });
});

describe('驳回', () => {
  it('needs a comment, then releases the budget and closes the request', async () => {
    const before = await line('shb', '印刷费');
    const { id, no } = await submit('xujing', '/申请 印刷费 800 宣传折页', 'mahong');
    await approveAs('mahong', id);
    const card = await t.client.waitForCard('liuxiaoyan', hasButton('reject'), id);

    const untouched = await snapshot(id);
    await tapAndHear('liuxiaoyan', card, 'reject', {}, /驳回时请填写意见/);
    expect(await snapshot(id)).toEqual(untouched);

    await tapAndHear('liuxiaoyan', card, 'reject', { comment: '无预算依据' }, /已驳回，预算已释放/);
    const rejected = await db().request.findUniqueOrThrow({ where: { id }, include: { decisions: { orderBy: { id: 'asc' } } } });
    expect(rejected.status).toBe('rejected');
    expect(rejected.closedAt).toBeInstanceOf(Date);
    expect(rejected.decisions.map((d) => [d.personId, d.action, d.comment])).toEqual([
      ['mahong', 'approve', ''],
      ['liuxiaoyan', 'reject', '无预算依据'],
    ]);
    const after = await line('shb', '印刷费');
    expect(after.frozen).toBe(before.frozen);
    expect(after.spent).toBe(before.spent);
    expect(await db().ledgerEntry.findFirst({ where: { requestId: id, kind: 'RELEASE' } })).toMatchObject({ amount: 80_000n, note: '驳回' });
    await t.client.waitForText('xujing', new RegExp(`申请 No\\.${no} 被 刘晓燕 驳回：无预算依据`));
    for (const who of ['xujing', 'mahong', 'liuxiaoyan']) {
      const final = await t.client.waitForCard(who, (c) => c.status.label === '已驳回', id);
      expect(final.card.buttons).toEqual([]);
    }
    // nothing is left to act on
    const last = await t.client.lastId('liuxiaoyan');
    await t.client.post('actions', { as: 'liuxiaoyan', messageId: card.id, action: 'approve', requestId: id, stepId: `${id}.1.1` });
    await t.client.waitForText('liuxiaoyan', STEP_CLOSED, last);
    expect((await db().request.findUniqueOrThrow({ where: { id } })).status).toBe('rejected');
  });
});

describe('撤回', () => {
  it('by the button on the requester card releases the budget', async () => {
    const before = await line('dzb', '办公费');
    const { id, no } = await submit('zhouting', '/申请 办公费 260 文具', 'sunli');
    const mine = await t.client.waitForCard('zhouting', hasButton('withdraw'), id);
    await tapAndHear('zhouting', mine, 'withdraw', {}, new RegExp(`申请 No\\.${no} 已撤回，冻结的预算已释放`));
    expect((await db().request.findUniqueOrThrow({ where: { id } })).status).toBe('withdrawn');
    expect((await line('dzb', '办公费')).frozen).toBe(before.frozen);
    expect(await db().step.findMany({ where: { requestId: id }, select: { state: true } })).toEqual([{ state: 'cancelled' }, { state: 'cancelled' }, { state: 'cancelled' }]);
    const approverCard = await t.client.waitForCard('sunli', (c) => c.status.label === '已撤回', id);
    expect(approverCard.card.buttons).toEqual([]);
  });

  it('by /撤回 <no>: only the requester may, and only once', async () => {
    const before = await line('cjb', '办公费');
    const { id, no } = await submit('fenglei', '/申请 办公费 420 U盘', 'qianwei');
    const untouched = await snapshot(id);
    await say('qianwei', `/撤回 ${no}`, new RegExp(`只有申请人本人可以操作申请 No\\.${no}`));
    await say('zhouting', `/withdraw ${no}`, new RegExp(`只有申请人本人可以操作申请 No\\.${no}`));
    expect(await snapshot(id)).toEqual(untouched);

    await say('fenglei', `/撤回 No.${no}`, new RegExp(`申请 No\\.${no} 已撤回，冻结的预算已释放`));
    expect((await db().request.findUniqueOrThrow({ where: { id } })).status).toBe('withdrawn');
    expect((await line('cjb', '办公费')).frozen).toBe(before.frozen);
    const released = await snapshot(id);
    const again = await say('fenglei', `/撤回 ${no}`, /不能/);
    expect(again).toBe(`申请 No.${no} 当前为「已撤回」，不能撤回。发送「/进度 ${no}」查看详情。`);
    expect(await snapshot(id)).toEqual(released);
    await say('fenglei', '/撤回 99999', /找不到申请 No\.99999/);
  });

  it('by /撤回 <no> on a draft: cancelled, and says so (nothing was frozen, nothing released)', async () => {
    const before = await line('cjb', '办公费');
    const draft = await apply('fenglei', '/申请 办公费 90 订书钉');
    const { no } = await db().request.findUniqueOrThrow({ where: { id: draft.card.requestId } });
    const answer = await say('fenglei', `/撤回 ${no}`, new RegExp(`申请 No\\.${no} 已`));
    expect(answer).toBe(`申请 No.${no} 已取消（尚未提交，没有冻结预算）。`);
    expect((await db().request.findUniqueOrThrow({ where: { no } })).status).toBe('cancelled');
    expect(await line('cjb', '办公费')).toEqual(before);
  });
});

describe('转交', () => {
  it('moves the step to another person, who can approve; the original card loses its buttons', async () => {
    const { id, no, card } = await submit('fenglei', '/申请 办公费 680 打印机硒鼓', 'qianwei');
    const untouched = await snapshot(id);
    await tapAndHear('qianwei', card, 'transfer', { transferTo: 'fenglei', comment: '' }, /转交对象无效/);
    await tapAndHear('qianwei', card, 'transfer', { transferTo: 'nobody' }, /转交对象无效/);
    expect(await snapshot(id)).toEqual(untouched);

    await tapAndHear('qianwei', card, 'transfer', { transferTo: 'zhangmin', comment: '我出差，请张敏审核' }, new RegExp(`No\\.${no}：已转交`));
    expect((await db().step.findUniqueOrThrow({ where: { id: `${id}.1.0` } })).assignees).toEqual(['zhangmin']);
    await t.client.waitForText('zhangmin', new RegExp(`钱伟 将申请 No\\.${no} 的「部门负责人审核」转交给您处理`));
    const theirs = await t.client.waitForCard('zhangmin', hasButton('approve'), id);
    const old = await t.client.waitForCard('qianwei', (c) => c.buttons.length === 0, id);
    expect(old.card.route[0]).toMatchObject({ who: '张敏', state: 'active', stateLabel: '待审批' });

    // the old card's button, tapped anyway: no longer his step
    const beforeTap = await snapshot(id);
    const last = await t.client.lastId('qianwei');
    await t.client.post('actions', { as: 'qianwei', messageId: old.id, action: 'approve', requestId: id, stepId: `${id}.1.0` });
    await t.client.waitForText('qianwei', NOT_ASSIGNEE, last);
    expect(await snapshot(id)).toEqual(beforeTap);

    await tapAndHear('zhangmin', theirs, 'approve', { comment: '同意' }, /已转下一环节/);
    await t.client.waitForCard('liuxiaoyan', hasButton('approve'), id);
    const decisions = await db().decision.findMany({ where: { requestId: id }, orderBy: { id: 'asc' } });
    expect(decisions.map((d) => [d.personId, d.action, d.onBehalfOf])).toEqual([
      ['qianwei', 'transfer', null],
      ['zhangmin', 'approve', null],
    ]);
  });
});

describe('the books', () => {
  booksBalance();
});
