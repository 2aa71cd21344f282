// The OpenAPI side of the fake DingTalk: access tokens, interactive cards (createAndDeliver, PUT
// instances), robot messages (1:1 batchSend, group send; text, markdown and sampleFile), the files
// people sent the robot (messageFiles/download → a temporary link, served as a storage host would) and
// those the robot sends (上传媒体文件 on the old-style API, /media/upload), the workbench's 免登 (auth
// codes traded with /topapi/v2/user/getuserinfo, also on the old-style API), each checked the way
// DingTalk checks it and recorded; plus faults on demand (5xx for a while, a gateway that hangs,
// revoked tokens, a storage host that fails).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseMultipart } from './parse-multipart.js';

export interface FakeCard {
  outTrackId: string;
  userId: string;
  templateId: string;
  cardData: Record<string, string>;
  privateData: Record<string, Record<string, string>>;
  updates: number;
}

export interface SentText {
  userId: string;
  text: string;
  /** a sampleActionCard's title and its one button */
  title?: string;
  button?: { title: string; url: string };
}

export interface GroupMessage {
  conversationId: string;
  msgKey: string;
  title?: string;
  text: string;
  /** a sampleActionCard's one button */
  button?: { title: string; url: string };
}

/** a file uploaded with 上传媒体文件 (media/upload) */
export interface UploadedMedia {
  mediaId: string;
  type: string;
  /** the part's filename */
  name: string;
  bytes: Buffer;
  contentType?: string;
}

/** a sampleFile robot message: to a person (userId) or into a group (conversationId) */
export interface SentFile {
  userId?: string;
  conversationId?: string;
  mediaId: string;
  fileName: string;
  fileType: string;
  /** what was uploaded under mediaId */
  bytes: Buffer;
}

export interface Answer {
  status: number;
  body: unknown;
}

/** the corp the fake app belongs to (what the pushes name as senderCorpId) */
export const DINGTALK_CORP_ID = 'dingfakecorp';
/** an auth code from requestAuthCode lives 5 minutes (免登常见问题) */
export const SIGN_IN_CODE_MS = 5 * 60_000;

/** an auth code from the JSAPI dd.runtime.permission.requestAuthCode */
interface SignInCode {
  userId: string;
  /** the corp whose app the JSAPI was asked in */
  corpId: string;
  expiresAt: number;
  used: boolean;
}

interface Fault {
  status: number;
  remaining: number;
  delayMs: number;
}

/** a file a person sent the robot, fetched by its downloadCode */
export interface RobotFile {
  downloadCode: string;
  bytes: Uint8Array;
  name?: string;
  /** served without Content-Length, as a chunked response */
  chunked: boolean;
}

/** one GET of a temporary download link */
export interface FileDownload {
  downloadCode: string;
  status: number;
  /** bytes handed to the socket before the response ended or the client went away */
  sent: number;
  /** every byte was sent */
  complete: boolean;
  /** the server is done with it: all sent, or the client went away */
  finished: boolean;
  /** whether the client sent an OpenAPI access token to the storage host (it should not) */
  sentToken: boolean;
}

/** the path the temporary download links live under, on the fake's own server */
export const FILE_LINK_PATH = '/fake-oss/robot-files/';
const CHUNK = 64 * 1024;

export class FakeOpenApi {
  readonly cards = new Map<string, FakeCard>();
  readonly texts: SentText[] = [];
  readonly groupMessages: GroupMessage[] = [];
  /** every OpenAPI call with the status it got */
  readonly calls: { method: string; path: string; status: number }[] = [];
  tokenRequests = 0;
  readonly robotFiles = new Map<string, RobotFile>();
  /** what the robot uploaded, by media_id */
  readonly uploads = new Map<string, UploadedMedia>();
  /** the sampleFile messages the robot sent */
  readonly files: SentFile[] = [];
  /** auth codes issued for the workbench, by code */
  readonly signInCodes = new Map<string, SignInCode>();
  /** the fake's clock for auth codes; a test moves it on to let codes lapse */
  now: () => number = () => Date.now();
  /** called after each answered call (e.g. to revoke tokens right after an upload) */
  afterCall?: (call: { method: string; path: string; status: number }) => void;
  readonly downloads: FileDownload[] = [];
  /** where the temporary download links point (the fake's own server); set once it listens */
  fileHost = 'http://127.0.0.1:9';
  private readonly tokens = new Set<string>();
  private readonly faults: Fault[] = [];
  private readonly fileFaults: Fault[] = [];
  private readonly links = new Map<string, string>();

  constructor(private readonly app: { clientId: string; clientSecret: string; robotCode: string; templateId: string }) {}

  /** The next `count` OpenAPI calls answer `status` (after `delayMs`, as a gateway that hangs would). */
  fail(count: number, status = 503, delayMs = 0): void {
    this.faults.push({ status, remaining: count, delayMs });
  }

  /** The next `count` GETs of download links answer `status` (after `delayMs`), as a storage host in trouble would. */
  failFiles(count: number, status = 503, delayMs = 0): void {
    this.fileFaults.push({ status, remaining: count, delayMs });
  }

  /** A person sends the robot a picture or file: DingTalk keeps it and the message carries this downloadCode. */
  addRobotFile(bytes: Uint8Array, options: { name?: string; chunked?: boolean } = {}): string {
    const downloadCode = `dl${randomUUID().replace(/-/g, '')}+/==`;
    this.robotFiles.set(downloadCode, { downloadCode, bytes, name: options.name, chunked: options.chunked ?? false });
    return downloadCode;
  }

  /** Every token handed out so far stops working (as when DingTalk expires one early). */
  revokeTokens(): void {
    this.tokens.clear();
  }

  /** A person opens the workbench in DingTalk: the auth code the JSAPI hands the page, for `corp` (default this app's). */
  issueSignInCode(userId: string, options: { corp?: string } = {}): string {
    const code = randomUUID().replace(/-/g, '');
    this.signInCodes.set(code, { userId, corpId: options.corp ?? DINGTALK_CORP_ID, expiresAt: this.now() + SIGN_IN_CODE_MS, used: false });
    return code;
  }

  /**
   * 通过免登码获取用户信息 on the old-style API: POST /topapi/v2/user/getuserinfo?access_token=… with
   * { code } as JSON; HTTP 200 with errcode/errmsg (40014 for a token it does not know, 40078 不存在的临时授权码
   * for a code unknown, used, lapsed or issued elsewhere), except the faults, which answer as a gateway would.
   */
  async userInfo(query: URLSearchParams, contentType: string | undefined, raw: Buffer): Promise<Answer> {
    const path = '/topapi/v2/user/getuserinfo';
    const fault = this.faults.find((f) => f.remaining > 0);
    if (fault) {
      fault.remaining--;
      if (fault.delayMs) await sleep(fault.delayMs);
      return this.record('POST', path, { status: fault.status, body: { errcode: -1, errmsg: 'fake fault' } });
    }
    return this.record('POST', path, { status: 200, body: this.userInfoAnswer(query, contentType, raw) });
  }

  private userInfoAnswer(query: URLSearchParams, contentType: string | undefined, raw: Buffer): Record<string, unknown> {
    if (!this.tokens.has(query.get('access_token') ?? '')) return { errcode: 40014, errmsg: '不合法的access_token' };
    let code: unknown;
    try {
      code = /json/i.test(contentType ?? '') ? (JSON.parse(raw.toString('utf8')) as { code?: unknown }).code : undefined;
    } catch {
      code = undefined;
    }
    if (typeof code !== 'string' || !code) return { errcode: 40035, errmsg: '缺少参数 code' };
    const entry = this.signInCodes.get(code);
    if (!entry || entry.used || this.now() > entry.expiresAt || entry.corpId !== DINGTALK_CORP_ID)
      return { errcode: 40078, errmsg: '不存在的临时授权码', request_id: randomUUID() };
    entry.used = true;
    return { errcode: 0, errmsg: 'ok', result: { userid: entry.userId, device_id: randomUUID(), sys: false, sys_level: 0, name: entry.userId }, request_id: randomUUID() };
  }

  textsTo(userId: string): string[] {
    return this.texts.filter((t) => t.userId === userId).map((t) => t.text);
  }

  async handle(method: string, path: string, headers: Record<string, string | string[] | undefined>, body: Record<string, unknown>): Promise<Answer> {
    return this.record(method, path, await this.answer(method, path, headers, body));
  }

  /**
   * 上传媒体文件 on the old-style API (open.dingtalk.com "上传媒体文件"): POST /media/upload?access_token=…&type=…
   * with the file in the multipart part named "media"; always HTTP 200 with errcode/errmsg (40014 for a
   * token it does not know, as the old-style API answers), except the faults, which answer as a gateway would.
   */
  async upload(query: URLSearchParams, contentType: string | undefined, raw: Buffer): Promise<Answer> {
    const fault = this.faults.find((f) => f.remaining > 0);
    if (fault) {
      fault.remaining--;
      if (fault.delayMs) await sleep(fault.delayMs);
      return this.record('POST', '/media/upload', { status: fault.status, body: { errcode: -1, errmsg: 'fake fault' } });
    }
    return this.record('POST', '/media/upload', { status: 200, body: this.uploadAnswer(query, contentType, raw) });
  }

  private uploadAnswer(query: URLSearchParams, contentType: string | undefined, raw: Buffer): Record<string, unknown> {
    if (!this.tokens.has(query.get('access_token') ?? '')) return { errcode: 40014, errmsg: '不合法的access_token' };
    const type = query.get('type') ?? '';
    if (!['image', 'voice', 'video', 'file'].includes(type)) return { errcode: 40004, errmsg: '不合法的媒体文件类型' };
    const parts = parseMultipart(contentType, raw);
    if (!Array.isArray(parts)) return { errcode: 41005, errmsg: `缺少多媒体文件数据：${parts.problem}` };
    const media = parts.find((p) => p.name === 'media');
    if (!media?.filename) return { errcode: 41005, errmsg: '缺少多媒体文件数据' };
    if (media.bytes.length === 0 || media.bytes.length > 20 * 1024 * 1024) return { errcode: 40006, errmsg: '不合法的文件大小' };
    const mediaId = `@lA${randomUUID().replace(/-/g, '')}`;
    this.uploads.set(mediaId, { mediaId, type, name: media.filename, bytes: media.bytes, contentType: media.contentType });
    return { errcode: 0, errmsg: 'ok', type, media_id: mediaId, created_at: Date.now() };
  }

  private record(method: string, path: string, answer: Answer): Answer {
    const call = { method, path, status: answer.status };
    this.calls.push(call);
    this.afterCall?.(call);
    return answer;
  }

  private async answer(method: string, path: string, headers: Record<string, string | string[] | undefined>, body: Record<string, unknown>): Promise<Answer> {
    const fault = this.faults.find((f) => f.remaining > 0);
    if (fault) {
      fault.remaining--;
      if (fault.delayMs) await sleep(fault.delayMs);
      return { status: fault.status, body: { code: fault.status === 504 ? 'GatewayTimeout' : 'ServiceUnavailable', message: 'fake fault' } };
    }
    if (method === 'POST' && path === '/v1.0/oauth2/accessToken') return this.accessToken(body);
    const token = headers['x-acs-dingtalk-access-token'];
    if (typeof token !== 'string' || !this.tokens.has(token)) return { status: 401, body: { code: 'InvalidAuthentication', message: '不合法的access_token' } };
    if (method === 'POST' && path === '/v1.0/card/instances/createAndDeliver') return this.createAndDeliver(body);
    if (method === 'PUT' && path === '/v1.0/card/instances') return this.updateCard(body);
    if (method === 'POST' && path === '/v1.0/robot/oToMessages/batchSend') return this.batchSend(body);
    if (method === 'POST' && path === '/v1.0/robot/groupMessages/send') return this.groupSend(body);
    if (method === 'POST' && path === '/v1.0/robot/messageFiles/download') return this.messageFileLink(body);
    return { status: 404, body: { code: 'NotFound', message: `${method} ${path}` } };
  }

  private accessToken(body: Record<string, unknown>): Answer {
    this.tokenRequests++;
    if (body.appKey !== this.app.clientId || body.appSecret !== this.app.clientSecret) return bad('invalidClientIdOrSecret', 'appKey or appSecret wrong');
    const accessToken = `token-${randomUUID()}`;
    this.tokens.add(accessToken);
    return { status: 200, body: { accessToken, expireIn: 7200 } };
  }

  private createAndDeliver(body: Record<string, unknown>): Answer {
    const space = /^dtv1\.card\/\/IM_ROBOT\.(.+)$/.exec(String(body.openSpaceId ?? ''));
    const deliver = body.imRobotOpenDeliverModel as { spaceType?: string; robotCode?: string } | undefined;
    const outTrackId = body.outTrackId;
    if (body.cardTemplateId !== this.app.templateId) return bad('param.invalid', 'cardTemplateId unknown');
    if (typeof outTrackId !== 'string' || !outTrackId || this.cards.has(outTrackId)) return bad('param.invalid', 'outTrackId missing or used');
    if (body.callbackType !== 'STREAM') return bad('param.invalid', 'callbackType must be STREAM for stream callbacks');
    if (!space || deliver?.spaceType !== 'IM_ROBOT' || deliver.robotCode !== this.app.robotCode) return bad('param.invalid', 'openSpaceId / imRobotOpenDeliverModel');
    const cardData = stringMap((body.cardData as { cardParamMap?: unknown } | undefined)?.cardParamMap);
    const privateData = privateMaps(body.privateData);
    if (!cardData || !privateData) return bad('param.invalid', 'cardParamMap values must all be strings');
    this.cards.set(outTrackId, { outTrackId, userId: space[1]!, templateId: this.app.templateId, cardData, privateData, updates: 0 });
    return { status: 200, body: { success: true, result: { outTrackId, deliverResults: [{ spaceType: 'IM_ROBOT', spaceId: space[1], success: true }] } } };
  }

  private updateCard(body: Record<string, unknown>): Answer {
    const card = this.cards.get(String(body.outTrackId ?? ''));
    if (!card) return bad('card.instance.notExist', 'no card instance with this outTrackId');
    const cardData = stringMap((body.cardData as { cardParamMap?: unknown } | undefined)?.cardParamMap ?? {});
    const privateData = privateMaps(body.privateData ?? {});
    if (!cardData || !privateData) return bad('param.invalid', 'cardParamMap values must all be strings');
    const options = (body.cardUpdateOptions ?? {}) as { updateCardDataByKey?: boolean; updatePrivateDataByKey?: boolean };
    card.cardData = options.updateCardDataByKey ? { ...card.cardData, ...cardData } : cardData;
    for (const [userId, data] of Object.entries(privateData)) {
      card.privateData[userId] = options.updatePrivateDataByKey ? { ...card.privateData[userId], ...data } : data;
    }
    card.updates++;
    return { status: 200, body: { success: true, result: true } };
  }

  private batchSend(body: Record<string, unknown>): Answer {
    const userIds = body.userIds;
    if (body.robotCode !== this.app.robotCode || !Array.isArray(userIds) || userIds.length === 0 || userIds.length > 20) return bad('param.invalid', 'robotCode / userIds');
    const file = this.fileParam(body);
    if (file) {
      if ('problem' in file) return bad('param.invalid', file.problem);
      for (const userId of userIds) this.files.push({ userId: String(userId), ...file });
      return { status: 200, body: { processQueryKey: randomUUID(), invalidStaffIdList: [], flowControlledStaffIdList: [] } };
    }
    const param = messageParam(body);
    if (!param) return bad('param.invalid', 'msgKey / msgParam');
    for (const userId of userIds) this.texts.push({ userId: String(userId), ...param });
    return { status: 200, body: { processQueryKey: randomUUID(), invalidStaffIdList: [], flowControlledStaffIdList: [] } };
  }

  /** downloadCode → a temporary link on another host (open.dingtalk.com "下载机器人接收消息的文件内容") */
  private messageFileLink(body: Record<string, unknown>): Answer {
    if (body.robotCode !== this.app.robotCode) return bad('invalidParameter.robotCode', 'robotCode 不存在或与应用不符');
    // DingTalk's page names no error code for an unknown or expired code: the adapter relies on none
    const file = typeof body.downloadCode === 'string' ? this.robotFiles.get(body.downloadCode) : undefined;
    if (!file) return bad('invalidParameter.downloadCode', 'downloadCode 无效或已过期');
    const link = randomUUID();
    this.links.set(link, file.downloadCode);
    return { status: 200, body: { downloadUrl: `${this.fileHost}${FILE_LINK_PATH}${link}.file?Expires=${Date.now() + 3_600_000}&Signature=fake` } };
  }

  /** GET of a temporary link: the bytes in chunks, stopping when the client goes away. */
  async serveFile(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const link = new URL(req.url ?? '/', this.fileHost).pathname.slice(FILE_LINK_PATH.length).replace(/\.file$/, '');
    const file = this.robotFiles.get(this.links.get(link) ?? '');
    const record: FileDownload = {
      downloadCode: file?.downloadCode ?? '',
      status: 200,
      sent: 0,
      complete: false,
      finished: false,
      sentToken: req.headers['x-acs-dingtalk-access-token'] !== undefined,
    };
    this.downloads.push(record);
    const fault = this.fileFaults.find((f) => f.remaining > 0);
    if (fault) {
      fault.remaining--;
      if (fault.delayMs) await sleep(fault.delayMs);
      record.status = fault.status;
      record.finished = true;
      return void res.writeHead(fault.status, { 'Content-Type': 'application/xml' }).end('<Error><Code>ServiceUnavailable</Code></Error>');
    }
    if (!file) {
      record.status = 404;
      record.finished = true;
      return void res.writeHead(404, { 'Content-Type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code></Error>');
    }
    let closed = false;
    res.on('close', () => (closed = true));
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', ...(file.chunked ? {} : { 'Content-Length': String(file.bytes.byteLength) }) });
    for (let at = 0; at < file.bytes.byteLength && !closed; at += CHUNK) {
      const chunk = file.bytes.subarray(at, at + CHUNK);
      const flushed = res.write(chunk);
      record.sent += chunk.byteLength;
      if (!flushed) await drained(res);
    }
    if (!closed) {
      res.end();
      record.complete = true;
    }
    record.finished = true;
  }

  /** sampleFile: msgParam {mediaId, fileName, fileType}, the mediaId one this robot uploaded; undefined for other msgKeys */
  private fileParam(body: Record<string, unknown>): Omit<SentFile, 'userId' | 'conversationId'> | { problem: string } | undefined {
    if (body.msgKey !== 'sampleFile') return undefined;
    let p: { mediaId?: unknown; fileName?: unknown; fileType?: unknown };
    try {
      p = JSON.parse(String(body.msgParam)) as typeof p;
    } catch {
      return { problem: 'msgParam is not JSON' };
    }
    const upload = typeof p.mediaId === 'string' ? this.uploads.get(p.mediaId) : undefined;
    if (!upload) return { problem: 'sampleFile mediaId unknown' };
    if (typeof p.fileName !== 'string' || !p.fileName || typeof p.fileType !== 'string' || !p.fileType) return { problem: 'sampleFile fileName / fileType' };
    return { mediaId: upload.mediaId, fileName: p.fileName, fileType: p.fileType, bytes: upload.bytes };
  }

  private groupSend(body: Record<string, unknown>): Answer {
    if (body.robotCode !== this.app.robotCode || typeof body.openConversationId !== 'string') return bad('param.invalid', 'robotCode / openConversationId');
    const file = this.fileParam(body);
    if (file) {
      if ('problem' in file) return bad('param.invalid', file.problem);
      this.files.push({ conversationId: body.openConversationId, ...file });
      return { status: 200, body: { processQueryKey: randomUUID() } };
    }
    const param = messageParam(body);
    if (!param) return bad('param.invalid', 'msgKey / msgParam');
    this.groupMessages.push({ conversationId: body.openConversationId, msgKey: String(body.msgKey), ...param });
    return { status: 200, body: { processQueryKey: randomUUID() } };
  }
}

/** resolves when the socket takes more, or the client has gone */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function bad(code: string, message: string): Answer {
  return { status: 400, body: { code, message, requestid: randomUUID() } };
}

/** msgParam is JSON inside a string: sampleText {content}, sampleMarkdown {title, text}, sampleActionCard {title, text, singleTitle, singleURL} */
function messageParam(body: Record<string, unknown>): { title?: string; text: string; button?: { title: string; url: string } } | undefined {
  if (typeof body.msgParam !== 'string') return undefined;
  try {
    const p = JSON.parse(body.msgParam) as { content?: unknown; title?: unknown; text?: unknown; singleTitle?: unknown; singleURL?: unknown };
    if (body.msgKey === 'sampleText' && typeof p.content === 'string') return { text: p.content };
    if (body.msgKey === 'sampleMarkdown' && typeof p.title === 'string' && typeof p.text === 'string') return { title: p.title, text: p.text };
    if (body.msgKey === 'sampleActionCard' && typeof p.title === 'string' && typeof p.text === 'string' && typeof p.singleTitle === 'string' && typeof p.singleURL === 'string') {
      return { title: p.title, text: p.text, button: { title: p.singleTitle, url: p.singleURL } };
    }
  } catch {
    return undefined;
  }
  return undefined;
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const entries = Object.entries(value);
  return entries.every(([, v]) => typeof v === 'string') ? (Object.fromEntries(entries) as Record<string, string>) : undefined;
}

function privateMaps(value: unknown): Record<string, Record<string, string>> | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const out: Record<string, Record<string, string>> = {};
  for (const [userId, data] of Object.entries(value)) {
    const map = stringMap((data as { cardParamMap?: unknown } | undefined)?.cardParamMap);
    if (!map) return undefined;
    out[userId] = map;
  }
  return out;
}
