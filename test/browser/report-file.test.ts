// A report's workbook in the console, in headless Chromium: the bot's file message reaches the open
// page live (Server-Sent Events) and shows 「📎 name（size）」 with 下载, a link to the file signed
// for the reader.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchConsoleBrowser, type ConsoleBrowser } from '../helpers/browser.js';
import { startTestGuanjia, type TestGuanjia } from '../helpers/test-guanjia.js';

let app: TestGuanjia | undefined;
let browser: ConsoleBrowser | undefined;

beforeAll(async () => {
  browser = await launchConsoleBrowser();
  app = await startTestGuanjia({ workers: false });
});

afterAll(async () => {
  await browser?.close();
  await app?.cleanup();
});

describe('a report sent to the console', () => {
  it('shows its name and size with a 下载 link', async () => {
    const { page, errors } = await browser!.open(`${app!.url}/#as=qianwei`, { pushOnly: true });
    await page.locator('#conn[data-conn="live"]').waitFor();
    const name = '预算执行情况表-城建办-2026-11-30.xlsx';
    const url = `${app!.url}/files/report%3Ar1?for=qianwei&sig=fake`;
    await app!.deps.ports.get('console')!.sendFile({ personId: 'qianwei', account: 'qianwei' }, { name, bytes: new Uint8Array(48 * 1024), url });

    const bubble = page.locator('.msg-row.from-bot .bubble-file').last();
    await bubble.waitFor();
    expect(await bubble.locator('.file-text').textContent()).toBe(`📎 ${name}（48 KB）`);
    const link = bubble.locator('a.file-download');
    expect(await link.textContent()).toBe('下载');
    expect(await link.getAttribute('href')).toBe(url);
    expect(await link.getAttribute('download')).toBe(name);
    expect(errors).toEqual([]);
  });
});
