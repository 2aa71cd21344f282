// A report's workbook sent as a file message (PlatformPort.sendFile), over real sockets against the
// local platforms. WeCom and DingTalk upload it first (multipart, which the fakes parse for real) and
// send a message naming the media id they got back: the recipient gets the very bytes, under the
// report's name. An access token that lapses between the upload and the message is refreshed; a
// platform 5xx makes sendFile throw, so the queue retries the job. A file over the platforms' 20 MB
// goes as its link. The console posts a message whose name and 下载 link its conversation API returns.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { UnrecoverableError } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../adapters/index.js';
import { AccessTokens } from '../../adapters/dingtalk/access-token.js';
import { DingTalkApi } from '../../adapters/dingtalk/dingtalk-api.js';
import { DingTalkPort } from '../../adapters/dingtalk/dingtalk-port.js';
import { dingTalkSettings, type DingTalkSettings } from '../../adapters/dingtalk/dingtalk-settings.js';
import { DingTalkApiError, type RetryPolicy } from '../../adapters/dingtalk/openapi-request.js';
import { WecomApi } from '../../adapters/wecom/wecom-api.js';
import { CardCodes } from '../../adapters/wecom/wecom-card-codes.js';
import { WecomApiError } from '../../adapters/wecom/wecom-errors.js';
import { WecomPort } from '../../adapters/wecom/wecom-port.js';
import type { Logger } from '../../bot/deps.js';
import type { OutboundFile, Recipient } from '../../bot/platform-port.js';
import { createRedis } from '../../bot/queue/redis.js';
import { addRow, addSheet, MONEY_FORMAT, writeWorkbook, yuanCell } from '../../bot/reports/write-workbook.js';
import { ConsoleClient } from '../helpers/console-client.js';
import { FakeDingTalk } from '../helpers/fake-dingtalk.js';
import { FakeWecom } from '../helpers/fake-wecom.js';
import { startTestGuanjia, type TestGuanjia } from '../helpers/test-guanjia.js';
import { testRedis, type TestRedis } from '../helpers/test-redis.js';
import { WECOM } from '../helpers/wecom-guanjia.js';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const NAME = '预算执行情况表-城建办-2026-11-30.xlsx';
const URL_FOR = (who: string) => `http://127.0.0.1:9/files/report:r1?for=${who}&sig=fake`;
const MB = 1024 * 1024;
/** quick retries */
const RETRY: RetryPolicy = { attempts: 3, timeoutMs: 2_000, backoffMs: 20, maxBackoffMs: 100 };
const log: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => log };
const prefix = `t${randomBytes(5).toString('hex')}`;

let server: TestRedis;
let redis: Redis;
let workbook: Uint8Array;

beforeAll(async () => {
  server = await testRedis();
  redis = createRedis(server.url, () => {});
  // a real workbook, as the reports write them
  workbook = await writeWorkbook(async (book) => {
    const columns = [
      { header: '部门', width: 12 },
      { header: '科目', width: 12 },
      { header: '已支出', width: 14, numFmt: MONEY_FORMAT },
    ];
    const sheet = addSheet(book, '预算执行', '预算执行情况表', columns);
    for (let i = 0; i < 2000; i++) addRow(sheet, columns, ['城建办', `办公费 ${i}`, yuanCell(BigInt(120_000 + i))]);
  });
});

afterAll(async () => {
  const keys = await redis?.keys(`${prefix}*`);
  if (keys?.length) await redis.del(...keys);
  redis?.disconnect();
  await server?.stop();
});

const fileFor = (who: string, bytes: Uint8Array = workbook, name = NAME): OutboundFile => ({ name, bytes, url: URL_FOR(who) });
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

describe('WeCom', () => {
  let wecom: FakeWecom;
  let port: WecomPort;
  const to: Recipient = { personId: 'qianwei', account: 'QianWei' };

  beforeAll(async () => {
    wecom = await new FakeWecom(WECOM).start();
    wecom.users.add('QianWei');
    const api = new WecomApi({ ...WECOM, apiBase: wecom.url }, redis, prefix);
    const base = `${prefix}:wecom`;
    port = new WecomPort({ api, agentId: WECOM.agentId, codes: new CardCodes(redis, base), redis, base, log, reportFailure: async () => {} });
  });
  afterAll(() => wecom?.stop());

  const uploadCalls = () => wecom.callsTo('/cgi-bin/media/upload');
  const sendCalls = () => wecom.callsTo('/cgi-bin/message/send');

  it('uploads the workbook as 临时素材 and sends a file message naming its media_id: the same bytes, under the report’s name', async () => {
    await port.sendFile(to, fileFor('qianwei'));
    const [upload, ...more] = [...wecom.uploads.values()];
    expect(more).toHaveLength(0);
    expect(upload).toMatchObject({ type: 'file', name: NAME, contentType: XLSX_MIME, filelength: String(workbook.byteLength) });
    expect(same(upload!.bytes, workbook)).toBe(true);
    expect(uploadCalls().at(-1)!.query).toMatchObject({ type: 'file' });
    expect(sendCalls().at(-1)!.body).toEqual({ touser: 'QianWei', agentid: WECOM.agentId, msgtype: 'file', file: { media_id: upload!.mediaId } });
    expect(wecom.files).toEqual([{ userId: 'QianWei', mediaId: upload!.mediaId, name: NAME, bytes: upload!.bytes }]);
  });

  it('refreshes a token that lapses between the upload and the message, and delivers the file once', async () => {
    const files = wecom.files.length;
    const tokens = wecom.tokenRequests();
    wecom.afterCall = (call) => {
      if (call.path !== '/cgi-bin/media/upload' || call.answer.json?.errcode !== 0) return;
      wecom.afterCall = undefined;
      wecom.expireTokens();
    };
    await port.sendFile(to, fileFor('qianwei'));
    expect(wecom.tokenRequests()).toBe(tokens + 1);
    expect(
      sendCalls()
        .slice(-2)
        .map((c) => c.answer.json?.errcode),
    ).toEqual([42001, 0]);
    expect(wecom.files).toHaveLength(files + 1);
    expect(same(wecom.files.at(-1)!.bytes, workbook)).toBe(true);
  });

  it('refreshes a token that lapsed before the upload', async () => {
    const tokens = wecom.tokenRequests();
    wecom.expireTokens();
    await port.sendFile(to, fileFor('qianwei'));
    expect(wecom.tokenRequests()).toBe(tokens + 1);
    expect(
      uploadCalls()
        .slice(-2)
        .map((c) => c.answer.json?.errcode),
    ).toEqual([42001, 0]);
    expect(wecom.files.at(-1)!.name).toBe(NAME);
  });

  it('throws for the queue to retry when WeCom answers 500, on the upload or on the message', async () => {
    const files = wecom.files.length;
    wecom.failNext(2, 'http500', ['/cgi-bin/media/upload']);
    const upload = await port.sendFile(to, fileFor('qianwei')).catch((e: unknown) => e);
    expect(upload).toBeInstanceOf(WecomApiError);
    expect(upload).not.toBeInstanceOf(UnrecoverableError);
    expect((upload as WecomApiError).kind).toBe('transient');

    wecom.failNext(2, 'http500', ['/cgi-bin/message/send']);
    const send = await port.sendFile(to, fileFor('qianwei')).catch((e: unknown) => e);
    expect(send).toBeInstanceOf(WecomApiError);
    expect((send as WecomApiError).kind).toBe('transient');
    expect(wecom.pendingFailures()).toBe(0);
    expect(wecom.files).toHaveLength(files);
    // the queue's retry goes through
    await port.sendFile(to, fileFor('qianwei'));
    expect(wecom.files).toHaveLength(files + 1);
  });

  it('refuses for good a member WeCom does not know (81013)', async () => {
    const error = await port.sendFile({ personId: 'x', account: 'NotInCompany' }, fileFor('x')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnrecoverableError);
    expect(String((error as Error).message)).toContain('81013');
  });

  it('sends the link instead of a file over WeCom’s 20 MB', async () => {
    const uploads = uploadCalls().length;
    await port.sendFile(to, fileFor('qianwei', new Uint8Array(20 * MB + 1), '大表.xlsx'));
    expect(uploadCalls()).toHaveLength(uploads);
    expect(wecom.texts.at(-1)).toEqual({ userId: 'QianWei', content: expect.stringContaining(URL_FOR('qianwei')) });
    expect(wecom.texts.at(-1)!.content).toContain('📎 大表.xlsx（20 MB）');
  });
});

describe('DingTalk', () => {
  let fake: FakeDingTalk;
  let settings: DingTalkSettings;
  let port: DingTalkPort;
  const USER = '0920000011';

  beforeAll(async () => {
    fake = await FakeDingTalk.start();
    settings = dingTalkSettings(loadConfig({ ...fake.env(), QUEUE_PREFIX: prefix }))!;
    const tokens = new AccessTokens({ redis, settings, fetch, retry: RETRY });
    port = new DingTalkPort(new DingTalkApi({ apiBase: settings.apiBase, tokens, fetch, retry: RETRY }), settings, log);
  });
  afterAll(() => fake?.close());

  const uploadCalls = () => fake.api.calls.filter((c) => c.path === '/media/upload');

  it('takes the old-style API host from DINGTALK_OAPI_BASE, oapi.dingtalk.com by default', () => {
    expect(settings.oapiBase).toBe(fake.url);
    const { DINGTALK_OAPI_BASE: _, ...env } = fake.env();
    expect(dingTalkSettings(loadConfig({ ...env, QUEUE_PREFIX: prefix }))!.oapiBase).toBe('https://oapi.dingtalk.com');
  });

  it('uploads the workbook (上传媒体文件) and sends sampleFile to the person: the same bytes, under the report’s name', async () => {
    await port.sendFile({ personId: 'qianwei', account: USER }, fileFor('qianwei'));
    const [upload, ...more] = [...fake.api.uploads.values()];
    expect(more).toHaveLength(0);
    expect(upload).toMatchObject({ type: 'file', name: NAME, contentType: XLSX_MIME });
    expect(same(upload!.bytes, workbook)).toBe(true);
    expect(fake.api.files).toEqual([{ userId: USER, mediaId: upload!.mediaId, fileName: NAME, fileType: 'xlsx', bytes: upload!.bytes }]);
  });

  it('sends it into the group the person asked in', async () => {
    await port.sendFile({ personId: 'qianwei', account: USER, group: 'cidGroup0001==' }, fileFor('qianwei'));
    const sent = fake.api.files.at(-1)!;
    expect(sent).toMatchObject({ conversationId: 'cidGroup0001==', fileName: NAME, fileType: 'xlsx' });
    expect(sent.userId).toBeUndefined();
    expect(same(sent.bytes, workbook)).toBe(true);
  });

  it('refreshes a token DingTalk drops between the upload and the message, and delivers the file once', async () => {
    const files = fake.api.files.length;
    const tokens = fake.api.tokenRequests;
    fake.api.afterCall = (call) => {
      if (call.path !== '/media/upload' || call.status !== 200) return;
      fake.api.afterCall = undefined;
      fake.api.revokeTokens();
    };
    await port.sendFile({ personId: 'qianwei', account: USER }, fileFor('qianwei'));
    expect(fake.api.tokenRequests).toBe(tokens + 1);
    const batch = fake.api.calls.filter((c) => c.path === '/v1.0/robot/oToMessages/batchSend').slice(-2);
    expect(batch.map((c) => c.status)).toEqual([401, 200]);
    expect(fake.api.files).toHaveLength(files + 1);
  });

  it('refreshes a token the upload is refused with (errcode 40014)', async () => {
    const tokens = fake.api.tokenRequests;
    fake.api.revokeTokens();
    await port.sendFile({ personId: 'qianwei', account: USER }, fileFor('qianwei'));
    expect(fake.api.tokenRequests).toBe(tokens + 1);
    expect(fake.api.uploads.size).toBeGreaterThanOrEqual(4);
    expect(fake.api.files.at(-1)).toMatchObject({ userId: USER, fileName: NAME });
  });

  it('throws for the queue to retry when DingTalk answers 5xx', async () => {
    const files = fake.api.files.length;
    const uploads = uploadCalls().length;
    fake.api.fail(RETRY.attempts, 503);
    const error = await port.sendFile({ personId: 'qianwei', account: USER }, fileFor('qianwei')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DingTalkApiError);
    expect((error as DingTalkApiError).retryable).toBe(true);
    expect(uploadCalls()).toHaveLength(uploads + RETRY.attempts);
    expect(fake.api.files).toHaveLength(files);
    await port.sendFile({ personId: 'qianwei', account: USER }, fileFor('qianwei'));
    expect(fake.api.files).toHaveLength(files + 1);
  });

  it('sends the link instead of a file over DingTalk’s 20 MB', async () => {
    const uploads = uploadCalls().length;
    await port.sendFile({ personId: 'qianwei', account: USER }, fileFor('qianwei', new Uint8Array(20 * MB + 1), '大表.xlsx'));
    expect(uploadCalls()).toHaveLength(uploads);
    expect(fake.api.textsTo(USER).at(-1)).toContain(URL_FOR('qianwei'));
  });
});

describe('console', () => {
  let app: TestGuanjia;

  beforeAll(async () => {
    app = await startTestGuanjia({ workers: false });
  });
  afterAll(() => app?.cleanup());

  it('posts a message whose name, size and 下载 link the conversation API returns', async () => {
    const port = app.deps.ports.get('console')!;
    await port.sendFile({ personId: 'qianwei', account: 'qianwei' }, fileFor('qianwei'));
    const [message] = (await new ConsoleClient(app.url).messages('qianwei')).slice(-1);
    expect(message).toMatchObject({
      direction: 'out',
      text: `📎 ${NAME}（${Math.round(workbook.byteLength / 1024)} KB）`,
      file: { name: NAME, size: workbook.byteLength, url: URL_FOR('qianwei') },
    });
  });
});
