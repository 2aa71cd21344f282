// 附件 on the console in headless Chromium, as people use it: the requester of a 费用报销 sees what is
// missing, picks the kind, uploads a PDF through the card's file picker (and drops a picture on the
// card, then takes it off again with 移除), submits, and the approver opens the file from his card in
// a new tab. The demo organisation with its required attachments; a 50 KB limit so that a file over it
// is cheap to send.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchConsoleBrowser, type ConsoleBrowser } from '../helpers/browser.js';
import { demoOrgText } from '../helpers/demo-org-text.js';
import { SAMPLE_PNG, samplePdf } from '../helpers/sample-files.js';
import { startTestGuanjia, type TestGuanjia } from '../helpers/test-guanjia.js';

let app: TestGuanjia | undefined;
let browser: ConsoleBrowser | undefined;

beforeAll(async () => {
  // Chromium first: a missing browser fails the file at once, before a Guanjia is started
  browser = await launchConsoleBrowser();
  app = await startTestGuanjia({ org: await demoOrgText({ requiredAttachments: true }), env: { ATTACHMENT_MAX_MB: '0.05' } });
});

afterAll(async () => {
  await browser?.close();
  await app?.cleanup();
});

const cardOf = (page: Page, requestId: string): Locator => page.locator(`.card[data-request-id="${requestId}"]`).last();
const pillOf = (card: Locator, label: string): Locator => card.locator('.card-header .pill', { hasText: label });
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

/** Drags a file over the card (it lights up), then drops it there. */
async function dropOnCard(card: Locator, name: string, type: string, bytes: Buffer): Promise<void> {
  const drag = (event: 'dragenter' | 'drop') =>
    card.evaluate(
      (el, [event, name, type, data]) => {
        const files = new DataTransfer();
        files.items.add(new File([new Uint8Array(data)], name, { type }));
        el.dispatchEvent(new DragEvent(event, { dataTransfer: files, bubbles: true, cancelable: true }));
      },
      [event, name, type, [...bytes]] as const,
    );
  await drag('dragenter');
  expect(await card.getAttribute('class')).toContain('drop-target');
  await drag('drop');
  expect(await card.getAttribute('class')).not.toContain('drop-target');
}

/** r, g, b of an element's text colour */
const colourOf = async (el: Locator) => (await el.evaluate((e) => getComputedStyle(e).color)).match(/\d+/g)!.map(Number);

describe('附件 in the console', () => {
  it('冯磊 uploads a 发票 on the card of his 费用报销 and submits it; 钱伟 opens the file from his card', async () => {
    const main = await browser!.open(`${app!.url}/#as=fenglei`, { pushOnly: true });
    const { page } = main;
    await page.locator('#conn[data-conn="live"]').waitFor();
    await page.locator('#composer-input').fill('/申请 费用报销 办公费 600 打印纸发票');
    await page.locator('#composer-input').press('Enter');
    const draft = page.locator('.msg-row.from-bot .card', { hasText: '打印纸发票' }).last();
    await pillOf(draft, '待提交').waitFor();
    const requestId = (await draft.getAttribute('data-request-id'))!;
    const card = cardOf(page, requestId);

    // what is missing, in red; no 提交 until it is there
    const section = card.locator('.card-attachments');
    const missing = section.locator('.attach-missing');
    expect(await missing.textContent()).toBe('缺：发票');
    const [r, g, b] = await colourOf(missing);
    expect([r! > 150, g! < 100, b! < 100]).toEqual([true, true, true]);
    expect(await buttonLabels(card)).not.toContain('提交');
    expect(await section.locator('.attach-file').count()).toBe(0);
    // the kinds offered, the missing one chosen first
    const kind = section.locator('select.attach-kind');
    expect(await kind.locator('option').allTextContents()).toEqual(['发票', '其他']);
    expect(await kind.inputValue()).toBe('发票');
    expect(await section.locator('input[type="file"]').getAttribute('accept')).toBe('.pdf,.ofd,.jpg,.jpeg,.png,.docx,.xlsx');

    // a scan over the limit: refused on the card in the bot's words, nothing attached
    await section.locator('input[type="file"]').setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: samplePdf('scan', 60_000) });
    await section.locator('.attach-status.error', { hasText: '「scan.pdf」有 59 KB，超过了附件大小上限 51 KB。请压缩或分成几个文件后重新发送。' }).waitFor();
    expect(await section.locator('.attach-missing').textContent()).toBe('缺：发票');

    // the invoice, chosen in the file picker as 发票
    const invoice = samplePdf('Invoice 2026-07 No. 00123456');
    await kind.selectOption('发票');
    await section.locator('input[type="file"]').setInputFiles({ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: invoice });
    await card.locator('.attach-present', { hasText: '✓ 发票' }).waitFor();
    const uploaded = main.posts('upload').at(-1)!;
    expect(Object.fromEntries(new URL(uploaded.url()).searchParams)).toEqual({ as: 'fenglei', requestId, kind: '发票', name: 'invoice.pdf' });
    const [gr, gg] = await colourOf(card.locator('.attach-present'));
    expect(gg! > gr!).toBe(true);
    expect(await card.locator('.attach-missing').count()).toBe(0);
    const link = card.locator('.attach-file a.attach-link');
    expect(await link.textContent()).toBe(`附件 1 · 发票 · invoice.pdf（${invoice.length} B）`);
    expect([await link.getAttribute('target'), await link.getAttribute('rel')]).toEqual(['_blank', 'noopener noreferrer']);
    await page.locator('.msg-row.mine .bubble-text', { hasText: '📎 invoice.pdf' }).waitFor();
    await page.locator('.msg-row.from-bot .bubble-text', { hasText: /^已附加到 No\.\d+：发票（invoice\.pdf，/ }).waitFor();
    expect(await buttonLabels(card)).toContain('提交');

    // a photo dropped on the card as 其他, then taken off again with 移除
    await card.locator('select.attach-kind').selectOption('其他');
    await dropOnCard(card, '现场照片.png', 'image/png', SAMPLE_PNG);
    const photo = card.locator('.attach-file[data-seq="2"]');
    await photo.waitFor();
    expect(await photo.locator('.attach-link').textContent()).toBe(`附件 2 · 其他 · 现场照片.png（${SAMPLE_PNG.length} B）`);
    await photo.getByRole('button', { name: '移除附件 2' }).click();
    await photo.waitFor({ state: 'detached' });
    expect(main.posts('actions').at(-1)!.postDataJSON()).toMatchObject({ action: 'detach', requestId, attach: { seq: 2 } });
    expect(await card.locator('.attach-file').count()).toBe(1);

    // 提交: in approval, the files locked (no upload, no 移除)
    await card.getByRole('button', { name: '提交', exact: true }).click();
    await pillOf(card, '审批中').waitFor();
    expect(await card.locator('.attach-upload-row').count()).toBe(0);
    expect(await card.locator('.attach-remove').count()).toBe(0);
    expect(await card.locator('.attach-link').textContent()).toBe(`附件 1 · 发票 · invoice.pdf（${invoice.length} B）`);

    // 钱伟, the first approver: the file is on his card and opens in a new tab as the PDF
    await switchTo(page, '钱伟');
    const his = cardOf(page, requestId);
    await his.getByRole('button', { name: '同意', exact: true }).waitFor();
    const hisLink = his.locator('.attach-file a.attach-link');
    const href = (await hisLink.getAttribute('href'))!;
    expect(href).toMatch(new RegExp(`^${app!.url}/files/`));
    const opened = main.page.context().waitForEvent('response', (r) => r.url() === href);
    const [popup] = await Promise.all([page.waitForEvent('popup'), hisLink.click()]);
    const response = await opened;
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    expect(popup.url()).toBe(href);
    await popup.close();
    const again = await page.request.get(href);
    expect([again.status(), Buffer.from(await again.body())]).toEqual([200, invoice]);
    expect(main.errors).toEqual([]);
  });
});
