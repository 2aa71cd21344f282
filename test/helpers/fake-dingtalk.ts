// A local DingTalk: one HTTP server for the OpenAPI, the old-style API's uploads and the Stream
// gateway, and a WebSocket server behind the endpoint the gateway hands out. Tests drive it the way people use DingTalk: a person
// types to the robot, sends it a picture or file, taps a button on a card (with the params our card
// template sends), and the test reads the cards and messages the bot sent.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TOPIC_CARD, TOPIC_ROBOT } from 'dingtalk-stream';
import type { PrivateKey, PublicKey } from '../../adapters/dingtalk/render-dingtalk-card.js';
import { FILE_LINK_PATH, FakeOpenApi, type FakeCard } from './fake-dingtalk-api.js';
import { FakeStream } from './fake-dingtalk-stream.js';
import { waitFor } from './test-guanjia.js';

export const DINGTALK_APP = { clientId: 'dingfakeappkey01', clientSecret: 'fake-app-secret', robotCode: 'dingfakerobot01', templateId: 'guanjia-approval-test.schema' };

interface TemplateButton {
  actionId: string;
  visibleWhen: string;
  params: Record<string, string>;
}
export const CARD_TEMPLATE = JSON.parse(readFileSync(new URL('../../adapters/dingtalk/card-template/approval-card.template.json', import.meta.url), 'utf8')) as {
  variables: Record<'public' | 'private' | 'local', Record<string, { default?: string }>>;
  layout: Record<string, unknown>[];
  buttons: TemplateButton[];
};

export interface MessageOptions {
  /** @-mentioning the robot in this group instead of the 1:1 chat */
  group?: string;
  messageId?: string;
  msgId?: string;
  dropAfterSend?: boolean;
}

/** what one person sees on a card: every variable of the template, as strings */
export type CardView = Record<PublicKey | PrivateKey, string> & Record<string, string | undefined>;
export interface CardInputs {
  comment?: string;
  transferTo?: string;
  meetingDate?: string;
  minutesNo?: string;
  /** 确认付款: 凭证号 and 付款日期 */
  voucherNo?: string;
  paymentDate?: string;
}

export class FakeDingTalk {
  readonly api = new FakeOpenApi(DINGTALK_APP);
  readonly stream = new FakeStream(DINGTALK_APP);
  private readonly callbacks = new Map<string, { outTrackId: string; userId: string }>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {
    this.api.fileHost = url;
    // DingTalk applies a card callback's answer to the tapper's copy at once
    this.stream.onAck = (ack) => {
      const tap = this.callbacks.get(ack.messageId);
      const change = (ack.data as { response?: { userPrivateData?: { cardParamMap?: Record<string, string> } } } | undefined)?.response?.userPrivateData?.cardParamMap;
      const card = tap && this.api.cards.get(tap.outTrackId);
      if (card && tap && change) card.privateData[tap.userId] = { ...card.privateData[tap.userId], ...change };
    };
  }

  static async start(): Promise<FakeDingTalk> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new FakeDingTalk(server, `http://127.0.0.1:${port}`);
    server.on('request', (req, res) => {
      // a temporary download link: the storage host, not the OpenAPI (no token, no JSON)
      if (req.method === 'GET' && req.url?.startsWith(FILE_LINK_PATH)) return void fake.api.serveFile(req, res);
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', async () => {
        const raw = Buffer.concat(chunks);
        const url = new URL(req.url ?? '/', fake.url);
        const path = url.pathname;
        // the old-style API (DINGTALK_OAPI_BASE points here too): the robot's file uploads
        if (req.method === 'POST' && path === '/media/upload') {
          const answer = await fake.api.upload(url.searchParams, req.headers['content-type'], raw);
          return void res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer.body));
        }
        // …and the workbench's 免登
        if (req.method === 'POST' && path === '/topapi/v2/user/getuserinfo') {
          const answer = await fake.api.userInfo(url.searchParams, req.headers['content-type'], raw);
          return void res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer.body));
        }
        let body: Record<string, unknown>;
        try {
          body = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
        } catch {
          return void res.writeHead(400).end('{"code":"InvalidJson"}');
        }
        const answer =
          req.method === 'POST' && path === '/v1.0/gateway/connections/open'
            ? fake.stream.open(body, fake.url.replace(/^http/, 'ws'))
            : await fake.api.handle(req.method ?? 'GET', path, req.headers, body);
        res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer.body));
      });
    });
    server.on('upgrade', (req, socket, head) => fake.stream.upgrade(req, socket, head));
    return fake;
  }

  /** the settings a Guanjia needs to use this DingTalk */
  env(): Record<string, string> {
    return {
      DINGTALK_CLIENT_ID: DINGTALK_APP.clientId,
      DINGTALK_CLIENT_SECRET: DINGTALK_APP.clientSecret,
      DINGTALK_ROBOT_CODE: DINGTALK_APP.robotCode,
      DINGTALK_CARD_TEMPLATE_ID: DINGTALK_APP.templateId,
      DINGTALK_API_BASE: this.url,
      DINGTALK_OAPI_BASE: this.url,
    };
  }

  /** A person opens the workbench in DingTalk: the auth code requestAuthCode gives the page (see FakeOpenApi.issueSignInCode). */
  issueSignInCode(userId: string, options: { corp?: string } = {}): string {
    return this.api.issueSignInCode(userId, options);
  }

  /** A person types to the robot: 1:1, or @-mentioning it in a group. Returns the push's ids. */
  say(userId: string, text: string, options: MessageOptions = {}): { messageId: string; msgId: string } {
    return this.message(userId, { msgtype: 'text', text: { content: options.group ? ` ${text}` : text } }, options);
  }

  /**
   * A person sends the robot a file (or, with `picture`, a photo; pictures have no name): DingTalk
   * keeps the bytes for messageFiles/download and pushes a message carrying the downloadCode.
   */
  sendFile(
    userId: string,
    bytes: Uint8Array,
    options: MessageOptions & { name?: string; picture?: boolean; chunked?: boolean } = {},
  ): { messageId: string; msgId: string; downloadCode: string } {
    const downloadCode = this.api.addRobotFile(bytes, { name: options.name, chunked: options.chunked });
    // picture {downloadCode, pictureDownloadCode}, file {downloadCode, fileId, fileName, spaceId} (机器人接收消息的数据格式)
    const content = options.picture
      ? { downloadCode, pictureDownloadCode: `pic${randomUUID()}` }
      : { downloadCode, fileId: String(Date.now()), fileName: options.name ?? '未命名', spaceId: '28455378906' };
    return { ...this.message(userId, { msgtype: options.picture ? 'picture' : 'file', content }, options), downloadCode };
  }

  /** A robot message of any type (text, picture, file, richText …) in the envelope DingTalk pushes. */
  message(userId: string, body: { msgtype: string } & Record<string, unknown>, options: MessageOptions = {}): { messageId: string; msgId: string } {
    const msgId = options.msgId ?? `msg${randomUUID()}`;
    const group = options.group;
    const data = {
      conversationId: group ?? `cid1to1${userId}`,
      conversationType: group ? '2' : '1',
      conversationTitle: group ? '测试群' : undefined,
      msgId,
      ...body,
      senderStaffId: userId,
      senderId: `$:LWCP_v1:$${userId}`,
      senderNick: userId,
      senderCorpId: 'dingfakecorp',
      chatbotCorpId: 'dingfakecorp',
      chatbotUserId: '$:LWCP_v1:$robot',
      robotCode: DINGTALK_APP.robotCode,
      isAdmin: false,
      isInAtList: group ? true : undefined,
      createAt: Date.now(),
      sessionWebhook: 'http://127.0.0.1:9/robot/sendBySession?session=unused',
      sessionWebhookExpiredTime: Date.now() + 3_600_000,
    };
    return { messageId: this.stream.push(TOPIC_ROBOT, data, { messageId: options.messageId, dropAfterSend: options.dropAfterSend }), msgId };
  }

  /** A person taps a button they can see on their copy of a card; returns the push's messageId. */
  tap(userId: string, outTrackId: string, actionId: string, inputs: CardInputs = {}): string {
    const view = this.view(outTrackId, userId);
    const button = CARD_TEMPLATE.buttons.find((b) => b.actionId === actionId);
    if (!button || !isVisible(button.visibleWhen, view)) throw new Error(`${actionId} is not shown to ${userId} on ${outTrackId}`);
    const values: Record<string, string | undefined> = { ...view, comment: '', transferTo: '', meetingDate: '', minutesNo: '', voucherNo: '', paymentDate: '', ...inputs };
    const params = Object.fromEntries(Object.entries(button.params).map(([k, v]) => [k, v.replace(/\$\{(\w+)\}/g, (_, name: string) => values[name] ?? '')]));
    return this.callback(userId, outTrackId, actionId, params);
  }

  /** The links (打开链接) `userId` sees on a card, by label, with the template's variables filled in. */
  links(outTrackId: string, userId?: string): Record<string, string> {
    const view = this.view(outTrackId, userId);
    const shown = CARD_TEMPLATE.layout.filter((c) => c.onTap === '打开链接' && (typeof c.visibleWhen !== 'string' || isVisible(c.visibleWhen, view)));
    return Object.fromEntries(shown.map((c) => [String(c.label), String(c.url).replace(/\$\{(\w+)\}/g, (_, name: string) => view[name] ?? '')]));
  }

  /** Pushes a card callback as DingTalk would, with any params (a forged or stale tap). */
  callback(userId: string, outTrackId: string, actionId: string, params: Record<string, unknown>, messageId?: string): string {
    const content = JSON.stringify({ cardPrivateData: { actionIds: [actionId], params } });
    const data = { outTrackId, userId, corpId: 'dingfakecorp', spaceType: 'IM_ROBOT', spaceId: userId, type: 'actionCallback', userIdType: 1, content, extension: '{}' };
    const id = this.stream.push(TOPIC_CARD, data, { messageId });
    this.callbacks.set(id, { outTrackId, userId });
    return id;
  }

  /** What `userId` sees on a card: the public data overlaid with their private data. */
  view(outTrackId: string, userId?: string): CardView {
    const card = this.api.cards.get(outTrackId);
    if (!card) throw new Error(`no card ${outTrackId}`);
    return { ...card.cardData, ...card.privateData[userId ?? card.userId] } as CardView;
  }

  /** Waits for a card delivered to `userId` (about `requestId`) whose view satisfies `ready`. */
  async waitForCard(userId: string, ready: (view: CardView) => boolean, requestId?: string): Promise<{ card: FakeCard; view: CardView }> {
    return waitFor(
      () => {
        const cards = [...this.api.cards.values()].filter((c) => c.userId === userId && (!requestId || c.cardData.requestId === requestId));
        const card = cards.reverse().find((c) => ready(this.view(c.outTrackId, userId)));
        return card ? { card, view: this.view(card.outTrackId, userId) } : undefined;
      },
      `DingTalk card for ${userId}${requestId ? ` (${requestId})` : ''}`,
    );
  }

  /** Waits for a text to `userId` matching `pattern`, skipping the first `after` texts they got. */
  async waitForText(userId: string, pattern: RegExp, after = 0): Promise<string> {
    return waitFor(
      () =>
        this.api
          .textsTo(userId)
          .slice(after)
          .find((t) => pattern.test(t)),
      `DingTalk text ${pattern} to ${userId}`,
    );
  }

  async close(): Promise<void> {
    await this.stream.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** the template's visibleWhen: `name == true && other != true` over the viewer's variables */
function isVisible(expression: string, view: CardView): boolean {
  return expression.split('&&').every((part) => {
    const m = /^\s*(\w+)\s*(==|!=)\s*(\S+)\s*$/.exec(part);
    if (!m) throw new Error(`visibleWhen not understood: ${part}`);
    const value = m[3] === "''" ? '' : m[3];
    return m[2] === '==' ? view[m[1]!] === value : view[m[1]!] !== value;
  });
}

export const hasAction = (action: string) => (view: CardView) => view[`show${action[0]!.toUpperCase()}${action.slice(1)}`] === 'true' && view.busy !== 'true';
