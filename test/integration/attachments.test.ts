// 附件 through the service API on real PostgreSQL, with the demo organisation's required kinds: a file
// goes to the sender's only open request, is checked by its content, stored under its SHA-256 and
// audited; a missing required kind blocks submit; files freeze on submit and may be replaced after
// 退回 with the earlier round's still listed; several open requests hold the file until /附件 says
// where; only the requester attaches; opening is for those who may see the request, and audited;
// audit:verify names a stored file that changed or went missing.
import { createHash } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError, type ErrorCode } from '../../workflows/domain/errors.js';
import type { Actor, WorkflowService } from '../../workflows/service/workflow-service.js';
import { refusalText } from '../../bot/replies/error-text.js';
import { renderRequestCard } from '../../bot/cards/render-request-card.js';
import { demoOrgText } from '../helpers/demo-org-text.js';
import { runScript } from '../helpers/run-script.js';
import { startTestGuanjia, type TestGuanjia } from '../helpers/test-guanjia.js';

let t: TestGuanjia;
let service: WorkflowService;
beforeAll(async () => {
  t = await startTestGuanjia({ org: await demoOrgText({ requiredAttachments: true }), workers: false });
  service = t.deps.service;
});
afterAll(() => t?.cleanup());

const actor = (personId: string): Actor => ({ personId, platform: 'console', account: personId, replyTo: { platform: 'console', account: personId, personId } });
const db = () => t.database.db;

/** a small PDF that readers open and file-type recognises, different for each `text` */
const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
const png = () =>
  Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde]);
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function refused(promise: Promise<unknown>, code: ErrorCode): Promise<Record<string, unknown>> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isAppError(error) && error.code, `expected ${code}`).toBe(code);
  return isAppError(error) ? error.details : {};
}

async function closeOpenDrafts(personId: string) {
  for (const r of await db().request.findMany({ where: { requesterId: personId, status: { in: ['draft', 'returned'] } } })) await service.requests.withdraw(actor(personId), r.id);
}

async function approveAll(requestId: string): Promise<void> {
  for (;;) {
    const request = await db().request.findUniqueOrThrow({ where: { id: requestId } });
    if (request.status !== 'in_approval') return;
    const step = await db().step.findFirstOrThrow({ where: { requestId, round: request.round, state: 'active' } });
    const who = step.assignees.find((a) => !step.approvedBy.includes(a))!;
    await service.requests.decide(actor(who), {
      requestId,
      stepId: step.id,
      action: 'approve',
      comment: '',
      meeting: step.collective ? { date: '2026-11-20', minutesNo: '2026-12' } : undefined,
    });
  }
}

describe('a 费用报销 and its 发票', () => {
  it('cannot be submitted without the 发票; the file sent goes to the only open request, checked, stored and audited', async () => {
    await closeOpenDrafts('fenglei');
    const { id, no } = await service.requests.draft(actor('fenglei'), { type: '费用报销', subject: '办公费', amount: 30_000n, purpose: '打印纸' });
    const blocked = await refused(service.requests.submit(actor('fenglei'), id), 'ATTACHMENTS_MISSING');
    expect(refusalText('ATTACHMENTS_MISSING', blocked)).toBe('费用报销须附：发票。请发送图片或文件后再提交。');
    const before = renderRequestCard((await service.requests.view(id))!, 'fenglei', new Date(), 'Asia/Shanghai');
    expect(before.attachments?.missingText).toBe('缺：发票');
    expect(before.buttons.map((b) => b.action)).not.toContain('submit');

    // named by its content: an executable called invoice.pdf is refused, with what is allowed
    const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0]);
    const typeRefusal = await refused(service.attachments.receive(actor('fenglei'), { name: 'invoice.pdf', bytes: exe }), 'ATTACHMENT_TYPE');
    expect(refusalText('ATTACHMENT_TYPE', typeRefusal)).toContain('PDF、OFD、JPG、PNG、Word（DOCX）、Excel（XLSX）');
    await refused(service.attachments.receive(actor('fenglei'), { name: 'empty.pdf', bytes: new Uint8Array() }), 'ATTACHMENT_EMPTY');

    const bytes = pdf('发票 No.1');
    const received = await service.attachments.receive(actor('fenglei'), { name: 'invoice.pdf', bytes });
    expect(received).toMatchObject({ state: 'attached', no, seq: 1, kind: '发票', name: 'invoice.pdf', size: bytes.byteLength });
    const added = await db().auditEvent.findFirstOrThrow({ where: { action: 'attachment.added', subject: `request:${id}` } });
    expect(added.data).toMatchObject({ no, seq: 1, kind: '发票', sha256: sha(bytes), mime: 'application/pdf' });
    expect(sha((await t.deps.files.get(sha(bytes)))!)).toBe(sha(bytes));
    const answer = await db().outbox.findFirst({ where: { kind: 'reply' }, orderBy: { id: 'desc' } });
    expect(answer?.payload).toMatchObject({ notice: { kind: 'attachment.added', no, missing: [] } });

    const after = renderRequestCard((await service.requests.view(id))!, 'fenglei', new Date(), 'Asia/Shanghai', t.deps.fileLinks);
    expect(after.attachments).toMatchObject({ present: ['✓ 发票'], missing: [], files: [{ seq: 1, kind: '发票', removable: true }] });
    expect(after.attachments?.files[0]?.url).toMatch(/\/files\/[\w-]+\.[\w-]+$/);
    expect(after.buttons.map((b) => b.action)).toContain('submit');

    await service.requests.submit(actor('fenglei'), id);
    // frozen once submitted
    await refused(service.attachments.receive(actor('fenglei'), { name: 'more.pdf', bytes: pdf('more'), requestId: id }), 'ATTACHMENT_FROZEN');
    await refused(service.attachments.remove(actor('fenglei'), id, 1), 'ATTACHMENT_FROZEN');
  });

  it('after 退回 the requester replaces the file; the earlier round’s stays listed, taken off', async () => {
    await closeOpenDrafts('fenglei');
    const { id } = await service.requests.draft(actor('fenglei'), { type: '费用报销', subject: '办公费', amount: 20_000n, purpose: '差旅' });
    await service.attachments.receive(actor('fenglei'), { name: 'wrong.png', bytes: png(), kind: '发票', requestId: id });
    await service.requests.submit(actor('fenglei'), id);
    const step = await db().step.findFirstOrThrow({ where: { requestId: id, state: 'active' } });
    await service.requests.decide(actor(step.assignees[0]!), { requestId: id, stepId: step.id, action: 'return', comment: '发票不清晰，请重拍' });

    await service.attachments.remove(actor('fenglei'), id, 1);
    const missing = await refused(service.requests.submit(actor('fenglei'), id), 'ATTACHMENTS_MISSING');
    expect(missing.missing).toEqual(['发票']);
    await service.attachments.receive(actor('fenglei'), { name: 'clear.pdf', bytes: pdf('clear') });
    const view = (await service.requests.view(id))!;
    expect(view.attachments.map((a) => [a.seq, a.round, a.removedRound])).toEqual([
      [1, 1, 2],
      [2, 2, null],
    ]);
    const card = renderRequestCard(view, 'fenglei', new Date(), 'Asia/Shanghai');
    expect(card.attachments?.files.map((f) => [f.seq, f.note ?? '', f.removed])).toEqual([
      [1, '第 1 轮 · 已撤下', true],
      [2, '', false],
    ]);
    await service.requests.submit(actor('fenglei'), id);
    expect((await db().request.findUniqueOrThrow({ where: { id } })).round).toBe(2);
  });
});

describe('which request a file goes to', () => {
  it('holds a file while several are open, and /附件 places it; /附件 first makes the next file go there', async () => {
    await closeOpenDrafts('fenglei');
    const a = await service.requests.draft(actor('fenglei'), { type: '费用报销', subject: '办公费', amount: 1_000n, purpose: 'A' });
    const b = await service.requests.draft(actor('fenglei'), { type: '采购申请', subject: '专用材料费', amount: 2_000n, purpose: 'B' });
    const held = await service.attachments.receive(actor('fenglei'), { name: 'quote.pdf', bytes: pdf('询价') });
    expect(held.state).toBe('held');
    if (held.state !== 'held') return;
    expect(held.choices.map((c) => [c.no, c.kinds])).toEqual([
      [a.no, ['发票', '其他']],
      [b.no, ['采购需求', '询价记录', '其他']],
    ]);
    await refused(service.attachments.direct(actor('fenglei'), b.id, '发票'), 'ATTACHMENT_KIND');
    expect(await service.attachments.direct(actor('fenglei'), b.id, '询价记录')).toMatchObject({ state: 'attached', no: b.no, kind: '询价记录' });
    expect(await db().heldFile.count({ where: { personId: 'fenglei' } })).toBe(0);

    expect(await service.attachments.direct(actor('fenglei'), b.id, '采购需求')).toEqual({ state: 'expecting', no: b.no, kind: '采购需求' });
    expect(await service.attachments.receive(actor('fenglei'), { name: 'need.pdf', bytes: pdf('需求') })).toMatchObject({ state: 'attached', no: b.no, kind: '采购需求' });
    // the intent is used once: the next file is held again
    expect((await service.attachments.receive(actor('fenglei'), { name: 'x.pdf', bytes: pdf('x') })).state).toBe('held');
  });

  it('refuses a file with nowhere to go, and one onto someone else’s request', async () => {
    await closeOpenDrafts('fenglei');
    await closeOpenDrafts('qianwei');
    await refused(service.attachments.receive(actor('qianwei'), { name: 'a.pdf', bytes: pdf('a') }), 'ATTACHMENT_NO_TARGET');
    const { id } = await service.requests.draft(actor('fenglei'), { type: '费用报销', subject: '办公费', amount: 1_000n, purpose: 'C' });
    await refused(service.attachments.receive(actor('qianwei'), { name: 'a.pdf', bytes: pdf('a'), requestId: id }), 'NOT_REQUESTER');
    await refused(service.attachments.direct(actor('qianwei'), id, '发票'), 'NOT_REQUESTER');
  });
});

describe('opening and verifying', () => {
  it('opens for the requester, an approver and oversight, refuses others, and audits each open', async () => {
    await closeOpenDrafts('fenglei');
    const { id } = await service.requests.draft(actor('fenglei'), { type: '费用报销', subject: '办公费', amount: 5_000n, purpose: 'D' });
    const bytes = pdf('open me');
    await service.attachments.receive(actor('fenglei'), { name: '发票.pdf', bytes });
    await service.requests.submit(actor('fenglei'), id);
    const file = await db().attachment.findFirstOrThrow({ where: { requestId: id } });
    const approver = (await db().step.findFirstOrThrow({ where: { requestId: id, state: 'active' } })).assignees[0]!;
    for (const who of ['fenglei', approver, 'zhaoguoping']) {
      const opened = await service.attachments.open(who, file.id);
      expect(sha(opened.bytes)).toBe(sha(bytes));
      expect(opened).toMatchObject({ name: '发票.pdf', mime: 'application/pdf' });
    }
    await refused(service.attachments.open('zhouting', file.id), 'NOT_REQUESTER');
    const viewed = await db().auditEvent.findMany({ where: { action: 'attachment.viewed', subject: `request:${id}` } });
    expect(viewed.map((v) => v.actorId).sort()).toEqual(['fenglei', approver, 'zhaoguoping'].sort());
    expect(await db().auditEvent.count({ where: { action: 'security.refused', actorId: 'zhouting', subject: `request:${id}` } })).toBe(1);
    await approveAll(id);
  });

  it('audit:verify names a stored file that changed or went missing', async () => {
    expect((await service.attachments.verify()).problems).toEqual([]);
    const [changed, gone] = await db().attachment.findMany({ orderBy: { addedAt: 'asc' }, take: 2, include: { request: true } });
    const pathOf = (sha256: string) => join(t.config.dataDir, 'files', sha256.slice(0, 2), sha256);
    const originals = await Promise.all([changed!, gone!].map(async (a) => ({ path: pathOf(a.sha256), bytes: (await t.deps.files.get(a.sha256))! })));
    await writeFile(pathOf(changed!.sha256), 'tampered');
    await rm(pathOf(gone!.sha256));
    const problems = (await service.attachments.verify()).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ no: changed!.request.no, seq: changed!.seq, problem: 'changed' }),
        expect.objectContaining({ no: gone!.request.no, seq: gone!.seq, problem: 'missing' }),
      ]),
    );

    // embedded PGlite allows one process at a time: stop the app before the CLI opens its data
    await t.stop();
    const report = await runScript(t.config, 'audit:verify');
    expect(report.code).toBe(1);
    expect(report.stderr).toContain(`No.${changed!.request.no} 附件 ${changed!.seq}「${changed!.name}」— 内容与审计记录的 SHA-256 不一致`);
    expect(report.stderr).toContain(`No.${gone!.request.no} 附件 ${gone!.seq}「${gone!.name}」— 存储中找不到这个文件`);

    for (const original of originals) await writeFile(original.path, original.bytes);
    const clean = await runScript(t.config, 'audit:verify');
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/附件完整：共 \d+ 个/);
  });
});
