// Files people send the DingTalk robot (附件), over real sockets against the local DingTalk: the
// message arrives over Stream as a file event, and the port fetches the bytes by the downloadCode
// (messageFiles/download → a temporary link on the storage host): byte for byte, never more than
// allowed, through 5xx and a storage host that hangs, and with a clear error for a code DingTalk refuses.
// Then the whole way: a file sent in the chat is attached to the sender's draft and listed on its card.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../adapters/index.js';
import { AccessTokens } from '../../adapters/dingtalk/access-token.js';
import { DingTalkApi } from '../../adapters/dingtalk/dingtalk-api.js';
import { DingTalkPort } from '../../adapters/dingtalk/dingtalk-port.js';
import { dingTalkSettings, type DingTalkSettings } from '../../adapters/dingtalk/dingtalk-settings.js';
import { DingTalkApiError, type RetryPolicy } from '../../adapters/dingtalk/openapi-request.js';
import { StreamClient } from '../../adapters/dingtalk/stream-client.js';
import { streamInbound } from '../../adapters/dingtalk/stream-inbound.js';
import type { Logger } from '../../bot/deps.js';
import type { InboundEvent } from '../../bot/inbound-event.js';
import type { FetchedFile } from '../../bot/platform-port.js';
import { createRedis } from '../../bot/queue/redis.js';
import { DINGTALK_IDS, startWithFakeDingTalk } from '../helpers/dingtalk-org.js';
import { FakeDingTalk, hasAction } from '../helpers/fake-dingtalk.js';
import { testRedis, type TestRedis } from '../helpers/test-redis.js';
import { waitFor, type TestGuanjia } from '../helpers/test-guanjia.js';

const USER = '0920000011';
const MB = 1024 * 1024;
/** quick retries; a download that takes longer than this is a hanging host */
const RETRY: RetryPolicy = { attempts: 3, timeoutMs: 2_000, backoffMs: 20, maxBackoffMs: 100 };
const DOWNLOAD_MS = 1_500;

const log: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => log };

let fake: FakeDingTalk;
let server: TestRedis;
let redis: Redis;
let settings: DingTalkSettings;
let api: DingTalkApi;
let port: DingTalkPort;

beforeAll(async () => {
  fake = await FakeDingTalk.start();
  server = await testRedis();
  redis = createRedis(server.url, () => {});
  settings = dingTalkSettings(loadConfig({ ...fake.env(), QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}` }))!;
  const tokens = new AccessTokens({ redis, settings, fetch, retry: RETRY });
  api = new DingTalkApi({ apiBase: settings.apiBase, tokens, fetch, retry: RETRY, downloadMs: DOWNLOAD_MS });
  port = new DingTalkPort(api, settings, log);
});

afterAll(async () => {
  const keys = await redis?.keys(`${settings?.keyPrefix}*`);
  if (keys?.length) await redis.del(...keys);
  redis?.disconnect();
  await server?.stop();
  await fake?.close();
});

const bytesOf = (fetched: FetchedFile) => ('bytes' in fetched ? Buffer.from(fetched.bytes) : undefined);
const downloadsOf = (code: string) => fake.api.downloads.filter((d) => d.downloadCode === code);

describe('a file sent in the 1:1 chat', () => {
  it('arrives over Stream as a file event, and its downloadCode fetches the same bytes', async () => {
    const events: InboundEvent[] = [];
    const inbound = streamInbound({ enqueue: async (e) => void events.push(e), log, clock: () => new Date() });
    const client = new StreamClient({ settings, log, fetch, onCallback: (frame, ack) => void inbound(frame, ack) });
    client.start();
    try {
      await waitFor(() => fake.stream.openConnections > 0, 'a Stream connection');
      const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(200_000)]);
      const sent = fake.sendFile(USER, pdf, { name: '发票-2026-07.pdf' });
      const photo = randomBytes(90_000);
      const snap = fake.sendFile(USER, photo, { picture: true, chunked: true });
      await waitFor(() => events.length >= 2, 'both messages queued');
      expect(events).toEqual([
        expect.objectContaining({
          kind: 'file',
          dedupeKey: `dingtalk:msg:${sent.msgId}`,
          conversation: { kind: 'direct', id: USER },
          file: { ref: sent.downloadCode, name: '发票-2026-07.pdf' },
        }),
        expect.objectContaining({ kind: 'file', dedupeKey: `dingtalk:msg:${snap.msgId}`, file: { ref: snap.downloadCode } }),
      ]);
      const [first, second] = events as [InboundEvent & { kind: 'file' }, InboundEvent & { kind: 'file' }];
      expect(bytesOf(await port.fetchFile(first.file.ref, 20 * MB))).toEqual(pdf);
      expect(bytesOf(await port.fetchFile(second.file.ref, 20 * MB))).toEqual(photo);
      // the link is the credential: the OpenAPI token never goes to the storage host
      expect(fake.api.downloads.every((d) => !d.sentToken)).toBe(true);
      await waitFor(() => fake.stream.acksFor(sent.messageId).length > 0, 'the push acked');
    } finally {
      await client.stop();
    }
  });

  it('fetches an empty file as no bytes, and one exactly at the limit whole', async () => {
    expect(bytesOf(await port.fetchFile(fake.api.addRobotFile(new Uint8Array(0)), 1_000))).toEqual(Buffer.alloc(0));
    const exact = randomBytes(1_000);
    expect(bytesOf(await port.fetchFile(fake.api.addRobotFile(exact, { chunked: true }), 1_000))).toEqual(exact);
  });
});

describe('a file larger than allowed', () => {
  // far more than socket buffers hold, so a download that did not stop would be seen to finish
  const big = randomBytes(32 * MB);

  it('is refused by its Content-Length, without reading it', async () => {
    const code = fake.api.addRobotFile(big);
    expect(await port.fetchFile(code, MB)).toEqual({ tooLarge: big.byteLength });
    const [download] = await waitFor(() => (downloadsOf(code).every((d) => d.finished) ? downloadsOf(code) : undefined), 'the storage host to stop sending');
    expect(download).toMatchObject({ complete: false });
    expect(download!.sent).toBeLessThan(big.byteLength);
  });

  it('is counted when no length is announced, and the download stopped just past the limit', async () => {
    const code = fake.api.addRobotFile(big, { chunked: true });
    const fetched = await port.fetchFile(code, MB);
    expect('tooLarge' in fetched && fetched.tooLarge).toBeGreaterThan(MB);
    expect('tooLarge' in fetched && fetched.tooLarge).toBeLessThan(big.byteLength);
    const [download] = await waitFor(() => (downloadsOf(code).every((d) => d.finished) ? downloadsOf(code) : undefined), 'the storage host to stop sending');
    expect(download).toMatchObject({ complete: false });
  });
});

describe('when DingTalk is in trouble', () => {
  it('gets through a 503 from the OpenAPI and from the storage host by trying again', async () => {
    const bytes = randomBytes(50_000);
    const code = fake.api.addRobotFile(bytes);
    fake.api.fail(1, 503);
    fake.api.failFiles(1, 503);
    expect(bytesOf(await port.fetchFile(code, MB))).toEqual(bytes);
    expect(downloadsOf(code).map((d) => d.status)).toEqual([503, 200]);
  });

  it('throws, for the queue to try again, when the trouble lasts or the storage host hangs', async () => {
    const code = fake.api.addRobotFile(randomBytes(1_000));
    fake.api.fail(RETRY.attempts, 503);
    await expect(port.fetchFile(code, MB)).rejects.toMatchObject({ name: 'DingTalkApiError', status: 503, retryable: true });
    // the download is tried twice at most, each cut off after DOWNLOAD_MS
    fake.api.failFiles(2, 200, DOWNLOAD_MS * 2);
    await expect(port.fetchFile(code, MB)).rejects.toMatchObject({ code: 'TIMEOUT', retryable: true });
    // and it works again afterwards
    expect(bytesOf(await port.fetchFile(code, MB))).toHaveLength(1_000);
  });

  it('throws a clear, final error for a downloadCode DingTalk does not know (wrong or expired)', async () => {
    const calls = fake.api.calls.length;
    const refused = await port.fetchFile(`dl${randomUUID()}`, MB).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DingTalkApiError);
    expect(refused).toMatchObject({ status: 400, retryable: false, message: expect.stringMatching(/downloadCode .*invalid or expired.*must be sent again/) });
    // final at once: not retried
    expect(fake.api.calls.slice(calls).filter((c) => c.path === '/v1.0/robot/messageFiles/download')).toHaveLength(1);
    // a robot code that is not the app's is refused the same way
    const other = new DingTalkPort(api, { ...settings, robotCode: 'dingnotourrobot' }, log);
    await expect(other.fetchFile(fake.api.addRobotFile(randomBytes(10)), MB)).rejects.toMatchObject({ status: 400, retryable: false });
  });
});

describe('a file sent to the robot, the whole way', () => {
  let dingtalk: FakeDingTalk;
  let app: TestGuanjia;
  beforeAll(async () => {
    ({ fake: dingtalk, app } = await startWithFakeDingTalk());
  });
  afterAll(async () => {
    await app?.cleanup();
    await dingtalk?.close();
  });

  it('is attached to the sender’s draft, confirmed in the chat, and listed on the card with a link that opens it', async () => {
    const fenglei = DINGTALK_IDS.fenglei;
    dingtalk.say(fenglei, '/申请 办公费 1200 购买打印纸');
    const draft = await dingtalk.waitForCard(fenglei, hasAction('submit'));
    const texts = dingtalk.api.textsTo(fenglei).length;
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'), randomBytes(20_000), Buffer.from('\n%%EOF\n')]);
    dingtalk.sendFile(fenglei, pdf, { name: 'invoice.pdf' });

    await dingtalk.waitForText(fenglei, /^已附加到 No\.\d+：.*invoice\.pdf/, texts);
    const shown = await dingtalk.waitForCard(fenglei, (v) => (v.attachments ?? '').includes('invoice.pdf'), draft.view.requestId);
    // only the requester's copy carries the link, which is signed for them
    expect(shown.card.cardData.attachments).toBe('');
    const link = /\]\((https?:[^)]+)\)/.exec(shown.view.attachments)?.[1];
    expect(link).toBeDefined();
    const opened = await fetch(link!);
    expect(opened.status).toBe(200);
    expect(Buffer.from(await opened.arrayBuffer())).toEqual(pdf);
    // fetched once, through messageFiles/download and the temporary link
    expect(dingtalk.api.downloads.filter((d) => d.complete)).toHaveLength(1);
  });
});
