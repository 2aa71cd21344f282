// A local WeCom for protocol tests: the server API the adapter calls (gettoken, message/send,
// message/update_template_card, appchat/send, group robot webhook, media/get, media/upload and the
// file messages that name what was uploaded, auth/getuserinfo for the workbench's 免登) over real HTTP,
// and the web OAuth page a browser is sent to (connect/oauth2/authorize, for the member a test says is
// using WeCom), checking what WeCom checks and recording every call. Knobs make it misbehave the way WeCom does:
// expired tokens, spent or expired ResponseCodes and sign-in codes, HTTP 500s, busy (-1) and rate-limit (45009)
// answers, downloads cut off or stalled mid-body, files too big for one answer (830002).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeMediaStore, isMediaFile, type MediaFile, type MediaOptions } from './fake-wecom-media.js';
import { parseMultipart } from './parse-multipart.js';

export interface FakeWecomSettings {
  corpId: string;
  agentId: number;
  secret: string;
  token: string;
  encodingAesKey: string;
}

export interface ApiCall {
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown> | null;
  /** the Range asked for (media/get) */
  range?: string;
  /** json: WeCom's JSON answer; bytes: how much of a file was sent; location: where a redirect sent the browser */
  answer: { status: number; json?: Record<string, unknown>; bytes?: number; location?: string };
}

/** a file the app uploaded as 临时素材 (media/upload) */
export interface UploadedMedia {
  mediaId: string;
  type: string;
  /** the part's filename: what the recipient sees */
  name: string;
  bytes: Buffer;
  contentType?: string;
  /** the part's filelength parameter, when sent */
  filelength?: string;
}

/** a file message (message/send, msgtype file) */
export interface SentFile {
  userId: string;
  mediaId: string;
  name: string;
  bytes: Buffer;
}

export interface FakeCard {
  taskId: string;
  userId: string;
  /** the card as sent, then every update */
  history: Record<string, unknown>[];
  current: Record<string, unknown>;
}

/** a web OAuth code (snsapi_base): what the redirect back to the workbench carries */
interface SignInCode {
  userId: string;
  /** the corp whose authorize page issued it */
  corpId: string;
  expiresAt: number;
  used: boolean;
}

/** a web OAuth code lives 5 minutes (网页授权登录) */
export const SIGN_IN_CODE_MS = 5 * 60_000;

/** http500; a WeCom errcode; cut: the connection drops half-way through the answer; hang: the answer stops half-way and never ends */
type Failure = 'http500' | 'cut' | 'hang' | number;

export class FakeWecom {
  url = '';
  readonly calls: ApiCall[] = [];
  readonly texts: { userId: string; content: string }[] = [];
  /** 文本卡片消息 (msgtype textcard) the app sent */
  readonly textcards: { userId: string; title: string; description: string; url: string; btntxt?: string }[] = [];
  readonly cards = new Map<string, FakeCard>();
  readonly groupTexts: { via: 'robot' | 'appchat'; target: string; content: string }[] = [];
  /** members of the company: message/send to anyone else is refused (81013) */
  readonly users = new Set<string>();
  readonly robotKeys = new Set<string>();
  readonly chats = new Set<string>();
  private readonly tokens = new Map<string, { expired: boolean }>();
  readonly codes = new Map<string, { taskId: string; used: boolean; expired: boolean }>();
  private failures: { kind: Failure; paths?: string[] }[] = [];
  private readonly robotMinute = new Map<string, number>();
  /** the files members sent, for media/get */
  readonly media = new FakeMediaStore();
  /** what the app uploaded, by media_id */
  readonly uploads = new Map<string, UploadedMedia>();
  /** the file messages the app sent */
  readonly files: SentFile[] = [];
  /** web OAuth codes issued for the workbench, by code */
  readonly signInCodes = new Map<string, SignInCode>();
  /** the app's 可信域名 (网页授权及JS-SDK): when any are set, the authorize page sends browsers back only to these hosts */
  readonly trustedHosts = new Set<string>();
  /** who is using WeCom (on whose phone a link opens): the member the authorize page issues codes for */
  private user: string | null = null;
  /** the fake's clock for sign-in codes; a test moves it on to let codes lapse */
  now: () => number = () => Date.now();
  /** called after each answered call (e.g. to let tokens lapse right after an upload) */
  afterCall?: (call: ApiCall) => void;
  private server?: Server;

  constructor(readonly settings: FakeWecomSettings) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next `count` API calls (to `paths`, default every path but gettoken) fail this way. */
  failNext(count: number, kind: Failure, paths?: string[]): void {
    for (let i = 0; i < count; i++) this.failures.push({ kind, paths });
  }

  pendingFailures(): number {
    return this.failures.length;
  }

  /** Every token issued so far stops working (42001), as when it lapses mid-run. */
  expireTokens(): void {
    for (const t of this.tokens.values()) t.expired = true;
  }

  /** Every ResponseCode issued so far lapses. */
  expireCodes(): void {
    for (const c of this.codes.values()) c.expired = true;
  }

  tokenRequests(): number {
    return this.calls.filter((c) => c.path === '/cgi-bin/gettoken').length;
  }

  callsTo(path: string): ApiCall[] {
    return this.calls.filter((c) => c.path === path);
  }

  /** Holds a file as if a member had sent it; returns its MediaId. */
  addMedia(bytes: Uint8Array, name?: string, options: MediaOptions = {}): string {
    return this.media.add(bytes, name, options);
  }

  /** A new valid ResponseCode for a card (what WeCom puts in a tap event). */
  issueCode(taskId: string): string {
    const code = `rc-${randomBytes(12).toString('hex')}`;
    this.codes.set(code, { taskId, used: false, expired: false });
    return code;
  }

  /**
   * A person opens the workbench through the authorize page (snsapi_base): the code the redirect
   * carries, for `corp` (default this app's corp), usable once within SIGN_IN_CODE_MS. A person who is
   * not in `users` is a WeChat user outside the company: the exchange names an openid, not a userid.
   */
  issueSignInCode(userId: string, options: { corp?: string } = {}): string {
    const code = randomBytes(22).toString('base64url');
    this.signInCodes.set(code, { userId, corpId: options.corp ?? this.settings.corpId, expiresAt: this.now() + SIGN_IN_CODE_MS, used: false });
    return code;
  }

  /** From now on links open in `userId`'s WeCom (null: in no one's — a plain browser). */
  useAs(userId: string | null): void {
    this.user = userId;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const query = Object.fromEntries(url.searchParams);
    if (url.pathname === '/connect/oauth2/authorize' && req.method === 'GET') return this.authorize(res, query);
    const raw = await new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => resolve(Buffer.concat(chunks)));
    });
    let body: Record<string, unknown> | null = null;
    if (url.pathname === '/cgi-bin/media/upload') {
      const failure = this.takeFailure(url.pathname);
      const call: ApiCall = { path: url.pathname, query, body: null, answer: { status: 200 } };
      // a cut or stalled upload: the connection drops without an answer
      if (failure === 'cut' || failure === 'hang') return void (this.calls.push({ ...call, answer: { status: 0 } }), res.destroy());
      if (failure === 'http500') call.answer = { status: 500 };
      else if (failure !== undefined) call.answer.json = { errcode: failure, errmsg: failure === 45009 ? 'api freq out of limit' : 'system busy' };
      else call.answer.json = this.checkToken(query.access_token) ?? this.upload(query, req.headers['content-type'], raw);
      return this.answer(res, call);
    }
    if (req.method === 'POST') {
      try {
        body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      } catch {
        return this.answer(res, { path: url.pathname, query, body, answer: { status: 200, json: { errcode: 47001, errmsg: 'data format error' } } });
      }
    }
    const range = typeof req.headers.range === 'string' ? req.headers.range : undefined;
    const call: ApiCall = { path: url.pathname, query, body, ...(range ? { range } : {}), answer: { status: 200 } };
    const failure = this.takeFailure(url.pathname);
    if (failure === 'cut' || failure === 'hang') return this.breakOff(res, call, failure);
    if (failure === 'http500') call.answer = { status: 500 };
    else if (failure !== undefined) call.answer.json = { errcode: failure, errmsg: failure === 45009 ? 'api freq out of limit' : 'system busy' };
    else if (url.pathname === '/cgi-bin/media/get' && req.method === 'GET') {
      const answer = this.checkToken(query.access_token) ?? this.media.get(query.media_id ?? '', range);
      if (isMediaFile(answer)) return this.sendFile(res, call, answer);
      call.answer.json = answer;
    } else call.answer.json = this.route(url.pathname, query, body);
    this.answer(res, call);
  }

  /**
   * 构造网页授权链接 (document/path/91022): GET /connect/oauth2/authorize?appid=CORPID&redirect_uri=…
   * &response_type=code&scope=snsapi_base&state=…&agentid=… sends the browser back to redirect_uri with
   * ?code=…&state=… (the code for the member using WeCom, usable once within SIGN_IN_CODE_MS). A wrong
   * appid (corp id) or agentid, a malformed request, a redirect_uri outside the 可信域名, or a link opened
   * outside WeCom gets WeCom's error page (400) and no code.
   */
  private authorize(res: ServerResponse, query: Record<string, string>): void {
    const call: ApiCall = { path: '/connect/oauth2/authorize', query, body: null, answer: { status: 400 } };
    const refuse = (errmsg: string) => {
      call.answer = { status: 400, json: { errcode: 40001, errmsg } };
      this.calls.push(call);
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(`<html><body><p>${errmsg}</p></body></html>`);
    };
    const { appid, redirect_uri: redirectUri, response_type: responseType, scope, state, agentid } = query;
    if (appid !== this.settings.corpId) return refuse('appid 参数错误（不是本企业的 CorpID）');
    if (agentid !== String(this.settings.agentId)) return refuse('agentid 参数错误');
    if (responseType !== 'code' || (scope !== 'snsapi_base' && scope !== 'snsapi_privateinfo')) return refuse('response_type 或 scope 参数错误');
    if (!redirectUri || !URL.canParse(redirectUri) || !/^https?:$/.test(new URL(redirectUri).protocol)) return refuse('redirect_uri 参数错误');
    if (this.trustedHosts.size > 0 && !this.trustedHosts.has(new URL(redirectUri).host)) return refuse('redirect_uri 需使用应用可信域名');
    if (!this.user) return refuse('请在企业微信客户端打开链接');
    const back = new URL(redirectUri);
    back.searchParams.set('code', this.issueSignInCode(this.user));
    if (state !== undefined) back.searchParams.set('state', state);
    call.answer = { status: 302, location: back.toString() };
    this.calls.push(call);
    res.writeHead(302, { location: back.toString() }).end();
  }

  private answer(res: ServerResponse, call: ApiCall): void {
    this.calls.push(call);
    this.afterCall?.(call);
    res.writeHead(call.answer.status, { 'content-type': 'application/json' });
    res.end(call.answer.json ? JSON.stringify(call.answer.json) : 'Internal Server Error');
  }

  /** A download's first half, then the connection drops (cut) or nothing more comes (hang). */
  private breakOff(res: ServerResponse, call: ApiCall, how: 'cut' | 'hang'): void {
    const bytes = randomBytes(64 * 1024);
    call.answer = { status: 200, bytes: bytes.length / 2 };
    this.calls.push(call);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length), 'content-disposition': 'attachment; filename="broken.bin"' });
    res.write(bytes.subarray(0, bytes.length / 2));
    if (how === 'cut') setTimeout(() => res.destroy(), 20);
  }

  private sendFile(res: ServerResponse, call: ApiCall, file: MediaFile): void {
    call.answer = { status: file.status, bytes: file.body.length };
    this.calls.push(call);
    if (file.chunked) {
      res.writeHead(file.status, file.headers);
      // in several writes, so the client sees a stream and not one piece
      for (let at = 0; at < file.body.length; at += 16 * 1024) res.write(file.body.subarray(at, at + 16 * 1024));
      res.end();
      return;
    }
    res.writeHead(file.status, { ...file.headers, 'content-length': String(file.body.length) });
    res.end(file.body);
  }

  private takeFailure(path: string): Failure | undefined {
    const i = this.failures.findIndex((f) => (f.paths ? f.paths.includes(path) : path !== '/cgi-bin/gettoken'));
    return i < 0 ? undefined : this.failures.splice(i, 1)[0]!.kind;
  }

  private route(path: string, query: Record<string, string>, body: Record<string, unknown> | null): Record<string, unknown> {
    if (path === '/cgi-bin/gettoken') return this.getToken(query);
    if (path === '/cgi-bin/webhook/send') return this.robot(query.key ?? '', body ?? {});
    const tokenError = this.checkToken(query.access_token);
    if (tokenError) return tokenError;
    if (path === '/cgi-bin/auth/getuserinfo') return body ? { errcode: 43001, errmsg: 'GET expected' } : this.userInfo(query.code);
    if (!body) return { errcode: 43004, errmsg: 'POST expected' };
    if (body.agentid !== undefined && body.agentid !== this.settings.agentId) return { errcode: 40056, errmsg: 'invalid agentid' };
    switch (path) {
      case '/cgi-bin/message/send':
        return this.send(body);
      case '/cgi-bin/message/update_template_card':
        return this.update(body);
      case '/cgi-bin/appchat/send':
        return this.appchat(body);
      default:
        return { errcode: 404, errmsg: `unknown api ${path}` };
    }
  }

  private getToken(query: Record<string, string>): Record<string, unknown> {
    if (query.corpid !== this.settings.corpId) return { errcode: 40013, errmsg: 'invalid corpid' };
    if (query.corpsecret !== this.settings.secret) return { errcode: 40001, errmsg: 'invalid credential' };
    const token = `at-${randomBytes(16).toString('hex')}`;
    this.tokens.set(token, { expired: false });
    return { errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 };
  }

  /**
   * 获取访问用户身份 (document/path/91023): GET auth/getuserinfo?access_token=…&code=…; a code unknown,
   * used, lapsed or issued for another corp is 40029 不合法的oauth_code.
   */
  private userInfo(code: string | undefined): Record<string, unknown> {
    const entry = this.signInCodes.get(code ?? '');
    if (!entry || entry.used || this.now() > entry.expiresAt || entry.corpId !== this.settings.corpId) return { errcode: 40029, errmsg: 'invalid code' };
    entry.used = true;
    if (!this.users.has(entry.userId)) return { errcode: 0, errmsg: 'ok', openid: `o${randomBytes(14).toString('base64url')}` };
    return { errcode: 0, errmsg: 'ok', userid: entry.userId };
  }

  private checkToken(token: string | undefined): Record<string, unknown> | null {
    if (!token) return { errcode: 41001, errmsg: 'access_token missing' };
    const known = this.tokens.get(token);
    if (!known) return { errcode: 40014, errmsg: 'invalid access_token' };
    return known.expired ? { errcode: 42001, errmsg: 'access_token expired' } : null;
  }

  /**
   * 上传临时素材 (document/path/90253): multipart/form-data, the file in the part named "media" with
   * its filename; every file above 5 bytes, 普通文件 at most 20 MB.
   */
  private upload(query: Record<string, string>, contentType: string | undefined, raw: Buffer): Record<string, unknown> {
    const type = query.type ?? '';
    if (!['image', 'voice', 'video', 'file'].includes(type)) return { errcode: 40004, errmsg: 'invalid media type' };
    const parts = parseMultipart(contentType, raw);
    if (!Array.isArray(parts)) return { errcode: 41005, errmsg: `media data missing: ${parts.problem}` };
    const media = parts.find((p) => p.name === 'media');
    if (!media?.filename) return { errcode: 41005, errmsg: 'media data missing' };
    if (media.bytes.length === 0) return { errcode: 44001, errmsg: 'empty media data' };
    if (media.bytes.length <= 5 || (type === 'file' && media.bytes.length > 20 * 1024 * 1024)) return { errcode: 40006, errmsg: 'invalid file size' };
    const mediaId = `3${randomBytes(30).toString('base64url')}`;
    this.uploads.set(mediaId, { mediaId, type, name: media.filename, bytes: media.bytes, contentType: media.contentType, filelength: media.params.filelength });
    return { errcode: 0, errmsg: '', type, media_id: mediaId, created_at: String(Math.floor(Date.now() / 1000)) };
  }

  private send(body: Record<string, unknown>): Record<string, unknown> {
    const userId = String(body.touser ?? '');
    if (body.agentid !== this.settings.agentId) return { errcode: 40056, errmsg: 'invalid agentid' };
    if (!this.users.has(userId)) return { errcode: 81013, errmsg: 'user & party & tag all invalid', invaliduser: userId };
    if (body.msgtype === 'file') {
      const upload = this.uploads.get(String((body.file as { media_id?: unknown } | undefined)?.media_id ?? ''));
      if (!upload) return { errcode: 40007, errmsg: 'invalid media_id' };
      this.files.push({ userId, mediaId: upload.mediaId, name: upload.name, bytes: upload.bytes });
      return { errcode: 0, errmsg: 'ok', msgid: randomBytes(8).toString('hex') };
    }
    if (body.msgtype === 'text') {
      const content = (body.text as { content?: unknown } | undefined)?.content;
      if (typeof content !== 'string' || Buffer.byteLength(content) > 2048) return { errcode: 41009, errmsg: 'text content missing or over 2048 bytes' };
      this.texts.push({ userId, content });
      return { errcode: 0, errmsg: 'ok', msgid: randomBytes(8).toString('hex') };
    }
    if (body.msgtype === 'textcard') {
      // 文本卡片消息: title ≤ 128 bytes, description ≤ 512 bytes, url required, btntxt ≤ 4 characters
      const card = (body.textcard ?? {}) as { title?: unknown; description?: unknown; url?: unknown; btntxt?: unknown };
      if (typeof card.title !== 'string' || !card.title || Buffer.byteLength(card.title) > 128) return { errcode: 44004, errmsg: 'textcard title missing or over 128 bytes' };
      if (typeof card.description !== 'string' || !card.description || Buffer.byteLength(card.description) > 512)
        return { errcode: 44004, errmsg: 'textcard description missing or over 512 bytes' };
      if (!isLink(card.url)) return { errcode: 40066, errmsg: 'invalid url' };
      if (card.btntxt !== undefined && (typeof card.btntxt !== 'string' || Array.from(card.btntxt).length > 4)) return { errcode: 40058, errmsg: 'btntxt at most 4 characters' };
      this.textcards.push({ userId, title: card.title, description: card.description, url: card.url, btntxt: card.btntxt });
      return { errcode: 0, errmsg: 'ok', msgid: randomBytes(8).toString('hex') };
    }
    if (body.msgtype !== 'template_card') return { errcode: 40008, errmsg: 'invalid message type' };
    const card = body.template_card as Record<string, unknown>;
    const problem = checkButtonCard(card);
    if (problem) return { errcode: 40058, errmsg: problem };
    const taskId = String(card.task_id);
    if (!/^[A-Za-z0-9_\-@]{1,128}$/.test(taskId)) return { errcode: 40058, errmsg: 'invalid task_id' };
    if (this.cards.has(taskId)) return { errcode: 40058, errmsg: 'task_id already used' };
    this.cards.set(taskId, { taskId, userId, history: [card], current: card });
    return { errcode: 0, errmsg: 'ok', msgid: randomBytes(8).toString('hex'), response_code: this.issueCode(taskId) };
  }

  private update(body: Record<string, unknown>): Record<string, unknown> {
    const entry = this.codes.get(String(body.response_code ?? ''));
    // WeCom's error table names no code for a spent or lapsed ResponseCode; the fake answers 40058
    if (!entry || entry.used || entry.expired) return { errcode: 40058, errmsg: 'invalid response_code' };
    const card = this.cards.get(entry.taskId)!;
    const userids = Array.isArray(body.userids) ? body.userids : [];
    if (body.atall !== 1 && !userids.includes(card.userId)) return { errcode: 40058, errmsg: 'userids do not include the card recipient' };
    const next = body.template_card as Record<string, unknown> | undefined;
    const problem = next ? checkButtonCard(next) : 'template_card missing';
    if (problem) return { errcode: 40058, errmsg: problem };
    entry.used = true;
    card.current = next!;
    card.history.push(next!);
    return { errcode: 0, errmsg: 'ok' };
  }

  private appchat(body: Record<string, unknown>): Record<string, unknown> {
    const chatId = String(body.chatid ?? '');
    if (!this.chats.has(chatId)) return { errcode: 86003, errmsg: 'chat not exist' };
    const content = (body.text as { content?: unknown } | undefined)?.content;
    if (body.msgtype !== 'text' || typeof content !== 'string' || Buffer.byteLength(content) > 2048) return { errcode: 41009, errmsg: 'bad text' };
    this.groupTexts.push({ via: 'appchat', target: chatId, content });
    return { errcode: 0, errmsg: 'ok' };
  }

  private robot(key: string, body: Record<string, unknown>): Record<string, unknown> {
    if (!this.robotKeys.has(key)) return { errcode: 93000, errmsg: 'invalid webhook url' };
    // a group robot takes at most 20 messages a minute (群机器人配置说明)
    const minute = `${key}:${Math.floor(Date.now() / 60_000)}`;
    const count = (this.robotMinute.get(minute) ?? 0) + 1;
    this.robotMinute.set(minute, count);
    if (count > 20) return { errcode: 45009, errmsg: 'api freq out of limit' };
    const content = (body.text as { content?: unknown } | undefined)?.content;
    if (body.msgtype !== 'text' || typeof content !== 'string' || Buffer.byteLength(content) > 2048) return { errcode: 40008, errmsg: 'bad text' };
    this.groupTexts.push({ via: 'robot', target: key, content });
    return { errcode: 0, errmsg: 'ok' };
  }
}

/** What WeCom requires of a button_interaction template card. */
function checkButtonCard(card: Record<string, unknown>): string | null {
  if (card.card_type !== 'button_interaction') return 'card_type must be button_interaction';
  const title = (card.main_title as { title?: unknown } | undefined)?.title;
  if (!title && !card.sub_title_text) return 'main_title.title or sub_title_text required';
  if (!card.task_id) return 'task_id required';
  const buttons = card.button_list;
  if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 6) return 'button_list needs 1 to 6 buttons';
  const keys = new Set<string>();
  for (const b of buttons as { type?: unknown; text?: unknown; key?: unknown; url?: unknown }[]) {
    if (typeof b.text !== 'string' || !b.text) return 'button text required';
    // button_list.type: 0 (or none) a callback with its key, 1 a link with its url
    if (b.type === 1) {
      if (!isLink(b.url)) return 'button_list.url required when type is 1';
      continue;
    }
    if (b.type !== undefined && b.type !== 0) return 'button_list.type is 0 or 1';
    if (typeof b.key !== 'string' || !b.key || Buffer.byteLength(b.key) > 1024) return 'button key required, at most 1024 bytes';
    if (keys.has(b.key)) return 'button keys must differ';
    keys.add(b.key);
  }
  const action = card.card_action as { type?: unknown; url?: unknown } | undefined;
  if (action !== undefined && action.type === 1 && !isLink(action.url)) return 'card_action.url required when type is 1';
  const rows = card.horizontal_content_list;
  if (rows !== undefined && (!Array.isArray(rows) || rows.length > 6)) return 'horizontal_content_list at most 6';
  for (const r of (rows ?? []) as { type?: unknown; keyname?: unknown; url?: unknown; media_id?: unknown }[]) {
    if (typeof r.keyname !== 'string' || !r.keyname) return 'horizontal_content_list.keyname required';
    if (r.type === 1 && !isLink(r.url)) return 'horizontal_content_list.url required when type is 1';
    if (r.type === 2 && !r.media_id) return 'horizontal_content_list.media_id required when type is 2';
  }
  return null;
}

/** a url WeCom opens: http(s), at most 2048 bytes */
function isLink(url: unknown): url is string {
  return typeof url === 'string' && /^https?:\/\//.test(url) && Buffer.byteLength(url) <= 2048;
}
