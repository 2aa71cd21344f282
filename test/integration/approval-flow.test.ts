// A request from chat to approved through the console's API: the route, the budget moving exactly
// as the rules say, every card re-rendered, the audit chain intact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../workflows/infra/audit.js';
import { ledgerTotals } from '../../workflows/infra/ledger.js';
import { ConsoleClient, hasButton } from '../helpers/console-client.js';
import { startTestGuanjia, type TestGuanjia } from '../helpers/test-guanjia.js';

let app: TestGuanjia;
let client: ConsoleClient;

beforeAll(async () => {
  app = await startTestGuanjia();
  client = new ConsoleClient(app.url);
});
afterAll(() => app?.cleanup());

const line = () => app.database.db.budgetLine.findFirstOrThrow({ where: { departmentId: 'cjb', subject: '办公费' } });

describe('a three-step 用款申请 in the console', () => {
  it('previews, submits, freezes, routes through three leaders and commits once', async () => {
    const before = await line();
    await client.say('fenglei', '/申请 办公费 1200 购买打印纸');
    const draft = await client.waitForCard('fenglei', hasButton('submit'));
    expect(draft.card.status.label).toBe('待提交');
    expect(draft.card.budget).toMatchObject({ ok: true, before: '50,000.00 元', after: '48,800.00 元' });
    expect(draft.card.route.map((s) => s.who)).toEqual(['钱伟', '刘晓燕', '吴刚、郑佳（或签）']);
    const requestId = draft.card.requestId;

    expect((await client.tap('fenglei', draft, 'submit')).status).toBe(202);
    const first = await client.waitForCard('qianwei', hasButton('approve'), requestId);
    expect((await line()).frozen).toBe(before.frozen + 120_000n);
    // the requester's own card turned into the in-approval view, with 撤回 only
    const mine = await client.waitForCard('fenglei', (c) => c.status.label === '审批中', requestId);
    expect(mine.card.buttons.map((b) => b.action)).toEqual(['withdraw']);

    await client.tap('qianwei', first, 'approve', { comment: '属实' });
    const second = await client.waitForCard('liuxiaoyan', hasButton('approve'), requestId);
    await client.tap('liuxiaoyan', second, 'approve');
    // 或签: either finance officer may approve; both get the card
    const finance = await client.waitForCard('zhengjia', hasButton('approve'), requestId);
    await client.waitForCard('wugang', hasButton('approve'), requestId);
    await client.tap('zhengjia', finance, 'approve');

    const done = await client.waitForCard('fenglei', (c) => c.status.label === '已通过', requestId);
    expect(done.card.route.map((s) => s.state)).toEqual(['approved', 'approved', 'approved']);
    await client.waitForText('fenglei', /已审批通过/);
    // every copy of the card shows the final state, wherever it was decided
    await client.waitForCard('wugang', (c) => c.status.label === '已通过' && c.buttons.length === 0, requestId);
    await client.waitForCard('qianwei', (c) => c.status.label === '已通过', requestId);

    const after = await line();
    // a 用款申请 is a 事前申请: approval turns the frozen amount into a commitment, nothing is spent yet
    expect(after.frozen).toBe(before.frozen);
    expect(after.committed).toBe(before.committed + 120_000n);
    expect(after.spent).toBe(before.spent);
    const totals = await app.database.db.$transaction((tx) => ledgerTotals(tx, after.id));
    expect(totals).toEqual({ allotted: after.allotted, adjusted: after.adjusted, frozen: after.frozen, committed: after.committed, spent: after.spent });
    const decisions = await app.database.db.decision.findMany({ where: { requestId } });
    expect(decisions.map((d) => d.personId)).toEqual(['qianwei', 'liuxiaoyan', 'zhengjia']);
    expect(await verifyAuditChain(app.database.db)).toMatchObject({ ok: true });
  });

  it('answers the queries people ask', async () => {
    const last = await client.lastId('fenglei');
    await client.say('fenglei', '/预算');
    const budget = await client.waitForText('fenglei', /预算余额/, last);
    expect(budget.text).toContain('城建办 / 办公费：可用 48,800.00 元');
    await client.say('fenglei', '/progress');
    await client.waitForText('fenglei', /没看懂/, last);
    await client.say('fenglei', '/status');
    const status = await client.waitForText('fenglei', /我最近的申请/, last);
    expect(status.text).toMatch(/No\.\d+ 用款申请 1,200\.00 元 — 已通过/);
    await client.say('qianwei', '/待办');
    await client.waitForText('qianwei', /没有待审批/);
    // someone with no part in request No.1 may not open it
    const hefang = await client.lastId('hefang');
    await client.say('hefang', '/进度 1');
    const refused = await client.waitForText('hefang', /不能查看/, hefang);
    expect(refused.text).toBe('您不是申请 No.1 的申请人或审批人，不能查看。需要查看时，请找财政所、纪工委或主要领导。');
    // /申请 alone: the way to the 新建申请 form on the workbench
    await client.say('fenglei', '/申请');
    const form = await client.waitForText('fenglei', /【新建申请】/, last);
    expect(form.text).toContain(`\n${app.deps.fileLinks.base}/app/new?via=console`);
  });
});

describe('bad input gets a clear answer and changes nothing', () => {
  const amounts = ['abc', '-5', '0', '1e99', '12.345', '99999999999999'];
  it.each(amounts)('refuses the amount %s', async (amount) => {
    const requests = await app.database.db.request.count();
    const last = await client.lastId('zhouting');
    await client.say('zhouting', `/申请 办公费 ${amount} 测试`);
    const answer = await client.waitForText('zhouting', /金额|缺少/, last);
    expect(answer.text).toMatch(/金额.*无效|缺少金额/);
    expect(await app.database.db.request.count()).toBe(requests);
  });

  it('names the missing budget line and lists the real ones', async () => {
    const last = await client.lastId('zhouting');
    await client.say('zhouting', '/申请 宣传费 300 海报');
    const answer = await client.waitForText('zhouting', /没有「宣传费」预算指标/, last);
    expect(answer.text).toContain('办公费');
  });

  it('refuses more than the line has, saying by how much', async () => {
    const last = await client.lastId('zhouting');
    const dzb = await app.database.db.budgetLine.findFirstOrThrow({ where: { departmentId: 'dzb', subject: '印刷费' } });
    await client.say('zhouting', '/申请 印刷费 99999999 宣传册');
    const draft = await client.waitForCard('zhouting', (c) => c.budget?.ok === false);
    expect(draft.card.budget?.problem).toMatch(/超出可用额度 [\d,]+\.\d\d 元/);
    expect(draft.card.buttons.map((b) => b.action)).toEqual(['edit', 'cancel']);
    // a forged submit tap still meets the core's check-and-freeze
    expect((await client.post('actions', { as: 'zhouting', messageId: draft.id, action: 'submit', requestId: draft.card.requestId })).status).toBe(202);
    await client.waitForText('zhouting', /预算不足，无法提交：「党政办 \/ 印刷费」可用 [\d,.]+ 元，本次申请 99,999,999.00 元，还差/, last);
    const unchanged = await app.database.db.budgetLine.findUniqueOrThrow({ where: { id: dzb.id } });
    expect(unchanged.frozen).toBe(dzb.frozen);
    expect((await app.database.db.request.findUniqueOrThrow({ where: { id: draft.card.requestId } })).status).toBe('draft');
  });

  it('rejects an unknown person and a malformed body at the API', async () => {
    expect((await client.post('messages', { as: 'nobody', text: '/帮助' })).body.error?.code).toBe('UNKNOWN_PERSON');
    const bad = await client.post('messages', '{"as": "fenglei", "text": ');
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toMatch(/JSON/);
    const empty = await client.post('messages', { as: 'fenglei', text: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error?.message).toMatch(/不能为空/);
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it('gives help for unknown text instead of silence', async () => {
    const last = await client.lastId('hefang');
    await client.say('hefang', '你好');
    const answer = await client.waitForText('hefang', /没看懂/, last);
    expect(answer.text).toContain('/申请');
  });
});
