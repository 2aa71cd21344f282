// "Something changed in conversation X", across every bot process: Redis pub/sub, fanned out to
// this process's Server-Sent-Events clients.
import type { Redis } from 'ioredis';

export interface ConsoleChange {
  conversation: string;
  messageId: bigint;
}

export interface ConsoleChanges {
  announce(conversation: string, messageId: bigint): Promise<void>;
  subscribe(listener: (change: ConsoleChange) => void): () => void;
  close(): Promise<void>;
}

export async function consoleChanges(publisher: Redis, subscriber: Redis, channel: string): Promise<ConsoleChanges> {
  const listeners = new Set<(change: ConsoleChange) => void>();
  await subscriber.subscribe(channel);
  subscriber.on('message', (from: string, text: string) => {
    if (from !== channel) return;
    try {
      const { conversation, messageId } = JSON.parse(text) as { conversation: string; messageId: string };
      for (const listener of listeners) listener({ conversation, messageId: BigInt(messageId) });
    } catch {
      // a foreign message on our channel: ignore it
    }
  });
  return {
    // a nudge to the open pages, not a record: it never holds up the caller (with Redis down, the
    // console still takes a message — the edge keeps it in PostgreSQL — and pages catch up on reconnect)
    announce: async (conversation, messageId) => {
      if (publisher.status !== 'ready') return;
      publisher.publish(channel, JSON.stringify({ conversation, messageId: messageId.toString() })).catch(() => undefined);
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    // no UNSUBSCRIBE: with Redis down it would wait for Redis; the owner disconnects the subscriber
    close: async () => {
      listeners.clear();
    },
  };
}
