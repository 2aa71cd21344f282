// The life of a request beyond the happy path, driven through the console API as people would:
// 退回修改 and 重新提交, 驳回, 撤回, 转交, 三重一大, 会签, 代理 (delegation), 不相容岗位分离, old cards and
// strangers. Each refusal is checked for its Chinese answer and for changing nothing.
import { readFile } from 'node:fs/promises';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG_FILE } from '../../bot/app.js';
import type { Card, CardAction } from '../../bot/card-model.js';
import { ledgerTotals } from '../../workflows/infra/ledger.js';
import { ConsoleClient, hasButton, type ConsoleMessage } from '../helpers/console-client.js';
import { startTestGuanjia, waitFor, type TestGuanjia } from '../helpers/test-guanjia.js';

type CardMessage = ConsoleMessage & { card: Card };

let app: TestGuanjia;
let client: ConsoleClient;

/**
 * The demo organisation plus 张敏 (城建办副主任, a transfer target) and a delegation covering now:
 * 分管领导 刘晓燕 is away and 陈志强 approves for her.
 */
async function organisation(): Promise<string> {
  const doc = parse(await readFile(DEMO_ORG_FILE, 'utf8')) as { people: object[]; delegations: object[] };
  doc.people.push({ id: 'zhangmin', name: '张敏', department: 'cjb', title: '城建办副主任', accounts: { console: 'zhangmin' } });
  const now = Date.now();
  doc.delegations = [{ from: 'liuxiaoyan', to: 'chenzhiqiang', starts: new Date(now - 86_400_000).toISOString(), ends: new Date(now + 86_400_000).toISOString() }];
  return stringify(doc);
}

beforeAll(async () => {
  app = await startTestGuanjia({ org: await organisation() });
  client = new ConsoleClient(app.url);
});
afterAll(() => app?.cleanup());

const db = () => app.deps.db;
const line = (departmentId: string, subject: string) => db().budgetLine.findFirstOrThrow({ where: { departmentId, subject } });

/** Sends /申请 and waits for the new draft card. */
async function apply(as: string, text: string): Promise<CardMessage> {
  const last = await client.lastId(as);
  await client.say(as, text);
  return waitFor(async () => (await client.messages(as)).find((m): m is CardMessage => m.id > last && !!m.card), `draft card for ${as}`);
}

/** Drafts and submits; returns the request and the first approver's card. */
async function submit(as: string, text: string, firstApprover: string) {
  const draft = await apply(as, text);
  expect(draft.card.buttons.map((b) => b.action)).toContain('submit');
  expect((await client.tap(as, draft, 'submit')).status).toBe(202);
  const card = await client.waitForCard(firstApprover, hasButton('approve'), draft.card.requestId);
  const request = await db().request.findUniqueOrThrow({ where: { id: draft.card.requestId } });
  return { id: request.id, no: request.no, draft, card };
}

/** Taps a button (on the card as it stands, or with a forged stepId) and waits for the answer. */
async function tapAndHear(as: string, message: CardMessage, action: CardAction, extra: Record<string, unknown>, answer: RegExp): Promise<string> {
  const last = await client.lastId(as);
  expect((await client.tap(as, message, action, extra)).status).toBe(202);
  return (await client.waitForText(as, answer, last)).text!;
}

async function say(as: string, text: string, answer: RegExp): Promise<string> {
  const last = await client.lastId(as);
  await client.say(as, text);
  return (await client.waitForText(as, answer, last)).text!;
}

async function approveAs(as: string, requestId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const card = await client.waitForCard(as, hasButton('approve'), requestId);
  return tapAndHear(as, card, 'approve', extra, /已同意/);
}

/** Everything a refused action must leave as it was. */
async function snapshot(requestId: string) {
  const request = await db().request.findUniqueOrThrow({
    where: { id: requestId },
    include: { steps: { orderBy: [{ round: 'asc' }, { index: 'asc' }] }, decisions: true },
  });
  const budget = await db().budgetLine.findUniqueOrThrow({ where: { id: request.budgetLineId } });
  return {
    status: request.status,
    round: request.round,
    returnCount: request.returnCount,
    steps: request.steps.map((s) => ({ id: s.id, state: s.state, assignees: s.assignees, approvedBy: s.approvedBy, meeting: s.meeting })),
    decisions: request.decisions.length,
    frozen: budget.frozen,
    spent: budget.spent,
    ledger: await db().ledgerEntry.count({ where: { requestId } }),
  };
}

const NOT_ASSIGNEE = /不是申请 No\.\d+ ?当前环节的审批人，无权处理。此次操作已记录/;
const STEP_CLOSED = /这个环节已经处理过或已失效，卡片上的按钮不再生效/;

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
    const told = await client.waitForText('fenglei', new RegExp(`申请 No\\.${no} 被 钱伟 退回修改：请补充报价单`));
    expect(told.text).toContain('重新提交');
    const mine = await client.waitForCard('fenglei', hasButton('resubmit'), id);
    expect(mine.card.status.label).toBe('已退回修改');
    expect(mine.card.buttons.map((b) => b.action)).toEqual(['resubmit', 'cancel']);
    await client.waitForCard('qianwei', (c) => c.status.label === '已退回修改' && c.buttons.length === 0, id);

    // 重新提交: round 2, frozen again, a fresh route
    await client.tap('fenglei', mine, 'resubmit');
    const round2 = await client.waitForCard('qianwei', (c) => c.buttons.some((b) => b.stepId === `${id}.2.0`), id);
    expect(await db().request.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'in_approval', round: 2, returnCount: 1 });
    expect((await line('cjb', '办公费')).frozen).toBe(before.frozen + 150_000n);
    const steps = await db().step.findMany({ where: { requestId: id }, orderBy: [{ round: 'asc' }, { index: 'asc' }] });
    expect(steps.map((s) => `${s.round}.${s.index}:${s.state}`)).toEqual(['1.0:returned', '1.1:cancelled', '1.2:cancelled', '2.0:active', '2.1:waiting', '2.2:waiting']);

    // a round-1 card's button acts on nothing, and the presser is told
    const beforeStale = await snapshot(id);
    const last = await client.lastId('qianwei');
    await client.post('actions', { as: 'qianwei', messageId: card.id, action: 'approve', requestId: id, stepId: `${id}.1.0` });
    await client.waitForText('qianwei', STEP_CLOSED, last);
    expect(await snapshot(id)).toEqual(beforeStale);

    await tapAndHear('qianwei', round2, 'approve', { comment: '已补充' }, /已转下一环节/);
    const leader = await client.waitForCard('liuxiaoyan', hasButton('approve'), id);
    await tapAndHear('liuxiaoyan', leader, 'return', { comment: '金额须与报价单一致' }, /已退回申请人修改/);
    expect(await db().request.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'returned', returnCount: 2 });

    // returned twice: the supervision group hears it, the card shows it
    const digest = await waitFor(async () => (await client.group()).find((m) => m.text?.includes(`No.${no} `)), 'supervision digest');
    expect(digest.text).toMatch(/^【监督提醒】\d+ 条/);
    expect(digest.text).toContain(`【多次补正】No.${no} 冯磊 的用款申请已被退回 2 次`);
    expect((await client.group()).filter((m) => m.text?.includes(`No.${no} `))).toHaveLength(1);
    const flagged = await client.waitForCard('fenglei', (c) => c.flags.length > 0 && hasButton('resubmit')(c), id);
    expect(flagged.card.flags).toContain('已退回 2 次（多次补正）');

    // the requester gives up: cancelled, nothing more to release
    const frozen = (await line('cjb', '办公费')).frozen;
    expect(frozen).toBe(before.frozen);
    await tapAndHear('fenglei', flagged, 'cancel', {}, new RegExp(`申请 No\\.${no} 已取消`));
    expect((await db().request.findUniqueOrThrow({ where: { id } })).status).toBe('cancelled');
    expect((await line('cjb', '办公费')).frozen).toBe(frozen);
    const closed = await client.waitForCard('fenglei', (c) => c.status.label === '已取消', id);
    expect(closed.card.buttons).toEqual([]);
  });
});

describe('驳回', () => {
  it('needs a comment, then releases the budget and closes the request', async () => {
    const before = await line('shb', '印刷费');
    const { id, no } = await submit('xujing', '/申请 印刷费 800 宣传折页', 'mahong');
    await approveAs('mahong', id);
    const card = await client.waitForCard('liuxiaoyan', hasButton('reject'), id);

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
    await client.waitForText('xujing', new RegExp(`申请 No\\.${no} 被 刘晓燕 驳回：无预算依据`));
    for (const who of ['xujing', 'mahong', 'liuxiaoyan']) {
      const final = await client.waitForCard(who, (c) => c.status.label === '已驳回', id);
      expect(final.card.buttons).toEqual([]);
    }
    // nothing is left to act on
    const last = await client.lastId('liuxiaoyan');
    await client.post('actions', { as: 'liuxiaoyan', messageId: card.id, action: 'approve', requestId: id, stepId: `${id}.1.1` });
    await client.waitForText('liuxiaoyan', STEP_CLOSED, last);
    expect((await db().request.findUniqueOrThrow({ where: { id } })).status).toBe('rejected');
  });
});

describe('撤回', () => {
  it('by the button on the requester card releases the budget', async () => {
    const before = await line('dzb', '办公费');
    const { id, no } = await submit('zhouting', '/申请 办公费 260 文具', 'sunli');
    const mine = await client.waitForCard('zhouting', hasButton('withdraw'), id);
    await tapAndHear('zhouting', mine, 'withdraw', {}, new RegExp(`申请 No\\.${no} 已撤回，冻结的预算已释放`));
    expect((await db().request.findUniqueOrThrow({ where: { id } })).status).toBe('withdrawn');
    expect((await line('dzb', '办公费')).frozen).toBe(before.frozen);
    expect(await db().step.findMany({ where: { requestId: id }, select: { state: true } })).toEqual([{ state: 'cancelled' }, { state: 'cancelled' }, { state: 'cancelled' }]);
    const approverCard = await client.waitForCard('sunli', (c) => c.status.label === '已撤回', id);
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
    expect(again).toMatch(/当前为「已撤回」/);
    expect(await snapshot(id)).toEqual(released);
    await say('fenglei', '/撤回 99999', /找不到申请 No\.99999/);
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
    await client.waitForText('zhangmin', new RegExp(`钱伟 将申请 No\\.${no} 的「部门负责人审核」转交给您处理`));
    const theirs = await client.waitForCard('zhangmin', hasButton('approve'), id);
    const old = await client.waitForCard('qianwei', (c) => c.buttons.length === 0, id);
    expect(old.card.route[0]).toMatchObject({ who: '张敏', state: '待审批' });

    // the old card's button, tapped anyway: no longer his step
    const beforeTap = await snapshot(id);
    const last = await client.lastId('qianwei');
    await client.post('actions', { as: 'qianwei', messageId: old.id, action: 'approve', requestId: id, stepId: `${id}.1.0` });
    await client.waitForText('qianwei', NOT_ASSIGNEE, last);
    expect(await snapshot(id)).toEqual(beforeTap);

    await tapAndHear('zhangmin', theirs, 'approve', { comment: '同意' }, /已转下一环节/);
    await client.waitForCard('liuxiaoyan', hasButton('approve'), id);
    const decisions = await db().decision.findMany({ where: { requestId: id }, orderBy: { id: 'asc' } });
    expect(decisions.map((d) => [d.personId, d.action, d.onBehalfOf])).toEqual([
      ['qianwei', 'transfer', null],
      ['zhangmin', 'approve', null],
    ]);
  });
});

describe('三重一大', () => {
  it('adds a collective step whose approval needs a meeting record, and stores it', async () => {
    const before = await line('cjb', '工程项目');
    const draft = await apply('fenglei', '/申请 工程项目 300000 老街雨污分流改造工程第一期进度款');
    expect(draft.card.flags).toContain('三重一大事项：须集体决策并录入会议纪要');
    // (the order of the two recorders is not asserted: roles come back from the database ordered by id)
    expect(draft.card.route.at(-1)).toMatchObject({ name: '集体决策（三重一大）', who: expect.stringMatching(/^(周婷、孙丽|孙丽、周婷)（或签）$/) });
    const id = draft.card.requestId;
    await client.tap('fenglei', draft, 'submit');

    await approveAs('qianwei', id);
    await approveAs('liuxiaoyan', id);
    await approveAs('zhengjia', id);
    await approveAs('lijun', id);
    const card = await client.waitForCard('zhouting', hasButton('approve'), id);
    expect(card.card.buttons.find((b) => b.action === 'approve')!.needs).toEqual(['comment', 'meeting']);
    const collective = await db().step.findFirstOrThrow({ where: { requestId: id, state: 'active' } });
    expect(collective).toMatchObject({ collective: true, name: '集体决策（三重一大）', mode: '或签' });
    expect([...collective.assignees].sort()).toEqual(['sunli', 'zhouting']);

    const untouched = await snapshot(id);
    await tapAndHear('zhouting', card, 'approve', { comment: '同意' }, /这是「三重一大」集体决策事项：同意前请填写会议日期和会议纪要编号/);
    const malformed = await client.tap('zhouting', card, 'approve', { meeting: { date: '2026/11/20', minutesNo: '21' } });
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
    expect(after.spent).toBe(before.spent + 30_000_000n);
    expect(after.frozen).toBe(before.frozen);
    const event = await db().auditEvent.findFirstOrThrow({ where: { subject: `request:${id}`, action: 'decision.approve', actorId: 'zhouting' } });
    expect(event.data).toMatchObject({ meeting, outcome: 'approved' });
  });
});

describe('会签', () => {
  it('needs every signer; one approval leaves the step open, a second tap by the same signer does nothing', async () => {
    const draft = await apply('xujing', '/申请 工程付款 专用材料费 3000 防汛物资运输费');
    expect(draft.card.route.map((s) => s.who)).toEqual(['马红', '刘晓燕', '吴刚、郑佳（会签）']);
    const id = draft.card.requestId;
    await client.tap('xujing', draft, 'submit');
    await approveAs('mahong', id);
    await approveAs('liuxiaoyan', id);
    const wugang = await client.waitForCard('wugang', hasButton('approve'), id);
    await client.waitForCard('zhengjia', hasButton('approve'), id);

    await tapAndHear('wugang', wugang, 'approve', {}, /已同意（会签），等待其他会签人/);
    const step = await db().step.findUniqueOrThrow({ where: { id: `${id}.1.2` } });
    expect(step).toMatchObject({ state: 'active', approvedBy: ['wugang'] });
    expect((await db().request.findUniqueOrThrow({ where: { id } })).status).toBe('in_approval');
    const waiting = await client.waitForCard('wugang', (c) => !hasButton('approve')(c) && c.route[2]?.state === '待审批（已同意 1/2）', id);
    expect(waiting.card.footer).toBe('您在本申请中暂无待办操作');
    const other = await client.waitForCard('zhengjia', (c) => c.route[2]?.state === '待审批（已同意 1/2）', id);
    expect(hasButton('approve')(other.card)).toBe(true);

    // a double tap by the same signer: nothing more
    const untouched = await snapshot(id);
    const last = await client.lastId('wugang');
    await client.post('actions', { as: 'wugang', messageId: wugang.id, action: 'approve', requestId: id, stepId: `${id}.1.2` });
    await client.waitForText('wugang', /您已同意过申请 No\.\d+ ?的「财务会签」环节，正在等待其他会签人/, last);
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
    await client.waitForCard('liuxiaoyan', hasButton('approve'), id);

    // an earlier step's button acts on nothing
    const untouched = await snapshot(id);
    let last = await client.lastId('qianwei');
    const qianweiCard = await client.waitForCard('qianwei', () => true, id);
    await client.post('actions', { as: 'qianwei', messageId: qianweiCard.id, action: 'approve', requestId: id, stepId: `${id}.1.0` });
    await client.waitForText('qianwei', STEP_CLOSED, last);
    expect(await snapshot(id)).toEqual(untouched);

    const todo = await say('chenzhiqiang', '/待办', /待办/);
    expect(todo).toMatch(new RegExp(`No\\.${no} 冯磊 用款申请 330\\.00 元 —「分管领导审批」`));
    last = await client.lastId('chenzhiqiang');
    await client.say('chenzhiqiang', `/进度 ${no}`);
    const deputyCard = await waitFor(
      async () => (await client.messages('chenzhiqiang')).find((m): m is CardMessage => m.id > last && (m.card?.requestId === id || /申请/.test(m.text ?? ''))),
      'the deputy gets the card',
    );
    expect(deputyCard.text).toBeUndefined();
    expect(hasButton('approve')(deputyCard.card)).toBe(true);

    await tapAndHear('chenzhiqiang', deputyCard, 'approve', { comment: '代为审批' }, /已转下一环节/);
    const decision = await db().decision.findFirstOrThrow({ where: { requestId: id, stepId: `${id}.1.1` } });
    expect(decision).toMatchObject({ personId: 'chenzhiqiang', onBehalfOf: 'liuxiaoyan', action: 'approve' });
    const event = await db().auditEvent.findFirstOrThrow({ where: { subject: `request:${id}`, action: 'decision.approve', actorId: 'chenzhiqiang' } });
    expect(event.data).toMatchObject({ onBehalfOf: 'liuxiaoyan' });
    const shown = await client.waitForCard('fenglei', (c) => c.route[1]?.state === '已同意', id);
    expect(shown.card.route[1]!.detail).toBe('陈志强（代 刘晓燕） 同意：代为审批');
    await client.waitForCard('zhengjia', hasButton('approve'), id);
    // the assignee herself no longer can: the step is decided
    await client.waitForCard('liuxiaoyan', (c) => !hasButton('approve')(c), id);
  });
});

describe('不相容岗位分离', () => {
  it('a department head’s own request skips to the next level, and nobody approves their own request', async () => {
    const draft = await apply('qianwei', '/申请 办公费 560 会议用品');
    expect(draft.card.route).toEqual([
      expect.objectContaining({ name: '部门负责人审核', who: '刘晓燕', detail: '申请人本人为部门负责人，上移至分管领导' }),
      expect.objectContaining({ name: '财务审核', who: '吴刚、郑佳（或签）' }),
      expect.objectContaining({ name: '分管领导审批', who: '刘晓燕', state: '已合并' }),
    ]);
    const id = draft.card.requestId;
    await client.tap('qianwei', draft, 'submit');
    const card = await client.waitForCard('liuxiaoyan', hasButton('approve'), id);
    const steps = await db().step.findMany({ where: { requestId: id }, orderBy: { index: 'asc' } });
    expect(steps.map((s) => s.assignees)).toEqual([['liuxiaoyan'], ['wugang', 'zhengjia']]);

    // the requester tries to approve his own request with the step's id: refused and audited
    const mine = await client.waitForCard('qianwei', hasButton('withdraw'), id);
    const untouched = await snapshot(id);
    await tapAndHear('qianwei', mine, 'approve', { stepId: card.card.buttons[0]!.stepId }, NOT_ASSIGNEE);
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
    let last = await client.lastId('zhaoguoping');
    await client.say('zhaoguoping', `/进度 ${no}`);
    const seen = await waitFor(async () => (await client.messages('zhaoguoping')).find((m): m is CardMessage => m.id > last && m.card?.requestId === id), 'oversight card');
    expect(seen.card.buttons).toEqual([]);

    const untouched = await snapshot(id);
    const audited = await db().auditEvent.count({ where: { action: 'security.refused' } });
    for (const action of ['approve', 'reject'] as const) {
      last = await client.lastId('zhaoguoping');
      await client.post('actions', { as: 'zhaoguoping', messageId: seen.id, action, requestId: id, stepId, comment: '试试' });
      const told = await client.waitForText('zhaoguoping', NOT_ASSIGNEE, last);
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
    const noCard = await client.post('actions', { as: 'mahong', messageId: card.id, action: 'approve', requestId: id, stepId });
    expect(noCard.status).toBe(404);
    expect(noCard.body.error?.code).toBe('CARD_NOT_FOUND');
    expect(await snapshot(id)).toEqual(untouched);
  });

  it('answers an account not in the organisation with the not-registered reply and audits it', async () => {
    const request = await db().request.findFirstOrThrow({ where: { status: 'in_approval' } });
    const untouched = await snapshot(request.id);
    const at = new Date().toISOString();
    await app.enqueue({ kind: 'command', platform: 'console', account: 'stranger', dedupeKey: 'console:lifecycle-stranger-1', at, conversation: { kind: 'direct', id: 'stranger' }, text: '/待办' });
    await app.enqueue({ kind: 'button', platform: 'console', account: 'stranger', dedupeKey: 'console:lifecycle-stranger-2', at, action: 'approve', requestId: request.id, comment: '' });
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
  it('every budget line still agrees with its ledger', async () => {
    const lines = await db().budgetLine.findMany();
    for (const l of lines) {
      expect(await db().$transaction((tx) => ledgerTotals(tx, l.id)), l.name).toEqual({ allotted: l.allotted, adjusted: l.adjusted, frozen: l.frozen, spent: l.spent });
    }
  });
});
