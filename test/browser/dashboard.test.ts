// The 驾驶舱 in headless Chromium against a whole running Guanjia: requests typed and tapped through
// the console API (spent, approved from suppliers, a 化整为零 alert), two steps lit yellow and red; then
// the page opened as a finance officer draws all five charts without a console error, each canvas's
// screenshot shows a drawing, the tables hold the figures — 城建办's 执行率 and 已支出 as the service
// and the 预算执行情况表 workbook have them — and it still reads at 375 px. A member of staff sees the
// refusal in Chinese, and the console page links the dashboard for the oversight roles only.
import { mkdir, writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasButton, ConsoleClient, type ConsoleMessage } from '../helpers/console-client.js';
import type { Card } from '../../bot/card-model.js';
import { makeReport } from '../../bot/reports/make-report.js';
import { BUDGET_HEADERS, BUDGET_SHEETS, subtotalLabel } from '../../bot/replies/budget-report-words.js';
import { refusalText } from '../../bot/replies/error-text.js';
import { launchConsoleBrowser, type ConsoleBrowser, type WatchedPage } from '../helpers/browser.js';
import { decodePng, inkOf } from '../helpers/png-pixels.js';
import { startTestGuanjia, waitFor, type TestGuanjia } from '../helpers/test-guanjia.js';

type CardMessage = ConsoleMessage & { card: Card };

let app: TestGuanjia;
let browser: ConsoleBrowser;
let client: ConsoleClient;
const consoleErrors: string[] = [];
const db = () => app.database.db;
const CHARTS = ['execution', 'lights', 'alerts', 'suppliers', 'threePublic'] as const;
const SHOTS = new URL('../../test-results/dashboard/', import.meta.url);

/** Types /申请 and waits for the new draft card. */
async function apply(as: string, text: string): Promise<CardMessage> {
  const last = await client.lastId(as);
  await client.say(as, text);
  return waitFor(async () => (await client.messages(as)).find((m): m is CardMessage => m.id > last && !!m.card), `draft card for ${as}`);
}

/** Types /申请, taps 提交, then 同意 on each approver's card in turn until it is approved. */
async function applyApproved(as: string, text: string): Promise<string> {
  const draft = await apply(as, text);
  const requestId = draft.card.requestId;
  expect((await client.tap(as, draft, 'submit')).status).toBe(202);
  for (;;) {
    // the request once the last tap took effect: approved, or in approval at its next step
    const next = await waitFor(async () => {
      const r = await db().request.findUniqueOrThrow({ where: { id: requestId } });
      if (r.status === 'approved') return { step: null };
      const step = r.status === 'in_approval' ? await db().step.findFirst({ where: { requestId, round: r.round, state: 'active' } }) : null;
      return step ? { step } : undefined;
    }, `the next step of ${requestId}`);
    const step = next.step;
    if (!step) return requestId;
    const who = step.assignees.find((a) => !step.approvedBy.includes(a) && a !== as)!;
    const card = await client.waitForCard(who, (c) => hasButton('approve')(c) && c.buttons.some((b) => b.stepId === step.id), requestId);
    expect((await client.tap(who, card, 'approve')).status).toBe(202);
    await waitFor(async () => (await db().step.findUniqueOrThrow({ where: { id: step.id } })).state !== 'active' || undefined, `${who} approves`);
  }
}

beforeAll(async () => {
  // Chromium first: a missing browser fails the file at once, before a Guanjia is started
  browser = await launchConsoleBrowser();
  browser.context.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  app = await startTestGuanjia();
  client = new ConsoleClient(app.url);
  // 城建办 冯磊 buys 1,200 of paper from 青石商贸 (零星支出: spent on approval); 党政办 孙丽 spends 800 on a 公务接待
  await applyApproved('fenglei', '/申请 零星支出 办公费 1200 购买打印纸 供应商=青石商贸');
  await applyApproved('sunli', '/申请 零星支出 公务接待费 800 上级检查接待 供应商=宏远会务');
  // two 维修费 purchases just under the threshold from one supplier: 化整为零 on the second draft
  await apply('fenglei', '/申请 采购申请 维修费 60000 道路修补 供应商=青石商贸');
  await apply('fenglei', '/申请 采购申请 维修费 50000 道路修补二期 供应商=青石商贸');
  await waitFor(() => db().alert.count({ where: { rule: 'split_purchase' } }), 'the 化整为零 alert');
  // 社会事务办 许静's two requests wait: one lit yellow, one red (as the deadline timers would), both in
  // March; the alert dated June — in the fiscal year whenever the test runs
  for (const [text, light] of [
    ['/申请 办公费 3000 办公用品', 'yellow'],
    ['/申请 办公费 1000 文件柜', 'red'],
  ] as const) {
    const draft = await apply('xujing', text);
    await client.tap('xujing', draft, 'submit');
    const step = await waitFor(async () => (await db().step.findFirst({ where: { requestId: draft.card.requestId, state: 'active' } })) ?? undefined, 'the first step');
    await db().step.update({ where: { id: step.id }, data: { light, activatedAt: new Date('2026-03-10T02:00:00Z') } });
  }
  await db().alert.updateMany({ where: { rule: 'split_purchase' }, data: { raisedAt: new Date('2026-06-01T02:00:00Z') } });
  await mkdir(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await app?.cleanup();
});

describe('the 驾驶舱 in a browser', () => {
  let watched: WatchedPage;

  it('draws every chart for a finance officer, without a console error', async () => {
    watched = await browser.open(`${app.url}/dashboard.html#as=wugang`);
    const { page } = watched;
    for (const name of CHARTS) await page.locator(`.dash-chart[data-chart="${name}"][data-rendered="true"] canvas`).waitFor();
    expect(await page.locator('#dash-title').textContent()).toMatch(/驾驶舱$/);
    expect(await page.locator('#dash-sub').textContent()).toMatch(/^\d{4} 年度 · 截至 \d{4}-\d{2}-\d{2} · 序时进度 \d+\.\d{2}% · 金额单位：元$/);
    await writeFile(new URL('wide.png', SHOTS), await page.screenshot({ fullPage: true }));
    expect(watched.errors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('shows a drawing on every canvas', async () => {
    for (const name of CHARTS) {
      const png = await watched.page.locator(`.dash-chart[data-chart="${name}"] canvas`).first().screenshot();
      await writeFile(new URL(`${name}.png`, SHOTS), png);
      const ink = inkOf(decodePng(png));
      // a blank canvas is one colour; a chart has axes, bars and words in several
      expect(ink.colours, name).toBeGreaterThan(8);
      expect(ink.inked / ink.total, name).toBeGreaterThan(0.01);
    }
  });

  it('has the figures in tables: 城建办 as the service and the workbook have them', async () => {
    const { page } = watched;
    const cell = (table: string, key: string, col: string) => page.locator(`table[data-table="${table}"] tr[data-key="${key}"] [data-col="${col}"]`).textContent();
    const reader = { personId: 'wugang', platform: 'console' as const, account: 'wugang' };
    const report = await app.deps.service.reports.budget(reader, {});
    const cjb = report.departments.find((d) => d.department === '城建办')!.subtotal;
    expect(cjb.spent).toBe(120_000n);
    expect(await cell('execution', '城建办', 'execution')).toBe(`${(cjb.executionBp / 100).toFixed(2)}%`);
    expect(await cell('execution', '城建办', 'spent')).toBe('1,200.00');
    expect(await cell('execution', '城建办', 'timeProgress')).toBe(`${(report.timeProgressBp / 100).toFixed(2)}%`);

    // the same figures in the 预算执行情况表 workbook, as its cells display them
    const file = await makeReport(app.deps.service, reader, { report: 'budget' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.bytes) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet(BUDGET_SHEETS.execution)!;
    let header: ExcelJS.Row | undefined;
    let subtotal: ExcelJS.Row | undefined;
    sheet.eachRow((row) => {
      const values = row.values as unknown[];
      if (values.includes(BUDGET_HEADERS.execution)) header ??= row;
      if (row.getCell(1).value === subtotalLabel('城建办')) subtotal = row;
    });
    const column = (word: string) => (header!.values as unknown[]).indexOf(word);
    const rate = subtotal!.getCell(column(BUDGET_HEADERS.execution)).value as number;
    const spent = subtotal!.getCell(column(BUDGET_HEADERS.spent)).value as number;
    expect(await cell('execution', '城建办', 'execution')).toBe(`${(rate * 100).toFixed(2)}%`);
    expect(await cell('execution', '城建办', 'spent')).toBe(spent.toLocaleString('en-US', { minimumFractionDigits: 2 }));

    expect(await cell('lights', '社会事务办 2026-03', 'yellow')).toBe('1');
    expect(await cell('lights', '社会事务办 2026-03', 'red')).toBe('1');
    expect(await cell('alerts', 'split_purchase', 'rule')).toBe('化整为零');
    expect(await cell('alerts', 'split_purchase', 'open')).toBe('1');
    expect(await page.locator('table[data-table="suppliers"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')))).toEqual(['青石商贸', '宏远会务']);
    expect(await cell('suppliers', '青石商贸', 'amount')).toBe('1,200.00');
    expect(await cell('threePublic', '公务接待', 'cap')).toBe('30,000.00');
    expect(await cell('threePublic', '公务接待', 'spent')).toBe('800.00');
    expect(await cell('threePublic', '公务接待', 'used')).toBe('2.67%');
  });

  it('reads at 375 px: the table under its chart, nothing wider than the screen', async () => {
    const { page } = watched;
    await page.setViewportSize({ width: 375, height: 812 });
    await waitFor(async () => (await page.locator('.dash-chart[data-chart="execution"] canvas').boundingBox())!.width <= 375 || undefined, 'the charts to fit');
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(375);
    for (const name of CHARTS) {
      const chart = (await page.locator(`.dash-chart[data-chart="${name}"]`).boundingBox())!;
      const table = (await page.locator(`table[data-table="${name}"]`).locator('xpath=..').boundingBox())!;
      expect(table.y, name).toBeGreaterThanOrEqual(chart.y + chart.height);
      expect(chart.width, name).toBeLessThanOrEqual(375);
    }
    await writeFile(new URL('narrow.png', SHOTS), await page.screenshot({ fullPage: true }));
    expect(consoleErrors).toEqual([]);
  });
});

describe('who sees it', () => {
  it('gives a member of staff the refusal in Chinese, not an empty page', async () => {
    const refused = await browser.open(`${app.url}/dashboard.html#as=fenglei`);
    expect(await refused.page.locator('#app').getAttribute('data-view')).toBe('refused');
    const text = await refused.page.locator('.dash-refusal[role="alert"]').textContent();
    expect(text).toBe(refusalText('DASHBOARD_DENIED', {}));
    expect(await refused.page.locator('.dash-chart').count()).toBe(0);
    expect(refused.errors).toEqual([]);
    expect(await db().auditEvent.count({ where: { action: 'security.refused', actorId: 'fenglei', subject: 'report:dashboard' } })).toBe(1);
  });

  it('links the dashboard from the console page for the oversight roles only', async () => {
    const consolePage = await browser.open(`${app.url}/#as=wugang`);
    const link = consolePage.page.locator('#me-card a.me-dashboard');
    expect(await link.getAttribute('href')).toBe('dashboard.html#as=wugang');
    await consolePage.page.goto(`${app.url}/#as=fenglei`);
    await consolePage.page.locator('#me-card .me-name', { hasText: '冯磊' }).waitFor();
    expect(await consolePage.page.locator('#me-card a.me-dashboard').count()).toBe(0);
  });
});
