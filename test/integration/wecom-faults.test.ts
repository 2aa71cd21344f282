// WeCom misbehaving the ways it does: spent and expired ResponseCodes, tokens lapsing mid-run, HTTP
// 500s, busy and rate-limit answers, recipients it does not know. Messages arrive late but once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WecomApi } from '../../adapters/wecom/wecom-api.js';
import { addDigestLine } from '../../bot/notify/group-digest.js';
import type { FakeCard } from '../helpers/fake-wecom.js';
import { buttonsOf, linkOf, rowOf, statusOf } from '../helpers/fake-wecom-client.js';
import { waitFor } from '../helpers/test-guanjia.js';
import { WECOM, startWecomTestbed, waitForCard, waitForText, type WecomTestbed } from '../helpers/wecom-guanjia.js';

const CHAT_ID = 'wrGjSupervision01';
let bed: WecomTestbed;

beforeAll(async () => {
  bed = await startWecomTestbed({ supervision: CHAT_ID, notInCompany: ['hefang'] });
  bed.wecom.chats.add(CHAT_ID);
});
afterAll(() => bed?.stop());

const U = (personId: string) => bed.userOf(personId);
const hasButton = (text: string) => (c: FakeCard) => buttonsOf(c).some((b) => b.text === text);
const cardsOf = (userId: string, no: number) => [...bed.wecom.cards.values()].filter((c) => c.userId === userId && rowOf(c, '编号') === `No.${no}`);

/** fenglei applies and submits; qianwei's card is returned. */
async function submitted(text: string): Promise<{ no: number; card: FakeCard }> {
  const before = bed.wecom.cards.size;
  expect(await bed.client.say(U('fenglei'), text)).toBe(200);
  const draft = await waitFor(() => [...bed.wecom.cards.values()].slice(before).find((c) => c.userId === U('fenglei') && hasButton('提交')(c)), 'the draft card');
  const no = Number(rowOf(draft, '编号')!.slice(3));
  expect(await bed.client.tap(draft, '提交')).toBe(200);
  return { no, card: await waitFor(() => cardsOf(U('qianwei'), no).find(hasButton('同意')), `qianwei's card No.${no}`) };
}

describe('ResponseCodes', () => {
  it('sends a fresh card when no valid code is left, and a tap on the old card acts on nothing', async () => {
    const { no, card } = await submitted('/申请 办公费 500 文件夹');
    const approve = buttonsOf(card).find((b) => b.text === '同意')!;
    const tap = bed.client.tapEvent(card.userId, card.taskId, approve.key);
    bed.wecom.expireCodes(); // the tap's code too: it lapsed before we used it
    expect(await bed.client.post(tap)).toBe(200);

    // (the submit's own refresh may have found the codes spent first and sent a fresh card of the
    // state before the tap; the tap's refresh then updates that one)
    const fresh = await waitFor(() => cardsOf(U('qianwei'), no).find((c) => c.taskId !== card.taskId && !hasButton('同意')(c)), 'a fresh card for qianwei, after his tap');
    expect(statusOf(fresh)).toContain('审批中');
    expect(cardsOf(U('qianwei'), no).filter((c) => c.taskId !== card.taskId)).toHaveLength(1);
    expect(bed.wecom.callsTo('/cgi-bin/message/update_template_card').some((c) => c.answer.json?.errmsg === 'invalid response_code')).toBe(true);
    // the old card could not be updated: it still offers 同意 for the step already decided
    expect(hasButton('同意')(bed.wecom.cards.get(card.taskId)!)).toBe(true);

    const texts = bed.wecom.texts.length;
    expect(await bed.client.tap(bed.wecom.cards.get(card.taskId)!, '同意')).toBe(200);
    await waitForText(bed.wecom, U('qianwei'), /这个环节已经处理过或已失效/, texts);
    // that tap brought a fresh code: the old card now shows the current state as well
    await waitFor(() => !hasButton('同意')(bed.wecom.cards.get(card.taskId)!), 'the old card brought up to date');
    const { id } = await bed.app.database.db.request.findUniqueOrThrow({ where: { no } });
    expect(await bed.app.database.db.decision.count({ where: { requestId: id } })).toBe(1);
  });

  it('sends a leader’s 转交 to the request’s page (the person is picked there), and reports a recipient WeCom does not know', async () => {
    const { no, card } = await submitted('/申请 办公费 200 墨盒');
    expect(linkOf(card, '转交')).toBe(`${bed.app.deps.fileLinks.base}/app/r/${no}?via=wecom`);

    // 何芳 is in the organisation file, but her WeCom account is not in the company
    expect(await bed.client.say(U('qianwei'), `/转交 ${no} hefang 请何芳处理`)).toBe(200);
    const failures = await waitFor(async () => {
      const rows = await bed.app.database.db.auditEvent.findMany({ where: { action: 'notify.failed', account: U('hefang') } });
      return rows.length >= 2 && rows;
    }, 'the failed deliveries in the audit trail');
    expect(failures[0]!.data).toMatchObject({ errcode: 81013, hint: expect.stringContaining('wecom 账号') });
    // not retried: WeCom will not know her any better next time
    const hers = await waitFor(async () => {
      const failed = await bed.app.deps.queues.queue('notify').getFailed();
      const jobs = failed.filter((j) => JSON.stringify(j.data).includes('hefang'));
      return jobs.length >= 2 && jobs;
    }, 'her failed notification jobs');
    expect(hers.every((j) => j.attemptsMade === 1)).toBe(true);
    expect(bed.wecom.callsTo('/cgi-bin/message/send').filter((c) => c.body?.touser === U('hefang'))).toHaveLength(hers.length);
  });
});

describe('access tokens', () => {
  it('gets a new token when WeCom says the cached one expired mid-run', async () => {
    const first = bed.wecom.texts.length;
    expect(await bed.client.say(U('fenglei'), '/帮助')).toBe(200);
    await waitForText(bed.wecom, U('fenglei'), /管家可以帮您/, first);
    const before = bed.wecom.tokenRequests();
    expect(before).toBeGreaterThan(0);
    bed.wecom.expireTokens();
    const texts = bed.wecom.texts.length;
    expect(await bed.client.say(U('fenglei'), '/待办')).toBe(200);
    await waitForText(bed.wecom, U('fenglei'), /待审批|待办/, texts);
    expect(bed.wecom.tokenRequests()).toBe(before + 1);
    expect(bed.wecom.calls.some((c) => c.answer.json?.errcode === 42001)).toBe(true);
  });

  it('is fetched once for many concurrent callers in several processes', async () => {
    const settings = { ...WECOM, apiBase: bed.wecom.url };
    const prefix = `${bed.app.config.QUEUE_PREFIX}:concurrency`;
    const processes = [1, 2, 3].map(() => new WecomApi(settings, bed.app.deps.redis, prefix));
    const before = bed.wecom.tokenRequests();
    const sent = bed.wecom.texts.length;
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        processes[i % 3]!.post('/cgi-bin/message/send', { touser: U('wugang'), agentid: WECOM.agentId, msgtype: 'text', text: { content: `并发 ${i}` } }),
      ),
    );
    expect(bed.wecom.tokenRequests()).toBe(before + 1);
    expect(bed.wecom.texts.slice(sent).filter((t) => t.content.startsWith('并发'))).toHaveLength(12);
  });
});

describe('WeCom failing for a while', () => {
  it('delivers every message later and none twice after 500, busy and rate-limit answers', async () => {
    bed.wecom.failNext(2, 'http500');
    bed.wecom.failNext(2, 45009);
    bed.wecom.failNext(1, -1);
    const { no } = await submitted('/申请 办公费 150 便签纸');
    expect(bed.wecom.pendingFailures()).toBe(0);
    const statuses = bed.wecom.calls.map((c) => (c.answer.status === 500 ? 'http500' : c.answer.json?.errcode));
    expect(statuses.filter((s) => s === 'http500')).toHaveLength(2);
    expect(statuses.filter((s) => s === 45009)).toHaveLength(2);
    await waitForCard(bed.wecom, U('fenglei'), no, (c) => statusOf(c).includes('审批中'));
    expect(cardsOf(U('fenglei'), no)).toHaveLength(1);
    expect(cardsOf(U('qianwei'), no)).toHaveLength(1);
  });
});

describe('group digests', () => {
  it('reach an app group chat, split under 2048 bytes with every line kept', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => `【红灯】No.${900 + i} 冯磊 的用款申请「部门负责人审核」已超时，办理人：钱伟`);
    // all at once, so they fall in one digest window however slow the machine is
    await Promise.all(lines.map((line, i) => addDigestLine(bed.app.deps, 'wecom', line, `faults-${i}`)));
    await waitFor(() => lines.every((l) => bed.wecom.groupTexts.some((g) => g.content.includes(l))), 'every digest line in the group');
    const sent = bed.wecom.groupTexts.filter((g) => g.target === CHAT_ID && g.via === 'appchat');
    expect(sent[0]!.content).toMatch(/^【监督提醒】\d+ 条/);
    // more lines than 2048 bytes hold: the digest went out in parts (the fake refuses longer texts)
    expect(sent.some((g) => !g.content.startsWith('【监督提醒】'))).toBe(true);
    for (const l of lines) expect(sent.filter((g) => g.content.includes(l))).toHaveLength(1);
  });
});
