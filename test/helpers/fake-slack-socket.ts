// Slack's Socket Mode, locally, in front of the fake Web API (fake-slack.ts): apps.connections.open
// with the app-level token (xapp-…) answers a WebSocket URL on this server; the socket says hello,
// then carries envelopes — events_api, slash_commands, interactive — each acknowledged by the app
// with its envelope_id (and, for commands and interactions, the ack's payload). Every other Web API
// call is passed on to the fake unchanged, so SLACK_API_URL can point here for both.
// Protocol: "Using Socket Mode" (the hello and disconnect messages, the envelope and its ack).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FakeSlack } from './fake-slack.js';

export interface SocketAck {
  envelope_id: string;
  payload?: unknown;
}

export class FakeSlackSocket {
  url = '';
  /** apps.connections.open calls, with the token each came with */
  readonly opens: (string | undefined)[] = [];
  readonly acks: SocketAck[] = [];
  private server?: Server;
  private wss?: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private readonly waiting = new Map<string, (ack: SocketAck) => void>();
  private pinger?: NodeJS.Timeout;

  constructor(
    readonly fake: FakeSlack,
    readonly appToken: string,
  ) {}

  /** what SLACK_API_URL is set to */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  get openSockets(): number {
    return this.sockets.size;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ server: this.server, path: '/link' });
    this.wss.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('message', (data: Buffer) => {
        const ack = JSON.parse(data.toString('utf8')) as SocketAck;
        this.acks.push(ack);
        this.waiting.get(ack.envelope_id)?.(ack);
        this.waiting.delete(ack.envelope_id);
      });
      socket.send(
        JSON.stringify({
          type: 'hello',
          num_connections: this.sockets.size,
          debug_info: { host: 'fake-slack-socket', approximate_connection_time: 18060 },
          connection_info: { app_id: 'A0FAKEAPP1' },
        }),
      );
    });
    // Slack pings every few seconds; the client counts a silent server as gone
    this.pinger = setInterval(() => this.sockets.forEach((s) => s.ping()), 5_000);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    clearInterval(this.pinger);
    for (const s of this.sockets) s.terminate();
    this.wss?.close();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** sends an envelope to the connected app; resolves with its ack */
  send(type: 'events_api' | 'slash_commands' | 'interactive', payload: Record<string, unknown>, options: { retryAttempt?: number } = {}): Promise<SocketAck> {
    const socket = [...this.sockets][0];
    if (!socket) throw new Error('no Socket Mode connection');
    const envelopeId = randomBytes(16).toString('hex');
    const acked = new Promise<SocketAck>((resolve) => this.waiting.set(envelopeId, resolve));
    socket.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: type !== 'events_api',
        retry_attempt: options.retryAttempt ?? 0,
        retry_reason: options.retryAttempt ? 'timeout' : '',
      }),
    );
    return acked;
  }

  /** an Events API event in its event_callback envelope, as Socket Mode carries it */
  event(event: Record<string, unknown>, options: { eventId?: string; retryAttempt?: number } = {}): Promise<SocketAck> {
    return this.send(
      'events_api',
      {
        token: 'legacy-verification-token',
        team_id: this.fake.teamId,
        api_app_id: 'A0FAKEAPP1',
        event: { event_ts: (Date.now() / 1000).toFixed(6), ...event },
        type: 'event_callback',
        event_id: options.eventId ?? `Ev0${randomBytes(5).toString('hex').toUpperCase()}`,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ enterprise_id: null, team_id: this.fake.teamId, user_id: this.fake.botUserId, is_bot: true, is_enterprise_install: false }],
      },
      options,
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const auth = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (req.url === '/api/apps.connections.open') {
      this.opens.push(auth);
      const json =
        auth === this.appToken ? { ok: true, url: `${this.url.replace(/^http/, 'ws')}/link?ticket=${randomBytes(8).toString('hex')}` } : { ok: false, error: 'invalid_auth' };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      return;
    }
    // everything else is the fake's
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'authorization']) if (typeof req.headers[name] === 'string') headers[name] = req.headers[name];
    const answer = await fetch(`${this.fake.url}${req.url ?? '/'}`, { method: req.method, headers, body: req.method === 'POST' ? body : undefined });
    const out: Record<string, string> = { 'content-type': answer.headers.get('content-type') ?? 'application/json' };
    const retryAfter = answer.headers.get('retry-after');
    if (retryAfter) out['retry-after'] = retryAfter;
    res.writeHead(answer.status, out).end(Buffer.from(await answer.arrayBuffer()));
  }
}
