// The Stream side of the fake DingTalk: the gateway's /v1.0/gateway/connections/open hands out a
// single-use ticket and a local WebSocket endpoint; the WebSocket server pushes CALLBACK frames to
// one open connection at a time (round robin, as DingTalk gives each push to one connection),
// records every ack, and pushes a frame again while it is not acked (DingTalk may repeat pushes).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

export interface Ack {
  messageId: string;
  code: number;
  /** the ack's data, parsed: {"response": …} for callbacks */
  data: unknown;
  connection: number;
}

interface Push {
  messageId: string;
  topic: string;
  frame: string;
  sentAt: number;
  deliveries: number;
}

interface Connection {
  id: number;
  socket: WebSocket;
}

export class FakeStream {
  readonly acks: Ack[] = [];
  readonly pushes = new Map<string, Push>();
  /** text the client sent that was not a JSON ack */
  readonly junk: string[] = [];
  /** connections ever opened, and gateway registrations refused */
  opened = 0;
  refused = 0;
  /** called for every ack, e.g. to apply a card callback's answer to the card */
  onAck: (ack: Ack) => void = () => {};
  private readonly tickets = new Map<string, { used: boolean; expires: number }>();
  private readonly connections: Connection[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private next = 0;
  private readonly redeliver: NodeJS.Timeout;

  constructor(
    private readonly credentials: { clientId: string; clientSecret: string },
    /** a push not acked for this long is pushed again */
    private readonly redeliverMs = 2_500,
  ) {
    this.redeliver = setInterval(() => this.redeliverUnacked(), 250);
  }

  /** POST /v1.0/gateway/connections/open */
  open(body: Record<string, unknown>, wsBase: string): { status: number; body: unknown } {
    const subs = Array.isArray(body.subscriptions) ? (body.subscriptions as { type?: string; topic?: string }[]) : [];
    const topics = subs.filter((s) => s.type === 'CALLBACK').map((s) => s.topic);
    if (body.clientId !== this.credentials.clientId || body.clientSecret !== this.credentials.clientSecret) {
      this.refused++;
      return { status: 401, body: { code: 'InvalidClient', message: 'clientId or clientSecret invalid' } };
    }
    if (!topics.includes('/v1.0/im/bot/messages/get') || !topics.includes('/v1.0/card/instances/callback')) {
      this.refused++;
      return { status: 400, body: { code: 'InvalidSubscriptions', message: `subscribed to ${JSON.stringify(subs)}` } };
    }
    const ticket = randomUUID();
    this.tickets.set(ticket, { used: false, expires: Date.now() + 90_000 });
    return { status: 200, body: { endpoint: `${wsBase}/connect`, ticket } };
  }

  /** the WebSocket handshake: GET /connect?ticket=… */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const ticket = this.tickets.get(url.searchParams.get('ticket') ?? '');
    if (url.pathname !== '/connect' || !ticket || ticket.used || ticket.expires < Date.now()) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    ticket.used = true;
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = { id: ++this.opened, socket: ws };
      this.connections.push(connection);
      ws.on('message', (data) => this.onClientMessage(connection, String(data)));
      ws.on('close', () => this.connections.splice(this.connections.indexOf(connection), 1));
    });
  }

  get openConnections(): number {
    return this.connections.filter((c) => c.socket.readyState === c.socket.OPEN).length;
  }

  /** Pushes a CALLBACK frame; returns its messageId. `data` is sent as given when a string. */
  push(topic: string, data: unknown, options: { messageId?: string; dropAfterSend?: boolean } = {}): string {
    const messageId = options.messageId ?? `${randomUUID().slice(0, 8)}_${Date.now().toString(16)}`;
    const frame = JSON.stringify({
      specVersion: '1.0',
      type: 'CALLBACK',
      headers: { appId: 'fake-app', connectionId: 'fake', contentType: 'application/json', messageId, time: String(Date.now()), topic },
      data: typeof data === 'string' ? data : JSON.stringify(data),
    });
    const push = { messageId, topic, frame, sentAt: 0, deliveries: 0 };
    this.pushes.set(messageId, push);
    const connection = this.send(push);
    if (options.dropAfterSend) connection?.socket.terminate();
    return messageId;
  }

  /** Pushes an earlier frame again, unchanged (DingTalk may repeat a push even after its ack). */
  repush(messageId: string): void {
    const push = this.pushes.get(messageId);
    if (!push) throw new Error(`no push ${messageId}`);
    this.send(push);
  }

  /** Sends raw text (malformed frames) to every open connection. */
  sendRaw(text: string): void {
    for (const c of this.connections) c.socket.send(text);
  }

  /** A SYSTEM frame (ping, disconnect); returns its messageId. */
  system(topic: 'ping' | 'disconnect', data: Record<string, unknown>): string {
    const messageId = randomUUID();
    this.sendRaw(JSON.stringify({ specVersion: '1.0', type: 'SYSTEM', headers: { topic, messageId, contentType: 'application/json' }, data: JSON.stringify(data) }));
    return messageId;
  }

  /** Drops every connection without a close handshake, as a network failure would. */
  dropAll(): void {
    for (const c of [...this.connections]) c.socket.terminate();
  }

  acksFor(messageId: string): Ack[] {
    return this.acks.filter((a) => a.messageId === messageId);
  }

  async close(): Promise<void> {
    clearInterval(this.redeliver);
    this.dropAll();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private send(push: Push): Connection | undefined {
    const open = this.connections.filter((c) => c.socket.readyState === c.socket.OPEN);
    if (open.length === 0) return undefined;
    const connection = open[this.next++ % open.length]!;
    push.sentAt = Date.now();
    push.deliveries++;
    connection.socket.send(push.frame);
    return connection;
  }

  private redeliverUnacked(): void {
    const now = Date.now();
    for (const push of this.pushes.values()) {
      if (this.acksFor(push.messageId).length === 0 && now - push.sentAt > this.redeliverMs) this.send(push);
    }
  }

  private onClientMessage(connection: Connection, text: string): void {
    try {
      const msg = JSON.parse(text) as { code?: number; headers?: { messageId?: string }; data?: string };
      const messageId = msg.headers?.messageId;
      if (typeof msg.code !== 'number' || !messageId) throw new Error('not an ack');
      const ack = { messageId, code: msg.code, data: msg.data ? JSON.parse(msg.data) : undefined, connection: connection.id };
      this.acks.push(ack);
      this.onAck(ack);
    } catch {
      this.junk.push(text);
    }
  }
}
