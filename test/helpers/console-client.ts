// Drives the console API as a person would through the page: type text, tap card buttons, read
// the conversation.
import type { Card, CardAction } from '../../bot/card-model.js';
import { waitFor } from './test-guanjia.js';

export interface ConsoleMessage {
  id: number;
  direction: 'in' | 'out';
  text?: string;
  card?: Card;
}

export class ConsoleClient {
  constructor(readonly baseUrl: string) {}

  async post(
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: { accepted?: boolean; error?: { code: string; message: string } } }> {
    const res = await fetch(`${this.baseUrl}/console/api/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as never };
  }

  /** Uploads a file as the page does (POST /upload, the file as the body, the rest in the query). */
  async upload(
    as: string,
    bytes: Uint8Array,
    query: { requestId?: string; kind?: string; name?: string } = {},
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: { accepted?: boolean; dedupeKey?: string; error?: { code: string; message: string } } }> {
    const params = new URLSearchParams({ as });
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, value);
    const res = await fetch(`${this.baseUrl}/console/api/upload?${params}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', ...headers },
      body: Buffer.from(bytes),
    });
    return { status: res.status, body: (await res.json()) as never };
  }

  async say(as: string, text: string): Promise<void> {
    const res = await this.post('messages', { as, text });
    if (res.status !== 202) throw new Error(`send failed: ${res.status} ${JSON.stringify(res.body)}`);
  }

  async messages(as: string): Promise<ConsoleMessage[]> {
    const res = await fetch(`${this.baseUrl}/console/api/conversations/${encodeURIComponent(as)}`);
    return ((await res.json()) as { messages: ConsoleMessage[] }).messages;
  }

  async group(): Promise<ConsoleMessage[]> {
    const res = await fetch(`${this.baseUrl}/console/api/groups/supervision`);
    return ((await res.json()) as { messages: ConsoleMessage[] }).messages;
  }

  /** Waits for a bot text after message `afterId` that matches. */
  async waitForText(as: string, pattern: RegExp, afterId = 0): Promise<ConsoleMessage> {
    return waitFor(async () => (await this.messages(as)).find((m) => m.id > afterId && m.direction === 'out' && m.text && pattern.test(m.text)), `text ${pattern} for ${as}`);
  }

  /** Waits for a card about `requestId` (or any card) whose state satisfies `ready`. */
  async waitForCard(as: string, ready: (card: Card) => boolean = () => true, requestId?: string): Promise<ConsoleMessage & { card: Card }> {
    return waitFor(
      async () => {
        const cards = (await this.messages(as)).filter((m): m is ConsoleMessage & { card: Card } => !!m.card && (!requestId || m.card.requestId === requestId));
        return [...cards].reverse().find((m) => ready(m.card));
      },
      `card for ${as}${requestId ? ` (${requestId})` : ''}`,
    );
  }

  /** Taps a button on a card message as a person. */
  async tap(as: string, message: ConsoleMessage & { card: Card }, action: CardAction, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    const button = message.card.buttons.find((b) => b.action === action);
    return this.post('actions', { as, messageId: message.id, action, requestId: message.card.requestId, stepId: button?.stepId, ...extra }, headers);
  }

  async lastId(as: string): Promise<number> {
    const all = await this.messages(as);
    return all.at(-1)?.id ?? 0;
  }
}

export const hasButton = (action: CardAction) => (card: Card) => card.buttons.some((b) => b.action === action);
