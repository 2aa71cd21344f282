// The console's outbound side: it "delivers" by writing the conversation store and announcing the
// change on Redis, so every bot process's browsers hear about it. A file uploaded on the page is
// already in the FileStore (the upload stores it before queuing it), so fetching it reads it there; a
// file the bot sends is a message with a download link.
import type { Card } from '../../bot/card-model.js';
import type { CardHandle, FetchedFile, PlatformPort, Recipient, OutboundFile, SendOptions } from '../../bot/platform-port.js';
import { sentFileText } from '../../bot/replies/file-words.js';
import type { FileStore } from '../../workflows/service/file-store.js';
import type { ConsoleFile, WorkflowService } from '../../workflows/service/workflow-service.js';

export type AnnounceChange = (conversation: string, messageId: bigint) => Promise<void>;

/** Console conversations: a person's 1:1 chat with the bot is their person id; a group is `group:<name>`. */
export function conversationOf(to: Recipient): string {
  return to.group ? `group:${to.group}` : to.account;
}

export class ConsolePort implements PlatformPort {
  readonly platform = 'console' as const;

  constructor(
    private readonly messages: WorkflowService['consoleMessages'],
    private readonly announce: AnnounceChange,
    private readonly files: Pick<FileStore, 'get'>,
  ) {}

  // Each send carries its key (SendOptions.key), kept on the message: a send repeated after its
  // worker died finds its message and writes nothing new.
  async sendText(to: Recipient, text: string, options: SendOptions = {}): Promise<void> {
    await this.post(conversationOf(to), { text, sendKey: options.key });
  }

  async sendCard(to: Recipient, card: Card, options: SendOptions = {}): Promise<CardHandle> {
    const id = await this.post(conversationOf(to), { card: card as object, sendKey: options.key });
    return { messageId: id.toString() };
  }

  async updateCard(to: Recipient, handle: CardHandle, card: Card): Promise<CardHandle | null> {
    const id = typeof handle.messageId === 'string' ? BigInt(handle.messageId) : null;
    if (id === null) return null;
    // the same card again (a refresh that changed nothing) leaves the message alone, so an open form on it survives
    const outcome = await this.messages.updateCard(id, conversationOf(to), card as object);
    if (outcome === 'missing') return null;
    if (outcome === 'updated') await this.announce(conversationOf(to), id);
    return handle;
  }

  async sendGroupDigest(target: string, title: string, lines: string[], options: SendOptions = {}): Promise<void> {
    await this.post(`group:${target}`, { text: `${title}\n${lines.map((l) => `· ${l}`).join('\n')}`, sendKey: options.key });
  }

  /**
   * A file message (a report's workbook): its name and size as the text, and the file itself as a
   * link signed for the reader, which the page offers as 下载. The console has no media store of its
   * own: the link serves the bytes.
   */
  async sendFile(to: Recipient, file: OutboundFile, options: SendOptions = {}): Promise<void> {
    const size = file.bytes.byteLength;
    await this.post(conversationOf(to), { text: sentFileText(file.name, size), file: { name: file.name, size, url: file.url }, sendKey: options.key });
  }

  /** `ref` is the key the upload stored the bytes under; gone means the store lost it (thrown, so the queue tries again) */
  async fetchFile(ref: string, maxBytes: number): Promise<FetchedFile> {
    const bytes = await this.files.get(ref);
    if (!bytes) throw new Error(`console upload ${ref} is not in the file store`);
    return bytes.byteLength > maxBytes ? { tooLarge: bytes.byteLength } : { bytes };
  }

  private async post(conversation: string, content: { text?: string; card?: object; file?: ConsoleFile; sendKey?: string }): Promise<bigint> {
    const id = await this.messages.post(conversation, { direction: 'out', ...content });
    await this.announce(conversation, id);
    return id;
  }
}
