// The fake Slack itself, driven by the real WebClient (as Bolt's app.client calls it) and checked
// by Bolt's own signature verifier: what it answers is what the adapter's tests rely on.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isValidSlackRequest, LogLevel, webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack, SLACK_LIMITS } from '../helpers/fake-slack.js';

const { WebClient, WebAPIRateLimitedError } = webApi;
type WebClient = webApi.WebClient;
type WebAPIPlatformError = webApi.WebAPIPlatformError;

const token = 'xoxb-test-1234';
const secret = 'fake-signing-secret-0123456789';
const quiet = () => {};
const silent = { debug: quiet, info: quiet, warn: quiet, error: quiet, setLevel: quiet, getLevel: () => LogLevel.ERROR, setName: quiet };
let fake: FakeSlack;
let client: WebClient;

beforeAll(async () => {
  fake = await new FakeSlack({ botToken: token, signingSecret: secret }).start();
  fake.addUser('U07QS1LIJUN', 'qianwei').addChannel('C0SUPERVISE');
  // errors the calls answer are what these tests look at: not logged
  client = new WebClient(token, { slackApiUrl: fake.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 }, logger: silent });
});

afterAll(async () => {
  await fake.stop();
});

async function platformError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as WebAPIPlatformError).data?.error ?? String(e);
  }
  throw new Error('expected the call to fail');
}

describe('fake Slack Web API', () => {
  it('checks the token and answers auth.test', async () => {
    const me = await client.auth.test();
    expect(me.user_id).toBe(fake.botUserId);
    const stranger = new WebClient('xoxb-wrong', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    expect(await platformError(stranger.auth.test())).toBe('invalid_auth');
  });

  it('posts to a member into their DM, updates in place, and says message_not_found once gone', async () => {
    const posted = await client.chat.postMessage({ channel: 'U07QS1LIJUN', text: '待审批', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*待审批*' } }] });
    expect(posted.channel).toBe(fake.dmOf('U07QS1LIJUN'));
    expect(posted.channel).toMatch(/^D/);
    await client.chat.update({ channel: posted.channel!, ts: posted.ts!, text: '已同意', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*已同意*' } }] });
    const [message] = fake.dmMessages('U07QS1LIJUN');
    expect(message?.text).toBe('已同意');
    expect(message?.history).toHaveLength(2);
    expect(fake.callsTo('chat.postMessage')[0]?.body.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: '*待审批*' } }]);
    // a member's id is not the channel a message is in
    expect(await platformError(client.chat.update({ channel: 'U07QS1LIJUN', ts: posted.ts!, text: 'x' }))).toBe('channel_not_found');
    fake.deleteMessage(posted.channel!, posted.ts!);
    expect(await platformError(client.chat.update({ channel: posted.channel!, ts: posted.ts!, text: 'x' }))).toBe('message_not_found');
  });

  it('refuses blocks over Block Kit limits', async () => {
    const long = 'x'.repeat(SLACK_LIMITS.headerText + 1);
    expect(await platformError(client.chat.postMessage({ channel: 'C0SUPERVISE', text: 't', blocks: [{ type: 'header', text: { type: 'plain_text', text: long } }] }))).toBe(
      'invalid_blocks',
    );
    const many = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect(await platformError(client.chat.postMessage({ channel: 'C0SUPERVISE', text: 't', blocks: many }))).toBe('invalid_blocks');
    expect(await platformError(client.chat.postMessage({ channel: 'C0NOWHERE', text: 't' }))).toBe('channel_not_found');
  });

  it('opens a modal once per fresh trigger', async () => {
    const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: '审批意见' }, blocks: [] };
    const trigger = fake.trigger('U07QS1LIJUN');
    const opened = await client.views.open({ trigger_id: trigger, view });
    expect(fake.views.get(opened.view!.id!)?.triggerId).toBe(trigger);
    expect(await platformError(client.views.open({ trigger_id: trigger, view }))).toBe('trigger_exchanged');
    const late = fake.trigger('U07QS1LIJUN');
    fake.expireTriggers();
    expect(await platformError(client.views.open({ trigger_id: late, view }))).toBe('expired_trigger_id');
    expect(await platformError(client.views.open({ trigger_id: 'made-up', view }))).toBe('invalid_trigger_id');
  });

  it('takes a file through files.uploadV2 and serves a member file to the bot token only', async () => {
    const dm = (await client.conversations.open({ users: 'U07QS1LIJUN' })).channel!.id!;
    const bytes = Buffer.from('预算执行情况表'.repeat(100));
    await client.files.uploadV2({ channel_id: dm, file: bytes, filename: '预算执行情况表.xlsx', title: '预算执行情况表.xlsx' });
    const uploaded = [...fake.files.values()].find((f) => f.name === '预算执行情况表.xlsx');
    expect(uploaded?.bytes?.equals(bytes)).toBe(true);
    expect(uploaded?.channels).toEqual([dm]);
    const id = fake.addFile(Buffer.from('%PDF-1.4 invoice'), 'invoice.pdf', { mimetype: 'application/pdf' });
    const info = await client.files.info({ file: id });
    const withToken = await fetch(info.file!.url_private!, { headers: { authorization: `Bearer ${token}` } });
    expect(Buffer.from(await withToken.arrayBuffer()).toString()).toBe('%PDF-1.4 invoice');
    const without = await fetch(info.file!.url_private!, { redirect: 'manual' });
    expect(without.status).toBe(302);
  });

  it('answers 429 with Retry-After while rate-limited, then lets calls through', async () => {
    fake.rateLimit(30, { method: 'chat.postMessage', channel: 'C0SUPERVISE' });
    const e = await client.chat.postMessage({ channel: 'C0SUPERVISE', text: '督办' }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(WebAPIRateLimitedError);
    expect((e as webApi.WebAPIRateLimitedError).retryAfter).toBeGreaterThanOrEqual(29);
    // other channels are not limited
    await client.chat.postMessage({ channel: 'U07QS1LIJUN', text: 'hi' });
    fake.liftRateLimits();
    await client.chat.postMessage({ channel: 'C0SUPERVISE', text: '督办' });
    expect(fake.messagesIn('C0SUPERVISE').map((m) => m.text)).toEqual(['督办']);
  });
});

describe('SlackSender', () => {
  let server: Server;
  const seen: { headers: Record<string, string | string[] | undefined>; body: string; valid: boolean }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const valid = isValidSlackRequest({
          signingSecret: secret,
          body,
          headers: { 'x-slack-signature': String(req.headers['x-slack-signature']), 'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']) },
        });
        seen.push({ headers: req.headers, body, valid });
        res.writeHead(valid ? 200 : 401).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('signs events, commands and interactions as Bolt verifies them', async () => {
    const sender = fake.sender(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`);
    expect((await sender.event({ type: 'message', user: 'U07QS1LIJUN', text: '/预算', channel_type: 'im' }, { retryNum: 1, retryReason: 'http_timeout' })).status).toBe(200);
    expect(seen.at(-1)?.headers['x-slack-retry-num']).toBe('1');
    expect(seen.at(-1)?.headers['x-slack-retry-reason']).toBe('http_timeout');
    expect((await sender.command({ user: 'U07QS1LIJUN', command: '/guanjia', text: '申请 采购 1200 打印纸' })).status).toBe(200);
    const form = new URLSearchParams(seen.at(-1)!.body);
    expect(form.get('text')).toBe('申请 采购 1200 打印纸');
    expect(fake.triggerIssued(form.get('trigger_id')!)).toBe(true);
    expect((await sender.buttonTap({ user: 'U07QS1LIJUN', actionId: 'gj:approve:0', value: '{}' })).status).toBe(200);
    expect(JSON.parse(new URLSearchParams(seen.at(-1)!.body).get('payload')!).type).toBe('block_actions');
    expect((await sender.command({ user: 'U07QS1LIJUN', command: '/guanjia' }, { secret: 'wrong' })).status).toBe(401);
    expect((await sender.command({ user: 'U07QS1LIJUN', command: '/guanjia' }, { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(401);
  });
});
