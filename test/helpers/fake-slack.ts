// A local Slack for protocol tests, on a real HTTP server.
//
// The Web API the adapter (and Bolt's WebClient, with slackApiUrl = fake.apiUrl) calls: every method
// is POST <apiUrl><method> with a form-encoded body (nested values as JSON strings) or a JSON body,
// authorised by `Authorization: Bearer xoxb-…` (or a `token` field), answered with HTTP 200 and
// { ok: true, … } or { ok: false, error }, or HTTP 429 with Retry-After while rate-limited. It serves
// auth.test, chat.postMessage / update / postEphemeral, views.open / update / push, conversations.open,
// users.info, files.getUploadURLExternal + the upload URL + files.completeUploadExternal (what
// files.uploadV2 calls), files.info and the url_private download, and the response_url of commands and
// actions. It checks what Slack checks (the token, known channels and users, single-use triggers that
// lapse after 3 seconds, Block Kit's limits) and records every call.
//
// SlackSender is the other direction: requests signed the way Slack signs them (v0:timestamp:body,
// HMAC-SHA256 with the signing secret) posted to our /slack/events over a real socket — events (JSON),
// slash commands (form-encoded) and interactivity payloads (form field payload=JSON), with Slack's
// retry headers when asked.
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseMultipart } from './parse-multipart.js';

export interface FakeSlackOptions {
  botToken: string;
  /** for SlackSender and fake.sender() */
  signingSecret?: string;
  teamId?: string;
  /** the bot's own user id (auth.test's user_id) */
  botUserId?: string;
}

export interface SlackCall {
  /** the Web API method (chat.postMessage …), or the path for the upload URL, downloads and response URLs */
  method: string;
  /** the body's fields; values that are JSON (blocks, view, files …) parsed */
  body: Record<string, unknown>;
  /** the token it came with (header or field), if any */
  token?: string;
  answer: { status: number; json?: Record<string, unknown>; retryAfter?: number; bytes?: number };
  at: number;
}

export interface SlackMessageVersion {
  text?: string;
  blocks?: unknown[];
}

export interface FakeSlackMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  /** files shared with it (files.completeUploadExternal) */
  files?: string[];
  threadTs?: string;
  /** as posted, then after each chat.update */
  history: SlackMessageVersion[];
}

export interface FakeSlackView {
  id: string;
  /** the trigger it was opened with (views.open / views.push) */
  triggerId?: string;
  userId?: string;
  view: Record<string, unknown>;
  /** as opened, then each views.update */
  history: Record<string, unknown>[];
  hash: string;
}

export interface FakeSlackFile {
  id: string;
  name: string;
  title?: string;
  /** the length announced to files.getUploadURLExternal */
  length?: number;
  bytes?: Buffer;
  mimetype?: string;
  /** completed (files.completeUploadExternal) or sent by a member (addFile) */
  complete: boolean;
  /** where it was shared */
  channels: string[];
  initialComment?: string;
  /** what a member's file answers to files.info (for fetchFile tests) */
  size?: number;
}

export interface SlackUser {
  id: string;
  name: string;
  realName?: string;
  deleted?: boolean;
}

interface Trigger {
  userId?: string;
  expiresAt: number;
  used: boolean;
}

interface RateWindow {
  until: number;
  method?: string;
  channel?: string;
}

/** a trigger_id lapses 3 seconds after Slack sends it */
export const TRIGGER_MS = 3_000;

/** Block Kit's limits (what Slack refuses with invalid_blocks) */
export const SLACK_LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  url: 3000,
  messageText: 40_000,
} as const;

export class FakeSlack {
  url = '';
  readonly calls: SlackCall[] = [];
  readonly teamId: string;
  readonly botUserId: string;
  /** the workspace's members, by id */
  readonly users = new Map<string, SlackUser>();
  /** public/private channels the bot is in */
  readonly channels = new Set<string>();
  /** messages by channel, oldest first */
  readonly messages = new Map<string, FakeSlackMessage[]>();
  readonly ephemerals: { channel: string; user: string; text?: string; blocks?: unknown[]; ts: string }[] = [];
  readonly views = new Map<string, FakeSlackView>();
  readonly files = new Map<string, FakeSlackFile>();
  /** what the app POSTed to response URLs */
  readonly responses: { url: string; body: Record<string, unknown> }[] = [];
  private readonly dms = new Map<string, string>();
  private readonly triggers = new Map<string, Trigger>();
  private readonly rateWindows: RateWindow[] = [];
  private failures: { error: string; methods?: string[] }[] = [];
  private seq = 0;
  /** the fake's clock (triggers, rate windows, ts); a test can move it on */
  now: () => number = () => Date.now();
  private server?: Server;

  constructor(readonly options: FakeSlackOptions) {
    this.teamId = options.teamId ?? 'T0FAKE0001';
    this.botUserId = options.botUserId ?? 'U0FAKEBOT1';
  }

  /** what SLACK_API_URL is set to */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

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

  addUser(id: string, name = id, realName?: string): this {
    this.users.set(id, { id, name, realName });
    return this;
  }

  addChannel(id: string): this {
    this.channels.add(id);
    return this;
  }

  /** the DM channel between the bot and a member (opened on first use, as conversations.open does) */
  dmOf(userId: string): string {
    let dm = this.dms.get(userId);
    if (!dm) {
      dm = `D${userId.replace(/^[UW]/, '').slice(0, 9).toUpperCase()}${this.dms.size}`;
      this.dms.set(userId, dm);
    }
    return dm;
  }

  /** the messages in a channel as they stand (after updates) */
  messagesIn(channel: string): FakeSlackMessage[] {
    return this.messages.get(channel) ?? [];
  }

  /** the messages in a member's DM with the bot */
  dmMessages(userId: string): FakeSlackMessage[] {
    const dm = this.dms.get(userId);
    return dm ? this.messagesIn(dm) : [];
  }

  message(channel: string, ts: string): FakeSlackMessage | undefined {
    return this.messagesIn(channel).find((m) => m.ts === ts);
  }

  /** the message disappears (deleted in Slack): chat.update then answers message_not_found */
  deleteMessage(channel: string, ts: string): void {
    const list = this.messages.get(channel);
    if (list)
      this.messages.set(
        channel,
        list.filter((m) => m.ts !== ts),
      );
  }

  /** a trigger_id as Slack puts in a command or an interaction, usable once within TRIGGER_MS */
  trigger(userId?: string): string {
    const id = `${Math.floor(this.now() / 1000)}.${randomBytes(6).readUIntBE(0, 6)}.${randomBytes(16).toString('hex')}`;
    this.triggers.set(id, { userId, expiresAt: this.now() + TRIGGER_MS, used: false });
    return id;
  }

  /** whether this fake issued the trigger_id */
  triggerIssued(id: string): boolean {
    return this.triggers.has(id);
  }

  /** every trigger issued so far lapses */
  expireTriggers(): void {
    for (const t of this.triggers.values()) t.expiresAt = 0;
  }

  /**
   * For `seconds` from now, calls answer HTTP 429 with Retry-After (the seconds left, rounded up):
   * every call, or only those to `method`, or only those naming `channel`.
   */
  rateLimit(seconds: number, only: { method?: string; channel?: string } = {}): void {
    this.rateWindows.push({ until: this.now() + seconds * 1000, ...only });
  }

  /** lifts every rate limit now */
  liftRateLimits(): void {
    this.rateWindows.length = 0;
  }

  /** the next `count` calls (to `methods`, default any but auth.test) answer ok:false with `error` */
  failNext(count: number, error: string, methods?: string[]): void {
    for (let i = 0; i < count; i++) this.failures.push({ error, methods });
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** a file a member sent (what a file_shared / message event names): files.info and url_private serve it */
  addFile(bytes: Uint8Array, name: string, options: { mimetype?: string; size?: number; channel?: string } = {}): string {
    const id = this.nextId('F');
    this.files.set(id, {
      id,
      name,
      bytes: Buffer.from(bytes),
      mimetype: options.mimetype ?? 'application/octet-stream',
      complete: true,
      channels: options.channel ? [options.channel] : [],
      size: options.size ?? bytes.length,
    });
    return id;
  }

  /** a SlackSender posting to `endpoint` (our /slack/events), signed with the signing secret, its triggers from this fake */
  sender(endpoint: string): SlackSender {
    if (!this.options.signingSecret) throw new Error('FakeSlack: no signingSecret given');
    return new SlackSender(endpoint, this.options.signingSecret, this);
  }

  private nextId(prefix: string): string {
    this.seq += 1;
    return `${prefix}0${randomBytes(4).toString('hex').toUpperCase()}${this.seq}`;
  }

  private nextTs(): string {
    this.seq += 1;
    return `${Math.floor(this.now() / 1000)}.${String(this.seq).padStart(6, '0')}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const raw = await new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => resolve(Buffer.concat(chunks)));
    });
    const auth = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (url.pathname.startsWith('/upload/')) return this.uploadBytes(req, res, url.pathname, raw, auth);
    if (url.pathname.startsWith('/files-pri/')) return this.download(res, url.pathname, auth);
    if (url.pathname === '/signin') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html><body>Sign in to Slack</body></html>');
    if (url.pathname.startsWith('/response/')) {
      const body = parseJsonBody(raw) ?? {};
      this.responses.push({ url: url.toString(), body });
      return this.answer(res, { method: url.pathname, body, answer: { status: 200, json: { ok: true } }, at: this.now() });
    }
    if (!url.pathname.startsWith('/api/') || req.method !== 'POST') {
      return this.answer(res, { method: url.pathname, body: {}, answer: { status: 404, json: { ok: false, error: 'unknown_method' } }, at: this.now() });
    }
    const method = url.pathname.slice('/api/'.length);
    const body = parseBody(req.headers['content-type'], raw);
    const token = auth ?? (typeof body.token === 'string' ? body.token : undefined);
    const call: SlackCall = { method, body, token, answer: { status: 200 }, at: this.now() };
    const limited = this.rateLimitedFor(method, body);
    if (limited > 0) {
      call.answer = { status: 429, json: { ok: false, error: 'ratelimited' }, retryAfter: limited };
      return this.answer(res, call);
    }
    call.answer.json = this.route(method, body, token);
    this.answer(res, call);
  }

  private rateLimitedFor(method: string, body: Record<string, unknown>): number {
    const now = this.now();
    let seconds = 0;
    for (const w of this.rateWindows) {
      if (w.until <= now) continue;
      if (w.method && w.method !== method) continue;
      if (w.channel && body.channel !== w.channel && body.channel_id !== w.channel) {
        // a DM is named by the member's id or the D… channel
        const dm = typeof body.channel === 'string' ? this.dms.get(body.channel) : undefined;
        if (dm !== w.channel) continue;
      }
      seconds = Math.max(seconds, Math.ceil((w.until - now) / 1000));
    }
    return seconds;
  }

  private answer(res: ServerResponse, call: SlackCall): void {
    this.calls.push(call);
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (call.answer.retryAfter !== undefined) headers['retry-after'] = String(call.answer.retryAfter);
    res.writeHead(call.answer.status, headers).end(JSON.stringify(call.answer.json ?? {}));
  }

  private takeFailure(method: string): string | undefined {
    const i = this.failures.findIndex((f) => (f.methods ? f.methods.includes(method) : method !== 'auth.test'));
    return i < 0 ? undefined : this.failures.splice(i, 1)[0]!.error;
  }

  private route(method: string, body: Record<string, unknown>, token: string | undefined): Record<string, unknown> {
    if (!token) return { ok: false, error: 'not_authed' };
    if (token !== this.options.botToken) return { ok: false, error: 'invalid_auth' };
    const failure = this.takeFailure(method);
    if (failure) return { ok: false, error: failure };
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: `${this.url}/`,
          team: 'Fake Team',
          user: 'guanjia',
          team_id: this.teamId,
          user_id: this.botUserId,
          bot_id: 'B0FAKEBOT1',
          is_enterprise_install: false,
        };
      case 'chat.postMessage':
        return this.postMessage(body);
      case 'chat.update':
        return this.update(body);
      case 'chat.postEphemeral':
        return this.postEphemeral(body);
      case 'views.open':
      case 'views.push':
        return this.openView(body);
      case 'views.update':
        return this.updateView(body);
      case 'conversations.open':
        return this.openConversation(body);
      case 'users.info': {
        const user = this.users.get(str(body.user));
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: user.id,
            team_id: this.teamId,
            name: user.name,
            real_name: user.realName ?? user.name,
            deleted: user.deleted ?? false,
            is_bot: false,
            profile: { real_name: user.realName ?? user.name, display_name: user.name },
          },
        };
      }
      case 'files.getUploadURLExternal':
        return this.uploadUrl(body);
      case 'files.completeUploadExternal':
        return this.completeUpload(body);
      case 'files.info':
        return this.fileInfo(body);
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  /** the channel a message goes to: a channel the bot is in, a DM, or a member's id (their DM) */
  private resolveChannel(channel: string): string | null {
    if (!channel) return null;
    if (this.channels.has(channel)) return channel;
    if ([...this.dms.values()].includes(channel)) return channel;
    if (this.users.has(channel)) return this.dmOf(channel);
    return null;
  }

  private postMessage(body: Record<string, unknown>): Record<string, unknown> {
    const content = this.content(body);
    if ('error' in content) return { ok: false, ...content };
    const channel = this.resolveChannel(str(body.channel));
    if (!channel) return { ok: false, error: 'channel_not_found' };
    const threadTs = body.thread_ts === undefined ? undefined : str(body.thread_ts);
    const message: FakeSlackMessage = { channel, ts: this.nextTs(), ...content, ...(threadTs ? { threadTs } : {}), history: [content] };
    const list = this.messages.get(channel) ?? [];
    list.push(message);
    this.messages.set(channel, list);
    return { ok: true, channel, ts: message.ts, message: { type: 'message', user: this.botUserId, ts: message.ts, ...content } };
  }

  private update(body: Record<string, unknown>): Record<string, unknown> {
    const content = this.content(body);
    if ('error' in content) return { ok: false, ...content };
    const channel = str(body.channel);
    // chat.update takes the channel the message is in: a member's id is not one
    if (!this.channels.has(channel) && ![...this.dms.values()].includes(channel)) return { ok: false, error: 'channel_not_found' };
    const message = this.message(channel, str(body.ts));
    if (!message) return { ok: false, error: 'message_not_found' };
    message.text = content.text;
    message.blocks = content.blocks;
    message.history.push(content);
    return { ok: true, channel, ts: message.ts, text: content.text ?? '', message: { type: 'message', user: this.botUserId, ...content } };
  }

  private postEphemeral(body: Record<string, unknown>): Record<string, unknown> {
    const content = this.content(body);
    if ('error' in content) return { ok: false, ...content };
    const channel = this.resolveChannel(str(body.channel));
    if (!channel) return { ok: false, error: 'channel_not_found' };
    const user = str(body.user);
    if (!this.users.has(user)) return { ok: false, error: 'user_not_in_channel' };
    const ts = this.nextTs();
    this.ephemerals.push({ channel, user, ...content, ts });
    return { ok: true, message_ts: ts };
  }

  /** text and blocks, checked as Slack checks them */
  private content(body: Record<string, unknown>): SlackMessageVersion | { error: string; response_metadata?: { messages: string[] } } {
    const text = body.text === undefined ? undefined : str(body.text);
    let blocks: unknown[] | undefined;
    if (body.blocks !== undefined) {
      if (!Array.isArray(body.blocks)) return { error: 'invalid_blocks_format' };
      blocks = body.blocks;
      const problems = blockProblems(blocks);
      if (problems.length > 0) return { error: 'invalid_blocks', response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } };
    }
    if (!text && !blocks?.length) return { error: 'no_text' };
    if (text && text.length > SLACK_LIMITS.messageText) return { error: 'msg_too_long' };
    return { ...(text !== undefined ? { text } : {}), ...(blocks ? { blocks } : {}) };
  }

  private openView(body: Record<string, unknown>): Record<string, unknown> {
    const triggerId = str(body.trigger_id);
    const trigger = this.triggers.get(triggerId);
    if (!trigger) return { ok: false, error: 'invalid_trigger_id' };
    if (trigger.used) return { ok: false, error: 'trigger_exchanged' };
    if (trigger.expiresAt <= this.now()) return { ok: false, error: 'expired_trigger_id' };
    const view = body.view;
    if (!isObject(view)) return { ok: false, error: 'invalid_arguments' };
    const problem = viewProblem(view);
    if (problem) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: [`[ERROR] ${problem}`] } };
    trigger.used = true;
    const id = this.nextId('V');
    const v: FakeSlackView = { id, triggerId, userId: trigger.userId, view, history: [view], hash: randomBytes(6).toString('hex') };
    this.views.set(id, v);
    return { ok: true, view: { id, team_id: this.teamId, ...view, hash: v.hash } };
  }

  private updateView(body: Record<string, unknown>): Record<string, unknown> {
    const id = str(body.view_id);
    const v = id ? this.views.get(id) : [...this.views.values()].find((x) => body.external_id !== undefined && x.view.external_id === body.external_id);
    if (!v) return { ok: false, error: 'not_found' };
    if (body.hash !== undefined && body.hash !== v.hash) return { ok: false, error: 'hash_conflict' };
    const view = body.view;
    if (!isObject(view)) return { ok: false, error: 'invalid_arguments' };
    const problem = viewProblem(view);
    if (problem) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: [`[ERROR] ${problem}`] } };
    v.view = view;
    v.history.push(view);
    v.hash = randomBytes(6).toString('hex');
    return { ok: true, view: { id: v.id, team_id: this.teamId, ...view, hash: v.hash } };
  }

  private openConversation(body: Record<string, unknown>): Record<string, unknown> {
    if (body.channel !== undefined) {
      const channel = this.resolveChannel(str(body.channel));
      return channel ? { ok: true, channel: { id: channel } } : { ok: false, error: 'channel_not_found' };
    }
    const users = str(body.users)
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean);
    if (users.length === 0) return { ok: false, error: 'users_list_not_supplied' };
    if (users.length > 1) return { ok: false, error: 'method_not_supported_for_channel_type' };
    if (!this.users.has(users[0]!)) return { ok: false, error: 'user_not_found' };
    return { ok: true, channel: { id: this.dmOf(users[0]!) } };
  }

  private uploadUrl(body: Record<string, unknown>): Record<string, unknown> {
    const filename = str(body.filename);
    const length = Number(body.length);
    if (!filename) return { ok: false, error: 'invalid_arguments' };
    if (!Number.isInteger(length) || length <= 0) return { ok: false, error: 'invalid_arguments' };
    const id = this.nextId('F');
    this.files.set(id, { id, name: filename, length, complete: false, channels: [] });
    return { ok: true, upload_url: `${this.url}/upload/v1/${id}`, file_id: id };
  }

  private uploadBytes(req: IncomingMessage, res: ServerResponse, path: string, raw: Buffer, token: string | undefined): void {
    const id = path.split('/').pop() ?? '';
    const file = this.files.get(id);
    const call: SlackCall = { method: path, body: {}, token, answer: { status: 200 }, at: this.now() };
    const done = (status: number, text: string) => {
      call.answer = { status, bytes: file?.bytes?.length };
      this.calls.push(call);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
    };
    if (!file || file.complete) return done(404, 'Not Found');
    let bytes = raw;
    if (/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) {
      const parts = parseMultipart(req.headers['content-type'], raw);
      if ('problem' in parts) return done(400, parts.problem);
      const part = parts.find((p) => p.filename !== undefined) ?? parts[0];
      if (!part) return done(400, 'no file part');
      call.body = { part: part.name, filename: part.filename };
      bytes = part.bytes;
    }
    if (file.length !== undefined && bytes.length !== file.length) return done(400, `length ${bytes.length} is not the ${file.length} announced`);
    file.bytes = bytes;
    done(200, `OK - ${bytes.length}`);
  }

  private completeUpload(body: Record<string, unknown>): Record<string, unknown> {
    const list = body.files;
    if (!Array.isArray(list) || list.length === 0) return { ok: false, error: 'invalid_arguments' };
    const channelId = body.channel_id === undefined ? undefined : str(body.channel_id);
    // a channel id (C…, G…, D…): a member's id is not one
    if (channelId !== undefined && !this.channels.has(channelId) && ![...this.dms.values()].includes(channelId)) return { ok: false, error: 'channel_not_found' };
    const files: FakeSlackFile[] = [];
    for (const entry of list) {
      const file = isObject(entry) ? this.files.get(str(entry.id)) : undefined;
      if (!file || file.complete || !file.bytes) return { ok: false, error: 'file_not_found' };
      if (isObject(entry) && entry.title !== undefined) file.title = str(entry.title);
      files.push(file);
    }
    for (const file of files) {
      file.complete = true;
      file.size = file.bytes!.length;
      if (channelId) file.channels.push(channelId);
      if (body.initial_comment !== undefined) file.initialComment = str(body.initial_comment);
    }
    if (channelId) {
      const message: FakeSlackMessage = {
        channel: channelId,
        ts: this.nextTs(),
        ...(body.initial_comment !== undefined ? { text: str(body.initial_comment) } : {}),
        files: files.map((f) => f.id),
        history: [],
      };
      const msgs = this.messages.get(channelId) ?? [];
      msgs.push(message);
      this.messages.set(channelId, msgs);
    }
    return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title ?? f.name, name: f.name })) };
  }

  private fileInfo(body: Record<string, unknown>): Record<string, unknown> {
    const file = this.files.get(str(body.file));
    if (!file || !file.complete) return { ok: false, error: 'file_not_found' };
    const url = `${this.url}/files-pri/${this.teamId}-${file.id}/${encodeURIComponent(file.name)}`;
    return {
      ok: true,
      file: {
        id: file.id,
        name: file.name,
        title: file.title ?? file.name,
        mimetype: file.mimetype ?? 'application/octet-stream',
        size: file.size ?? file.bytes?.length ?? 0,
        url_private: url,
        url_private_download: `${url}?download=1`,
        channels: file.channels,
      },
    };
  }

  /** url_private: the file's bytes with the bot token; without it Slack sends the browser to sign in */
  private download(res: ServerResponse, path: string, token: string | undefined): void {
    const id = path.split('/')[2]?.split('-').pop() ?? '';
    const file = this.files.get(id);
    const call: SlackCall = { method: '/files-pri', body: { file: id }, token, answer: { status: 200 }, at: this.now() };
    if (token !== this.options.botToken) {
      call.answer = { status: 302 };
      this.calls.push(call);
      return void res.writeHead(302, { location: `${this.url}/signin` }).end();
    }
    if (!file?.bytes) {
      call.answer = { status: 404 };
      this.calls.push(call);
      return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
    }
    call.answer = { status: 200, bytes: file.bytes.length };
    this.calls.push(call);
    res.writeHead(200, { 'content-type': file.mimetype ?? 'application/octet-stream', 'content-length': String(file.bytes.length) });
    // in several writes, so a reader that stops early sees a stream
    for (let at = 0; at < file.bytes.length; at += 16 * 1024) res.write(file.bytes.subarray(at, at + 16 * 1024));
    res.end();
  }
}

/** What Slack refuses in a message's blocks (a subset of Block Kit's checks: sizes, counts, required parts). */
export function blockProblems(blocks: unknown[]): string[] {
  const problems: string[] = [];
  if (blocks.length > SLACK_LIMITS.blocks) problems.push(`must contain at most ${SLACK_LIMITS.blocks} blocks [json-pointer:/blocks]`);
  const actionIds = new Set<string>();
  blocks.forEach((block, i) => {
    const at = `[json-pointer:/blocks/${i}]`;
    if (!isObject(block)) return void problems.push(`not an object ${at}`);
    const textOf = (t: unknown): string | null => (isObject(t) && typeof t.text === 'string' && (t.type === 'plain_text' || t.type === 'mrkdwn') ? t.text : null);
    switch (block.type) {
      case 'header': {
        const t = textOf(block.text);
        if (t === null || (block.text as Record<string, unknown>).type !== 'plain_text' || !t) problems.push(`header needs plain_text ${at}`);
        else if (t.length > SLACK_LIMITS.headerText) problems.push(`header text longer than ${SLACK_LIMITS.headerText} ${at}`);
        break;
      }
      case 'section': {
        const t = block.text === undefined ? undefined : textOf(block.text);
        const fields = block.fields;
        if (t === null || t === '') problems.push(`section text invalid ${at}`);
        if (t && t.length > SLACK_LIMITS.sectionText) problems.push(`section text longer than ${SLACK_LIMITS.sectionText} ${at}`);
        if (fields !== undefined) {
          if (!Array.isArray(fields) || fields.length === 0 || fields.length > SLACK_LIMITS.sectionFields)
            problems.push(`section fields: 1 to ${SLACK_LIMITS.sectionFields} ${at}`);
          else
            for (const f of fields) {
              const ft = textOf(f);
              if (!ft || ft.length > SLACK_LIMITS.fieldText) problems.push(`section field empty or longer than ${SLACK_LIMITS.fieldText} ${at}`);
            }
        }
        if (t === undefined && fields === undefined) problems.push(`section needs text or fields ${at}`);
        if (block.accessory !== undefined) problems.push(...elementProblems(block.accessory, at, actionIds));
        break;
      }
      case 'context': {
        const els = block.elements;
        if (!Array.isArray(els) || els.length === 0 || els.length > SLACK_LIMITS.contextElements) problems.push(`context elements: 1 to ${SLACK_LIMITS.contextElements} ${at}`);
        else
          for (const e of els) {
            const t = textOf(e);
            if (!t && !(isObject(e) && e.type === 'image')) problems.push(`context element invalid ${at}`);
            else if (t && t.length > SLACK_LIMITS.sectionText) problems.push(`context text longer than ${SLACK_LIMITS.sectionText} ${at}`);
          }
        break;
      }
      case 'actions': {
        const els = block.elements;
        if (!Array.isArray(els) || els.length === 0 || els.length > SLACK_LIMITS.actionsElements) problems.push(`actions elements: 1 to ${SLACK_LIMITS.actionsElements} ${at}`);
        else for (const e of els) problems.push(...elementProblems(e, at, actionIds));
        break;
      }
      case 'divider':
        break;
      case 'input':
        if (!isObject(block.label) || !isObject(block.element)) problems.push(`input needs label and element ${at}`);
        break;
      case 'rich_text':
      case 'image':
      case 'markdown':
        break;
      default:
        problems.push(`unknown block type ${String(block.type)} ${at}`);
    }
    if (typeof block.block_id === 'string' && block.block_id.length > 255) problems.push(`block_id longer than 255 ${at}`);
  });
  return problems;
}

function elementProblems(e: unknown, at: string, actionIds: Set<string>): string[] {
  if (!isObject(e)) return [`element not an object ${at}`];
  const problems: string[] = [];
  if (e.type === 'button') {
    const t = isObject(e.text) && e.text.type === 'plain_text' && typeof e.text.text === 'string' ? e.text.text : null;
    if (!t) problems.push(`button needs plain_text ${at}`);
    else if (t.length > SLACK_LIMITS.buttonText) problems.push(`button text longer than ${SLACK_LIMITS.buttonText} ${at}`);
    if (typeof e.value === 'string' && e.value.length > SLACK_LIMITS.buttonValue) problems.push(`button value longer than ${SLACK_LIMITS.buttonValue} ${at}`);
    if (typeof e.url === 'string' && e.url.length > SLACK_LIMITS.url) problems.push(`button url longer than ${SLACK_LIMITS.url} ${at}`);
    if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger') problems.push(`button style must be primary or danger ${at}`);
  }
  if (e.action_id !== undefined) {
    if (typeof e.action_id !== 'string' || !e.action_id || e.action_id.length > SLACK_LIMITS.actionId) problems.push(`action_id invalid ${at}`);
    else if (actionIds.has(e.action_id)) problems.push(`duplicate action_id ${e.action_id} ${at}`);
    else actionIds.add(e.action_id);
  }
  return problems;
}

function viewProblem(view: Record<string, unknown>): string | null {
  if (view.type !== 'modal' && view.type !== 'home') return 'view type must be modal or home';
  if (view.type === 'modal') {
    if (!isObject(view.title) || typeof view.title.text !== 'string' || !view.title.text || view.title.text.length > 24) return 'modal title: plain_text, 1 to 24 characters';
    if (view.submit !== undefined && (!isObject(view.submit) || typeof view.submit.text !== 'string' || view.submit.text.length > 24))
      return 'submit: plain_text, at most 24 characters';
    if (view.close !== undefined && (!isObject(view.close) || typeof view.close.text !== 'string' || view.close.text.length > 24))
      return 'close: plain_text, at most 24 characters';
  }
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > 3000) return 'private_metadata longer than 3000';
  if (typeof view.callback_id === 'string' && view.callback_id.length > 255) return 'callback_id longer than 255';
  if (!Array.isArray(view.blocks)) return 'blocks required';
  if (view.blocks.length > 100) return 'at most 100 blocks in a view';
  const problems = blockProblems(view.blocks).filter((p) => !p.startsWith('must contain at most'));
  return problems[0] ?? null;
}

function parseBody(contentType: string | undefined, raw: Buffer): Record<string, unknown> {
  if (/application\/json/i.test(contentType ?? '')) return parseJsonBody(raw) ?? {};
  const fields: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) {
    fields[key] = /^\s*[[{]/.test(value) ? (tryJson(value) ?? value) : value;
  }
  return fields;
}

function parseJsonBody(raw: Buffer): Record<string, unknown> | null {
  const v = tryJson(raw.toString('utf8'));
  return isObject(v) ? v : null;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

// ── the other direction: Slack's signed requests to our /slack/events ──

/** Slack's request signature: v0= + hex HMAC-SHA256 of `v0:<timestamp>:<body>` with the signing secret. */
export function slackSignature(signingSecret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  /** X-Slack-Retry-Num (Slack's redelivery of an event it thinks was not acked) */
  retryNum?: number;
  /** X-Slack-Retry-Reason, e.g. http_timeout */
  retryReason?: string;
  /** seconds since the epoch (default now): an old one tests the 5-minute window */
  timestamp?: number;
  /** a signature to send instead of the right one */
  signature?: string;
  /** sign with this secret instead */
  secret?: string;
}

export interface SlackAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** the body as JSON when it is JSON */
  json?: unknown;
}

export interface CommandRequest {
  user: string;
  command: string;
  text?: string;
  /** the conversation it was typed in (default the member's DM with the bot) */
  channel?: string;
  userName?: string;
  triggerId?: string;
}

export interface ButtonTapRequest {
  user: string;
  actionId: string;
  value?: string;
  /** the message the button is on */
  channel?: string;
  ts?: string;
  blockId?: string;
  triggerId?: string;
  /** the message's blocks as the member sees them */
  messageBlocks?: unknown[];
}

export interface ViewSubmissionRequest {
  user: string;
  /** default: the opened view's (viewId) */
  callbackId?: string;
  /** default: the opened view's (viewId) */
  privateMetadata?: string;
  /** state.values: block_id → action_id → the element's value object */
  values: Record<string, Record<string, Record<string, unknown>>>;
  viewId?: string;
  triggerId?: string;
}

/** Posts what Slack posts to a request URL, signed. */
export class SlackSender {
  constructor(
    readonly endpoint: string,
    readonly signingSecret: string,
    /** where triggers and response URLs come from; without it they are made up (views.open then refuses them) */
    readonly fake?: FakeSlack,
  ) {}

  private get teamId(): string {
    return this.fake?.teamId ?? 'T0FAKE0001';
  }

  /** any body, signed */
  async raw(body: string, contentType: string, options: SendOptions = {}): Promise<SlackAnswer> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? slackSignature(options.secret ?? this.signingSecret, timestamp, body),
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    };
    if (options.retryNum !== undefined) headers['x-slack-retry-num'] = String(options.retryNum);
    if (options.retryReason !== undefined) headers['x-slack-retry-reason'] = options.retryReason;
    const res = await fetch(this.endpoint, { method: 'POST', headers, body, redirect: 'manual' });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: tryJson(text) };
  }

  /** an Events API event inside its event_callback envelope; returns the answer and the event_id it used */
  async event(event: Record<string, unknown>, options: SendOptions & { eventId?: string } = {}): Promise<SlackAnswer & { eventId: string }> {
    const eventId = options.eventId ?? `Ev0${randomBytes(5).toString('hex').toUpperCase()}`;
    const envelope = {
      token: 'legacy-verification-token',
      team_id: this.teamId,
      api_app_id: 'A0FAKEAPP1',
      event: { event_ts: `${(Date.now() / 1000).toFixed(6)}`, ...event },
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ enterprise_id: null, team_id: this.teamId, user_id: this.fake?.botUserId ?? 'U0FAKEBOT1', is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
    };
    return { ...(await this.raw(JSON.stringify(envelope), 'application/json', options)), eventId };
  }

  /** Slack's url_verification handshake */
  urlVerification(challenge: string, options: SendOptions = {}): Promise<SlackAnswer> {
    return this.raw(JSON.stringify({ token: 'legacy-verification-token', challenge, type: 'url_verification' }), 'application/json', options);
  }

  /** a slash command, form-encoded as Slack sends it */
  command(req: CommandRequest, options: SendOptions = {}): Promise<SlackAnswer> {
    const channel = req.channel ?? this.fake?.dmOf(req.user) ?? `D${req.user.slice(1)}`;
    const form = new URLSearchParams({
      token: 'legacy-verification-token',
      team_id: this.teamId,
      team_domain: 'fake-team',
      channel_id: channel,
      channel_name: channel.startsWith('D') ? 'directmessage' : 'channel',
      user_id: req.user,
      user_name: req.userName ?? req.user.toLowerCase(),
      command: req.command,
      text: req.text ?? '',
      api_app_id: 'A0FAKEAPP1',
      is_enterprise_install: 'false',
      response_url: this.responseUrl(),
      trigger_id: req.triggerId ?? this.triggerFor(req.user),
    });
    return this.raw(form.toString(), 'application/x-www-form-urlencoded', options);
  }

  /** an interactivity payload (payload=<JSON>, form-encoded) */
  interaction(payload: Record<string, unknown>, options: SendOptions = {}): Promise<SlackAnswer> {
    const form = new URLSearchParams({ payload: JSON.stringify(payload) });
    return this.raw(form.toString(), 'application/x-www-form-urlencoded', options);
  }

  /** a block_actions payload: a member taps a button on a message */
  buttonTap(req: ButtonTapRequest, options: SendOptions = {}): Promise<SlackAnswer> {
    const channel = req.channel ?? this.fake?.dmOf(req.user) ?? `D${req.user.slice(1)}`;
    const ts = req.ts ?? '0000000000.000000';
    return this.interaction(
      {
        type: 'block_actions',
        user: { id: req.user, username: req.user.toLowerCase(), name: req.user.toLowerCase(), team_id: this.teamId },
        api_app_id: 'A0FAKEAPP1',
        token: 'legacy-verification-token',
        container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
        trigger_id: req.triggerId ?? this.triggerFor(req.user),
        team: { id: this.teamId, domain: 'fake-team' },
        channel: { id: channel, name: channel.startsWith('D') ? 'directmessage' : 'channel' },
        message: { type: 'message', ts, user: this.fake?.botUserId ?? 'U0FAKEBOT1', text: '', blocks: req.messageBlocks ?? this.fake?.message(channel, ts)?.blocks ?? [] },
        response_url: this.responseUrl(),
        actions: [
          {
            type: 'button',
            action_id: req.actionId,
            block_id: req.blockId ?? 'b',
            text: { type: 'plain_text', text: req.actionId },
            ...(req.value !== undefined ? { value: req.value } : {}),
            action_ts: `${(Date.now() / 1000).toFixed(6)}`,
          },
        ],
      },
      options,
    );
  }

  /** a view_submission payload: a member submits a modal */
  viewSubmission(req: ViewSubmissionRequest, options: SendOptions = {}): Promise<SlackAnswer> {
    const opened = req.viewId ? this.fake?.views.get(req.viewId)?.view : undefined;
    const callbackId = req.callbackId ?? (typeof opened?.callback_id === 'string' ? opened.callback_id : '');
    const privateMetadata = req.privateMetadata ?? (typeof opened?.private_metadata === 'string' ? opened.private_metadata : '');
    return this.interaction(
      {
        type: 'view_submission',
        team: { id: this.teamId, domain: 'fake-team' },
        user: { id: req.user, username: req.user.toLowerCase(), name: req.user.toLowerCase(), team_id: this.teamId },
        api_app_id: 'A0FAKEAPP1',
        token: 'legacy-verification-token',
        trigger_id: req.triggerId ?? this.triggerFor(req.user),
        view: {
          id: req.viewId ?? `V0${randomBytes(4).toString('hex').toUpperCase()}`,
          team_id: this.teamId,
          type: 'modal',
          callback_id: callbackId,
          private_metadata: privateMetadata,
          state: { values: req.values },
          hash: randomBytes(6).toString('hex'),
        },
        response_urls: [],
      },
      options,
    );
  }

  private triggerFor(user: string): string {
    return this.fake ? this.fake.trigger(user) : `${Math.floor(Date.now() / 1000)}.0.${randomBytes(16).toString('hex')}`;
  }

  private responseUrl(): string {
    return `${this.fake?.url ?? 'http://127.0.0.1:9'}/response/${randomBytes(8).toString('hex')}`;
  }
}
