// What Slack's modals collect besides a reason, and a file sent in the DM, through the real Bolt app
// and the fake Slack: the 三重一大 step's 同意 asks for the meeting date (a datepicker) and the minutes
// number, the cashier's 确认付款 for the voucher number and date, each refused in Chinese when wrong;
// a picture sent to the app is attached to the sender's draft.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ButtonTap } from '../../adapters/slack/slack-buttons.js';
import type { FakeSlackMessage } from '../helpers/fake-slack.js';
import { samplePdf } from '../helpers/sample-files.js';
import { requestNoOf, startSlackTestbed, tapsOf, waitForDm, wordsOf, type SlackTestbed } from '../helpers/slack-guanjia.js';
import { waitFor } from '../helpers/test-guanjia.js';

let bed: SlackTestbed;
beforeAll(async () => {
  bed = await startSlackTestbed();
});
afterAll(() => bed?.stop());

const U = (personId: string) => bed.userOf(personId);
const now = () => (Date.now() / 1000).toFixed(6);

/** the tap a card's button carries */
const tapOf = (value: string | undefined) => JSON.parse(value ?? '{}') as ButtonTap;

async function tap(personId: string, card: FakeSlackMessage, label: string): Promise<string> {
  const button = tapsOf(card).find((b) => b.text === label);
  if (!button) throw new Error(`no ${label} on the card`);
  const triggerId = bed.slack.trigger(U(personId));
  expect((await bed.sender.buttonTap({ user: U(personId), actionId: button.actionId, value: button.value, channel: card.channel, ts: card.ts, triggerId })).status).toBe(200);
  return triggerId;
}

/** the person whose DM holds `card` (the testbed names each Slack member after the person's id) */
const personOf = (card: FakeSlackMessage) => [...bed.slack.users.values()].find((u) => bed.slack.dmMessages(u.id).includes(card))!.name;

/** every card of request `no` in anyone's DM, as they stand */
const cardsOfRequest = (no: number) => [...bed.slack.messages.values()].flat().filter((m) => requestNoOf(m) === no);

/**
 * Approves request `no` step by step from whoever's card offers 同意 for the step open now, until a
 * card offers a 同意 that needs the meeting record: returns that card.
 */
async function approveUntilCollective(no: number): Promise<FakeSlackMessage> {
  const tapped = new Set<string>();
  for (;;) {
    const next = await waitFor(() => {
      for (const card of cardsOfRequest(no)) {
        const approve = tapsOf(card).find((b) => b.text === '同意');
        if (!approve) continue;
        const t = tapOf(approve.value);
        if (t.needs?.includes('meeting')) return { card, collective: true };
        if (t.stepId && !tapped.has(t.stepId)) return { card, collective: false, stepId: t.stepId };
      }
      return undefined;
    }, `a 同意 on No.${no}`);
    if (next.collective) return next.card;
    tapped.add(next.stepId!);
    await tap(personOf(next.card), next.card, '同意');
  }
}

describe('the 三重一大 record and the payment, through modals', () => {
  it('takes the meeting date and minutes number on the collective step, then the voucher on 确认付款', async () => {
    const fenglei = U('fenglei');
    expect(
      (
        await bed.sender.event({
          type: 'message',
          channel_type: 'im',
          channel: bed.slack.dmOf(fenglei),
          user: fenglei,
          text: '申请 费用报销 办公费 800 党工委会议茶歇 #三重一大',
          ts: now(),
        })
      ).status,
    ).toBe(200);
    const draft = await waitForDm(bed.slack, fenglei, (m) => requestNoOf(m) !== undefined && tapsOf(m).some((b) => b.text === '提交'), 0, 'the draft');
    const no = requestNoOf(draft)!;
    await tap('fenglei', draft, '提交');

    const collective = await approveUntilCollective(no);
    const secretary = personOf(collective);
    const trigger = await tap(secretary, collective, '同意');
    const opened = await waitFor(() => [...bed.slack.views.values()].find((v) => v.triggerId === trigger), 'the meeting modal');
    const blocks = opened.view.blocks as { block_id: string; element: { type: string }; optional?: boolean }[];
    expect(blocks.map((b) => [b.block_id, b.element.type, b.optional])).toEqual([
      ['meeting_date', 'datepicker', false],
      ['minutes_no', 'plain_text_input', false],
      ['comment', 'plain_text_input', true],
    ]);
    const submit = (date: string | null, minutes: string) =>
      bed.sender.viewSubmission({
        user: U(secretary),
        viewId: opened.id,
        values: {
          meeting_date: { value: { type: 'datepicker', selected_date: date } },
          minutes_no: { value: { type: 'plain_text_input', value: minutes } },
          comment: { value: { type: 'plain_text_input', value: null } },
        },
      });
    expect((await submit('2026-02-30', '')).json).toEqual({
      response_action: 'errors',
      errors: { meeting_date: '会议日期应为实际存在的日期。', minutes_no: '请填写会议纪要编号。' },
    });
    expect((await submit('2026-11-20', '党工委〔2026〕12号')).status).toBe(200);

    const { id } = await bed.app.database.db.request.findUniqueOrThrow({ where: { no } });
    await waitFor(async () => (await bed.app.database.db.request.findUniqueOrThrow({ where: { no } })).status === 'approved', 'the request approved');
    const record = await bed.app.database.db.decision.findFirstOrThrow({ where: { requestId: id, personId: secretary }, include: { step: true } });
    expect(record).toMatchObject({ action: 'approve', platform: 'slack', step: { collective: true, meeting: { date: '2026-11-20', minutesNo: '党工委〔2026〕12号' } } });

    // the cashier confirms the payment from his card
    const payCard = await waitFor(() => bed.slack.dmMessages(U('hefang')).find((m) => requestNoOf(m) === no && tapsOf(m).some((b) => b.text === '确认付款')), '何芳’s 确认付款');
    const payTrigger = await tap('hefang', payCard, '确认付款');
    const payView = await waitFor(() => [...bed.slack.views.values()].find((v) => v.triggerId === payTrigger), 'the payment modal');
    const pay = (voucher: string) =>
      bed.sender.viewSubmission({
        user: U('hefang'),
        viewId: payView.id,
        values: { voucher_no: { value: { type: 'plain_text_input', value: voucher } }, payment_date: { value: { type: 'datepicker', selected_date: null } } },
      });
    expect((await pay(' ')).json).toEqual({ response_action: 'errors', errors: { voucher_no: '请填写凭证号。' } });
    expect((await pay('记-0381')).status).toBe(200);
    await waitForDm(bed.slack, fenglei, (m) => new RegExp(`No\\.${no}.*已确认付款.*凭证号 记-0381`).test(m.text ?? ''), 0, 'the payment notice');
  });
});

describe('a file sent to the app', () => {
  it('is fetched through files.info with the bot token and attached to the sender’s draft', async () => {
    // 冯磊's request above is settled: this draft is the only one open, where a file goes
    const fenglei = U('fenglei');
    const dm = bed.slack.dmOf(fenglei);
    expect((await bed.sender.event({ type: 'message', channel_type: 'im', channel: dm, user: fenglei, text: '申请 办公费 300 会议室绿植', ts: now() })).status).toBe(200);
    const draft = await waitForDm(bed.slack, fenglei, (m) => requestNoOf(m) !== undefined && wordsOf(m).includes('会议室绿植'), 0, 'his draft');
    const no = requestNoOf(draft)!;
    const bytes = samplePdf('invoice 300');
    const fileId = bed.slack.addFile(bytes, 'invoice.pdf', { mimetype: 'application/pdf', channel: dm });
    const sent = await bed.sender.event({
      type: 'message',
      subtype: 'file_share',
      channel_type: 'im',
      channel: dm,
      user: fenglei,
      text: '',
      ts: now(),
      files: [{ id: fileId, name: 'invoice.pdf', size: bytes.length }],
    });
    expect(sent.status).toBe(200);
    await waitFor(() => {
      const card = bed.slack.message(draft.channel, draft.ts)!;
      return wordsOf(card).includes('invoice.pdf') && card;
    }, 'the draft card listing the file');
    const { id } = await bed.app.database.db.request.findUniqueOrThrow({ where: { no } });
    expect(await bed.app.database.db.attachment.count({ where: { requestId: id } })).toBe(1);
    expect(bed.slack.callsTo('files.info').some((c) => c.body.file === fileId && c.token === 'xoxb-7101-4242-GuanjiaFakeBotToken')).toBe(true);
  });
});
