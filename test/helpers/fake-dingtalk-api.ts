// The OpenAPI side of the fake DingTalk: access tokens, interactive cards (createAndDeliver, PUT
// instances), robot messages (1:1 batchSend, group send) and the files people sent the robot
// (messageFiles/download → a temporary link, served as a storage host would), each checked the way
// DingTalk checks it and recorded; plus faults on demand (5xx for a while, a gateway that hangs,
// revoked tokens, a storage host that fails).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

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
}

export interface GroupMessage {
  conversationId: string;
  msgKey: string;
  title?: string;
  text: string;
}

export interface Answer {
  status: number;
  body: unknown;
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

  textsTo(userId: string): string[] {
    return this.texts.filter((t) => t.userId === userId).map((t) => t.text);
  }

  async handle(method: string, path: string, headers: Record<string, string | string[] | undefined>, body: Record<string, unknown>): Promise<Answer> {
    const answer = await this.answer(method, path, headers, body);
    this.calls.push({ method, path, status: answer.status });
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
    const param = messageParam(body);
    if (!param) return bad('param.invalid', 'msgKey / msgParam');
    for (const userId of userIds) this.texts.push({ userId: String(userId), text: param.text });
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

  private groupSend(body: Record<string, unknown>): Answer {
    const param = messageParam(body);
    if (body.robotCode !== this.app.robotCode || typeof body.openConversationId !== 'string' || !param) return bad('param.invalid', 'robotCode / openConversationId / msgParam');
    this.groupMessages.push({ conversationId: body.openConversationId, msgKey: String(body.msgKey), title: param.title, text: param.text });
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

/** msgParam is JSON inside a string: sampleText {content}, sampleMarkdown {title, text} */
function messageParam(body: Record<string, unknown>): { title?: string; text: string } | undefined {
  if (typeof body.msgParam !== 'string') return undefined;
  try {
    const p = JSON.parse(body.msgParam) as { content?: unknown; title?: unknown; text?: unknown };
    if (body.msgKey === 'sampleText' && typeof p.content === 'string') return { text: p.content };
    if (body.msgKey === 'sampleMarkdown' && typeof p.title === 'string' && typeof p.text === 'string') return { title: p.title, text: p.text };
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
