// Every page works under the Content-Security-Policy (bot/web/security-headers.ts): Chromium opens
// the console, the 驾驶舱 with its ECharts tooltips, the workbench with DingTalk's JSAPI loaded, and
// the queue dashboard, and the test fails on any policy violation the browser reports — save the
// dashboard's request for Google's fonts, which the policy refuses on purpose (no internet fonts).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchConsoleBrowser, type ConsoleBrowser } from '../helpers/browser.js';
import { startTestGuanjia, type TestGuanjia } from '../helpers/test-guanjia.js';

let app: TestGuanjia | undefined;
let browser: ConsoleBrowser | undefined;

beforeAll(async () => {
  browser = await launchConsoleBrowser();
  app = await startTestGuanjia();
});
afterAll(async () => {
  await browser?.close();
  await app?.cleanup();
});

interface Watched {
  page: Page;
  /** what the browser refused under the policy: the directive and the blocked address */
  violations: string[];
  errors: string[];
}

async function open(path: string): Promise<Watched> {
  const page = await browser!.context.newPage();
  const violations: string[] = [];
  const errors: string[] = [];
  await page.exposeFunction('__reportViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportViolation: (v: string) => void }).__reportViolation(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  const res = await page.goto(`${app!.url}${path}`);
  expect(res?.headers()['content-security-policy']).toContain("default-src 'self'");
  return { page, violations, errors };
}

describe('the pages under the Content-Security-Policy', () => {
  it('the console: loads, goes live and sends a message', async () => {
    const { page, violations, errors } = await open('/#as=fenglei');
    await page.locator('#app[data-state="ready"]').waitFor({ state: 'attached' });
    await page.locator('#conn[data-conn="live"]').waitFor();
    await page.locator('#composer-input, textarea').first().fill('/预算');
    await page.keyboard.press('Enter');
    await page
      .getByText(/预算余额/)
      .first()
      .waitFor();
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the 驾驶舱: draws its charts and shows a tooltip', async () => {
    const { page, violations, errors } = await open('/dashboard.html#as=wugang');
    await page.locator('#app[data-state="ready"]').waitFor({ state: 'attached' });
    const chart = page.locator('canvas').first();
    await chart.waitFor();
    const box = (await chart.boundingBox())!;
    // ECharts writes its tooltip as HTML: hovering makes it appear
    for (const x of [0.3, 0.5, 0.7]) await page.mouse.move(box.x + box.width * x, box.y + box.height * 0.6);
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('div')).some((d) => d.style.position === 'absolute' && d.style.display !== 'none' && /元|%/.test(d.textContent ?? '')),
    );
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the workbench: its page and DingTalk’s JSAPI bundle', async () => {
    const { page, violations, errors } = await open('/app/');
    await page.locator('#app:not([data-state="loading"])').waitFor({ state: 'attached' });
    await page.addScriptTag({ url: '/app/vendor/dingtalk.js' });
    expect(await page.evaluate(() => typeof (window as unknown as { dd?: { requestAuthCode?: unknown } }).dd?.requestAuthCode)).toBe('function');
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the queue dashboard: lists the queues', async () => {
    const { page, violations, errors } = await open('/console/queues');
    await page.getByText('inbound', { exact: true }).first().waitFor();
    await page.getByText('notify', { exact: true }).first().waitFor();
    expect(violations.filter((v) => !v.includes('fonts.googleapis.com'))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
