// 附件 on WeCom, the adapter's half, over real sockets against the local fake: a picture or file sent
// to the app arrives as a file event, and the port fetches its bytes by MediaId (获取临时素材) —
// identical bytes, the name from Content-Disposition (a Chinese one, in either encoding), nothing
// read past the limit, an unknown media_id refused for good, an expired token refreshed, and a 500,
// a cut-off body or a stalled one thrown for the queue to retry. A file WeCom will only give in Range
// parts (830002) is fetched in parts. Then the whole way: a picture and a file sent in the app chat
// are attached to the sender's draft, and its card opens them from link rows.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { UnrecoverableError } from 'bullmq';
import express from 'express';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WecomApi } from '../../adapters/wecom/wecom-api.js';
import { CardCodes } from '../../adapters/wecom/wecom-card-codes.js';
import { decodeAesKey } from '../../adapters/wecom/wecom-crypto.js';
import { WecomApiError } from '../../adapters/wecom/wecom-errors.js';
import { fetchMedia } from '../../adapters/wecom/wecom-media.js';
import { WecomPort } from '../../adapters/wecom/wecom-port.js';
import { wecomRouter } from '../../adapters/wecom/wecom-router.js';
import type { Logger } from '../../bot/deps.js';
import type { FileEvent, InboundEvent } from '../../bot/inbound-event.js';
import type { FetchedFile } from '../../bot/platform-port.js';
import { createRedis } from '../../bot/queue/redis.js';
import { FakeWecom } from '../helpers/fake-wecom.js';
import { FakeWecomClient } from '../helpers/fake-wecom-client.js';
import { testRedis, type TestRedis } from '../helpers/test-redis.js';
import { waitFor } from '../helpers/test-guanjia.js';
import { WECOM, startWecomTestbed, waitForCard, waitForText, type WecomTestbed } from '../helpers/wecom-guanjia.js';
import { buttonsOf, rowOf } from '../helpers/fake-wecom-client.js';

const MB = 1024 * 1024;
const prefix = `t${randomBytes(5).toString('hex')}`;
const quietLog: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => quietLog };
const enqueued: InboundEvent[] = [];

let redisServer: TestRedis;
let redis: Redis;
let wecom: FakeWecom;
let api: WecomApi;
let port: WecomPort;
let client: FakeWecomClient;
let server: ReturnType<ReturnType<typeof express>['listen']>;

beforeAll(async () => {
  redisServer = await testRedis();
  redis = createRedis(redisServer.url, () => {});
  wecom = await new FakeWecom(WECOM).start();
  api = new WecomApi({ ...WECOM, apiBase: wecom.url }, redis, prefix);
  const base = `${prefix}:wecom`;
  port = new WecomPort({ api, agentId: WECOM.agentId, codes: new CardCodes(redis, base), redis, base, log: quietLog, reportFailure: async () => {} });
  const router = wecomRouter({
    settings: { ...WECOM, apiBase: wecom.url, oauthBase: wecom.url },
    key: decodeAesKey(WECOM.encodingAesKey),
    enqueue: async (event) => void enqueued.push(event),
    codes: new CardCodes(redis, base),
    // the organisation file spells the account FengLei; WeCom may send it in another case
    accounts: { canonical: async (_platform: string, account: string) => (account.toLowerCase() === 'fenglei' ? 'FengLei' : account) },
    log: quietLog,
    clock: () => new Date(),
  });
  const app = express().use(router);
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  client = new FakeWecomClient(wecom);
  client.callbackUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wecom/callback`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await wecom?.stop();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis?.disconnect();
  await redisServer?.stop();
});

const bytesOf = (file: FetchedFile) => ('bytes' in file ? Buffer.from(file.bytes) : null);
const mediaCalls = () => wecom.callsTo('/cgi-bin/media/get');

describe('a picture or file sent to the app', () => {
  it('arrives as a file event in the sender’s own chat, and its MediaId fetches the same bytes', async () => {
    const photo = randomBytes(300 * 1024);
    const sent = await client.send('fenglei', photo);
    expect(sent.status).toBe(200);
    const pdf = randomBytes(4096);
    const mediaId = wecom.addMedia(pdf, '发票.pdf');
    expect(await client.post(client.fileMessage('FengLei', mediaId, '发票.pdf'))).toBe(200);

    const [picture, file] = enqueued.filter((e): e is FileEvent => e.kind === 'file');
    expect(picture).toMatchObject({ account: 'FengLei', conversation: { kind: 'direct', id: 'FengLei' }, file: { ref: sent.mediaId } });
    expect(picture!.file.name).toBeUndefined();
    expect(file).toMatchObject({ account: 'FengLei', file: { ref: mediaId, name: '发票.pdf' } });
    expect(picture!.dedupeKey).not.toBe(file!.dedupeKey);

    const fetched = await port.fetchFile(picture!.file.ref, 20 * MB);
    expect(bytesOf(fetched)?.equals(photo)).toBe(true);
    // WeCom calls a picture MEDIA_ID.jpg: no name worth keeping
    expect(fetched.name).toBeUndefined();
    expect(bytesOf(await port.fetchFile(mediaId, 20 * MB))?.equals(pdf)).toBe(true);
  });
});

describe('WecomPort.fetchFile', () => {
  it('takes the name from Content-Disposition, a Chinese one sent either way', async () => {
    const bytes = randomBytes(1000);
    expect((await port.fetchFile(wecom.addMedia(bytes, 'invoice-2026.pdf'), MB)).name).toBe('invoice-2026.pdf');
    for (const nameStyle of ['raw', 'rfc5987'] as const) {
      const file = await port.fetchFile(wecom.addMedia(bytes, '验收报告（第 1 期）.pdf', { nameStyle }), MB);
      expect(file.name, nameStyle).toBe('验收报告（第 1 期）.pdf');
      expect(bytesOf(file)?.equals(bytes)).toBe(true);
    }
  });

  it('measures a file larger than the limit without keeping it, by Content-Length or by reading', async () => {
    const big = randomBytes(200 * 1024);
    expect(await port.fetchFile(wecom.addMedia(big, 'big.pdf'), 100 * 1024)).toEqual({ tooLarge: big.length, name: 'big.pdf' });
    const streamed = await port.fetchFile(wecom.addMedia(big, 'big.pdf', { chunked: true }), 100 * 1024);
    expect(streamed).not.toHaveProperty('bytes');
    expect('tooLarge' in streamed && streamed.tooLarge).toBeGreaterThan(100 * 1024);
    // exactly at the limit is not too large
    expect(bytesOf(await port.fetchFile(wecom.addMedia(big, 'big.pdf', { chunked: true }), big.length))?.equals(big)).toBe(true);
  });

  it('refuses an unknown media_id for good (40007), without retrying', async () => {
    const before = mediaCalls().length;
    const error = await port.fetchFile('1nosuchmedia', MB).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnrecoverableError);
    expect(String((error as Error).message)).toContain('40007');
    expect(mediaCalls()).toHaveLength(before + 1);
    expect(mediaCalls().at(-1)!.answer.json).toEqual({ errcode: 40007, errmsg: 'invalid media_id' });
  });

  it('refreshes an expired token and fetches the file', async () => {
    const bytes = randomBytes(2048);
    const mediaId = wecom.addMedia(bytes, 'a.pdf');
    await port.fetchFile(mediaId, MB); // a token in the cache
    const tokens = wecom.tokenRequests();
    wecom.expireTokens();
    expect(bytesOf(await port.fetchFile(mediaId, MB))?.equals(bytes)).toBe(true);
    expect(wecom.tokenRequests()).toBe(tokens + 1);
    expect(mediaCalls().some((c) => c.answer.json?.errcode === 42001)).toBe(true);
  });

  it('tries a 500 or a cut-off body once more, and then throws for the queue to retry', async () => {
    const bytes = randomBytes(50 * 1024);
    const mediaId = wecom.addMedia(bytes, 'a.pdf');
    wecom.failNext(1, 'http500', ['/cgi-bin/media/get']);
    expect(bytesOf(await port.fetchFile(mediaId, MB))?.equals(bytes)).toBe(true);
    wecom.failNext(1, 'cut', ['/cgi-bin/media/get']);
    expect(bytesOf(await port.fetchFile(mediaId, MB))?.equals(bytes)).toBe(true);

    for (const kind of ['http500', 'cut', -1] as const) {
      wecom.failNext(2, kind, ['/cgi-bin/media/get']);
      const error = await port.fetchFile(mediaId, MB).catch((e: unknown) => e);
      expect(error, String(kind)).toBeInstanceOf(WecomApiError);
      expect(error).not.toBeInstanceOf(UnrecoverableError);
      expect((error as WecomApiError).kind).toBe('transient');
      expect(wecom.pendingFailures()).toBe(0);
    }
  });

  it('gives up on a download that stalls, as on a failed connection', async () => {
    const mediaId = wecom.addMedia(randomBytes(1024), 'a.pdf');
    wecom.failNext(2, 'hang', ['/cgi-bin/media/get']);
    const error = await fetchMedia(api, mediaId, MB, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WecomApiError);
    expect((error as WecomApiError).kind).toBe('transient');
    expect(wecom.pendingFailures()).toBe(0);
  });
});

describe('a file WeCom gives only in Range parts (830002)', () => {
  it('is fetched part by part, or measured from its first part when too large', async () => {
    const bytes = randomBytes(5000);
    const mediaId = wecom.addMedia(bytes, '合同扫描件.pdf');
    wecom.media.wholeLimit = 1000;
    try {
      const before = mediaCalls().length;
      const file = await fetchMedia(api, mediaId, 10_000, { partBytes: 2048 });
      expect(bytesOf(file)?.equals(bytes)).toBe(true);
      expect(file.name).toBe('合同扫描件.pdf');
      const calls = mediaCalls().slice(before);
      expect(calls[0]!.answer.json?.errcode).toBe(830002);
      expect(calls.slice(1).map((c) => [c.range, c.answer.status])).toEqual([
        ['bytes=0-2047', 206],
        ['bytes=2048-4095', 206],
        ['bytes=4096-6143', 206],
      ]);
      // with the port's own part size: one part, and the size from Content-Range
      expect(bytesOf(await port.fetchFile(mediaId, 10_000))?.equals(bytes)).toBe(true);
      const tooLarge = mediaCalls().length;
      expect(await port.fetchFile(mediaId, 4000)).toEqual({ tooLarge: 5000, name: '合同扫描件.pdf' });
      expect(
        mediaCalls()
          .slice(tooLarge)
          .map((c) => c.answer.status),
      ).toEqual([200, 206]);
    } finally {
      wecom.media.wholeLimit = 20 * MB;
    }
  });
});

describe('a picture and a file sent in the app chat, the whole way', () => {
  let bed: WecomTestbed;
  beforeAll(async () => {
    bed = await startWecomTestbed();
  });
  afterAll(() => bed?.stop());

  it('are attached to the sender’s draft, confirmed in the chat, and opened from the card’s link rows', async () => {
    const fenglei = bed.userOf('fenglei');
    expect(await bed.client.say(fenglei, '/申请 办公费 1200 购买打印纸')).toBe(200);
    const draft = await waitFor(() => [...bed.wecom.cards.values()].find((c) => c.userId === fenglei && buttonsOf(c).some((b) => b.text === '提交')), 'the draft card');
    const no = Number(rowOf(draft, '编号')!.slice(3));

    const texts = bed.wecom.texts.length;
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), randomBytes(30_000), Buffer.from([0xff, 0xd9])]);
    expect((await bed.client.send(fenglei, photo)).status).toBe(200);
    await waitForText(bed.wecom, fenglei, new RegExp(`^已附加到 No\\.${no}`), texts);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'), randomBytes(20_000), Buffer.from('\n%%EOF\n')]);
    const sent = await bed.client.send(fenglei, pdf, 'invoice.pdf');
    expect(sent.status).toBe(200);

    const links = (c: typeof draft) => (c.current.horizontal_content_list as { type?: number; value: string; url?: string }[]).filter((r) => r.type === 1);
    const shown = await waitForCard(bed.wecom, fenglei, no, (c) => links(c).some((r) => r.value.startsWith('invoice.pdf')), 'listing invoice.pdf');
    expect(links(shown)).toHaveLength(2);
    for (const [row, bytes] of [
      [links(shown).find((r) => r.value.startsWith('invoice.pdf'))!, pdf],
      [links(shown).find((r) => !r.value.startsWith('invoice.pdf'))!, photo],
    ] as const) {
      const opened = await fetch(row.url!);
      expect(opened.status).toBe(200);
      expect(Buffer.from(await opened.arrayBuffer()).equals(bytes)).toBe(true);
    }
    // each fetched from WeCom once
    const downloads = bed.wecom.callsTo('/cgi-bin/media/get').filter((c) => c.answer.bytes);
    expect(downloads.map((c) => c.query.media_id).sort()).toEqual([...bed.wecom.media.files.keys()].sort());
  });
});
