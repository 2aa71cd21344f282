// Slack over Socket Mode (SLACK_APP_TOKEN set): the bot opens the WebSocket itself with the
// app-level token, no /slack/events is served, and the same listeners take events, the slash command,
// button taps and modal submissions from envelopes, each acked on the socket — a refusal of a
// modal's input travels in the ack's payload.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeSlackMessage } from '../helpers/fake-slack.js';
import { FakeSlackSocket } from '../helpers/fake-slack-socket.js';
import { requestNoOf, startSlackTestbed, tapsOf, waitForDm, wordsOf, type SlackTestbed } from '../helpers/slack-guanjia.js';
import { waitFor } from '../helpers/test-guanjia.js';

const APP_TOKEN = 'xapp-1-A0FAKEAPP1-7101424242-0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a6978';
let bed: SlackTestbed;
let socket: FakeSlackSocket;

beforeAll(async () => {
  bed = await startSlackTestbed({
    env: { SLACK_APP_TOKEN: APP_TOKEN },
    apiUrl: async (slack) => (socket = await new FakeSlackSocket(slack, APP_TOKEN).start()).apiUrl,
  });
  await waitFor(() => socket.openSockets > 0, 'the bot to open its Socket Mode connection');
});
afterAll(async () => {
  await bed?.stop();
  await socket?.stop();
});

const U = (personId: string) => bed.userOf(personId);
const offers = (label: string) => (m: FakeSlackMessage) => tapsOf(m).some((b) => b.text === label);
const now = () => (Date.now() / 1000).toFixed(6);

/** a block_actions payload as Socket Mode's interactive envelope carries it */
function tapPayload(personId: string, card: FakeSlackMessage, label: string, triggerId: string): Record<string, unknown> {
  const button = tapsOf(card).find((b) => b.text === label);
  if (!button) throw new Error(`no ${label} on the card`);
  return {
    type: 'block_actions',
    user: { id: U(personId), username: personId, name: personId, team_id: bed.slack.teamId },
    api_app_id: 'A0FAKEAPP1',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: card.ts, channel_id: card.channel, is_ephemeral: false },
    trigger_id: triggerId,
    team: { id: bed.slack.teamId, domain: 'fake-team' },
    channel: { id: card.channel, name: 'directmessage' },
    message: { type: 'message', ts: card.ts, user: bed.slack.botUserId, text: '', blocks: card.blocks },
    response_url: `${bed.slack.url}/response/${randomBytes(8).toString('hex')}`,
    actions: [{ type: 'button', action_id: button.actionId, block_id: 'b', text: { type: 'plain_text', text: label }, value: button.value, action_ts: now() }],
  };
}

describe('Socket Mode', () => {
  it('connects with the app-level token and serves no HTTP endpoint', async () => {
    expect(socket.opens[0]).toBe(APP_TOKEN);
    const res = await fetch(`${bed.app.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":"url_verification","challenge":"x"}',
    });
    expect(res.status).toBe(404);
  });

  it('runs a request from a DM through a button and a modal, every delivery acked on the socket', async () => {
    const fenglei = U('fenglei');
    const eventId = 'Ev07QSSOCKET1';
    const ack = await socket.event({ type: 'message', channel_type: 'im', channel: bed.slack.dmOf(fenglei), user: fenglei, text: '申请 办公费 300 台灯', ts: now() }, { eventId });
    expect(ack.envelope_id).toMatch(/^[0-9a-f]{32}$/);
    // Slack redelivers an envelope it saw no ack for, with the same event_id: one request
    await socket.event(
      { type: 'message', channel_type: 'im', channel: bed.slack.dmOf(fenglei), user: fenglei, text: '申请 办公费 300 台灯', ts: now() },
      { eventId, retryAttempt: 1 },
    );
    const draft = await waitForDm(bed.slack, fenglei, (m) => requestNoOf(m) !== undefined && offers('提交')(m), 0, 'the draft card');
    const no = requestNoOf(draft)!;

    await socket.send('interactive', tapPayload('fenglei', draft, '提交', bed.slack.trigger(fenglei)));
    const card = await waitFor(() => bed.slack.dmMessages(U('qianwei')).find((m) => requestNoOf(m) === no && offers('驳回')(m)), '钱伟’s card');

    const trigger = bed.slack.trigger(U('qianwei'));
    await socket.send('interactive', tapPayload('qianwei', card, '驳回', trigger));
    const opened = await waitFor(() => [...bed.slack.views.values()].find((v) => v.triggerId === trigger), 'the modal opened with the tap’s trigger');
    const submission = (value: string | null) => ({
      type: 'view_submission',
      team: { id: bed.slack.teamId, domain: 'fake-team' },
      user: { id: U('qianwei'), username: 'qianwei', name: 'qianwei', team_id: bed.slack.teamId },
      api_app_id: 'A0FAKEAPP1',
      token: 'legacy-verification-token',
      trigger_id: bed.slack.trigger(U('qianwei')),
      view: {
        id: opened.id,
        team_id: bed.slack.teamId,
        type: 'modal',
        callback_id: opened.view.callback_id,
        private_metadata: opened.view.private_metadata,
        state: { values: { comment: { value: { type: 'plain_text_input', value } } } },
        hash: randomBytes(6).toString('hex'),
      },
      response_urls: [],
    });
    const refused = await socket.send('interactive', submission(''));
    expect(refused.payload).toEqual({ response_action: 'errors', errors: { comment: '请填写驳回理由。' } });
    await socket.send('interactive', submission('请先比较三家报价'));
    await waitForDm(bed.slack, fenglei, (m) => /被 钱伟 驳回：请先比较三家报价/.test(m.text ?? ''), 0, 'the rejection');
    await waitFor(async () => (await bed.app.database.db.request.findUniqueOrThrow({ where: { no } })).status === 'rejected', 'the request rejected');
    expect(await bed.app.database.db.request.count({ where: { purpose: '台灯' } })).toBe(1);
  });

  it('takes the slash command from its envelope', async () => {
    const fenglei = U('fenglei');
    const before = bed.slack.dmMessages(fenglei).length;
    const ack = await socket.send('slash_commands', {
      token: 'legacy-verification-token',
      team_id: bed.slack.teamId,
      channel_id: bed.slack.dmOf(fenglei),
      channel_name: 'directmessage',
      user_id: fenglei,
      user_name: 'fenglei',
      command: '/guanjia',
      text: '预算',
      api_app_id: 'A0FAKEAPP1',
      response_url: `${bed.slack.url}/response/${randomBytes(8).toString('hex')}`,
      trigger_id: bed.slack.trigger(fenglei),
    });
    expect(ack.envelope_id).toBeTruthy();
    const answer = await waitForDm(bed.slack, fenglei, (m) => /预算余额/.test(m.text ?? ''), before, 'the budget');
    expect(wordsOf(answer)).toContain('办公费');
  });
});
