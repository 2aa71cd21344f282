// Our Stream connection: dingtalk-stream's DWClient (frames, SYSTEM ping replies, the ack format),
// with what 2.1.5 lacks for us. It asks the gateway of DINGTALK_API_BASE instead of the hard-coded
// public one; it checks each frame before the SDK's unguarded JSON.parse sees it; and it runs its
// own reconnect loop, because the SDK reconnects twice after a failed connect, keeps reconnecting
// after disconnect(), and stacks a heartbeat timer per reconnect.
import { DWClient, TOPIC_CARD, TOPIC_ROBOT, type DWClientDownStream } from 'dingtalk-stream';
import type WebSocket from 'ws';
import { z } from 'zod';
import type { Logger } from '../../bot/deps.js';
import type { DingTalkSettings } from './dingtalk-settings.js';
import { requestJson, type Fetch } from './openapi-request.js';
import { StreamFrameSchema, type StreamFrame } from './stream-frame.js';

const GatewaySchema = z.object({ endpoint: z.string().min(1), ticket: z.string().min(1) });

/** reconnect backoff: from half a second, doubling per failed attempt, at most 30 s (plus jitter) */
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;
/** ws ping interval; a socket that answers nothing for a whole interval is dropped and replaced */
const HEARTBEAT_MS = 10_000;

export interface StreamClientOptions {
  settings: DingTalkSettings;
  log: Logger;
  fetch: Fetch;
  /** a CALLBACK frame on one of our topics; `ack` sends the protocol ack with its messageId */
  onCallback: (frame: StreamFrame, ack: (response: unknown) => void) => void;
}

interface SdkInternals {
  dw_url?: string;
  socket?: WebSocket;
}

export class StreamClient extends DWClient {
  private stopped = true;
  private opening = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private readonly opts: StreamClientOptions;

  constructor(opts: StreamClientOptions) {
    super({ clientId: opts.settings.clientId, clientSecret: opts.settings.clientSecret, ua: 'guanjia dingtalk-stream-nodejs/2.1.5', keepAlive: false });
    this.opts = opts;
    this.config.autoReconnect = false;
    // subscribe to exactly our two topics (2.1.5 shares one default list, with EVENT *, between instances)
    this.config.subscriptions = [];
    const listener = (frame: DWClientDownStream) => opts.onCallback(frame as unknown as StreamFrame, (response) => this.ack(frame.headers.messageId, response));
    this.registerCallbackListener(TOPIC_ROBOT, listener).registerCallbackListener(TOPIC_CARD, listener);
  }

  /** Connects, and keeps a connection open until stop(). */
  start(): void {
    this.stopped = false;
    void this.openOnce();
  }

  /** whether the Stream connection is open now (readiness) */
  isOpen(): boolean {
    const socket = this.internals.socket;
    return !!socket && socket.readyState === socket.OPEN;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.internals.socket?.terminate();
  }

  override async getEndpoint(): Promise<this> {
    const { settings, fetch } = this.opts;
    // Stream step 1: register, get { endpoint, ticket }; the ticket opens one connection within 90 s (developerpedia "Stream 协议描述")
    const answer = await requestJson(
      fetch,
      {
        method: 'POST',
        url: `${settings.apiBase}/v1.0/gateway/connections/open`,
        body: { clientId: settings.clientId, clientSecret: settings.clientSecret, ua: this.config.ua, subscriptions: this.config.subscriptions },
      },
      10_000,
    );
    const { endpoint, ticket } = GatewaySchema.parse(answer);
    const url = new URL(endpoint);
    url.searchParams.set('ticket', ticket);
    this.internals.dw_url = url.toString();
    return this;
  }

  override onDownStream(data: string): void {
    let frame: StreamFrame;
    try {
      const parsed = StreamFrameSchema.safeParse(JSON.parse(String(data)));
      if (!parsed.success) return this.opts.log.warn('DingTalk stream frame without type/headers ignored');
      frame = parsed.data;
    } catch {
      return this.opts.log.warn('DingTalk stream frame is not JSON; ignored', { bytes: String(data).length });
    }
    try {
      if (frame.type === 'CALLBACK') return this.onCallbackFrame(frame);
      if (frame.type === 'SYSTEM' && frame.headers.topic === 'disconnect') return this.onDisconnectNotice(frame);
      if (frame.type === 'SYSTEM' || frame.type === 'EVENT') return super.onDownStream(String(data));
      this.opts.log.warn('DingTalk stream frame of unknown type ignored', { type: frame.type });
    } catch (error) {
      this.opts.log.error('DingTalk stream frame handling failed', { messageId: frame.headers.messageId, err: error });
    }
  }

  private onCallbackFrame(frame: StreamFrame): void {
    if (!frame.headers.messageId) return this.opts.log.warn('DingTalk CALLBACK frame without messageId ignored', { topic: frame.headers.topic });
    if (frame.headers.topic === TOPIC_ROBOT || frame.headers.topic === TOPIC_CARD) return this.onCallback(frame as unknown as DWClientDownStream);
    this.opts.log.warn('DingTalk CALLBACK on a topic we did not subscribe to', { topic: frame.headers.topic });
    this.ack(frame.headers.messageId, null);
  }

  /** The server will close this connection in ~10 s (developerpedia "Stream 协议描述": disconnect): reconnect now. */
  private onDisconnectNotice(frame: StreamFrame): void {
    this.opts.log.info('DingTalk stream asked us to reconnect', { data: frame.data.slice(0, 200) });
    this.internals.socket?.terminate();
  }

  private ack(messageId: string, response: unknown): void {
    try {
      // the ack: { code: 200, headers: { messageId, contentType }, message: "OK", data: {"response": …} } (developerpedia "Stream 协议描述")
      this.socketCallBackResponse(messageId, response);
    } catch (error) {
      this.opts.log.warn('DingTalk ack could not be sent', { messageId, err: error });
    }
  }

  private async openOnce(): Promise<void> {
    if (this.stopped || this.opening) return;
    this.opening = true;
    let socket: WebSocket | undefined;
    try {
      await this.getEndpoint();
      await withTimeout(this._connect(), 15_000, () => this.internals.socket?.terminate());
      socket = this.internals.socket;
    } catch (error) {
      this.opts.log.warn('DingTalk stream connection failed; retrying', { attempt: this.failures + 1, err: error });
    } finally {
      this.opening = false;
    }
    if (this.stopped) return void socket?.terminate();
    if (!socket) return this.retryLater(true);
    this.watch(socket);
  }

  private watch(socket: WebSocket): void {
    const openedAt = Date.now();
    let alive = true;
    const beat = () => {
      alive = true;
    };
    socket.on('pong', beat).on('message', beat);
    const heartbeat = setInterval(() => {
      if (!alive) return socket.terminate();
      alive = false;
      socket.ping();
    }, HEARTBEAT_MS);
    const closed = () => {
      clearInterval(heartbeat);
      if (this.internals.socket === socket) this.internals.socket = undefined;
      this.opts.log.info('DingTalk stream connection closed');
      // a connection that dies as soon as it opens counts as a failed attempt (backoff grows)
      this.retryLater(Date.now() - openedAt < 1_000);
    };
    // it may have closed already, between opening and this line
    if (socket.readyState === socket.CLOSED) closed();
    else socket.once('close', closed);
  }

  private retryLater(failed: boolean): void {
    if (this.stopped || this.retryTimer) return;
    this.failures = failed ? this.failures + 1 : 0;
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** this.failures);
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = undefined;
        void this.openOnce();
      },
      delay / 2 + Math.random() * (delay / 2),
    );
  }

  private get internals(): SdkInternals {
    return this as unknown as SdkInternals;
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`no connection within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
