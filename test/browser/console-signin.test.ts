// The console page outside its development mode, in headless Chromium: with WeCom able to sign people
// in, a browser without a session is shown the way to sign in and no person picker; signed in through
// the workbench (WeCom's OAuth redirect back, with the state the entry bound to the browser), the page is the
// signed-in person's only — no picker, a link naming someone else changes nothing — and what they type
// and tap goes through with the session's CSRF token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_ACCESS_TEXT } from '../../bot/replies/console-words.js';
import { launchConsoleBrowser, type ConsoleBrowser } from '../helpers/browser.js';
import { FakeWecom } from '../helpers/fake-wecom.js';
import { startTestGuanjia, testConfig, type TestGuanjia } from '../helpers/test-guanjia.js';
import { WECOM } from '../helpers/wecom-guanjia.js';

let app: TestGuanjia | undefined;
let wecom: FakeWecom | undefined;
let browser: ConsoleBrowser | undefined;

beforeAll(async () => {
  // Chromium first: a missing browser fails the file at once, before a Guanjia is started
  browser = await launchConsoleBrowser();
  wecom = await new FakeWecom(WECOM).start();
  for (const user of ['WangJianGuo', 'LiJun', 'ChenZhiQiang', 'LiuXiaoYan', 'WuGang', 'ZhengJia']) wecom.users.add(user);
  const config = await testConfig({
    env: {
      CONSOLE_PERSONAS: '',
      WECOM_CORP_ID: WECOM.corpId,
      WECOM_AGENT_ID: String(WECOM.agentId),
      WECOM_SECRET: WECOM.secret,
      WECOM_TOKEN: WECOM.token,
      WECOM_ENCODING_AES_KEY: WECOM.encodingAesKey,
      WECOM_API_BASE: wecom.url,
    },
  });
  app = await startTestGuanjia({ reuse: config });
});

afterAll(async () => {
  await browser?.close();
  await app?.cleanup();
  await wecom?.stop();
});

describe('the console page with a workbench sign-in', () => {
  it('without a session: the sign-in prompt with its link to the workbench, and no person picker', async () => {
    const page = await browser!.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${app!.url}/#as=lijun`);
    const prompt = page.locator('#signin');
    await prompt.waitFor({ state: 'visible' });
    expect(await page.locator('#signin-text').textContent()).toBe(CONSOLE_ACCESS_TEXT.NOT_SIGNED_IN);
    const link = page.getByRole('link', { name: '打开工作台登录' });
    expect(await link.getAttribute('href')).toBe('/app/');
    expect(await page.locator('#people, #people-search, #people-list').count()).toBe(0);
    expect(await page.locator('#app').getAttribute('data-state')).toBe('signin');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('signed in through WeCom: the page is the person’s own, no picker, and typing and tapping go through with the CSRF token', async () => {
    // the workbench's WeCom entry hands out the OAuth state bound to this browser by a cookie; WeCom's
    // authorize page (not reachable here) would send the browser back with it and a code for 郑佳
    const start = await fetch(`${app!.url}/app/auth/wecom/start`, { redirect: 'manual' });
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    await browser!.context.addCookies(
      start.headers.getSetCookie().map((c) => {
        const [name, value] = c.split(';')[0]!.split('=') as [string, string];
        return { name, value, url: `${app!.url}/app/auth/` };
      }),
    );
    const signing = await browser!.context.newPage();
    await signing.goto(`${app!.url}/app/auth/wecom?${new URLSearchParams({ code: wecom!.issueSignInCode('ZhengJia'), state })}`);
    expect(new URL(signing.url()).pathname).toBe('/app/');
    await signing.close();

    // a link naming someone else is not obeyed
    const main = await browser!.open(`${app!.url}/#as=lijun`);
    const { page } = main;
    await page.locator('#me-card .me-name', { hasText: '郑佳' }).waitFor();
    expect(await page.locator('#me-card .me-signed-in').textContent()).toBe('已通过工作台登录');
    expect(await page.locator('#people, #people-search, #people-list').count()).toBe(0);
    await page.locator('#conn[data-conn="live"]').waitFor();
    expect(new URLSearchParams(new URL(page.url()).hash.slice(1)).get('as')).toBe('zhengjia');
    // a hand-edited link does not switch the person either
    await page.evaluate(() => (location.hash = '#as=wugang'));
    await page.waitForFunction(() => location.hash === '#as=zhengjia');
    expect(await page.locator('#me-card .me-name').textContent()).toBe('郑佳');

    const input = page.locator('#composer-input');
    await input.fill('/申请 办公费 1200 购买打印纸');
    await input.press('Enter');
    const draft = page.locator('.msg-row.from-bot .card', { hasText: '购买打印纸' }).last();
    await draft.getByRole('button', { name: '提交', exact: true }).waitFor();
    await draft.getByRole('button', { name: '提交', exact: true }).click();
    const submitted = page.locator('.msg-row.from-bot .card', { hasText: '购买打印纸' }).last().locator('.card-header .pill', { hasText: '审批中' });
    await submitted.waitFor();

    const posts = [...main.posts('messages'), ...main.posts('actions')];
    expect(posts.length).toBeGreaterThanOrEqual(2);
    for (const post of posts) expect(await post.headerValue('x-csrf-token')).toBeTruthy();
    expect(main.errors).toEqual([]);
  });
});
