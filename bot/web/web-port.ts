// The workbench's outbound side. Its pages read requests themselves, so only answers come here:
// the bot's reply to an action taken on the page (已提交, a refusal, a report's workbook) is kept in
// the person's workbench notices (`web:<person id>` in the message store), which the page polls
// after each action. A file uploaded on a page is already in the FileStore (the upload stored it
// before queuing it), so fetching it reads it there.
import type { Card } from '../card-model.js';
import type { CardHandle, FetchedFile, OutboundFile, PlatformPort, Recipient } from '../platform-port.js';
import { sentFileText } from '../replies/file-words.js';
import type { FileStore } from '../../workflows/service/file-store.js';
import type { WorkflowService } from '../../workflows/service/workflow-service.js';

/** a person's workbench notices in the message store */
export function noticesOf(personId: string): string {
  return `web:${personId}`;
}

export class WebPort implements PlatformPort {
  readonly platform = 'web' as const;
  readonly repliesOnly = true;

  constructor(
    private readonly messages: WorkflowService['consoleMessages'],
    private readonly files: Pick<FileStore, 'get'>,
  ) {}

  async sendText(to: Recipient, text: string): Promise<void> {
    await this.messages.post(noticesOf(to.personId || to.account), { direction: 'out', text });
  }

  async sendFile(to: Recipient, file: OutboundFile): Promise<void> {
    const size = file.bytes.byteLength;
    await this.messages.post(noticesOf(to.personId || to.account), { direction: 'out', text: sentFileText(file.name, size), file: { name: file.name, size, url: file.url } });
  }

  /** never called: cards do not fan out to a port that takes answers only */
  async sendCard(_to: Recipient, _card: Card): Promise<CardHandle> {
    return {};
  }

  async updateCard(_to: Recipient, handle: CardHandle, _card: Card): Promise<CardHandle | null> {
    return handle;
  }

  async sendGroupDigest(): Promise<void> {}

  /** `ref` is the key the upload stored the bytes under; gone means the store lost it (thrown, so the queue tries again) */
  async fetchFile(ref: string, maxBytes: number): Promise<FetchedFile> {
    const bytes = await this.files.get(ref);
    if (!bytes) throw new Error(`workbench upload ${ref} is not in the file store`);
    return bytes.byteLength > maxBytes ? { tooLarge: bytes.byteLength } : { bytes };
  }
}
