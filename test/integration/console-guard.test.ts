// With CONSOLE=on the console serves only the machine itself, even when the bot listens on every
// interface (HOST=0.0.0.0, as behind the WeCom reverse proxy). CONSOLE=network opens it on purpose,
// with a warning at start while the page may pick who it acts as (the development mode these tests
// run in; the sign-in that replaces it is test/integration/console-signin.test.ts).
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../bot/deps.js';
import { ConsoleClient } from '../helpers/console-client.js';
import { queuesIdle } from '../helpers/queues-idle.js';
import { startTestGuanjia, type TestGuanjia } from '../helpers/test-guanjia.js';

interface Answer {
  status: number;
  type: string;
  text: string;
}

/** One HTTP request with exactly the headers given (fetch would not let a test set Host). */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<Answer> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...options.headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const portOf = (app: TestGuanjia) => new URL(app.url).port;

/** The first IPv4 address of this machine that is not loopback, if it has one. */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

function capturingLog(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const log: Logger & { warnings: string[] } = { warnings, debug: () => {}, info: () => {}, warn: (msg) => warnings.push(msg), error: () => {}, child: () => log };
  return log;
}

describe('CONSOLE=on (the default) with HOST=0.0.0.0', () => {
  let app: TestGuanjia;
  let client: ConsoleClient;
  const log = capturingLog();

  beforeAll(async () => {
    app = await startTestGuanjia({ env: { HOST: '0.0.0.0' }, log });
    client = new ConsoleClient(app.url);
  });
  afterAll(async () => {
    await app?.cleanup();
  });

  it('says loudly at start that the console is limited to this machine', () => {
    expect(app.config.CONSOLE).toBe('on');
    expect(log.warnings.some((w) => w.includes('控制台仍只对本机开放') && w.includes('CONSOLE=network'))).toBe(true);
  });

  it('serves a plain request on the machine itself', async () => {
    const page = await send(`${app.url}/`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html');
    const before = await client.lastId('lijun');
    await client.say('lijun', '/帮助');
    await client.waitForText('lijun', /帮助/, before);
  });

  it.each([
    ['a proxy (X-Forwarded-For)', { 'X-Forwarded-For': '203.0.113.9' }],
    ['a proxy (Forwarded)', { Forwarded: 'for=203.0.113.9' }],
    ['a proxy (X-Real-IP)', { 'X-Real-IP': '203.0.113.9' }],
    ['a name that is not this machine (Host)', { Host: 'guanjia.example.gov.cn' }],
    ['a page of another site (Origin)', { Origin: 'http://evil.example' }],
  ])('refuses a request that came through %s, and stores and enqueues nothing', async (_how, headers) => {
    const text = `/申请 办公费 100 不该被受理 ${Object.keys(headers)[0]}`;
    const read = await send(`${app.url}/console/api/conversations/lijun`, { headers });
    expect(read.status).toBe(403);
    const readError = (JSON.parse(read.text) as { error: { code: string; message: string } }).error;
    expect(readError.code).toBe('CONSOLE_LOCAL_ONLY');
    expect(readError.message).toContain('只对本机开放');
    expect(readError.message).toContain(`http://127.0.0.1:${portOf(app)}/`);
    expect(readError.message).toContain('CONSOLE=network');
    expect(read.text).not.toContain('"messages"');

    const act = await send(`${app.url}/console/api/messages`, { method: 'POST', headers, body: { as: 'lijun', text } });
    expect(act.status).toBe(403);

    const page = await send(`${app.url}/`, { headers });
    expect(page.status).toBe(403);
    expect(page.type).toContain('text/html');
    expect(page.text).toContain('管家控制台只对本机开放');
    const script = await send(`${app.url}/app.js`, { headers });
    expect(script.status).toBe(403);

    await queuesIdle(app);
    const messages = await client.messages('lijun');
    expect(messages.some((m) => m.text === text)).toBe(false);
  });

  it('leaves the other platforms’ paths to them (a callback through the proxy is not refused here)', async () => {
    const callback = await send(`${app.url}/wecom/callback`, { headers: { 'X-Forwarded-For': '203.0.113.9' } });
    expect(callback.status).not.toBe(403);
    const health = await send(`${app.url}/healthz`, { headers: { Host: 'guanjia.example.gov.cn' } });
    expect(health.status).toBe(200);
  });

  it.runIf(lanAddress)(`refuses a real request to this machine's network address (${lanAddress ?? 'none'})`, async () => {
    const url = `http://${lanAddress}:${portOf(app)}`;
    const read = await send(`${url}/console/api/conversations/lijun`);
    expect(read.status).toBe(403);
    expect(read.text).toContain('其他电脑');
    const act = await send(`${url}/console/api/messages`, { method: 'POST', body: { as: 'lijun', text: '/帮助 来自网络' } });
    expect(act.status).toBe(403);
    await queuesIdle(app);
    expect((await client.messages('lijun')).some((m) => m.text === '/帮助 来自网络')).toBe(false);
  });
});

describe('CONSOLE=network', () => {
  let app: TestGuanjia;
  const log = capturingLog();

  beforeAll(async () => {
    app = await startTestGuanjia({ env: { HOST: '0.0.0.0', CONSOLE: 'network' }, log });
  });
  afterAll(async () => {
    await app?.cleanup();
  });

  it('warns loudly at start that anyone can act as anyone', () => {
    expect(log.warnings.some((w) => w.includes('警告') && w.includes('CONSOLE=network') && w.includes('没有登录'))).toBe(true);
  });

  it('serves requests from anywhere', async () => {
    const proxied = await send(`${app.url}/console/api/conversations/lijun`, { headers: { 'X-Forwarded-For': '203.0.113.9', Host: 'guanjia.example.gov.cn' } });
    expect(proxied.status).toBe(200);
    expect(JSON.parse(proxied.text)).toHaveProperty('messages');
    const sent = await send(`${app.url}/console/api/messages`, { method: 'POST', headers: { 'X-Forwarded-For': '203.0.113.9' }, body: { as: 'lijun', text: '/帮助' } });
    expect(sent.status).toBe(202);
  });

  it.runIf(lanAddress)(`serves a real request to this machine's network address (${lanAddress ?? 'none'})`, async () => {
    const read = await send(`http://${lanAddress}:${portOf(app)}/console/api/conversations/lijun`);
    expect(read.status).toBe(200);
  });
});
