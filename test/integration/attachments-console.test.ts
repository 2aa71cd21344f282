// 附件 through the console, as people upload and tap: a 费用报销 (which must carry a 发票) cannot be
// submitted until one is attached; a PDF uploaded onto its card is checked, stored, audited with its
// SHA-256 and shown as 「✓ 发票」; once submitted the files are locked; the approver opens the file
// through the link on their card, and a link that was changed or drawn for someone who may not see the
// request opens nothing. Every refusal with the words the person reads. The demo organisation with its
// required attachments, and a limit of 10 KB so that "too large" is cheap to send.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Card } from '../../bot/card-model.js';
import { ConsoleClient, hasButton, type ConsoleMessage } from '../helpers/console-client.js';
import { demoOrgText } from '../helpers/demo-org-text.js';
import { queuesIdle } from '../helpers/queues-idle.js';
import { SAMPLE_EXE, SAMPLE_PNG, samplePdf } from '../helpers/sample-files.js';
import { startTestGuanjia, waitFor, type TestGuanjia } from '../helpers/test-guanjia.js';

type CardMessage = ConsoleMessage & { card: Card };

/** ATTACHMENT_MAX_MB=0.01: 10,485 bytes */
const MAX_BYTES = Math.floor(0.01 * 1024 * 1024);

let app: TestGuanjia;
let client: ConsoleClient;

beforeAll(async () => {
  app = await startTestGuanjia({ org: await demoOrgText({ requiredAttachments: true }), env: { ATTACHMENT_MAX_MB: '0.01' } });
  client = new ConsoleClient(app.url);
});

afterAll(() => app?.cleanup());

const db = () => app.database.db;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Uploads onto a request and returns the bot's answer to it. */
async function uploadAndHear(as: string, bytes: Uint8Array, query: { requestId?: string; kind?: string; name?: string }, answer: RegExp): Promise<string> {
  const last = await client.lastId(as);
  const res = await client.upload(as, bytes, query);
  expect(res.status).toBe(202);
  return (await client.waitForText(as, answer, last)).text!;
}

describe('附件 on a 费用报销, through the console', () => {
  // the invoice is exactly as large as allowed: the limit itself is accepted
  const invoice = samplePdf('Invoice 2026-07 No. 00123456', MAX_BYTES);
  const state = {} as { id: string; no: number; draft: CardMessage };

  it('a draft that needs a 发票 says 缺：发票 and offers no 提交; 提交 pressed anyway is refused', async () => {
    const last = await client.lastId('fenglei');
    await client.say('fenglei', '/申请 费用报销 办公费 800 办公用品发票');
    const draft = await waitFor(async () => (await client.messages('fenglei')).find((m): m is CardMessage => m.id > last && !!m.card), 'the draft card');
    const request = await db().request.findUniqueOrThrow({ where: { id: draft.card.requestId } });
    Object.assign(state, { id: request.id, no: request.no, draft });

    expect(draft.card.attachments).toEqual({
      files: [],
      present: [],
      missing: ['发票'],
      missingText: '缺：发票',
      uploadKinds: ['发票', '其他'],
      hint: expect.any(String),
    });
    expect(draft.card.buttons.map((b) => b.action)).not.toContain('submit');

    const before = await client.lastId('fenglei');
    expect((await client.tap('fenglei', draft, 'submit')).status).toBe(202);
    expect((await client.waitForText('fenglei', /须附/, before)).text).toBe('费用报销须附：发票。请发送图片或文件后再提交。');
    expect((await db().request.findUniqueOrThrow({ where: { id: state.id } })).status).toBe('draft');
  });

  it('refuses at once, keeping nothing, a file one byte over the limit, a far bigger one and an empty one', async () => {
    const messages = (await client.messages('fenglei')).length;
    const over = await client.upload('fenglei', samplePdf('one byte too many', MAX_BYTES + 1), { requestId: state.id, kind: '发票', name: 'over.pdf' });
    expect(over).toEqual({
      status: 413,
      body: { error: { code: 'ATTACHMENT_TOO_LARGE', message: '「over.pdf」超过了附件大小上限 10 KB。请压缩或分成几个文件后重新发送。' } },
    });
    const big = await client.upload('fenglei', samplePdf('scan', 200_000), { requestId: state.id, kind: '发票', name: '扫描件.pdf' });
    expect(big).toEqual({
      status: 413,
      body: { error: { code: 'ATTACHMENT_TOO_LARGE', message: '「扫描件.pdf」有 195 KB，超过了附件大小上限 10 KB。请压缩或分成几个文件后重新发送。' } },
    });
    const empty = await client.upload('fenglei', new Uint8Array(0), { requestId: state.id, kind: '发票', name: 'empty.pdf' });
    expect(empty).toEqual({ status: 400, body: { error: { code: 'ATTACHMENT_EMPTY', message: '「empty.pdf」是空的（0 字节），没有附加。请检查文件后重新发送。' } } });
    // someone not in the organisation uploads nothing either
    expect((await client.upload('nobody', invoice, { requestId: state.id, name: 'invoice.pdf' })).status).toBe(403);

    await queuesIdle(app);
    expect(await client.messages('fenglei')).toHaveLength(messages);
    expect(await db().attachment.count()).toBe(0);
  });

  it('refuses a program with the types it may be, and a file from someone else onto the request', async () => {
    expect(await uploadAndHear('fenglei', SAMPLE_EXE, { requestId: state.id, kind: '发票', name: 'setup.exe' }, /不能作为附件/)).toBe(
      '「setup.exe」是 EXE 格式，不能作为附件。可以附加：PDF、OFD、JPG、PNG、Word（DOCX）、Excel（XLSX）。请转换格式后重新发送（手机拍照的发票直接发图片即可）。',
    );
    expect(await uploadAndHear('xujing', invoice, { requestId: state.id, kind: '发票', name: 'invoice.pdf' }, new RegExp(`No\\.${state.no}`))).toBe(
      `只有申请人本人可以操作申请 No.${state.no}。`,
    );
    expect(await db().attachment.count()).toBe(0);
  });

  it('attaches a PDF uploaded as 发票, once though sent twice with one Idempotency-Key: 「✓ 发票」, 提交 offered, its SHA-256 audited', async () => {
    const last = await client.lastId('fenglei');
    const headers = { 'Idempotency-Key': `invoice-${state.no}` };
    const query = { requestId: state.id, kind: '发票', name: 'invoice.pdf' };
    const sent = await Promise.all([client.upload('fenglei', invoice, query, headers), client.upload('fenglei', invoice, query, headers)]);
    expect(sent.map((r) => [r.status, r.body])).toEqual(Array(2).fill([202, { accepted: true, dedupeKey: `console:key-invoice-${state.no}` }]));

    const told = await client.waitForText('fenglei', /已附加到/, last);
    expect(told.text).toBe(`已附加到 No.${state.no}：发票（invoice.pdf，10 KB）\n要件已齐，可以在卡片上点「提交」。`);
    // what the person sent shows in their conversation, as on a chat app
    expect((await client.messages('fenglei')).filter((m) => m.id > last && m.direction === 'in').map((m) => m.text)).toEqual(['📎 invoice.pdf', '📎 invoice.pdf']);

    const card = await client.waitForCard('fenglei', (c) => hasButton('submit')(c), state.id);
    expect(card.card.attachments).toMatchObject({ present: ['✓ 发票'], missing: [], uploadKinds: ['发票', '其他'] });
    expect(card.card.attachments!.missingText).toBeUndefined();
    expect(card.card.attachments!.files).toEqual([
      { seq: 1, kind: '发票', text: 'invoice.pdf（10 KB）', url: expect.stringMatching(new RegExp(`^${app.url}/files/[\\w-]+\\.[\\w-]+$`)), removed: false, removable: true },
    ]);

    await queuesIdle(app);
    const [file, ...more] = await db().attachment.findMany({ where: { requestId: state.id } });
    expect(more).toEqual([]);
    expect(file).toMatchObject({ seq: 1, kind: '发票', name: 'invoice.pdf', mime: 'application/pdf', size: MAX_BYTES, sha256: sha256(invoice), addedById: 'fenglei' });
    const added = await db().auditEvent.findMany({ where: { action: 'attachment.added', subject: `request:${state.id}` } });
    expect(added.map((e) => [e.actorId, e.platform, e.data])).toEqual([
      ['fenglei', 'console', expect.objectContaining({ no: state.no, seq: 1, kind: '发票', name: 'invoice.pdf', size: MAX_BYTES, sha256: sha256(invoice) })],
    ]);
    // the store holds the very bytes, under their hash
    expect(Buffer.from((await app.deps.files.get(sha256(invoice)))!)).toEqual(invoice);
  });

  it('takes a second file off again with 移除 (the card action detach), and it leaves the card', async () => {
    expect(await uploadAndHear('fenglei', SAMPLE_PNG, { requestId: state.id, kind: '其他', name: '现场照片.png' }, /已附加到/)).toBe(
      `已附加到 No.${state.no}：其他（现场照片.png，${SAMPLE_PNG.length} B）\n要件已齐，可以在卡片上点「提交」。`,
    );
    const two = await client.waitForCard('fenglei', (c) => c.attachments?.files.length === 2, state.id);
    expect(two.card.attachments!.files[1]).toMatchObject({ seq: 2, kind: '其他', text: `现场照片.png（${SAMPLE_PNG.length} B）`, removable: true });

    const last = await client.lastId('fenglei');
    expect((await client.tap('fenglei', two, 'detach', { attach: { seq: 2 } })).status).toBe(202);
    expect((await client.waitForText('fenglei', /撤下/, last)).text).toBe(`已从 No.${state.no} 撤下附件 2（现场照片.png）。`);
    // added and taken off before anyone saw it: no longer listed
    const one = await client.waitForCard('fenglei', (c) => c.attachments?.files.length === 1, state.id);
    expect(one.card.attachments!.files.map((f) => f.seq)).toEqual([1]);
    // 移除 without saying which file is refused by the API itself
    expect((await client.tap('fenglei', one, 'detach', { attach: { seq: 0 } })).status).toBe(400);
  });

  it('submits, and then locks the files: a later upload is refused', async () => {
    const mine = await client.waitForCard('fenglei', (c) => hasButton('submit')(c) && c.attachments?.files.length === 1, state.id);
    expect((await client.tap('fenglei', mine, 'submit')).status).toBe(202);
    await client.waitForCard('qianwei', hasButton('approve'), state.id);
    expect((await db().request.findUniqueOrThrow({ where: { id: state.id } })).status).toBe('in_approval');

    expect(await uploadAndHear('fenglei', samplePdf('late'), { requestId: state.id, kind: '其他', name: 'late.pdf' }, /锁定/)).toBe(
      `申请 No.${state.no} 已提交审批，附件已锁定，不能再增减（审批人看到的材料须保持不变）。如需补充材料，请当前审批人退回修改，或撤回（/撤回 ${state.no}）后再附加。`,
    );
    expect(await db().attachment.count({ where: { requestId: state.id, removedRound: null } })).toBe(1);
    // the requester's card no longer offers upload or 移除
    const locked = await client.waitForCard('fenglei', (c) => hasButton('withdraw')(c), state.id);
    expect(locked.card.attachments!.present).toEqual(['✓ 发票']);
    expect(locked.card.attachments!.uploadKinds).toBeUndefined();
    expect(locked.card.attachments!.files.map((f) => f.removable)).toEqual([false]);
  });

  it('the approver opens the file through the link on their card: the same bytes, as a PDF, audited', async () => {
    const card = await client.waitForCard('qianwei', hasButton('approve'), state.id);
    const [file] = card.card.attachments!.files;
    expect(file).toMatchObject({ seq: 1, kind: '发票', text: 'invoice.pdf（10 KB）', removable: false });
    // drawn for him, not the link on the requester's card
    const requesters = await client.waitForCard('fenglei', (c) => !!c.attachments?.files.length, state.id);
    expect(file!.url).not.toBe(requesters.card.attachments!.files[0]!.url);

    const res = await fetch(file!.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`inline; filename*=UTF-8''invoice.pdf`);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(invoice);

    const viewed = await db().auditEvent.findMany({ where: { action: 'attachment.viewed', subject: `request:${state.id}` } });
    expect(viewed.map((e) => [e.actorId, e.data])).toEqual([['qianwei', expect.objectContaining({ seq: 1, kind: '发票', name: 'invoice.pdf', sha256: sha256(invoice) })]]);
  });

  it('a changed link, or one drawn for someone who may not see the request, opens nothing (403)', async () => {
    const card = await client.waitForCard('qianwei', hasButton('approve'), state.id);
    const url = card.card.attachments!.files[0]!.url;
    const [payload, signature] = url.slice(url.lastIndexOf('/') + 1).split('.') as [string, string];
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    const forged = await fetch(`${app.url}/files/${payload}.${flipped}`);
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('这个附件链接无效（可能被改动过）');
    // the payload names the file and the person: naming another person breaks the signature
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as [string, string, number];
    const otherPayload = Buffer.from(JSON.stringify([claims[0], 'zhouting', claims[2]])).toString('base64url');
    expect((await fetch(`${app.url}/files/${otherPayload}.${signature}`)).status).toBe(403);

    // 周婷 (党政办, no role on it): a correctly signed link for her is still refused, and recorded
    const attachment = await db().attachment.findFirstOrThrow({ where: { requestId: state.id, seq: 1 } });
    const hers = await fetch(app.deps.fileLinks.url(attachment.id, 'zhouting'));
    expect(hers.status).toBe(403);
    expect(hers.headers.get('content-type')).toMatch(/^text\/html/);
    const refused = await db().auditEvent.findMany({ where: { action: 'security.refused', subject: `request:${state.id}`, actorId: 'zhouting' } });
    expect(refused.map((e) => e.data)).toEqual([expect.objectContaining({ code: 'ATTACHMENT_NOT_VIEWER', seq: 1 })]);
    expect(await db().auditEvent.count({ where: { action: 'attachment.viewed', actorId: 'zhouting' } })).toBe(0);
  });
});
