// The workbench (工作台) in headless Chromium at phone size (375 × 812, touch), as people use it, against
// one Guanjia on a local WeCom and a local DingTalk: 冯磊 opens it in WeCom (the fake's OAuth page brings
// him back signed in), fills 新建申请 with no typed command, sees the preview (budget line, route) and
// submits; the request is in 我发起的 as 审批中. 钱伟 opens it from the 「在工作台打开」 link of his
// DingTalk card (免登: the page's requestAuthCode gives a code the fake DingTalk issued, traded for real),
// taps 驳回, gives the reason and sends; the request ends rejected, and 冯磊's page shows 已驳回 with
// the reason in its history. 吴刚 (财务), on a desktop, finds it in 查询与报表 and downloads a report.
// 冯磊 also files a 费用报销 with its required 发票 chosen on the form (the demo organisation keeps its
// required attachments here): the form will not send it without one, and the request ends in approval
// with the 发票 on it and listed on its page.
// On every page: no errors in the console, axe-core (WCAG 2 A and AA, colour contrast included) finds
// nothing serious, and the screenshots hold the key elements.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH } from '../helpers/browser.js';
import { DINGTALK_CORP_ID } from '../helpers/fake-dingtalk-api.js';
import { decodePng, type Pixels } from '../helpers/png-pixels.js';
import { samplePdf, SAMPLE_PNG } from '../helpers/sample-files.js';
import { HANG_MS } from '../helpers/time-limits.js';
import { startTwoPlatforms, type TwoPlatforms } from '../helpers/two-platforms.js';
import { waitFor } from '../helpers/test-guanjia.js';
import { WECOM } from '../helpers/wecom-guanjia.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };
/** WeCom's in-app browser on a phone names itself wxwork */
const WECOM_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.22 MicroMessenger/7.0.1 Language/zh ColorScheme/Light';
/** --primary in card/card.css: the 提交 button's fill */
const PRIMARY = [0x1f, 0x6b, 0xff] as const;
/** --red-soft: the fill of a 已驳回 pill (.tone-danger) */
const RED_SOFT = [0xff, 0xec, 0xe8] as const;

let two: TwoPlatforms | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium fonts-wqy-microhei (or set CHROMIUM_PATH).`);
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  // the demo's request types keep their required attachments (用款申请 has none; 费用报销 needs a 发票)
  two = await startTwoPlatforms({ env: ({ wecom }) => ({ DINGTALK_CORP_ID, WECOM_OAUTH_BASE: wecom.url }), requiredAttachments: true });
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await two?.stop();
});

interface Phone {
  page: Page;
  /** what went wrong in the page: uncaught errors, console errors, failed responses other than the sign-in probe */
  problems(): string[];
}

/**
 * A phone: a fresh browser profile at 375 × 812 with touch (or a desktop's window at 1280 × 900). Everything the page logs as an error is
 * kept; the one failed response a page may have is its sign-in probe (GET /app/api/me → 401 before
 * signing in), which Chromium also logs as a failed resource.
 */
async function phone(options: { userAgent?: string; authCode?: string; desktop?: boolean } = {}): Promise<Phone> {
  const context = await browser!.newContext({
    ...(options.desktop ? { viewport: DESKTOP } : { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }),
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
  });
  context.setDefaultTimeout(HANG_MS);
  contexts.push(context);
  // DingTalk's container gives the page its JSAPI: a stand-in whose requestAuthCode hands over the code
  if (options.authCode) {
    await context.addInitScript(
      `window.dd = { runtime: { permission: { requestAuthCode: (o) => o && o.corpId === ${JSON.stringify(DINGTALK_CORP_ID)} ? Promise.resolve({ code: ${JSON.stringify(options.authCode)} }) : Promise.reject(new Error('corpId')) } } };`,
    );
  }
  const page = await context.newPage();
  const errors: string[] = [];
  const consoleErrors: string[] = [];
  const failed: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.request().method()} ${new URL(response.url()).pathname} ${response.status()}`);
  });
  const isProbe = (f: string) => f === 'GET /app/api/me 401';
  const isLoggedFailure = (t: string) => t.startsWith('Failed to load resource: the server responded with a status of 401');
  return {
    page,
    problems: () => {
      const probes = failed.filter(isProbe).length;
      const logged = consoleErrors.filter(isLoggedFailure).length;
      return [
        ...errors.map((e) => `page error: ${e}`),
        ...failed.filter((f) => !isProbe(f)).map((f) => `failed: ${f}`),
        ...(probes > 1 ? [`the sign-in probe answered 401 ${probes} times`] : []),
        ...(logged > probes ? [`${logged - probes} more failed loads logged than the sign-in probe`] : []),
        ...consoleErrors.filter((t) => !isLoggedFailure(t)).map((t) => `console: ${t}`),
      ];
    },
  };
}

/** waits until the page shows `view` (home, new, request, search) and has drawn it */
async function shown(page: Page, view: string): Promise<void> {
  await page.locator(`#view[data-view="${view}"][data-ready="true"]`).waitFor();
}

/** axe-core's WCAG 2 A/AA rules on the page as it is; the serious and critical violations, and whether colour contrast was checked */
async function accessibility(page: Page): Promise<{ serious: string[]; contrastChecked: boolean }> {
  // through the browser's devtools protocol: the page's Content-Security-Policy refuses an injected <script>
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await readFile(AXE, 'utf8'));
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: unknown) => Promise<AxeResults> } }).axe;
    interface AxeResults {
      violations: { id: string; impact: string | null; nodes: { target: string[]; failureSummary?: string }[] }[];
      passes: { id: string }[];
    }
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations', 'passes'] });
    return {
      violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`) })),
      passes: r.passes.map((p) => p.id),
    };
  });
  return {
    serious: result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.nodes.map((n) => `${v.id} ${n}`)),
    contrastChecked: result.passes.includes('color-contrast'),
  };
}

/** the page's width holds at the screen's: nothing wider, no sideways scrolling */
async function fitsTheScreen(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);
}

/** an element on screen within the phone's width */
async function onScreen(el: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  await el.scrollIntoViewIfNeeded();
  expect(await el.isVisible()).toBe(true);
  const box = (await el.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
  return box;
}

/** the share of the pixels in a box (in CSS pixels) of a screenshot close to a colour */
function shareOf(png: Pixels, box: { x: number; y: number; width: number; height: number }, [r, g, b]: readonly number[], scale = 2): number {
  let near = 0;
  let all = 0;
  for (let y = Math.ceil(box.y * scale); y < Math.floor((box.y + box.height) * scale); y++) {
    for (let x = Math.ceil(box.x * scale); x < Math.floor((box.x + box.width) * scale); x++) {
      const i = (y * png.width + x) * 4;
      all += 1;
      if (Math.abs(png.rgba[i]! - r!) + Math.abs(png.rgba[i + 1]! - g!) + Math.abs(png.rgba[i + 2]! - b!) < 30) near += 1;
    }
  }
  return all === 0 ? 0 : near / all;
}

/** the checks every page gets: no errors, nothing serious for axe with contrast checked, nothing wider than the screen */
async function pageIsSound(p: Phone): Promise<void> {
  const a11y = await accessibility(p.page);
  expect(a11y.serious).toEqual([]);
  expect(a11y.contrastChecked).toBe(true);
  await fitsTheScreen(p.page);
  expect(p.problems()).toEqual([]);
}

const requester = { id: 'fenglei', name: '冯磊' };
const approver = { id: 'qianwei', name: '钱伟' };
const reason = '数量偏多，请核减后重报';
let requesterPhone: Phone | undefined;
let requestNo = 0;

describe('the workbench on a phone', () => {
  it('冯磊 signs in through WeCom, fills 新建申请 with no typed command, sees the preview and submits; it is in 我发起的 as 审批中', async () => {
    const p = await phone({ userAgent: WECOM_UA });
    requesterPhone = p;
    const { page } = p;
    // the phone is 冯磊's, in WeCom: the fake's authorize page (snsapi_base, this corp and app, a
    // redirect to the 可信域名) sends the browser back with a sign-in code for him and the state
    two!.wecom.useAs(two!.wecomUser(requester.id));
    two!.wecom.trustedHosts.add(new URL(two!.app.url).host);

    await page.goto(`${two!.app.url}/app/`);
    await shown(page, 'home');
    const authorized = two!.wecom.calls.filter((c) => c.path === '/connect/oauth2/authorize');
    expect(authorized).toHaveLength(1);
    expect(authorized[0]!.query).toMatchObject({ appid: WECOM.corpId, scope: 'snsapi_base', agentid: String(WECOM.agentId), redirect_uri: `${two!.app.url}/app/auth/wecom` });
    expect(authorized[0]!.answer.status).toBe(302);
    expect(await page.locator('#me-name').textContent()).toBe(requester.name);
    await pageIsSound(p);

    // the home page: the big 新建申请, on screen and in the primary colour
    const newButton = page.getByRole('button', { name: '新建申请' });
    const box = await onScreen(newButton);
    expect(box.height).toBeGreaterThanOrEqual(44);
    expect(shareOf(decodePng(await page.screenshot()), box, PRIMARY)).toBeGreaterThan(0.6);
    // staff see no 查询与报表
    expect(await page.getByRole('button', { name: '查询与报表' }).count()).toBe(0);

    await newButton.tap();
    await shown(page, 'new');
    const form = page.locator('form.request-form');
    // the page checks before anything is sent, in Chinese
    await form.getByRole('button', { name: '提交', exact: true }).tap();
    expect(await form.locator('[data-field="type"] .field-error').textContent()).toBe('请选择申请类型。');
    expect(await form.locator('[data-field="purpose"] .field-error').textContent()).toBe('请填写事由。');

    await page.getByLabel('申请类型').selectOption('用款申请');
    // the budget lines are choices, each with what is left on it
    const line = form.locator('label.choice-line', { hasText: '专用材料费' });
    expect(await line.textContent()).toContain('可用 100,000.00 元');
    await line.tap();
    await page.getByLabel('金额（元）').fill('3,00');
    await page.getByLabel('事由').fill('防汛沙袋 200 条');
    await page.getByLabel('供应商（收款方）').fill('青石商贸');
    await form.getByRole('button', { name: '提交', exact: true }).tap();
    expect(await form.locator('[data-field="amount"] .field-error').textContent()).toContain('金额格式不对');
    await page.getByLabel('金额（元）').fill('3000');

    // the preview: the draft's card with the budget check and the route with the people on it
    const preview = page.locator('.preview-host[data-state="shown"] .card');
    await preview.waitFor();
    await waitFor(async () => (await preview.locator('.card-fields').textContent())?.includes('3,000.00'), 'the preview to show the amount typed last');
    expect(await preview.locator('.card-budget').textContent()).toContain('城建办 / 专用材料费');
    expect(await preview.locator('.amount-after').textContent()).toBe('97,000.00 元');
    expect(await preview.locator('.route-step .route-name').allTextContents()).toEqual(['部门负责人审核', '分管领导审批', '财务审核']);
    expect(await preview.locator('.route-step .route-who').first().textContent()).toBe(approver.name);
    expect(await preview.locator('button').count()).toBe(0);
    await pageIsSound(p);

    // the screenshot holds the preview's budget check and the 提交 button, blue, within the phone's width
    const submit = form.getByRole('button', { name: '提交', exact: true });
    const submitBox = await onScreen(submit);
    expect(shareOf(decodePng(await page.screenshot()), submitBox, PRIMARY)).toBeGreaterThan(0.6);
    await onScreen(preview.locator('.card-budget'));

    const before = await two!.app.database.db.request.count();
    await submit.tap();
    // the page waits for the bot, then opens the new request
    await shown(page, 'request');
    const no = Number(/#\/r\/(\d+)$/.exec(page.url())![1]);
    requestNo = no;
    expect(await two!.app.database.db.request.count()).toBe(before + 1);
    const stored = await two!.app.database.db.request.findFirstOrThrow({ where: { no } });
    expect(stored).toMatchObject({ status: 'in_approval', requesterId: requester.id, purpose: '防汛沙袋 200 条', amount: 300000n });
    await page.locator('#view[data-status="in_approval"]').waitFor();
    expect(await page.locator('.request-card .card-header .pill').textContent()).toBe('审批中');
    expect(await page.locator('.timeline .event-label').first().textContent()).toBe('提交');
    await pageIsSound(p);

    // 我发起的: there, 审批中
    await page.locator('#back').tap();
    await shown(page, 'home');
    await page.getByRole('link', { name: '我发起的' }).tap();
    await page.locator('.box[data-box="mine"]').waitFor();
    const item = page.locator(`.item[data-no="${no}"]`);
    await item.waitFor();
    expect(await item.locator('.pill').textContent()).toBe('审批中');
    expect(await item.locator('.item-title').textContent()).toBe(`用款申请 · No.${no}`);
    expect(await item.locator('.item-amount').textContent()).toBe('3,000.00 元');
    await onScreen(item);
    await pageIsSound(p);
  });

  it('钱伟 opens the request from his DingTalk card, signs in by 免登, rejects it with a reason; 冯磊 sees 已驳回 and the reason', async () => {
    expect(requestNo).toBeGreaterThan(0);
    const dingtalkId = two!.dingtalkUser(approver.id);
    // the card DingTalk shows him, and its 「在工作台打开」: the request's page, opened inside DingTalk
    const stored = await two!.app.database.db.request.findFirstOrThrow({ where: { no: requestNo } });
    const { card } = await two!.dingtalk.waitForCard(dingtalkId, (view) => view.showReject === 'true', stored.id);
    const inDingtalk = new URL(two!.dingtalk.links(card.outTrackId, dingtalkId)['在工作台打开']!);
    const link = inDingtalk.searchParams.get('url')!;
    expect(link).toBe(`${two!.app.url}/app/r/${requestNo}?via=dingtalk`);

    const p = await phone({ authCode: two!.dingtalk.issueSignInCode(dingtalkId) });
    const { page } = p;
    await page.goto(link);
    await shown(page, 'request');
    expect(await page.locator('#me-name').textContent()).toBe(approver.name);
    // the page came with the JSAPI of the test; the bundled one was not needed
    expect(await page.evaluate(() => Array.from(document.scripts).some((s) => s.src.endsWith('/app/vendor/dingtalk.js')))).toBe(false);
    await pageIsSound(p);

    // 返回: his 待办, the request waiting for him, its light in words as well as colour
    await page.locator('#back').tap();
    await shown(page, 'home');
    const waiting = page.locator(`.box[data-box="todo"] .item[data-no="${requestNo}"]`);
    await waiting.waitFor();
    expect(await waiting.locator('.light-chip').textContent()).toBe('绿灯');
    expect(await waiting.locator('.item-meta').textContent()).toContain('冯磊 提交');
    expect(await waiting.locator('.item-meta').textContent()).toContain('当前：部门负责人审核');
    await pageIsSound(p);
    await waiting.locator('a').tap();
    await shown(page, 'request');

    const cardEl = page.locator('.request-card .card');
    expect(await cardEl.locator('.card-buttons button').allTextContents()).toEqual(expect.arrayContaining(['同意', '驳回', '退回修改', '转交']));

    // 驳回: the reason is required, asked for in the card's own form
    await cardEl.locator('.card-buttons button', { hasText: '驳回' }).tap();
    const reject = cardEl.locator('form.card-action-form[data-action="reject"]');
    await reject.locator('button[type="submit"]').tap();
    expect(await reject.locator('.field-error').first().isVisible()).toBe(true);
    await reject.locator('textarea').fill(reason);
    const confirm = reject.locator('button[type="submit"]');
    await onScreen(confirm);
    await pageIsSound(p);
    await confirm.tap();

    // the bot's answer in the banner, and the page read again: 已驳回
    await page.locator('#view[data-status="rejected"]').waitFor();
    await waitFor(async () => (await page.locator('#banner .banner-line[data-kind="bot"]').allTextContents()).some((t) => t.includes('已驳回')), 'the bot’s answer in the banner');
    expect(await cardEl.locator('.card-header .pill').textContent()).toBe('已驳回');
    expect(await cardEl.locator('.card-buttons button').count()).toBe(0);
    await pageIsSound(p);

    // 退出登录: the session is gone
    await page.getByRole('button', { name: '退出登录' }).tap();
    await page.locator('#app[data-state="signed-out"]').waitFor();
    expect(await page.evaluate(async () => (await fetch('/app/api/me')).status)).toBe(401);

    // the service says so too
    await waitFor(async () => (await two!.app.database.db.request.findFirstOrThrow({ where: { no: requestNo } })).status === 'rejected', 'the request to be rejected');
    const decision = await two!.app.database.db.decision.findFirstOrThrow({ where: { requestId: stored.id } });
    expect(decision).toMatchObject({ action: 'reject', comment: reason, personId: approver.id, platform: 'web' });

    // 冯磊's page, read again: 已驳回, the reason in its history
    const mine = requesterPhone!.page;
    await mine.goto(`${two!.app.url}/app/#/r/${requestNo}`);
    await shown(mine, 'request');
    await mine.locator('#view[data-status="rejected"]').waitFor();
    expect(await mine.locator('.request-card .card-header .pill').textContent()).toBe('已驳回');
    const rejected = mine.locator('.timeline .event[data-label="驳回"]');
    expect(await rejected.locator('.event-person').textContent()).toBe(approver.name);
    expect(await rejected.locator('.event-comment').textContent()).toBe(reason);
    await onScreen(rejected);
    // the 已驳回 pill, in its red, is in the screenshot
    await mine.evaluate(() => window.scrollTo(0, 0));
    const pill = await onScreen(mine.locator('.request-card .card-header .pill'));
    expect(shareOf(decodePng(await mine.screenshot()), pill, RED_SOFT)).toBeGreaterThan(0.3);
    await pageIsSound(requesterPhone!);
  });

  it('吴刚 (财务) on a desktop finds the rejected request in 查询与报表 and gets the 预算执行情况表 to download', async () => {
    expect(requestNo).toBeGreaterThan(0);
    const p = await phone({ authCode: two!.dingtalk.issueSignInCode(two!.dingtalkUser('wugang')), desktop: true });
    const { page } = p;
    await page.goto(`${two!.app.url}/app/?via=dingtalk`);
    await shown(page, 'home');
    await page.getByRole('button', { name: '查询与报表' }).click();
    await shown(page, 'search');
    await pageIsSound(p);

    // the search: 已驳回 in the unit
    await page.getByLabel('状态').selectOption('rejected');
    await page.locator('.search-form').getByRole('button', { name: '查询' }).click();
    const row = page.locator(`.results-table tr[data-no="${requestNo}"]`);
    await row.waitFor();
    expect(await page.locator('.results-head').textContent()).toBe('查询范围：全单位 · 共 1 笔，合计 3,000.00 元');
    expect(await row.locator('td').allTextContents()).toEqual(expect.arrayContaining([`No.${requestNo}`, '冯磊（城建办）', '用款申请', '3,000.00', '已驳回']));

    // the report: asked for, made by the bot, its workbook offered to download
    await page.locator('.report-form').getByRole('button', { name: '生成报表' }).click();
    const download = page.locator('.report-result a.report-download');
    await download.waitFor();
    expect(await page.locator('.report-result').textContent()).toContain('预算执行情况表-全部-');
    const workbook = await fetch(new URL((await download.getAttribute('href'))!, two!.app.url), {
      headers: { cookie: (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ') },
    });
    expect(workbook.status).toBe(200);
    expect(
      Buffer.from(await workbook.arrayBuffer())
        .subarray(0, 2)
        .toString('latin1'),
    ).toBe('PK');
    await pageIsSound(p);
  });

  it('opened from neither platform, says in Chinese where to open it; DingTalk’s JSAPI is one script that sets window.dd', async () => {
    const p = await phone();
    const { page } = p;
    await page.goto(`${two!.app.url}/app/#/new`);
    await page.locator('#app[data-state="signed-out"]').waitFor();
    expect(await page.locator('#sign-in-title').textContent()).toBe('请从钉钉或企业微信打开工作台');
    expect(await page.locator('.sign-in-text').textContent()).toContain('应用');
    expect(await page.locator('#me').isVisible()).toBe(false);
    await pageIsSound(p);

    // the bundle the page loads inside DingTalk when the container has not given it the JSAPI
    const script = await fetch(`${two!.app.url}/app/vendor/dingtalk.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    // loaded as the page would, from this server, under its Content-Security-Policy
    await page.addScriptTag({ url: '/app/vendor/dingtalk.js' });
    expect(
      await page.evaluate(() => typeof (window as unknown as { dd?: { runtime?: { permission?: { requestAuthCode?: unknown } } } }).dd?.runtime?.permission?.requestAuthCode),
    ).toBe('function');
    expect(p.problems()).toEqual([]);
  });
});

describe('附件 on the workbench’s 新建申请 form', () => {
  it('冯磊 chooses the 发票 his 费用报销 must carry on the form and submits; it is in approval with the 发票 on it, listed on its page', async () => {
    const p = await phone({ userAgent: WECOM_UA });
    const { page } = p;
    two!.wecom.useAs(two!.wecomUser(requester.id));
    two!.wecom.trustedHosts.add(new URL(two!.app.url).host);
    await page.goto(`${two!.app.url}/app/`);
    await shown(page, 'home');
    await page.getByRole('button', { name: '新建申请' }).tap();
    await shown(page, 'new');
    const form = page.locator('form.request-form');
    // no type yet: nothing to attach to
    expect(await form.locator('[data-field="attachments"]').isVisible()).toBe(false);

    await page.getByLabel('申请类型').selectOption('费用报销');
    const invoice = form.locator('[data-field="attachment"][data-kind="发票"]');
    const other = form.locator('[data-field="attachment"][data-kind="其他"]');
    await invoice.waitFor();
    expect(await invoice.locator('.field-label').textContent()).toBe('发票（必附）');
    expect(await other.locator('.field-label').textContent()).toBe('其他附件（选填）');
    // the formats and the server's limit (ATTACHMENT_MAX_MB, 20 by default), in words
    expect(await invoice.locator('.field-hint').textContent()).toContain('每个文件不超过 20 MB');
    const invoiceInput = page.getByLabel('发票（必附）', { exact: true });
    expect(await invoiceInput.getAttribute('type')).toBe('file');
    expect(await invoiceInput.evaluate((el) => (el as HTMLInputElement).required)).toBe(true);
    await onScreen(invoice.locator('.file-pick'));

    await form.locator('label.choice-line', { hasText: '办公费' }).tap();
    await page.getByLabel('金额（元）').fill('600');
    await page.getByLabel('事由').fill('打印纸 10 箱');
    await page.getByLabel('供应商（收款方）').fill('青石商贸');
    // the preview, computed without files: the 发票 is missing
    // (settled: shown, and no change waiting for a newer one)
    const settled = page.locator('.preview-host[data-state="shown"][aria-busy="false"]:not([data-pending])');
    await waitFor(async () => (await settled.locator('.attach-missing').count()) === 1, 'the preview of the 费用报销');
    expect(await settled.locator('.attach-missing').textContent()).toBe('缺：发票');

    // 提交 without the 发票: the page says so, in Chinese, and sends nothing
    const before = await two!.app.database.db.request.count();
    const submit = form.getByRole('button', { name: '提交', exact: true });
    await submit.tap();
    expect(await invoice.locator('.field-error').textContent()).toBe('提交前须附上发票：请点「选择文件」选好文件。');
    expect(await invoiceInput.getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('.send-status').textContent()).toBe('请先按提示修改表单。');
    expect(await invoiceInput.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await two!.app.database.db.request.count()).toBe(before);
    // (the tap took the focus from 供应商, whose change asks for the preview again: axe looks at it settled)
    await settled.waitFor();
    await pageIsSound(p);

    // an empty file is turned away at once
    await invoiceInput.setInputFiles({ name: '空白.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(0) });
    expect(await invoice.locator('.field-error').textContent()).toBe('「空白.pdf」是空文件（0 字节），没有选上。请检查文件后重新选择。');
    expect(await invoice.locator('.file-item').count()).toBe(0);

    // the 发票, listed with its size and 移除; a picture under 其他, taken off again
    const pdf = samplePdf('Invoice 600 yuan');
    await invoiceInput.setInputFiles({ name: 'fapiao.pdf', mimeType: 'application/pdf', buffer: pdf });
    expect(await invoice.locator('.field-error').isVisible()).toBe(false);
    expect(await invoice.locator('.file-item .file-name').allTextContents()).toEqual([`fapiao.pdf（${pdf.length} B）`]);
    expect(await invoiceInput.evaluate((el) => (el as HTMLInputElement).required)).toBe(false);
    await page.getByLabel('其他附件（选填）', { exact: true }).setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: SAMPLE_PNG });
    expect(await other.locator('.file-item .file-name').allTextContents()).toEqual([`photo.png（${SAMPLE_PNG.length} B）`]);
    const remove = other.getByRole('button', { name: '移除 photo.png' });
    await onScreen(remove);
    await remove.tap();
    expect(await other.locator('.file-item').count()).toBe(0);
    expect(await invoice.locator('.file-item').count()).toBe(1);

    // the preview counts the 发票 chosen: nothing missing
    await waitFor(async () => (await settled.locator('.attach-present').allTextContents()).join() === '✓ 发票', 'the preview to count the 发票 chosen');
    expect(await settled.locator('.attach-missing').count()).toBe(0);
    expect(await settled.locator('.card-fields').textContent()).toContain('600.00');
    await pageIsSound(p);

    // 提交: the draft, the 发票 onto it, then 提交; the page opens the request
    await submit.tap();
    await shown(page, 'request');
    const no = Number(/#\/r\/(\d+)$/.exec(page.url())![1]);
    expect(no).toBeGreaterThan(0);
    await page.locator('#view[data-status="in_approval"]').waitFor();
    expect(await two!.app.database.db.request.count()).toBe(before + 1);
    const stored = await two!.app.database.db.request.findFirstOrThrow({ where: { no } });
    expect(stored).toMatchObject({ status: 'in_approval', requesterId: requester.id, type: '费用报销', purpose: '打印纸 10 箱', amount: 60000n });
    const files = await two!.app.database.db.attachment.findMany({ where: { requestId: stored.id } });
    expect(files).toEqual([expect.objectContaining({ kind: '发票', name: 'fapiao.pdf', ext: 'pdf', size: pdf.length, addedById: requester.id, removedRound: null })]);

    // its page: 审批中, the 发票 listed (a link to it), what the page did in the banner
    const cardEl = page.locator('.request-card .card');
    expect(await cardEl.locator('.card-header .pill').textContent()).toBe('审批中');
    const listed = cardEl.locator('.card-attachments .attach-file[data-kind="发票"]');
    expect(await listed.locator('.attach-link').textContent()).toContain('fapiao.pdf');
    expect(await listed.locator('a.attach-link').count()).toBe(1);
    expect(await cardEl.locator('.card-attachments .attach-missing').count()).toBe(0);
    expect(await page.locator('#banner .banner-line[data-kind="ok"]').allTextContents()).toContain(`已生成申请 No.${no}，附上 1 个附件并提交，办理情况见下方卡片。`);
    expect(await page.locator('.timeline .event-label').allTextContents()).toContain('提交');
    await onScreen(listed);
    await pageIsSound(p);
  });
});
