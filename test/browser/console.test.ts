// The local console in headless Chromium against a whole running Guanjia: people type and tap in
// the page as they would, and every check is on what the page shows.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchConsoleBrowser, type ConsoleBrowser, type WatchedPage } from '../helpers/browser.js';
import { startTestGuanjia, type TestGuanjia } from '../helpers/test-guanjia.js';

let app: TestGuanjia | undefined;
let browser: ConsoleBrowser | undefined;

beforeAll(async () => {
  // Chromium first: a missing browser fails the file at once, before a Guanjia is started
  browser = await launchConsoleBrowser();
  app = await startTestGuanjia();
});

afterAll(async () => {
  await browser?.close();
  await app?.cleanup();
});

const cardOf = (page: Page, requestId: string): Locator => page.locator(`.card[data-request-id="${requestId}"]`).last();
const pillOf = (card: Locator, label: string): Locator => card.locator('.card-header .pill', { hasText: label });
const stepState = (card: Locator, index: number, state: string): Locator => card.locator('.route-step').nth(index).locator('.route-state', { hasText: state });
const buttonLabels = (card: Locator): Promise<string[]> => card.locator('.card-buttons button').allTextContents();

/** Picks a person from the sidebar (search, click) and waits until the page is theirs and live. */
async function switchTo(page: Page, name: string): Promise<void> {
  await page.locator('#people-search').fill(name);
  await page
    .locator('#people-list')
    .getByRole('button', { name: new RegExp(`^${name}`) })
    .click();
  await page.locator('#me-card .me-name', { hasText: name }).waitFor();
  await page.locator('#conn[data-conn="live"]').waitFor();
  await page.locator('#people-search').fill('');
}

/** 同意 on the card, optionally with a comment, then 确认同意. */
async function approve(page: Page, requestId: string, comment?: string): Promise<void> {
  const card = cardOf(page, requestId);
  await card.getByRole('button', { name: '同意', exact: true }).click();
  const form = card.locator('form.card-action-form[data-action="approve"]');
  if (comment) await form.getByLabel('审批意见').fill(comment);
  await form.getByRole('button', { name: '确认同意' }).click();
}

describe('the console in a browser', () => {
  it('takes a 用款申请 from typed command to 已通过, live, as four people', async () => {
    const main: WatchedPage = await browser!.open(`${app!.url}/#as=fenglei`, { pushOnly: true });
    const { page } = main;
    await page.locator('#me-card .me-name', { hasText: '冯磊' }).waitFor();
    await page.locator('#conn[data-conn="live"]').waitFor();

    // 冯磊 types the command and presses Enter
    const input = page.locator('#composer-input');
    await input.fill('/申请 办公费 1200 购买打印纸');
    await input.press('Enter');
    expect(await input.inputValue()).toBe('');
    const draft = page.locator('.msg-row.from-bot .card', { hasText: '购买打印纸' }).last();
    await pillOf(draft, '待提交').waitFor();
    const requestId = (await draft.getAttribute('data-request-id'))!;
    expect(requestId).toBeTruthy();
    // what was typed shows once, as 冯磊's own message (the pending copy settled into the real one)
    expect(await page.locator('.msg-row.mine .bubble-text', { hasText: '/申请 办公费 1200 购买打印纸' }).count()).toBe(1);

    // the draft: budget check and the route before submitting
    const card = cardOf(page, requestId);
    const budget = card.locator('.card-budget');
    expect(await budget.getAttribute('class')).toContain('ok');
    expect(await budget.locator('.budget-verdict').textContent()).toContain('预算充足');
    expect(await budget.locator('.budget-label').allTextContents()).toEqual(['预算指标', '可用']);
    expect(await budget.locator('.budget-value').first().textContent()).toContain('城建办 / 办公费');
    expect(await budget.locator('.amount-before').textContent()).toBe('50,000.00 元');
    expect(await budget.locator('.amount-after').textContent()).toBe('48,800.00 元');
    expect(await card.locator('.route-name').allTextContents()).toEqual(['部门负责人审核', '分管领导审批', '财务审核']);
    expect(await card.locator('.route-who').allTextContents()).toEqual(['钱伟', '刘晓燕', '吴刚、郑佳（或签）']);
    expect(await card.locator('.route-state').allTextContents()).toEqual(['未开始', '未开始', '未开始']);
    expect(await buttonLabels(card)).toEqual(['提交', '修改', '取消']);

    // 提交: the same card turns into the in-approval view, first step lit green, only 撤回 left
    await card.getByRole('button', { name: '提交', exact: true }).click();
    await pillOf(card, '审批中').waitFor();
    await stepState(card, 0, '待审批').waitFor();
    expect(await card.locator('.route-step').evaluateAll((steps) => steps.map((s) => (s as HTMLElement).dataset.light))).toEqual(['green', 'none', 'none']);
    // the light says what it means to a screen reader and on hover; the open step shows when it is due
    const firstLight = card.locator('.route-step').nth(0).locator('.light-dot');
    expect(await firstLight.getAttribute('aria-label')).toMatch(/^绿灯/);
    expect(await firstLight.getAttribute('title')).toBe(await firstLight.getAttribute('aria-label'));
    expect(await card.locator('.route-step').nth(0).locator('.route-due').textContent()).toMatch(/\d{2}:\d{2}/);
    expect(await card.locator('.route-due').count()).toBe(1);
    expect(await card.locator('.amount-after').textContent()).toBe('48,800.00 元');
    expect(await card.locator('.budget-note').textContent()).toBe('（已冻结本笔）');
    expect(await buttonLabels(card)).toEqual(['撤回']);

    // a finance officer keeps the console open in a second tab from now on
    const wugang = await browser!.open(`${app!.url}/#as=wugang`, { pushOnly: true });
    await wugang.page.locator('#conn[data-conn="live"]').waitFor();
    expect(await wugang.page.locator(`.card[data-request-id="${requestId}"]`).count()).toBe(0);
    // back to the first tab (a background tab gets no animation frames, so clicks there would wait)
    await page.bringToFront();

    // 钱伟 (through the person picker, no reload): the card with his four buttons
    await switchTo(page, '钱伟');
    const q = cardOf(page, requestId);
    await q.getByRole('button', { name: '同意', exact: true }).waitFor();
    expect(await buttonLabels(q)).toEqual(['同意', '驳回', '退回修改', '转交']);

    // 驳回 without a reason: a Chinese hint, and nothing is sent
    const actionsBefore = main.posts('actions').length;
    await q.getByRole('button', { name: '驳回', exact: true }).click();
    const rejectForm = q.locator('form.card-action-form[data-action="reject"]');
    await rejectForm.getByRole('button', { name: '确认驳回' }).click();
    await rejectForm.locator('.field-error', { hasText: '驳回时必须填写理由' }).waitFor();
    expect(await rejectForm.locator('textarea').getAttribute('aria-invalid')).toBe('true');
    expect(main.posts('actions').length).toBe(actionsBefore);
    await rejectForm.getByRole('button', { name: '取消' }).click();
    await rejectForm.waitFor({ state: 'detached' });
    expect(await app!.database.db.decision.count({ where: { requestId } })).toBe(0);

    // 同意 with a two-line comment: his buttons go, the route shows his words as typed
    await approve(page, requestId, '情况属实\n同意购买');
    await stepState(q, 0, '已同意').waitFor();
    await q.locator('.card-footer', { hasText: '您在本申请中暂无待办操作' }).waitFor();
    expect(await q.locator('.card-buttons button').count()).toBe(0);
    expect(await q.locator('.route-step').nth(0).locator('.route-detail').innerText()).toBe('钱伟 同意：情况属实\n同意购买');
    expect(main.posts('actions').length).toBe(actionsBefore + 1);

    // 刘晓燕
    await switchTo(page, '刘晓燕');
    await approve(page, requestId);
    await stepState(cardOf(page, requestId), 1, '已同意').waitFor();

    // 或签: the card reaches 吴刚's open tab without a reload, with buttons
    const w = cardOf(wugang.page, requestId);
    await w.getByRole('button', { name: '同意', exact: true }).waitFor();
    await stepState(w, 2, '待审批').waitFor();

    // 郑佳 decides; 吴刚's copy turns final and its buttons disappear, live
    await switchTo(page, '郑佳');
    await approve(page, requestId);
    await pillOf(cardOf(page, requestId), '已通过').waitFor();
    await pillOf(w, '已通过').waitFor();
    await w.locator('.card-footer', { hasText: '已办结' }).waitFor();
    expect(await w.locator('.card-buttons button').count()).toBe(0);
    expect(await w.locator('.route-step').nth(2).locator('.route-detail').textContent()).toBe('郑佳 同意');

    // 冯磊 sees the outcome and the bot's text
    await switchTo(page, '冯磊');
    const done = cardOf(page, requestId);
    await pillOf(done, '已通过').waitFor();
    expect(await done.locator('.route-state').allTextContents()).toEqual(['已同意', '已同意', '已同意']);
    expect(await done.locator('.card-buttons button').count()).toBe(0);
    expect(await done.locator('.card-budget .amount-after').textContent()).toBe('48,800.00 元');
    // a 用款申请 is a 事前申请: approval commits the amount (报销 and 付款 under it draw on it later)
    expect(await done.locator('.card-budget .budget-note').textContent()).toBe('（本笔已承诺）');
    expect(await done.locator('.route-due').count()).toBe(0);
    await page.locator('.msg-row.from-bot .bubble-text', { hasText: /已审批通过/ }).waitFor();
    expect(
      await page
        .locator('.msg-row.from-bot .bubble-text', { hasText: /已审批通过/ })
        .last()
        .textContent(),
    ).toMatch(/^您的申请 No\.\d+（1,200\.00 元）已审批通过。$/);

    // the supervision group is a read-only view
    await page.locator('button[data-conversation="supervision"]').click();
    await page.locator('#readonly-bar').waitFor();
    expect(await page.locator('#composer').isHidden()).toBe(true);
    await page.locator('[data-empty="supervision"]', { hasText: '监督群暂无消息' }).waitFor();
    await page.locator('button[data-conversation="bot"]').click();
    await input.waitFor();

    expect(main.errors).toEqual([]);
    expect(wugang.errors).toEqual([]);
    expect(main.navigations()).toBe(1);
    expect(wugang.navigations()).toBe(1);
  });

  it('links a 费用报销 to its 用款申请 with a tap, and the cashier confirms the payment in a form', async () => {
    const service = app!.deps.service;
    const db = app!.database.db;
    const as = (personId: string) => ({ personId, platform: 'console' as const, account: personId });
    // the 用款申请 it draws on, asked and approved through the service (the first test shows that by hand)
    const prior = await service.requests.draft(as('fenglei'), { type: '用款申请', subject: '办公费', amount: 200_000n, purpose: '购买电脑配件' });
    await service.requests.submit(as('fenglei'), prior.id);
    await approveThrough(prior.id);

    const main = await browser!.open(`${app!.url}/#as=fenglei`, { pushOnly: true });
    const { page } = main;
    await page.locator('#conn[data-conn="live"]').waitFor();
    await page.locator('#composer-input').fill('/申请 费用报销 办公费 1500 配件发票');
    await page.locator('#composer-input').press('Enter');
    const draft = page.locator('.msg-row.from-bot .card', { hasText: '配件发票' }).last();
    await pillOf(draft, '待提交').waitFor();
    const requestId = (await draft.getAttribute('data-request-id'))!;
    const card = cardOf(page, requestId);
    expect(await card.locator('.card-link').textContent()).toContain(`可关联 No.${prior.no} 用款申请（剩余 2,000.00 元）`);

    // 关联 is a choice on the card: one tap, and the card says what it draws on
    await card.getByRole('button', { name: `关联 No.${prior.no}`, exact: true }).click();
    await card.locator('.card-link', { hasText: `关联：No.${prior.no} 用款申请 2,000.00（已用 0.00 → 1,500.00，剩余 500.00），不再占用指标` }).waitFor();
    expect(await buttonLabels(card)).toEqual(['提交', '修改', '取消']);
    await card.getByRole('button', { name: '提交', exact: true }).click();
    await pillOf(card, '审批中').waitFor();
    await approveThrough(requestId);
    await pillOf(card, '已通过').waitFor();
    await card.locator('.card-budget .budget-note', { hasText: '待出纳付款' }).waitFor();

    // 何芳, the cashier: 确认付款 asks for the voucher number before anything is sent
    await switchTo(page, '何芳');
    const cashier = cardOf(page, requestId);
    await cashier.getByRole('button', { name: '确认付款', exact: true }).click();
    const form = cashier.locator('form.card-action-form[data-action="pay"]');
    const posts = main.posts('actions').length;
    await form.locator('button[type="submit"]').click();
    await form.locator('.field-error', { hasText: '凭证号' }).waitFor();
    expect(main.posts('actions').length).toBe(posts);
    await form.getByLabel('凭证号（必填）').fill('记-2026-118');
    await form.locator('button[type="submit"]').click();
    await cashier.locator('.card-budget .budget-note', { hasText: '本笔已支出' }).waitFor();
    expect(await cashier.locator('.card-buttons button').count()).toBe(0);
    expect((await db.request.findUniqueOrThrow({ where: { id: requestId } })).voucherNo).toBe('记-2026-118');

    // 冯磊 hears it, and /关联 lists the chain
    await switchTo(page, '冯磊');
    await page.locator('.msg-row.from-bot .bubble-text', { hasText: '记-2026-118' }).waitFor();
    await page.locator('#composer-input').fill(`/关联 ${prior.no}`);
    await page.locator('#composer-input').press('Enter');
    const chain = page.locator('.msg-row.from-bot .bubble-text', { hasText: `No.${prior.no}` }).last();
    await chain.filter({ hasText: '已付款' }).waitFor();
    expect(main.errors).toEqual([]);

    /** approves every step as whoever it names, through the service */
    async function approveThrough(id: string): Promise<void> {
      for (;;) {
        const request = await db.request.findUniqueOrThrow({ where: { id } });
        if (request.status !== 'in_approval') return;
        const step = await db.step.findFirstOrThrow({ where: { requestId: id, round: request.round, state: 'active' } });
        const who = step.assignees.find((a) => !step.approvedBy.includes(a))!;
        await service.requests.decide(as(who), { requestId: id, stepId: step.id, action: 'approve', comment: '' });
      }
    }
  });

  it('edits a returned request in the 修改 form, shows what changed, and after 重新提交 the earlier round collapsed', async () => {
    const service = app!.deps.service;
    const db = app!.database.db;
    const main = await browser!.open(`${app!.url}/#as=fenglei`, { pushOnly: true });
    const { page } = main;
    await page.locator('#conn[data-conn="live"]').waitFor();
    await page.locator('#composer-input').fill('/申请 办公费 800 购买硒鼓');
    await page.locator('#composer-input').press('Enter');
    const draft = page.locator('.msg-row.from-bot .card', { hasText: '购买硒鼓' }).last();
    await pillOf(draft, '待提交').waitFor();
    const requestId = (await draft.getAttribute('data-request-id'))!;
    const card = cardOf(page, requestId);
    expect(await buttonLabels(card)).toEqual(['提交', '修改', '取消']);
    await card.getByRole('button', { name: '提交', exact: true }).click();
    await pillOf(card, '审批中').waitFor();

    // 钱伟 sends it back (through the service; the first test taps the decisions by hand)
    const step = await db.step.findFirstOrThrow({ where: { requestId, state: 'active' } });
    await service.requests.decide({ personId: 'qianwei', platform: 'console', account: 'qianwei' }, { requestId, stepId: step.id, action: 'return', comment: '请补充报价单' });
    await pillOf(card, '已退回修改').waitFor();
    expect(await buttonLabels(card)).toEqual(['重新提交', '修改', '取消申请']);
    expect(await card.locator('.card-changes').count()).toBe(0);

    // 修改 opens the form, filled with what the request says now
    await card.getByRole('button', { name: '修改', exact: true }).click();
    const form = card.locator('form.card-action-form[data-action="edit"]');
    const amount = form.getByLabel('金额（元）');
    expect(await amount.inputValue()).toBe('800.00');
    expect(await form.getByLabel('事由').inputValue()).toBe('购买硒鼓');
    expect(await form.getByLabel('科目').inputValue()).toBe('办公费');
    expect(await form.getByLabel('项目').inputValue()).toBe('');
    expect(await form.getByLabel('供应商').inputValue()).toBe('');
    const posts = main.posts('actions').length;
    // nothing changed, then an amount that is not one: a Chinese hint each time, and nothing is sent
    await form.getByRole('button', { name: '确认修改' }).click();
    await form.locator('.field-error', { hasText: '没有改动任何内容' }).waitFor();
    await amount.fill('八百五');
    await form.getByRole('button', { name: '确认修改' }).click();
    await form.locator('.field-error', { hasText: '金额应为大于 0 的数字' }).waitFor();
    expect(await amount.getAttribute('aria-invalid')).toBe('true');
    expect(main.posts('actions').length).toBe(posts);

    // a real amount: only the amount goes with the tap, and the card says what changed
    await amount.fill('950');
    await form.getByRole('button', { name: '确认修改' }).click();
    const changes = card.locator('.card-changes');
    await changes.waitFor();
    expect(await changes.locator('.section-caption').textContent()).toBe('本轮修改');
    expect(await changes.locator('.change').allTextContents()).toEqual(['金额：800.00 元 → 950.00 元']);
    const tap = main.posts('actions').at(-1)!.postDataJSON() as { action: string; edit?: Record<string, string> };
    expect(tap).toMatchObject({ action: 'edit', requestId });
    expect(tap.edit).toEqual({ amount: '950' });
    expect(main.posts('actions').length).toBe(posts + 1);
    expect((await db.request.findUniqueOrThrow({ where: { id: requestId } })).amount).toBe(95_000n);
    await pillOf(card, '已退回修改').waitFor();
    expect(await card.locator('.card-title').textContent()).toContain('950.00 元');

    // 重新提交: round 2 under way, the changes still shown, round 1 folded away under the route
    await card.getByRole('button', { name: '重新提交', exact: true }).click();
    await pillOf(card, '审批中').waitFor();
    const round = card.locator('.card-history details.card-round');
    await round.waitFor();
    expect(await round.count()).toBe(1);
    expect(await round.locator('summary').textContent()).toBe('第 1 轮 · 退回修改');
    expect(await round.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await round.locator('.round-lines li').isVisible()).toBe(false);
    await round.locator('summary').click();
    expect(await round.locator('.round-lines li').innerText()).toMatch(/^\d{2}-\d{2} \d{2}:\d{2} 钱伟 退回修改：请补充报价单$/);
    expect(await round.locator('.round-changes .change').allTextContents()).toEqual(['金额：800.00 元 → 950.00 元']);
    expect(await card.locator('.card-changes .change').allTextContents()).toEqual(['金额：800.00 元 → 950.00 元']);
    // under the route: first what changed, then the earlier rounds
    const sections = await card.locator('.card-body > section').evaluateAll((all) => all.map((e) => e.className.split(' ')[0]));
    const at = (name: string) => sections.indexOf(name);
    expect([at('card-route') < at('card-changes'), at('card-changes') < at('card-history')]).toEqual([true, true]);
    expect(await card.locator('.route-state').first().textContent()).toBe('待审批');
    expect(await card.locator('.card-budget .budget-note').textContent()).toBe('（已冻结本笔）');
    expect(main.errors).toEqual([]);
  });

  it('shows the API refusing an action as a red notice, and the card stays as it was', async () => {
    const { page, errors } = await browser!.open(`${app!.url}/#as=zhouting`, { pushOnly: true });
    await page.locator('#conn[data-conn="live"]').waitFor();
    await page.locator('#composer-input').fill('/申请 办公费 300 订阅报刊');
    await page.locator('#composer-input').press('Enter');
    const draft = page.locator('.msg-row.from-bot .card', { hasText: '订阅报刊' }).last();
    await pillOf(draft, '待提交').waitFor();
    const requestId = (await draft.getAttribute('data-request-id'))!;
    const card = cardOf(page, requestId);

    // a tap that names a card outside this person's conversation: the real server answers 404
    await page.route('**/console/api/actions', async (route) => {
      await route.continue({ postData: JSON.stringify({ ...route.request().postDataJSON(), messageId: 999_999_999 }) });
    });
    await card.getByRole('button', { name: '提交', exact: true }).click();
    const notice = page.locator('.notice-error[role="alert"]', { hasText: '在您的会话中找不到这张卡片，请刷新后重试。' });
    await notice.waitFor();
    const [r, g, b] = (await notice.evaluate((el) => getComputedStyle(el).color)).match(/\d+/g)!.map(Number);
    expect(r).toBeGreaterThan(150);
    expect(g).toBeLessThan(100);
    expect(b).toBeLessThan(100);
    await card.locator('.card-action-status.error', { hasText: '操作未成功' }).waitFor();
    expect(await card.getByRole('button', { name: '提交', exact: true }).isEnabled()).toBe(true);
    expect(await pillOf(card, '待提交').count()).toBe(1);
    expect((await app!.database.db.request.findUniqueOrThrow({ where: { id: requestId } })).status).toBe('draft');
    await page.unroute('**/console/api/actions');

    // the real tap still works afterwards: 取消 closes the draft and its buttons go
    await card.getByRole('button', { name: '取消', exact: true }).click();
    await pillOf(card, '已取消').waitFor();
    expect(await card.locator('.card-buttons button').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('says so when the link names someone who is not in the organisation', async () => {
    const { page, errors } = await browser!.open(`${app!.url}/#as=nobody`);
    await page.locator('.notice-error', { hasText: '「nobody」不在组织架构中' }).waitFor();
    const shown = await page.locator('#me-card .me-name').textContent();
    expect(shown).toBeTruthy();
    expect(await page.locator('.notice-error').textContent()).toContain(`当前身份是 ${shown}`);
    expect(errors).toEqual([]);
  });
});
