// What the bot sends Slack, through a whole Guanjia (real PostgreSQL, Redis and queue) against the
// local fake Slack over real HTTP: cards posted into a member's DM and updated in place, a fresh card
// when Slack no longer has the old one, digests into the supervision channel, a report's workbook
// uploaded with files.uploadV2, and Slack's 429 with Retry-After honoured by the queue — the job waits
// and the message arrives once, with no burst of retries. Then the port alone for files members send.
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackPort, slackClientOptions } from '../../adapters/slack/slack-port.js';
import { addDigestLine } from '../../bot/notify/group-digest.js';
import type { FakeSlackMessage } from '../helpers/fake-slack.js';
import { SLACK, startSlackTestbed, waitForDm, type SlackTestbed } from '../helpers/slack-guanjia.js';
import { waitFor } from '../helpers/test-guanjia.js';

let bed: SlackTestbed;

beforeAll(async () => {
  bed = await startSlackTestbed();
});
afterAll(() => bed?.stop());

const U = (personId: string) => bed.userOf(personId);

interface Element {
  type?: string;
  action_id?: string;
  value?: string;
  url?: string;
  text?: { text?: string };
}

/** every text on a message: its blocks' headers, sections, fields and contexts, or its text */
function words(m: FakeSlackMessage): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'text' && typeof x === 'string') out.push(x);
        else walk(x);
      }
    }
  };
  walk(m.blocks ?? []);
  return out.length > 0 ? out.join('\n') : (m.text ?? '');
}

const buttons = (m: FakeSlackMessage): Element[] =>
  ((m.blocks ?? []) as { type?: string; elements?: Element[] }[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
const hasTap = (label: string) => (m: FakeSlackMessage) => buttons(m).some((b) => b.text?.text === label && b.action_id?.startsWith('gj:'));
const noOf = (m: FakeSlackMessage): number | undefined => {
  const match = /\*编号\*\nNo\.(\d+)/.exec(words(m));
  return match ? Number(match[1]) : undefined;
};
const cardsOf = (personId: string, no: number) => bed.slack.dmMessages(U(personId)).filter((m) => noOf(m) === no);

/** a member writes in the app's DM */
async function say(personId: string, text: string): Promise<void> {
  const user = U(personId);
  const answer = await bed.sender.event({ type: 'message', channel_type: 'im', channel: bed.slack.dmOf(user), user, text, ts: (Date.now() / 1000).toFixed(6) });
  expect(answer.status).toBe(200);
}

/** a member taps a card's button (one that needs no modal) */
async function tap(personId: string, m: FakeSlackMessage, label: string): Promise<void> {
  const button = buttons(m).find((b) => b.text?.text === label);
  if (!button?.action_id) throw new Error(`no button ${label}`);
  const answer = await bed.sender.buttonTap({ user: U(personId), actionId: button.action_id, value: button.value, channel: m.channel, ts: m.ts });
  expect(answer.status).toBe(200);
}

/** fenglei's 办公费 request, as its draft card */
async function draft(purpose: string): Promise<{ card: FakeSlackMessage; no: number }> {
  const before = bed.slack.dmMessages(U('fenglei')).length;
  await say('fenglei', `申请 办公费 1200 ${purpose}`);
  const card = await waitForDm(bed.slack, U('fenglei'), hasTap('提交'), before, 'the draft card');
  return { card, no: noOf(card)! };
}

describe('cards in a member’s DM', () => {
  it('posts the card to the member’s id, lands in their DM, and updates that message in place', async () => {
    const { card, no } = await draft('购买打印纸');
    expect(card.channel).toBe(bed.slack.dmOf(U('fenglei')));
    expect(card.text).toBe('【待提交】用款申请 · 1,200.00 元');
    // chat.postMessage named the member, Slack answered with the DM
    expect(bed.slack.callsTo('chat.postMessage').some((c) => c.body.channel === U('fenglei') && c.answer.json?.ts === card.ts)).toBe(true);

    await tap('fenglei', card, '提交');
    const updated = await waitFor(() => {
      const m = bed.slack.message(card.channel, card.ts);
      return m && words(m).includes('状态：审批中') && hasTap('撤回')(m) && m;
    }, 'the draft card turned 审批中 in place');
    expect(updated.history.length).toBeGreaterThanOrEqual(2);
    expect(updated.text).toBe('【审批中】用款申请 · 1,200.00 元');
    expect(cardsOf('fenglei', no)).toHaveLength(1);
    expect(bed.slack.callsTo('chat.update').some((c) => c.body.channel === card.channel && c.body.ts === card.ts && c.answer.json?.ok === true)).toBe(true);

    // 钱伟's card: his decisions, the light in emoji and words, the page on the workbench
    const head = await waitForDm(bed.slack, U('qianwei'), (m) => noOf(m) === no && hasTap('同意')(m), 0, '钱伟’s card');
    expect(words(head)).toMatch(/🟢 绿灯：正常|🟡 黄灯：即将超时/);
    expect(buttons(head).find((b) => b.action_id === 'open_workbench')?.url).toBe(`${bed.app.deps.fileLinks.base}/app/r/${no}?via=slack`);
    expect(buttons(head).find((b) => b.text?.text === '驳回')).toMatchObject({ style: 'danger' });
  });

  it('sends a fresh card when Slack no longer has the old one (message_not_found), then updates the fresh one', async () => {
    const { card, no } = await draft('购买硒鼓');
    await tap('fenglei', card, '提交');
    await waitForDm(bed.slack, U('qianwei'), (m) => noOf(m) === no && hasTap('同意')(m), 0, '钱伟’s card');
    await waitFor(() => hasTap('撤回')(bed.slack.message(card.channel, card.ts)!), 'the draft card turned 审批中');
    // the member deleted the card in Slack
    bed.slack.deleteMessage(card.channel, card.ts);

    await say('qianwei', `同意 ${no}`);
    const fresh = await waitFor(() => cardsOf('fenglei', no).find((m) => m.ts !== card.ts), 'a fresh card for 冯磊');
    expect(bed.slack.callsTo('chat.update').some((c) => c.body.ts === card.ts && c.answer.json?.error === 'message_not_found')).toBe(true);
    expect(words(fresh)).toContain('已同意');

    // the next change updates the fresh card, and no third one is sent
    const updates = fresh.history.length;
    await waitForDm(bed.slack, U('liuxiaoyan'), (m) => noOf(m) === no && hasTap('同意')(m), 0, '刘晓燕’s card');
    await say('liuxiaoyan', `同意 ${no}`);
    await waitFor(() => fresh.history.length > updates && (words(fresh).match(/已同意/g)?.length ?? 0) >= 2, 'the fresh card updated in place');
    expect(cardsOf('fenglei', no)).toHaveLength(1);
  });
});

describe('the supervision channel', () => {
  it('gets a digest of the lines gathered in a window, as one message', async () => {
    const before = bed.slack.messagesIn(SLACK.supervision).length;
    await addDigestLine(bed.app.deps, 'slack', '【多次补正】No.901 用款申请 已退回 2 次', 'test-digest-1');
    await addDigestLine(bed.app.deps, 'slack', '【超时】No.902 <报销> & 发票', 'test-digest-2');
    const digest = await waitFor(() => bed.slack.messagesIn(SLACK.supervision)[before], 'the digest');
    expect(digest.text).toBe('【监督提醒】2 条');
    expect(words(digest)).toContain('• 【多次补正】No.901 用款申请 已退回 2 次');
    expect(words(digest)).toContain('• 【超时】No.902 &lt;报销&gt; &amp; 发票');
  });
});

describe('Slack’s rate limit (429 with Retry-After)', () => {
  it('puts the digest back for Retry-After: it arrives once after the limit lifts, with no burst of retries', async () => {
    const channel = SLACK.supervision;
    const posts = () => bed.slack.callsTo('chat.postMessage').filter((c) => c.body.channel === channel);
    const before = { posts: posts().length, messages: bed.slack.messagesIn(channel).length };
    // long enough that a retry on BullMQ's own backoff (1 s, then 2 s) would land inside it
    bed.slack.rateLimit(5, { method: 'chat.postMessage', channel });
    await addDigestLine(bed.app.deps, 'slack', '【限流】No.903 用款申请', 'test-digest-limited');

    const refused = await waitFor(
      () =>
        posts()
          .slice(before.posts)
          .find((c) => c.answer.status === 429),
      'the refused post',
    );
    expect(refused.answer.retryAfter).toBeGreaterThanOrEqual(4);
    const delivered = await waitFor(
      () =>
        bed.slack
          .messagesIn(channel)
          .slice(before.messages)
          .find((m) => words(m).includes('No.903')),
      'the digest after the limit',
    );
    const attempts = posts().slice(before.posts);
    // Slack posted nothing while it refused: the message is there once
    expect(bed.slack.messagesIn(channel).filter((m) => words(m).includes('No.903'))).toHaveLength(1);
    expect(delivered.text).toBe('【监督提醒】1 条');
    // one refusal, then the post after Retry-After: no retry loop in between
    expect(attempts.map((c) => c.answer.status)).toEqual([429, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(4_000);
  });

  it('holds a card to a rate-limited DM until Slack takes it, and sends it once', async () => {
    const dm = bed.slack.dmOf(U('fenglei'));
    const posts = () => bed.slack.callsTo('chat.postMessage').filter((c) => c.body.channel === U('fenglei'));
    const before = posts().length;
    const messages = bed.slack.dmMessages(U('fenglei')).length;
    bed.slack.rateLimit(3, { channel: dm });
    await say('fenglei', '申请 办公费 300 购买订书钉');
    const card = await waitForDm(bed.slack, U('fenglei'), hasTap('提交'), messages, 'the draft card after the limit');
    const no = noOf(card)!;
    expect(cardsOf('fenglei', no)).toHaveLength(1);
    const attempts = posts().slice(before);
    expect(attempts.some((c) => c.answer.status === 429)).toBe(true);
    // each message refused once at most, then sent after Retry-After: no retry loop
    const sent = attempts.filter((c) => c.answer.status === 200).length;
    expect(sent).toBe(bed.slack.dmMessages(U('fenglei')).length - messages);
    expect(attempts.filter((c) => c.answer.status === 429).length).toBeLessThanOrEqual(sent);
  });
});

describe('files', () => {
  it('uploads a report’s workbook into the member’s DM (files.uploadV2)', async () => {
    await say('wugang', '报表 预算执行 全部');
    const file = await waitFor(() => [...bed.slack.files.values()].find((f) => f.complete && /^预算执行情况表-全部-\d{4}-\d{2}-\d{2}\.xlsx$/.test(f.name)), 'the workbook');
    expect(file.channels).toEqual([bed.slack.dmOf(U('wugang'))]);
    expect(file.bytes!.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(bed.slack.callsTo('files.getUploadURLExternal').at(-1)?.body).toMatchObject({ filename: file.name, length: String(file.bytes!.length) });
    expect(bed.slack.dmMessages(U('wugang')).some((m) => m.files?.includes(file.id))).toBe(true);
  });

  it('fetches a file a member sent with the bot token, never more than the cap', async () => {
    const port = new SlackPort(new webApi.WebClient(SLACK.botToken, slackClientOptions(bed.slack.apiUrl)), bed.app.deps.log);
    const bytes = Buffer.from('%PDF-1.7 '.repeat(4000));
    const id = bed.slack.addFile(bytes, '发票.pdf', { mimetype: 'application/pdf' });
    const fetched = await port.fetchFile(id, 1024 * 1024);
    expect(fetched).toMatchObject({ name: '发票.pdf' });
    expect(Buffer.from((fetched as { bytes: Uint8Array }).bytes).equals(bytes)).toBe(true);

    const downloads = () => bed.slack.callsTo('/files-pri').length;
    const seen = downloads();
    // files.info already says it is too big: not downloaded at all
    expect(await port.fetchFile(id, 1000)).toEqual({ name: '发票.pdf', tooLarge: bytes.length });
    expect(downloads()).toBe(seen);
    // a size files.info understates: the download stops at the cap
    const liar = bed.slack.addFile(bytes, 'big.pdf', { mimetype: 'application/pdf', size: 10 });
    expect(await port.fetchFile(liar, 1000)).toEqual({ name: 'big.pdf', tooLarge: bytes.length });
    await expect(port.fetchFile('F0NOSUCHFILE', 1000)).rejects.toThrow(/file_not_found/);
  });
});
