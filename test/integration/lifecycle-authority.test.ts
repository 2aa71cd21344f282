// Who decides what: 三重一大 meeting records, 会签, 代理, 不相容岗位分离, and taps that are refused.
import { describe, expect, it } from 'vitest';
import { hasButton } from '../helpers/console-client.js';
import { waitFor } from '../helpers/test-guanjia.js';
import { useLifecycleApp, type CardMessage } from '../helpers/lifecycle-app.js';

const { t, db, line, apply, submit, tapAndHear, say, approveAs, snapshot, booksBalance, NOT_ASSIGNEE, STEP_CLOSED } = useLifecycleApp();

describe('三重一大', () => {
  it('adds a collective step whose approval needs a meeting record, and stores it', async () => {
    const before = await line('cjb', '工程项目');
    const draft = await apply('fenglei', '/申请 工程项目 300000 老街雨污分流改造工程第一期进度款');
    expect(draft.card.flags).toContainEqual({ code: 'collective', text: '三重一大事项：须集体决策并录入会议纪要', tone: 'info' });
    // (the order of the two recorders is not asserted: roles come back from the database ordered by id)
    expect(draft.card.route.at(-1)).toMatchObject({ name: '集体决策（三重一大）', who: expect.stringMatching(/^(周婷、孙丽|孙丽、周婷)（或签）$/) });
    const id = draft.card.requestId;
    await t.client.tap('fenglei', draft, 'submit');

    await approveAs('qianwei', id);
    await approveAs('liuxiaoyan', id);
    await approveAs('zhengjia', id);
    await approveAs('lijun', id);
    const card = await t.client.waitForCard('zhouting', hasButton('approve'), id);
    expect(card.card.buttons.find((b) => b.action === 'approve')!.needs).toEqual(['comment', 'meeting']);
    const collective = await db().step.findFirstOrThrow({ where: { requestId: id, state: 'active' } });
    expect(collective).toMatchObject({ collective: true, name: '集体决策（三重一大）', mode: '或签' });
    expect([...collective.assignees].sort()).toEqual(['sunli', 'zhouting']);

    const untouched = await snapshot(id);
    await tapAndHear('zhouting', card, 'approve', { comment: '同意' }, /这是「三重一大」集体决策事项：同意前请填写会议日期和会议纪要编号/);
    const malformed = await t.client.tap('zhouting', card, 'approve', { meeting: { date: '2026/11/20', minutesNo: '21' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error?.message).toMatch(/YYYY-MM-DD/);
    expect(await snapshot(id)).toEqual(untouched);
    expect(await db().auditEvent.findFirst({ where: { subject: `request:${id}`, action: 'decision.refused', actorId: 'zhouting' } })).toMatchObject({
      data: expect.objectContaining({ code: 'MEETING_REQUIRED' }),
    });

    const meeting = { date: '2026-11-20', minutesNo: '青石街道党工委〔2026〕21号' };
    await tapAndHear('zhouting', card, 'approve', { comment: '经党工委会议集体研究同意', meeting }, /申请审批完成/);
    expect((await db().step.findUniqueOrThrow({ where: { id: collective.id } })).meeting).toEqual(meeting);
    expect((await db().request.findUniqueOrThrow({ where: { id } })).status).toBe('approved');
    const after = await line('cjb', '工程项目');
    // a 用款申请 (事前申请) commits on approval
    expect(after.committed).toBe(before.committed + 30_000_000n);
    expect(after.spent).toBe(before.spent);
    expect(after.frozen).toBe(before.frozen);
    const event = await db().auditEvent.findFirstOrThrow({ where: { subject: `request:${id}`, action: 'decision.approve', actorId: 'zhouting' } });
    expect(event.data).toMatchObject({ meeting, outcome: 'approved' });
  });
});

describe('会签', () => {
  it('needs every signer; one approval leaves the step open, a second tap by the same signer does nothing', async () => {
    // 工程付款 (the type with a 财务会签 step) pays a contract: first the contract, one instalment paid on signing
    const contract = await submit('xujing', '/申请 合同审批 专用材料费 3000 防汛物资运输合同 供应商=青石物流 分期=3000:签订后', 'mahong');
    for (const approver of ['mahong', 'liuxiaoyan', 'zhengjia', 'lijun']) await approveAs(approver, contract.id);
    const { no: contractNo } = await db().contract.findUniqueOrThrow({ where: { requestId: contract.id } });

    const draft = await apply('xujing', `/申请 工程付款 3000 防汛物资运输费 关联=${contractNo}`);
    expect(draft.card.route.map((s) => s.who)).toEqual(['马红', '刘晓燕', '吴刚、郑佳（会签）']);
    const id = draft.card.requestId;
    await t.client.tap('xujing', draft, 'submit');
    await approveAs('mahong', id);
    await approveAs('liuxiaoyan', id);
    const wugang = await t.client.waitForCard('wugang', hasButton('approve'), id);
    await t.client.waitForCard('zhengjia', hasButton('approve'), id);

    await tapAndHear('wugang', wugang, 'approve', {}, /已同意（会签），等待其他会签人/);
    const step = await db().step.findUniqueOrThrow({ where: { id: `${id}.1.2` } });
    expect(step).toMatchObject({ state: 'active', approvedBy: ['wugang'] });
    expect((await db().request.findUniqueOrThrow({ where: { id } })).status).toBe('in_approval');
    const waiting = await t.client.waitForCard('wugang', (c) => !hasButton('approve')(c) && c.route[2]?.stateLabel === '待审批（已同意 1/2）', id);
    expect(waiting.card.footer).toBe('您在本申请中暂无待办操作');
    const other = await t.client.waitForCard('zhengjia', (c) => c.route[2]?.stateLabel === '待审批（已同意 1/2）', id);
    expect(hasButton('approve')(other.card)).toBe(true);

    // a double tap by the same signer: nothing more
    const untouched = await snapshot(id);
    const last = await t.client.lastId('wugang');
    await t.client.post('actions', { as: 'wugang', messageId: wugang.id, action: 'approve', requestId: id, stepId: `${id}.1.2` });
    await t.client.waitForText('wugang', /您已同意过申请 No\.\d+ ?的「财务会签」环节，正在等待其他会签人/, last);
    expect(await snapshot(id)).toEqual(untouched);

    await tapAndHear('zhengjia', other, 'approve', {}, /申请审批完成/);
    expect(await db().step.findUniqueOrThrow({ where: { id: `${id}.1.2` } })).toMatchObject({ state: 'approved', approvedBy: ['wugang', 'zhengjia'] });
    expect((await db().request.findUniqueOrThrow({ where: { id } })).status).toBe('approved');
  });
});

describe('代理 (delegation)', () => {
  it('lets the deputy approve for the assignee and records on whose behalf', async () => {
    const { id, no } = await submit('fenglei', '/申请 办公费 330 会议纸杯', 'qianwei');
    await approveAs('qianwei', id);
    await t.client.waitForCard('liuxiaoyan', hasButton('approve'), id);
    // the deputy gets the card when the step opens, without asking
    await t.client.waitForCard('chenzhiqiang', hasButton('approve'), id);

    // an earlier step's button acts on nothing
    const untouched = await snapshot(id);
    let last = await t.client.lastId('qianwei');
    const qianweiCard = await t.client.waitForCard('qianwei', () => true, id);
    await t.client.post('actions', { as: 'qianwei', messageId: qianweiCard.id, action: 'approve', requestId: id, stepId: `${id}.1.0` });
    await t.client.waitForText('qianwei', STEP_CLOSED, last);
    expect(await snapshot(id)).toEqual(untouched);

    const todo = await say('chenzhiqiang', '/待办', /待办/);
    expect(todo).toMatch(new RegExp(`No\\.${no} 冯磊 用款申请 330\\.00 元 —「分管领导审批」`));
    last = await t.client.lastId('chenzhiqiang');
    await t.client.say('chenzhiqiang', `/进度 ${no}`);
    const deputyCard = await waitFor(
      async () => (await t.client.messages('chenzhiqiang')).find((m): m is CardMessage => m.id > last && (m.card?.requestId === id || /申请/.test(m.text ?? ''))),
      'the deputy gets the card',
    );
    expect(deputyCard.text).toBeUndefined();
    expect(hasButton('approve')(deputyCard.card)).toBe(true);

    await tapAndHear('chenzhiqiang', deputyCard, 'approve', { comment: '代为审批' }, /已转下一环节/);
    const decision = await db().decision.findFirstOrThrow({ where: { requestId: id, stepId: `${id}.1.1` } });
    expect(decision).toMatchObject({ personId: 'chenzhiqiang', onBehalfOf: 'liuxiaoyan', action: 'approve' });
    const event = await db().auditEvent.findFirstOrThrow({ where: { subject: `request:${id}`, action: 'decision.approve', actorId: 'chenzhiqiang' } });
    expect(event.data).toMatchObject({ onBehalfOf: 'liuxiaoyan' });
    const shown = await t.client.waitForCard('fenglei', (c) => c.route[1]?.state === 'approved', id);
    expect(shown.card.route[1]!.detail).toBe('陈志强（代 刘晓燕） 同意：代为审批');
    await t.client.waitForCard('zhengjia', hasButton('approve'), id);
    // the assignee herself no longer can: the step is decided
    await t.client.waitForCard('liuxiaoyan', (c) => !hasButton('approve')(c), id);
  });
});

describe('不相容岗位分离', () => {
  it('a department head’s own request skips to the next level, and nobody approves their own request', async () => {
    const draft = await apply('qianwei', '/申请 办公费 560 会议用品');
    expect(draft.card.route).toEqual([
      expect.objectContaining({ name: '部门负责人审核', who: '刘晓燕', detail: '申请人本人为部门负责人，上移至分管领导' }),
      expect.objectContaining({ name: '财务审核', who: '吴刚、郑佳（或签）' }),
      expect.objectContaining({ name: '分管领导审批', who: '刘晓燕', state: 'merged', stateLabel: '已合并' }),
    ]);
    const id = draft.card.requestId;
    await t.client.tap('qianwei', draft, 'submit');
    const card = await t.client.waitForCard('liuxiaoyan', hasButton('approve'), id);
    const steps = await db().step.findMany({ where: { requestId: id }, orderBy: { index: 'asc' } });
    expect(steps.map((s) => s.assignees)).toEqual([['liuxiaoyan'], ['wugang', 'zhengjia']]);

    // the requester tries to approve his own request with the step's id: refused and audited
    const mine = await t.client.waitForCard('qianwei', hasButton('withdraw'), id);
    const untouched = await snapshot(id);
    await tapAndHear('qianwei', mine, 'approve', { stepId: card.card.buttons[0]!.stepId }, /不能审批自己的申请（不相容岗位分离）/);
    expect(await snapshot(id)).toEqual(untouched);

    await approveAs('liuxiaoyan', id);
    await approveAs('wugang', id);
    expect((await db().request.findUniqueOrThrow({ where: { id } })).status).toBe('approved');
    const decisions = await db().decision.findMany({ where: { requestId: id }, orderBy: { id: 'asc' } });
    expect(decisions.map((d) => d.personId)).toEqual(['liuxiaoyan', 'wugang']);

    // the head of finance asks: finance is done by the other finance officer
    const own = await apply('wugang', '/申请 办公费 100 账簿');
    expect(own.card.route.map((s) => [s.name, s.who, s.detail])).toEqual([
      ['部门负责人审核', '陈志强', '申请人本人为部门负责人，上移至分管领导'],
      ['财务审核', '郑佳', '申请人本人为财务人员，已回避'],
      ['分管领导审批', '陈志强', '与上一环节为同一人，只需审批一次'],
    ]);
  });
});

describe('who may tap', () => {
  it('refuses, tells and audits a tap by someone who is not the assignee', async () => {
    const { id, no, card } = await submit('fenglei', '/申请 办公费 210 电池', 'qianwei');
    const stepId = card.card.buttons.find((b) => b.action === 'approve')!.stepId!;
    let last = await t.client.lastId('zhaoguoping');
    await t.client.say('zhaoguoping', `/进度 ${no}`);
    const seen = await waitFor(async () => (await t.client.messages('zhaoguoping')).find((m): m is CardMessage => m.id > last && m.card?.requestId === id), 'oversight card');
    expect(seen.card.buttons).toEqual([]);

    const untouched = await snapshot(id);
    const audited = await db().auditEvent.count({ where: { action: 'security.refused' } });
    for (const action of ['approve', 'reject'] as const) {
      last = await t.client.lastId('zhaoguoping');
      await t.client.post('actions', { as: 'zhaoguoping', messageId: seen.id, action, requestId: id, stepId, comment: '试试' });
      const told = await t.client.waitForText('zhaoguoping', NOT_ASSIGNEE, last);
      expect(told.text).toContain(`No.${no}`);
    }
    expect(await snapshot(id)).toEqual(untouched);
    const events = await db().auditEvent.findMany({ where: { action: 'security.refused', actorId: 'zhaoguoping', subject: `request:${id}` }, orderBy: { seq: 'asc' } });
    expect(await db().auditEvent.count({ where: { action: 'security.refused' } })).toBe(audited + 2);
    expect(events.map((e) => [e.platform, e.account, (e.data as { code: string }).code, (e.data as { action: string }).action, (e.data as { stepId: string }).stepId])).toEqual([
      ['console', 'zhaoguoping', 'NOT_ASSIGNEE', 'approve', stepId],
      ['console', 'zhaoguoping', 'NOT_ASSIGNEE', 'reject', stepId],
    ]);

    // someone with no card for the request cannot even reach it through the console
    const noCard = await t.client.post('actions', { as: 'mahong', messageId: card.id, action: 'approve', requestId: id, stepId });
    expect(noCard.status).toBe(404);
    expect(noCard.body.error?.code).toBe('CARD_NOT_FOUND');
    expect(await snapshot(id)).toEqual(untouched);
  });

  it('answers an account not in the organisation with the not-registered reply and audits it', async () => {
    const request = await db().request.findFirstOrThrow({ where: { status: 'in_approval' } });
    const untouched = await snapshot(request.id);
    const at = new Date().toISOString();
    await t.app.enqueue({
      kind: 'command',
      platform: 'console',
      account: 'stranger',
      dedupeKey: 'console:lifecycle-stranger-1',
      at,
      conversation: { kind: 'direct', id: 'stranger' },
      text: '/待办',
    });
    await t.app.enqueue({
      kind: 'button',
      platform: 'console',
      account: 'stranger',
      dedupeKey: 'console:lifecycle-stranger-2',
      at,
      action: 'approve',
      requestId: request.id,
      comment: '',
    });
    const replies = await waitFor(async () => {
      const rows = await db().consoleMessage.findMany({ where: { conversation: 'stranger', direction: 'out' }, orderBy: { id: 'asc' } });
      return rows.length >= 2 ? rows : undefined;
    }, 'replies to the stranger');
    for (const r of replies) expect(r.text).toBe('您尚未在组织架构中登记，无法使用管家。请联系单位管理员（党政办）把您的账号加入组织文件。');
    const events = await db().auditEvent.findMany({ where: { action: 'security.unknown_account' }, orderBy: { seq: 'asc' } });
    // the two events are handled concurrently: compare in a fixed order
    expect(events.map((e) => [e.subject, e.platform, e.account, e.actorId, (e.data as { kind: string }).kind]).sort((a, b) => String(a[4]).localeCompare(String(b[4])))).toEqual([
      ['account:console:stranger', 'console', 'stranger', null, 'button'],
      ['account:console:stranger', 'console', 'stranger', null, 'command'],
    ]);
    expect(await snapshot(request.id)).toEqual(untouched);
  });
});

describe('the books', () => {
  booksBalance();
});
