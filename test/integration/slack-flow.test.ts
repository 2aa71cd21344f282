// The whole approval flow through Slack's own protocol: the real Bolt app of the bot, a local fake
// Slack Web API over real HTTP, and requests signed as Slack signs them posted to /slack/events
// over real sockets — DMs, @-mentions and the slash command in, Block Kit cards, modals and
// chat.update out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleClient } from '../helpers/console-client.js';
import type { FakeSlackMessage } from '../helpers/fake-slack.js';
import { requestNoOf, SLACK, startSlackTestbed, tapsOf, waitForDm, wordsOf, type SlackTestbed } from '../helpers/slack-guanjia.js';
import { waitFor } from '../helpers/test-guanjia.js';

let bed: SlackTestbed;
let console_: ConsoleClient;

beforeAll(async () => {
  bed = await startSlackTestbed();
  console_ = new ConsoleClient(bed.app.url);
});
afterAll(() => bed?.stop());

const U = (personId: string) => bed.userOf(personId);

/** a message in a member's DM, as a member types it (no slash: Slack's client keeps a leading / for its own commands) */
function dm(personId: string, text: string, options: { eventId?: string; retryNum?: number } = {}) {
  const user = U(personId);
  return bed.sender.event({ type: 'message', channel_type: 'im', channel: bed.slack.dmOf(user), user, text, ts: `${(Date.now() / 1000).toFixed(6)}` }, options);
}

/** the cards of request `no` in a person's DM, as they stand */
const cardsOf = (personId: string, no: number) => bed.slack.dmMessages(U(personId)).filter((m) => requestNoOf(m) === no);

const offers = (label: string) => (m: FakeSlackMessage) => tapsOf(m).some((b) => b.text === label);

async function waitForCard(personId: string, no: number, ready: (m: FakeSlackMessage) => boolean, what = ''): Promise<FakeSlackMessage> {
  return waitFor(() => [...cardsOf(personId, no)].reverse().find(ready), `Slack card No.${no} for ${personId} ${what}`);
}

async function waitForText(personId: string, pattern: RegExp, after = 0): Promise<FakeSlackMessage> {
  return waitForDm(bed.slack, U(personId), (m) => !m.blocks?.length && pattern.test(m.text ?? ''), after, `text ${pattern}`);
}

/** taps a card's button as the person it was sent to; returns the trigger_id Slack gave the tap */
async function tap(personId: string, card: FakeSlackMessage, label: string): Promise<string> {
  const button = tapsOf(card).find((b) => b.text === label);
  if (!button)
    throw new Error(
      `no ${label} on the card: ${tapsOf(card)
        .map((b) => b.text)
        .join(', ')}`,
    );
  const triggerId = bed.slack.trigger(U(personId));
  const answer = await bed.sender.buttonTap({ user: U(personId), actionId: button.actionId, value: button.value, channel: card.channel, ts: card.ts, triggerId });
  expect(answer.status).toBe(200);
  return triggerId;
}

/** fenglei asks in his DM; returns the draft card and the request's number */
async function apply(text: string): Promise<{ draft: FakeSlackMessage; no: number }> {
  const before = bed.slack.dmMessages(U('fenglei')).length;
  expect((await dm('fenglei', text)).status).toBe(200);
  const draft = await waitForDm(bed.slack, U('fenglei'), (m) => requestNoOf(m) !== undefined && offers('提交')(m), before, 'the draft card');
  return { draft, no: requestNoOf(draft)! };
}

async function requestOf(no: number) {
  return bed.app.database.db.request.findUniqueOrThrow({ where: { no } });
}

async function inboundJobs(): Promise<number> {
  const counts = await bed.app.deps.queues.queue('inbound').getJobCounts();
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/** shows `label` as its status and offers nothing more to tap */
const isFinal = (label: string) => (m: FakeSlackMessage) => wordsOf(m).includes(label) && tapsOf(m).length === 0;

/** every Slack card of request `no` the core keeps for `personId` shows `label` and nothing to tap, and so does every message of it in their DM */
async function everyCopyFinal(personId: string, no: number, label: string): Promise<void> {
  const { id } = await requestOf(no);
  await waitFor(async () => {
    const refs = await bed.app.database.db.cardRef.findMany({ where: { requestId: id, platform: 'slack', recipient: personId } });
    const referenced = refs.map((r) => r.handle as { channel: string; ts: string }).map((h) => bed.slack.message(h.channel, h.ts));
    const copies = cardsOf(personId, no);
    return refs.length > 0 && copies.length > 0 && referenced.every((m) => m && isFinal(label)(m)) && copies.every(isFinal(label));
  }, `every Slack card of No.${no} for ${personId} showing ${label}`);
}

describe('connecting the app', () => {
  it('answers the URL check with its challenge', async () => {
    const answer = await bed.sender.urlVerification('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P');
    expect(answer).toMatchObject({ status: 200, json: { challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' } });
  });
});

describe('a request from a DM to approved by buttons', () => {
  it('posts the draft card, submits it, and every approver decides from a button; every copy ends final through chat.update', async () => {
    const { draft, no } = await apply('申请 办公费 1200 购买打印纸');
    expect(draft.channel).toBe(bed.slack.dmOf(U('fenglei')));
    expect(wordsOf(draft)).toContain('48,800.00');
    expect(tapsOf(draft).map((b) => b.text)).toEqual(['提交', '修改', '取消']);

    await tap('fenglei', draft, '提交');
    const first = await waitForCard('qianwei', no, offers('同意'));
    // the requester's own card was updated in place
    await waitFor(
      () => bed.slack.message(draft.channel, draft.ts)!.history.length > 1 && wordsOf(bed.slack.message(draft.channel, draft.ts)!).includes('审批中'),
      'the draft card turned 审批中',
    );
    expect(tapsOf(first).map((b) => b.text)).toEqual(['同意', '驳回', '退回修改', '转交']);

    // 同意 on an ordinary step approves at once: no modal
    const views = bed.slack.views.size;
    await tap('qianwei', first, '同意');
    await tap('liuxiaoyan', await waitForCard('liuxiaoyan', no, offers('同意')), '同意');
    // 或签: both finance officers get the card; one approves
    const finance = await waitForCard('zhengjia', no, offers('同意'));
    const other = await waitForCard('wugang', no, offers('同意'));
    await tap('zhengjia', finance, '同意');
    await waitForText('fenglei', new RegExp(`No\\.${no}.*已审批通过`));
    expect(bed.slack.views.size).toBe(views);

    for (const person of ['fenglei', 'qianwei', 'liuxiaoyan', 'zhengjia', 'wugang']) await everyCopyFinal(person, no, '已通过');
    // 吴刚 never tapped: his card was updated, not sent again
    expect(cardsOf('wugang', no)).toHaveLength(1);
    expect(bed.slack.callsTo('chat.update').some((c) => c.body.channel === other.channel && c.body.ts === other.ts)).toBe(true);

    const { id } = await requestOf(no);
    const decisions = await bed.app.database.db.decision.findMany({ where: { requestId: id }, orderBy: { at: 'asc' } });
    expect(decisions.map((d) => `${d.personId}:${d.action}:${d.platform}`)).toEqual(['qianwei:approve:slack', 'liuxiaoyan:approve:slack', 'zhengjia:approve:slack']);
    expect((await requestOf(no)).status).toBe('approved');
  });
});

describe('decisions that need input open a modal', () => {
  it('rejects with a reason: views.open with the tap’s trigger, a blank reason refused in Chinese, then the reason taken', async () => {
    const { draft, no } = await apply('申请 办公费 260 订书钉');
    await tap('fenglei', draft, '提交');
    const card = await waitForCard('qianwei', no, offers('驳回'));
    const jobs = await inboundJobs();
    const trigger = await tap('qianwei', card, '驳回');
    const opened = await waitFor(() => [...bed.slack.views.values()].find((v) => v.triggerId === trigger), 'views.open with the tap’s trigger_id');
    expect(opened.view).toMatchObject({ type: 'modal', callback_id: 'gj:inputs', title: { text: '驳回' } });
    expect(JSON.parse(opened.view.private_metadata as string)).toMatchObject({ tap: { action: 'reject' }, card: { channel: card.channel, ts: card.ts } });
    // opening the modal queued nothing
    expect(await inboundJobs()).toBe(jobs);

    const blank = await bed.sender.viewSubmission({ user: U('qianwei'), viewId: opened.id, values: { comment: { value: { type: 'plain_text_input', value: '   ' } } } });
    expect(blank).toMatchObject({ status: 200, json: { response_action: 'errors', errors: { comment: '请填写驳回理由。' } } });
    expect(await inboundJobs()).toBe(jobs);

    const texts = bed.slack.dmMessages(U('fenglei')).length;
    const sent = await bed.sender.viewSubmission({
      user: U('qianwei'),
      viewId: opened.id,
      values: { comment: { value: { type: 'plain_text_input', value: '超出办公用品标准，请重新询价' } } },
    });
    expect(sent.status).toBe(200);
    expect(sent.text).toBe('');
    await waitForText('fenglei', /被 钱伟 驳回：超出办公用品标准，请重新询价/, texts);
    expect((await requestOf(no)).status).toBe('rejected');
    const decision = await bed.app.database.db.decision.findFirstOrThrow({ where: { requestId: (await requestOf(no)).id } });
    expect(decision).toMatchObject({ personId: 'qianwei', action: 'reject', comment: '超出办公用品标准，请重新询价', platform: 'slack' });
    await everyCopyFinal('qianwei', no, '已驳回');
    await everyCopyFinal('fenglei', no, '已驳回');
  });

  it('transfers through a users select: the chosen member’s Slack id names the person', async () => {
    const { draft, no } = await apply('申请 办公费 480 硒鼓');
    await tap('fenglei', draft, '提交');
    const card = await waitForCard('qianwei', no, offers('转交'));
    const trigger = await tap('qianwei', card, '转交');
    const opened = await waitFor(() => [...bed.slack.views.values()].find((v) => v.triggerId === trigger), 'the transfer modal');
    const blocks = opened.view.blocks as { block_id: string; element: { type: string } }[];
    expect(blocks.map((b) => [b.block_id, b.element.type])).toEqual([
      ['transfer', 'users_select'],
      ['comment', 'plain_text_input'],
    ]);
    const nothing = await bed.sender.viewSubmission({
      user: U('qianwei'),
      viewId: opened.id,
      values: { transfer: { value: { type: 'users_select', selected_user: null } }, comment: { value: { type: 'plain_text_input', value: null } } },
    });
    expect(nothing.json).toEqual({ response_action: 'errors', errors: { transfer: '请选择转交给谁。' } });

    const sent = await bed.sender.viewSubmission({
      user: U('qianwei'),
      viewId: opened.id,
      values: { transfer: { value: { type: 'users_select', selected_user: U('chenzhiqiang') } }, comment: { value: { type: 'plain_text_input', value: '我出差，请陈志强代审' } } },
    });
    expect(sent.status).toBe(200);
    const handed = await waitForCard('chenzhiqiang', no, offers('同意'));
    const { id } = await requestOf(no);
    const decision = await bed.app.database.db.decision.findFirstOrThrow({ where: { requestId: id } });
    expect(decision).toMatchObject({ personId: 'qianwei', action: 'transfer', comment: '我出差，请陈志强代审', platform: 'slack' });
    await waitFor(() => !offers('同意')(bed.slack.message(card.channel, card.ts)!), '钱伟’s card without its buttons');
    await tap('chenzhiqiang', handed, '同意');
    await waitForCard('liuxiaoyan', no, offers('同意'));
  });
});

describe('requests that are not from our Slack', () => {
  it('refuses a forged signature and a stale timestamp (401), queueing nothing', async () => {
    const jobs = await inboundJobs();
    const before = bed.slack.dmMessages(U('fenglei')).length;
    const forged = await bed.sender.event(
      { type: 'message', channel_type: 'im', channel: bed.slack.dmOf(U('fenglei')), user: U('fenglei'), text: '申请 办公费 99 伪造' },
      { secret: 'not-our-signing-secret' },
    );
    expect(forged.status).toBe(401);
    const tampered = await bed.sender.event(
      { type: 'message', channel_type: 'im', channel: bed.slack.dmOf(U('fenglei')), user: U('fenglei'), text: '预算' },
      { signature: 'v0=' + '0'.repeat(64) },
    );
    expect(tampered.status).toBe(401);
    // Bolt refuses anything signed more than 5 minutes ago, however well signed: a captured request cannot be replayed later
    const stale = await bed.sender.event(
      { type: 'message', channel_type: 'im', channel: bed.slack.dmOf(U('fenglei')), user: U('fenglei'), text: '预算' },
      { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 },
    );
    expect(stale.status).toBe(401);
    const staleTap = await bed.sender.buttonTap(
      { user: U('qianwei'), actionId: 'gj:approve:0', value: JSON.stringify({ action: 'approve', requestId: 'r' }) },
      { timestamp: Math.floor(Date.now() / 1000) - 301 },
    );
    expect(staleTap.status).toBe(401);
    const unsigned = await fetch(`${bed.app.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":"url_verification","challenge":"x"}',
    });
    expect(unsigned.status).toBe(401);

    // a good request afterwards is processed, and only it
    expect((await dm('fenglei', '预算')).status).toBe(200);
    await waitForText('fenglei', /预算余额/, before);
    await waitFor(async () => (await inboundJobs()) === jobs + 1 || undefined, 'the one good event queued');
    expect(
      bed.slack
        .dmMessages(U('fenglei'))
        .slice(before)
        .filter((m) => /预算余额/.test(m.text ?? '')),
    ).toHaveLength(1);
    expect(await bed.app.database.db.request.count({ where: { purpose: '伪造' } })).toBe(0);
  });

  it('handles an event Slack redelivers (same event_id, X-Slack-Retry-Num) once', async () => {
    const eventId = 'Ev07QSRETRY1';
    const first = await dm('fenglei', '申请 办公费 77 回形针', { eventId });
    const retries = await Promise.all([dm('fenglei', '申请 办公费 77 回形针', { eventId, retryNum: 1 }), dm('fenglei', '申请 办公费 77 回形针', { eventId, retryNum: 2 })]);
    expect([first.status, ...retries.map((r) => r.status)]).toEqual([200, 200, 200]);
    const draft = await waitForDm(bed.slack, U('fenglei'), (m) => requestNoOf(m) !== undefined && wordsOf(m).includes('回形针'), 0, 'the draft');
    // a later retry, after the first was handled, is dropped too
    expect((await dm('fenglei', '申请 办公费 77 回形针', { eventId, retryNum: 3 })).status).toBe(200);
    await waitFor(async () => {
      const counts = await bed.app.deps.queues.queue('inbound').getJobCounts('active', 'waiting', 'delayed', 'prioritized');
      return Object.values(counts).every((n) => n === 0);
    }, 'nothing left to handle');
    expect(await bed.app.database.db.request.count({ where: { purpose: '回形针' } })).toBe(1);
    expect(bed.slack.dmMessages(U('fenglei')).filter((m) => requestNoOf(m) === requestNoOf(draft))).toHaveLength(1);
  });
});

describe('the slash command and @-mentions', () => {
  it('takes /guanjia 申请 … as /申请 …, answering in the DM', async () => {
    const before = bed.slack.dmMessages(U('fenglei')).length;
    const answer = await bed.sender.command({ user: U('fenglei'), command: '/guanjia', text: '申请 办公费 150 白板笔' });
    expect(answer.status).toBe(200);
    // in the DM the ack says nothing: the card follows there
    expect(answer.text).toBe('');
    const draft = await waitForDm(bed.slack, U('fenglei'), (m) => requestNoOf(m) !== undefined && wordsOf(m).includes('白板笔'), before, 'the draft from the slash command');
    expect(offers('提交')(draft)).toBe(true);
  });

  it('answers /guanjia in a channel privately: an ephemeral note, the answer in the DM; /guanjia alone is /帮助', async () => {
    const before = bed.slack.dmMessages(U('qianwei')).length;
    const answer = await bed.sender.command({ user: U('qianwei'), command: '/guanjia', text: '', channel: 'C07QSOFFICE' });
    expect(answer.json).toEqual({ response_type: 'ephemeral', text: expect.stringContaining('私信') });
    await waitForText('qianwei', /管家可以帮您办理用款审批/, before);
    expect(bed.slack.messagesIn('C07QSOFFICE')).toHaveLength(0);
  });

  it('answers an @-mention in the channel it was asked in', async () => {
    bed.slack.addChannel('C07QSOFFICE');
    const answer = await bed.sender.event({
      type: 'app_mention',
      channel: 'C07QSOFFICE',
      user: U('fenglei'),
      text: `<@${SLACK.botUserId}> 预算`,
      ts: `${(Date.now() / 1000).toFixed(6)}`,
    });
    expect(answer.status).toBe(200);
    await waitFor(() => bed.slack.messagesIn('C07QSOFFICE').find((m) => /预算余额/.test(m.text ?? '')), 'the answer in the channel');
  });
});

describe('a request decided partly in Slack and partly in the console', () => {
  it('ends with every copy of its card, Slack messages and console cards, showing the final state', async () => {
    const { draft, no } = await apply('申请 办公费 640 文件柜');
    await tap('fenglei', draft, '提交');
    const { id } = await requestOf(no);
    // 钱伟 approves in the console
    const consoleCard = await console_.waitForCard('qianwei', (c) => c.buttons.some((b) => b.action === 'approve'), id);
    expect((await console_.tap('qianwei', consoleCard, 'approve')).status).toBe(202);
    // 刘晓燕 in Slack
    await tap('liuxiaoyan', await waitForCard('liuxiaoyan', no, offers('同意')), '同意');
    // 郑佳 (finance) in the console
    const financeCard = await console_.waitForCard('zhengjia', (c) => c.buttons.some((b) => b.action === 'approve'), id);
    expect((await console_.tap('zhengjia', financeCard, 'approve')).status).toBe(202);
    await waitFor(async () => (await requestOf(no)).status === 'approved', 'the request approved');

    for (const person of ['fenglei', 'qianwei', 'liuxiaoyan', 'zhengjia', 'wugang']) {
      await everyCopyFinal(person, no, '已通过');
      await waitFor(async () => {
        const cards = (await console_.messages(person)).filter((m) => m.card?.requestId === id);
        return cards.length > 0 && cards.every((m) => m.card!.status.code === 'approved' && m.card!.buttons.length === 0);
      }, `every console card of No.${no} for ${person} final`);
    }
    const decisions = await bed.app.database.db.decision.findMany({ where: { requestId: id }, orderBy: { at: 'asc' } });
    expect(decisions.map((d) => `${d.personId}:${d.platform}`)).toEqual(['qianwei:console', 'liuxiaoyan:slack', 'zhengjia:console']);
  });
});
