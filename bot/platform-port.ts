// The outbound port every platform adapter implements. Small on purpose: the notification worker
// is its only caller, and it renders cards from current database state before calling it.
import type { Card } from './card-model.js';
import type { Platform } from '../workflows/domain/org-file.js';

export interface Recipient {
  personId: string;
  /** the person's account on this platform */
  account: string;
  /** set when replying into a group conversation (e.g. a DingTalk group where the bot was @-mentioned) */
  group?: string;
}

/** Whatever the platform needs to find a sent card again (stored as JSON on CardRef.handle). */
export type CardHandle = Record<string, unknown>;

export interface PlatformPort {
  readonly platform: Platform;
  /**
   * Only answers go here (the workbench: its pages read requests themselves), never a card, a
   * notice to a person, a group digest or the monthly push.
   */
  readonly repliesOnly?: boolean;
  /**
   * The platform's send limits per destination in any 60 seconds, which delivery keeps to (shared by
   * every bot process); without them, 60 a minute per person and 20 per group.
   */
  readonly limits?: { perRecipientPerMinute: number; perGroupPerMinute: number };
  /**
   * Sends a text. A platform that sends a long text in parts runs each part through `options.once`,
   * so a retry sends only the parts not sent yet; `options.retry` says an earlier attempt may have
   * sent it already (a platform that can drop a repeat is asked to).
   */
  sendText(to: Recipient, text: string, options?: SendOptions): Promise<void>;
  sendCard(to: Recipient, card: Card, options?: SendOptions): Promise<CardHandle>;
  /**
   * Re-renders a card already sent. Returns the (possibly new) handle, or null when the platform
   * can no longer update it (e.g. a spent WeCom ResponseCode): the caller then sends a fresh card.
   */
  updateCard(to: Recipient, handle: CardHandle, card: Card): Promise<CardHandle | null>;
  /** a batched digest to a group (supervision group); `target` is the group's id on this platform */
  sendGroupDigest(target: string, title: string, lines: string[], options?: SendOptions): Promise<void>;
  /**
   * Fetches a file a user sent (a FileEvent's `file.ref`) through the platform's API. Reads at most
   * `maxBytes`: a bigger file comes back as `{ tooLarge: size }` without its content. Throws when the
   * platform fails (the queue retries the event).
   */
  fetchFile(ref: string, maxBytes: number): Promise<FetchedFile>;
  /**
   * Sends a file (a report's workbook) to a person or into the group they wrote in: a file message
   * where the platform has one (the file uploaded first), a download link (`url`, signed for the
   * recipient) where it has not. Throws when the platform fails (the queue retries the job).
   */
  sendFile(to: Recipient, file: OutboundFile, options?: SendOptions): Promise<void>;
  /**
   * A message that opens a page (the workbench's 新建申请 form) as the platform's link card: a title,
   * the words and one button to `link.url`. A platform without one leaves this out, and gets the
   * words and the address as a text instead.
   */
  sendLink?(to: Recipient, link: OutboundLink): Promise<void>;
}

/** Runs `send` unless the send named `part` already happened (its job ran before); gives what it returned either way. */
export type SendOnce = <T>(part: string, send: (retry: boolean, key: string) => Promise<T>) => Promise<T>;

export interface SendOptions {
  once?: SendOnce;
  /** an earlier attempt may have made this send already (its worker stopped before noting it) */
  retry?: boolean;
  /** the same on every attempt of this send: a platform that can keep it drops a repeat (the console does) */
  key?: string;
}

/** A link to send: its title, the words under it (lines split by \n), the button's label (at most 4 characters) and where it goes. */
export interface OutboundLink {
  title: string;
  text: string;
  button: string;
  url: string;
}

/** A file to send: its name (with extension), bytes, and a signed link to the same file. */
export interface OutboundFile {
  name: string;
  bytes: Uint8Array;
  url: string;
}

/** A file fetched from a platform: its bytes, or only that it is too large; the name when the platform gave one. */
export type FetchedFile = { name?: string } & ({ bytes: Uint8Array } | { tooLarge: number });

/**
 * A platform refused a call for now (e.g. Slack's HTTP 429 with Retry-After): nothing was sent. The
 * notification worker puts the job back for `retryAfterMs` (bot/notify/deliver.ts) instead of
 * retrying at once, so a limit never becomes a tight loop and the message goes once, later.
 */
export class PlatformRateLimited extends Error {
  constructor(
    readonly retryAfterMs: number,
    message?: string,
  ) {
    super(message ?? `rate limited: try again in ${retryAfterMs} ms`);
    this.name = 'PlatformRateLimited';
  }
}
