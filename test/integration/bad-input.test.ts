// Bad client input, on every endpoint that takes a body or ids: odd charsets, unknown Content-Encodings,
// malformed or huge bodies, NUL and lone surrogates in ids and text. Every answer is a 4xx (never a
// 500) with a JSON or plain body and no stack trace; text is stored normalised, ids with a control
// character are refused at the edge and nothing is queued.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeView } from '../../bot/web/workbench-api.js';
import { ConsoleClient, hasButton } from '../helpers/console-client.js';
import { queuesIdle } from '../helpers/queues-idle.js';
import { waitFor } from '../helpers/test-guanjia.js';
import { startWecomTestbed, type WecomTestbed } from '../helpers/wecom-guanjia.js';

let bed: WecomTestbed;
let base: string;
let console_: ConsoleClient;
let workbench: { cookie: string; csrf: string };

beforeAll(async () => {
  bed = await startWecomTestbed();
  base = bed.app.url;
  console_ = new ConsoleClient(base);
  const res = await fetch(`${base}/console/api/workbench-session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ as: 'fenglei' }) });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
  const me = (await (await fetch(`${base}/app/api/me`, { headers: { cookie } })).json()) as MeView;
  workbench = { cookie, csrf: me.csrf };
});
afterAll(() => bed?.stop());

interface Answer {
  status: number;
  type: string;
  text: string;
}

async function send(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const res = await fetch(`${base}${path}`, { method: init.method ?? 'POST', headers: init.headers, body: init.body });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

/** the rule for every answer to bad input: the client's fault (4xx), a JSON or plain (or the file page's HTML) body, no stack trace */
function expectRefusal(answer: Answer, what: string): void {
  expect(answer.status, `${what}: ${answer.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(answer.status, `${what}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
  expect(answer.type, what).toMatch(/^(application\/json|text\/plain|text\/html)/);
  expect(answer.text, what).not.toMatch(/\n\s*at |Error:|\/work\/|node_modules|\.[jt]s:\d+/);
}

const JSON_TYPE = 'application/json';
const HUGE = JSON.stringify({ as: 'fenglei', text: 'x'.repeat(600_000) });

/** the body-level faults, sent to an endpoint that reads a JSON body */
function bodyFaults(body: string): { name: string; headers: Record<string, string>; body: string }[] {
  return [
    { name: 'charset=utf-16', headers: { 'content-type': `${JSON_TYPE}; charset=utf-16` }, body },
    { name: 'charset=bogus', headers: { 'content-type': `${JSON_TYPE}; charset=bogus` }, body },
    { name: 'Content-Encoding: br over plain bytes', headers: { 'content-type': JSON_TYPE, 'content-encoding': 'br' }, body },
    { name: 'Content-Encoding: bogus', headers: { 'content-type': JSON_TYPE, 'content-encoding': 'bogus' }, body },
    { name: 'malformed JSON', headers: { 'content-type': JSON_TYPE }, body: '{"as": "fenglei", "text": ' },
    { name: 'a huge body', headers: { 'content-type': JSON_TYPE }, body: HUGE },
  ];
}

describe('every endpoint answers bad input with a 4xx and no stack trace', () => {
  it('the console API', async () => {
    for (const path of ['/console/api/messages', '/console/api/actions', '/console/api/workbench-session']) {
      for (const fault of bodyFaults(JSON.stringify({ as: 'fenglei', text: '你好' }))) expectRefusal(await send(path, fault), `${path} ${fault.name}`);
    }
    const json = { 'content-type': JSON_TYPE };
    expectRefusal(await send('/console/api/messages', { headers: json, body: '{"as":"feng\\u0000lei","text":"你好"}' }), 'NUL in as');
    expectRefusal(await send('/console/api/messages', { headers: json, body: '{"as":"\\ud800","text":"你好"}' }), 'lone surrogate in as');
    const tap = (extra: string) => `{"as":"fenglei","messageId":1,"action":"approve","requestId":"r1"${extra}}`;
    expectRefusal(await send('/console/api/actions', { headers: json, body: tap(',"requestId":"r\\u0000"') }), 'NUL in requestId');
    expectRefusal(await send('/console/api/actions', { headers: json, body: tap(',"messageId":"1\\u0000"') }), 'NUL in messageId');
    expectRefusal(await send('/console/api/actions', { headers: json, body: tap(',"stepId":"s\\u0000"') }), 'NUL in stepId');
    expectRefusal(await send('/console/api/actions', { headers: json, body: tap(',"transferTo":"liu\\u0000"') }), 'NUL in transferTo');
    expectRefusal(await send('/console/api/workbench-session', { headers: json, body: '{"as":"feng\\u0000lei"}' }), 'NUL in the workbench session as');
    expectRefusal(await send('/console/api/conversations/feng%00lei', { method: 'GET' }), 'NUL in the conversation id');
    expectRefusal(await send('/console/api/events?as=feng%00lei', { method: 'GET' }), 'NUL in the events as');
    const octets = { 'content-type': 'application/octet-stream' };
    expectRefusal(await send('/console/api/upload?as=feng%00lei', { headers: octets, body: 'bytes' }), 'NUL in the upload as');
    expectRefusal(await send('/console/api/upload?as=fenglei&requestId=r%00', { headers: octets, body: 'bytes' }), 'NUL in the upload requestId');
    expectRefusal(await send('/console/api/upload?as=fenglei', { headers: { ...octets, 'content-encoding': 'bogus' }, body: 'bytes' }), 'upload with Content-Encoding: bogus');
    expectRefusal(await send('/console/api/upload?as=fenglei', { headers: { ...octets, 'content-encoding': 'br' }, body: 'bytes' }), 'upload with Content-Encoding: br');
  });

  it('the workbench: sign-in and its API', async () => {
    for (const fault of bodyFaults(JSON.stringify({ code: 'code-fenglei' }))) expectRefusal(await send('/app/auth/dingtalk', fault), `/app/auth/dingtalk ${fault.name}`);
    expectRefusal(await send('/app/auth/ding%00talk', { headers: { 'content-type': JSON_TYPE }, body: '{"code":"c\\u0000"}' }), 'NUL in the sign-in platform');
    const session = { cookie: workbench.cookie, 'x-csrf-token': workbench.csrf };
    for (const path of ['/app/api/requests', '/app/api/requests/1/actions', '/app/api/reports', '/app/api/search', '/app/api/preview']) {
      for (const fault of bodyFaults(JSON.stringify({ type: '办公费' })))
        expectRefusal(await send(path, { ...fault, headers: { ...fault.headers, ...session } }), `${path} ${fault.name}`);
    }
    const json = { ...session, 'content-type': JSON_TYPE };
    expectRefusal(await send('/app/api/requests/1/actions', { headers: json, body: '{"action":"transfer","transferTo":"liu\\u0000"}' }), 'NUL in the workbench transferTo');
    expectRefusal(await send('/app/api/requests/1/actions', { headers: json, body: '{"action":"approve","stepId":"s\\u0000"}' }), 'NUL in the workbench stepId');
    expectRefusal(await send('/app/api/requests/1%00/actions', { headers: json, body: '{"action":"approve"}' }), 'NUL in the request number');
    expectRefusal(await send('/app/api/actions/web:%00', { method: 'GET', headers: session }), 'NUL in the action key');
    const octets = { ...session, 'content-type': 'application/octet-stream' };
    expectRefusal(await send('/app/api/upload?requestId=r%00', { headers: octets, body: 'bytes' }), 'NUL in the workbench upload requestId');
    expectRefusal(
      await send('/app/api/upload?requestId=r1', { headers: { ...octets, 'content-encoding': 'bogus' }, body: 'bytes' }),
      'workbench upload with Content-Encoding: bogus',
    );
  });

  it('the WeCom callback', async () => {
    const callback = bed.client.textMessage(bed.userOf('fenglei'), '你好');
    const url = `/wecom/callback?${new URLSearchParams(callback.query)}`;
    const faults: { name: string; headers: Record<string, string>; body: string }[] = [
      { name: 'charset=utf-16', headers: { 'content-type': 'text/xml; charset=utf-16' }, body: callback.body },
      { name: 'charset=bogus', headers: { 'content-type': 'text/xml; charset=bogus' }, body: callback.body },
      { name: 'Content-Encoding: br', headers: { 'content-type': 'text/xml', 'content-encoding': 'br' }, body: callback.body },
      { name: 'Content-Encoding: bogus', headers: { 'content-type': 'text/xml', 'content-encoding': 'bogus' }, body: callback.body },
      { name: 'not XML', headers: { 'content-type': 'text/xml' }, body: '<xml><Encrypt>' },
      { name: 'a huge body', headers: { 'content-type': 'text/xml' }, body: `<xml>${'x'.repeat(600_000)}</xml>` },
    ];
    for (const fault of faults) {
      expectRefusal(await send(url, fault), `POST /wecom/callback ${fault.name}`);
    }
    expectRefusal(await send('/wecom/callback?msg_signature=a%00&timestamp=1&nonce=1&echostr=%00', { method: 'GET' }), 'GET /wecom/callback with NUL');
    // a sealed, signed message whose sender id holds a NUL: refused, not retried by WeCom into a failing look-up
    const nul = bed.client.textMessage(`${bed.userOf('fenglei')}\u0000`, '你好');
    expectRefusal(await send(`/wecom/callback?${new URLSearchParams(nul.query)}`, { headers: { 'content-type': 'text/xml' }, body: nul.body }), 'NUL in the WeCom sender');
  });

  it('the file links and unknown paths', async () => {
    expectRefusal(await send('/files/abc%00def', { method: 'GET' }), 'NUL in a file token');
    expectRefusal(await send('/files/%ud800', { method: 'GET' }), 'a broken escape in a file token');
    expectRefusal(await send('/no/such/path', { method: 'GET' }), 'an unknown path');
    expectRefusal(await send('/no/such/path', { headers: { 'content-type': JSON_TYPE }, body: '{' }), 'an unknown path with a bad body');
  });
});

describe('text is normalised at the edge, ids with control characters are refused there', () => {
  it('a console message with a lone surrogate and a NUL is accepted, stored normalised and answered once', async () => {
    const before = await console_.lastId('liuxiaoyan');
    const sent = await send('/console/api/messages', { headers: { 'content-type': JSON_TYPE }, body: '{"as":"liuxiaoyan","text":"你好\\ud800 管家\\u0000"}' });
    expect(sent.status, sent.text).toBe(202);
    const { dedupeKey } = JSON.parse(sent.text) as { dedupeKey: string };
    await waitFor(async () => (await bed.app.deps.service.deliveries.outcome(dedupeKey)).done, 'the message handled');
    await queuesIdle(bed.app);
    const after = (await console_.messages('liuxiaoyan')).filter((m) => m.id > before);
    expect(after.filter((m) => m.direction === 'in').map((m) => m.text)).toEqual(['你好\ufffd 管家']);
    expect(after.filter((m) => m.direction === 'out')).toHaveLength(1);
  });

  it('a tap with a NUL in transferTo is refused at the edge (4xx) and nothing is queued', async () => {
    await console_.say('fenglei', '/申请 办公费 1200 购买打印纸');
    const draft = await console_.waitForCard('fenglei', hasButton('submit'));
    await queuesIdle(bed.app);
    const counts = async () => Object.values(await bed.app.deps.queues.queue('inbound').getJobCounts()).reduce((a, b) => a + b, 0);
    const queued = await counts();
    const answer = await console_.tap('fenglei', draft, 'transfer', { transferTo: 'liuxiaoyan\u0000' });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('BAD_INPUT');
    expect(await counts()).toBe(queued);
  });
});
