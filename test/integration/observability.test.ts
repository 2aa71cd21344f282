// What an operator sees inside a running Guanjia: GET /metrics (Prometheus text) whose numbers move
// with a console request and its decision, refused to another machine without the token; the queue
// dashboard (bull-board) behind the console's rule, for the oversight roles only once people sign in;
// the security headers on every page; debug log lines with their job's context and no secrets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../bot/log.js';
import { createMetrics } from '../../bot/observe/metrics.js';
import { QUEUE_DASHBOARD_TEXT } from '../../bot/replies/queue-dashboard-words.js';
import { SESSION_COOKIE, WorkbenchSessions } from '../../bot/web/web-session.js';
import { DEFAULT_RETRY, DingTalkApiError, withRetries } from '../../adapters/dingtalk/openapi-request.js';
import { WecomApi } from '../../adapters/wecom/wecom-api.js';
import { ConsoleClient, hasButton } from '../helpers/console-client.js';
import { startSlackTestbed, waitForDm, type SlackTestbed } from '../helpers/slack-guanjia.js';
import { startTestGuanjia, testConfig, waitFor, type TestGuanjia } from '../helpers/test-guanjia.js';
import { WECOM } from '../helpers/wecom-guanjia.js';

const METRICS_TOKEN = 'metrics-token-of-the-observability-test';
const FILE_LINK_SECRET = 'file-link-secret-never-in-a-log-line-0123456789';
const SESSION_SECRET = 'the-queue-dashboard-session-secret-of-this-test';

/** the app in the development mode (tests act as anyone), with a metrics token and a debug logger */
let app: TestGuanjia;
let client: ConsoleClient;
const lines: string[] = [];

beforeAll(async () => {
  const config = await testConfig({ env: { METRICS_TOKEN, FILE_LINK_SECRET } });
  app = await startTestGuanjia({ reuse: { ...config, LOG_LEVEL: 'debug' }, log: createLogger('debug', (line) => lines.push(line)) });
  client = new ConsoleClient(app.url);
});
afterAll(() => app?.cleanup());

async function scrape(headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(`${app.url}/metrics`, { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
}

/** the value of one sample (`name{labels}`), 0 when the series has none yet */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(match[3]);
  }
  return 0;
}

describe('GET /metrics', () => {
  it('names every metric an operator needs, Node’s own included', async () => {
    const text = await scrape();
    for (const name of [
      'guanjia_inbound_accepted_total',
      'guanjia_inbound_refused_total',
      'guanjia_queue_jobs',
      'guanjia_queue_oldest_waiting_seconds',
      'guanjia_job_duration_seconds',
      'guanjia_job_failures_total',
      'guanjia_outbox_lag_seconds',
      'guanjia_outbox_undispatched',
      'guanjia_decisions_total',
      'guanjia_alerts',
      'guanjia_platform_api_errors_total',
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(text, name).toContain(`# TYPE ${name} `);
    }
    for (const queue of ['inbound', 'notify', 'deadline']) {
      expect(text).toMatch(new RegExp(`^guanjia_queue_jobs\\{queue="${queue}",state="waiting"\\} \\d+$`, 'm'));
      expect(text).toMatch(new RegExp(`^guanjia_queue_oldest_waiting_seconds\\{queue="${queue}"\\} [\\d.e-]+$`, 'm'));
    }
    expect(text).toMatch(/^guanjia_outbox_lag_seconds [\d.e-]+$/m);
  });

  it('moves with a request from the console: inbound accepted, a decision, job durations; a refused post counted', async () => {
    const before = await scrape();
    await client.say('fenglei', '/申请 办公费 300 购买墨盒');
    const draft = await client.waitForCard('fenglei', hasButton('submit'));
    expect((await client.tap('fenglei', draft, 'submit')).status).toBe(202);
    const first = await client.waitForCard('qianwei', hasButton('approve'), draft.card.requestId);
    expect((await client.tap('qianwei', first, 'approve')).status).toBe(202);
    await client.waitForCard('liuxiaoyan', hasButton('approve'), draft.card.requestId);
    // a body the console refuses (400): counted as refused, not accepted
    expect((await client.post('messages', '{not json')).status).toBe(400);

    const after = await waitFor(async () => {
      const text = await scrape();
      return sample(text, 'guanjia_decisions_total', { action: 'approve' }) > sample(before, 'guanjia_decisions_total', { action: 'approve' }) && text;
    }, 'the decision counted');
    const delta = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(delta('guanjia_inbound_accepted_total', { platform: 'console' })).toBe(3);
    expect(delta('guanjia_decisions_total', { action: 'approve' })).toBe(1);
    expect(delta('guanjia_inbound_refused_total', { platform: 'console', reason: '400' })).toBe(1);
    expect(delta('guanjia_job_duration_seconds_count', { job: 'inbound.event', outcome: 'ok' })).toBeGreaterThanOrEqual(3);
    expect(delta('guanjia_job_duration_seconds_count', { job: 'notify.deliver', outcome: 'ok' })).toBeGreaterThan(0);
    expect(sample(after, 'guanjia_job_duration_seconds_sum', { job: 'inbound.event', outcome: 'ok' })).toBeGreaterThan(0);
    expect(sample(after, 'guanjia_queue_jobs', { queue: 'inbound', state: 'completed' })).toBeGreaterThanOrEqual(3);
  });

  it('is refused to a request through a proxy or from elsewhere without the token, and served with it', async () => {
    const forwarded = { 'x-forwarded-for': '203.0.113.9' };
    const refused = await fetch(`${app.url}/metrics`, { headers: forwarded });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await refused.text()).not.toContain('guanjia_');
    expect((await fetch(`${app.url}/metrics`, { headers: { ...forwarded, authorization: 'Bearer not-the-token' } })).status).toBe(401);
    expect(await scrape({ ...forwarded, authorization: `Bearer ${METRICS_TOKEN}` })).toContain('guanjia_inbound_accepted_total');
  });

  it('counts the error codes a platform’s API answers', async () => {
    const metrics = createMetrics({ queues: () => [], outboxLag: async () => ({ undispatched: 0, oldestAt: null }), alertCounts: async () => [], clock: () => new Date() });
    // WeCom answers the send with errcode 81013 (user not in the app's visible range)
    const fakeFetch = (async (url: string | URL) =>
      Response.json(
        String(url).includes('/gettoken') ? { errcode: 0, access_token: 'tok', expires_in: 7200 } : { errcode: 81013, errmsg: 'user & party & tag all invalid' },
      )) as typeof fetch;
    const api = new WecomApi({ ...WECOM, apiBase: 'http://wecom.invalid' }, app.deps.redis, `${app.config.QUEUE_PREFIX}:obs`, fakeFetch, (code) =>
      metrics.platformError('wecom', code),
    );
    await expect(api.post('/cgi-bin/message/send', { touser: 'x' })).rejects.toMatchObject({ errcode: 81013 });
    expect(sample(await metrics.text(), 'guanjia_platform_api_errors_total', { platform: 'wecom', code: '81013' })).toBe(1);

    // DingTalk: every failed attempt of a retried call, by DingTalk's code
    const busy = new DingTalkApiError(503, 'ServiceUnavailable', 'busy', true);
    const retry = { ...DEFAULT_RETRY, attempts: 3, backoffMs: 1, maxBackoffMs: 1, onFailure: (e: DingTalkApiError) => metrics.platformError('dingtalk', e.code) };
    await expect(withRetries(retry, async () => Promise.reject(busy))).rejects.toBe(busy);
    expect(sample(await metrics.text(), 'guanjia_platform_api_errors_total', { platform: 'dingtalk', code: 'ServiceUnavailable' })).toBe(3);
  });
});

describe('security headers', () => {
  it('puts a Content-Security-Policy and the usual headers on the console, the workbench and the health check', async () => {
    for (const path of ['/', '/console/api/org', '/app/', '/healthz', '/metrics']) {
      const res = await fetch(`${app.url}${path}`);
      expect(res.status, path).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("style-src 'self';");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      expect(csp, path).not.toContain('unsafe');
      expect(csp, path).not.toContain('upgrade-insecure-requests');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('same-origin');
      expect(res.headers.get('cross-origin-opener-policy'), path).toBe('same-origin');
      expect(res.headers.get('x-powered-by'), path).toBeNull();
      await res.arrayBuffer();
    }
  });

  it('lets the 驾驶舱 use style attributes (ECharts’ tooltips), and nothing more', async () => {
    const res = await fetch(`${app.url}/dashboard.html`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("style-src 'self';");
    expect(csp).toContain("style-src-attr 'unsafe-inline'");
    expect(csp).toContain("script-src 'self';");
    await res.arrayBuffer();
  });

  it('lets the queue dashboard alone use inline styles (its page is built with them)', async () => {
    const res = await fetch(`${app.url}/console/queues`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("script-src 'self';");
    expect(await res.text()).toContain(QUEUE_DASHBOARD_TEXT.TITLE);
  });
});

describe('the queue dashboard in the development mode', () => {
  it('lists the bot’s queues, read-only', async () => {
    const res = await fetch(`${app.url}/console/queues/api/queues`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { queues: { name: string; readOnlyMode: boolean }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual(['deadline', 'inbound', 'notify']);
    expect(body.queues.every((q) => q.readOnlyMode)).toBe(true);
    const retry = await fetch(`${app.url}/console/queues/api/queues/notify/retry/failed`, { method: 'PUT' });
    expect(retry.status).toBe(405);
  });
});

describe('logs at LOG_LEVEL=debug', () => {
  it('writes debug lines for each job with its id, platform and request, and never a secret', async () => {
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const started = parsed.filter((l) => l.level === 'debug' && l.msg === 'job started');
    expect(started.some((l) => l.job === 'inbound.event' && l.platform === 'console' && typeof l.jobId === 'string' && typeof l.delivery === 'string')).toBe(true);
    expect(started.some((l) => l.job === 'notify.deliver' && typeof l.requestId === 'string' && typeof l.outboxId === 'string')).toBe(true);
    expect(parsed.some((l) => l.level === 'debug' && l.msg === 'job finished' && l.outcome === 'ok' && typeof l.ms === 'number')).toBe(true);
    expect(lines.join('\n')).not.toContain(FILE_LINK_SECRET);
    expect(lines.join('\n')).not.toContain(METRICS_TOKEN);
  });
});

describe('the queue dashboard with the workbench sign-in', () => {
  let signed: TestGuanjia;
  const sessions = new WorkbenchSessions(SESSION_SECRET, 120, () => new Date(), false);
  const cookieOf = (personId: string) => sessions.issue({ personId, platform: 'console', account: personId }).cookie.split(';')[0]!;

  beforeAll(async () => {
    signed = await startTestGuanjia({ env: { CONSOLE_PERSONAS: 'off', WORKBENCH_SECRET: SESSION_SECRET }, workers: false });
    expect(cookieOf('wugang')).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
  });
  afterAll(() => signed?.cleanup());

  it('is refused to someone not signed in, and to a signed-in person without an oversight role (audited)', async () => {
    const anonymous = await fetch(`${signed.url}/console/queues`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain('__UI_CONFIG__');
    expect((await fetch(`${signed.url}/console/queues/api/queues`)).status).toBe(401);
    const forged = await fetch(`${signed.url}/console/queues/api/queues`, { headers: { cookie: `${SESSION_COOKIE}=forged.value` } });
    expect(forged.status).toBe(401);

    const staff = await fetch(`${signed.url}/console/queues/api/queues`, { headers: { cookie: cookieOf('fenglei') } });
    expect(staff.status).toBe(403);
    expect(await staff.text()).toContain(QUEUE_DASHBOARD_TEXT.DENIED);
    const audited = await signed.database.db.auditEvent.findMany({ where: { action: 'security.refused', actorId: 'fenglei' } });
    expect(audited.map((a) => (a.data as { code?: string }).code)).toContain('QUEUES_DENIED');
  });

  it('is served to 财务 on this machine, but not through a proxy', async () => {
    const page = await fetch(`${signed.url}/console/queues`, { headers: { cookie: cookieOf('wugang') } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('__UI_CONFIG__');
    const api = await fetch(`${signed.url}/console/queues/api/queues`, { headers: { cookie: cookieOf('wugang') } });
    expect(api.status).toBe(200);
    const proxied = await fetch(`${signed.url}/console/queues`, { headers: { cookie: cookieOf('wugang'), 'x-forwarded-for': '203.0.113.9' } });
    expect(proxied.status).toBe(403);
    await proxied.arrayBuffer();
  });

  it('reads the outbox’s lag and the alert register from PostgreSQL at scrape time', async () => {
    // no workers here: nothing dispatches the outbox, so a row written two minutes ago still waits
    const db = signed.database.db;
    const scraped = async () => (await fetch(`${signed.url}/metrics`)).text();
    expect(sample(await scraped(), 'guanjia_outbox_undispatched')).toBe(0);
    expect(sample(await scraped(), 'guanjia_outbox_lag_seconds')).toBe(0);
    await db.outbox.create({ data: { kind: 'card.refresh', payload: { kind: 'card.refresh', requestId: 'r-obs' }, createdAt: new Date(Date.now() - 120_000) } });
    await db.alert.create({
      data: { id: 'alert-obs', rule: 'split_purchase', severity: 'warning', dedupeKey: 'split_purchase:r-obs', requestIds: [], requestNos: [], facts: {}, raisedAt: new Date() },
    });
    const text = await scraped();
    expect(sample(text, 'guanjia_outbox_undispatched')).toBe(1);
    expect(sample(text, 'guanjia_outbox_lag_seconds')).toBeGreaterThanOrEqual(119);
    expect(sample(text, 'guanjia_alerts', { rule: 'split_purchase', severity: 'warning', state: 'open' })).toBe(1);
  });

  it('gives each queue’s depth and the age of its oldest waiting job', async () => {
    // no workers here: jobs wait; the older of two was added five minutes ago
    const notify = signed.deps.queues.queue('notify');
    await notify.add('obs.old', {}, { timestamp: Date.now() - 300_000 });
    await notify.add('obs.new', {});
    const text = await (await fetch(`${signed.url}/metrics`)).text();
    expect(sample(text, 'guanjia_queue_jobs', { queue: 'notify', state: 'waiting' })).toBe(2);
    expect(sample(text, 'guanjia_queue_oldest_waiting_seconds', { queue: 'notify' })).toBeGreaterThanOrEqual(299);
    expect(sample(text, 'guanjia_queue_oldest_waiting_seconds', { queue: 'inbound' })).toBe(0);
  });

  it('has no metrics token: /metrics is for this machine only', async () => {
    const res = await fetch(`${signed.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9', authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(403);
    expect((await fetch(`${signed.url}/metrics`)).status).toBe(200);
  });
});

describe('a platform’s refusals and API errors, through the Slack adapter and its fake', () => {
  let bed: SlackTestbed;
  beforeAll(async () => {
    bed = await startSlackTestbed();
  });
  afterAll(() => bed?.stop());

  const metricsText = async () => (await fetch(`${bed.app.url}/metrics`)).text();

  it('counts a forged request as refused (401) and Slack’s error answer by its code', async () => {
    const fenglei = bed.userOf('fenglei');
    const dm = { type: 'message', channel_type: 'im', channel: bed.slack.dmOf(fenglei), user: fenglei };
    const forged = await bed.sender.event({ ...dm, text: '预算' }, { secret: 'not-our-signing-secret' });
    expect(forged.status).toBe(401);
    expect(sample(await metricsText(), 'guanjia_inbound_refused_total', { platform: 'slack', reason: '401' })).toBe(1);

    // the reply's first chat.postMessage is answered ok:false; its job fails once, tries again and the reply arrives
    bed.slack.failNext(1, 'channel_not_found', ['chat.postMessage']);
    const before = bed.slack.dmMessages(fenglei).length;
    expect((await bed.sender.event({ ...dm, text: '预算', ts: `${(Date.now() / 1000).toFixed(6)}` })).status).toBe(200);
    await waitForDm(bed.slack, fenglei, (m) => /预算余额/.test(m.text ?? ''), before, 'the budget reply');
    const text = await metricsText();
    expect(sample(text, 'guanjia_platform_api_errors_total', { platform: 'slack', code: 'channel_not_found' })).toBe(1);
    expect(sample(text, 'guanjia_inbound_accepted_total', { platform: 'slack' })).toBe(1);
    // a failed attempt is counted as such, and its time observed beside the ones that went through
    const failures = [...text.matchAll(/^guanjia_job_failures_total\{job="([^"]+)"\} (\d+)$/gm)];
    expect(failures.map((m) => m[1])).toEqual([expect.stringMatching(/^notify\./)]);
    expect(sample(text, 'guanjia_job_duration_seconds_count', { job: failures[0]![1]!, outcome: 'failed' })).toBe(Number(failures[0]![2]));
  });
});
