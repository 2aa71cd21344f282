// The Slack outbound port, on the Web API through Bolt's WebClient: texts, cards and links to a
// person are chat.postMessage to their user id, which Slack posts in the app's DM with them (the
// answer names that D… channel; the card's handle is { channel, ts }); a card is updated in place
// with chat.update, and when Slack can no longer find or edit it the caller sends a fresh one;
// digests go to the supervision channel; a report's workbook is uploaded with files.uploadV2 (its
// three calls) into the DM or the group; a file a member sent is read with files.info and its
// url_private, with the bot token, never more than the cap.
//
// Rate limits: the WebClient must not retry a 429 itself (rejectRateLimitedCalls, retries 0 — see
// slackClientOptions): the call fails with Slack's Retry-After, turned here into PlatformRateLimited,
// and the notification worker puts the job back for that long (bot/notify/deliver.ts). A 429 means
// Slack posted nothing, so the message goes once, later.
import { webApi } from '@slack/bolt';
import type { Card } from '../../bot/card-model.js';
import type { Logger } from '../../bot/deps.js';
import { PlatformRateLimited, type CardHandle, type FetchedFile, type OutboundFile, type OutboundLink, type PlatformPort, type Recipient } from '../../bot/platform-port.js';
import { fileLinkText } from '../../bot/replies/file-words.js';
import { readCapped } from '../shared/read-capped.js';
import { renderSlackCard, renderSlackDigest, renderSlackLink, slackText, type SlackMessage } from './slack-blocks.js';

type WebClient = webApi.WebClient;

/** Slack's answers to chat.update that mean the message can no longer be updated: send a fresh card */
const GONE = new Set(['message_not_found', 'channel_not_found', 'cant_update_message', 'edit_window_closed', 'is_archived', 'not_in_channel']);
/** a Retry-After Slack leaves out (an ok:false "ratelimited" answer without the header) */
const DEFAULT_RETRY_S = 30;
const DOWNLOAD_TIMEOUT_MS = 60_000;

/**
 * The WebClient options for the port's client (and Bolt's clientOptions): no retries of its own —
 * a 429 comes back at once with its Retry-After, for the queue to honour.
 */
export function slackClientOptions(apiUrl: string): webApi.WebClientOptions {
  return { slackApiUrl: apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } };
}

export interface SlackPortOptions {
  /** fetch for url_private downloads (tests; default the global one) */
  fetch?: typeof fetch;
  downloadTimeoutMs?: number;
}

export class SlackPort implements PlatformPort {
  readonly platform = 'slack' as const;

  constructor(
    private readonly web: WebClient,
    private readonly log: Logger,
    private readonly options: SlackPortOptions = {},
  ) {}

  async sendText(to: Recipient, text: string): Promise<void> {
    await this.call('chat.postMessage', () => this.web.chat.postMessage({ channel: to.group ?? to.account, text: slackText(text), unfurl_links: false, unfurl_media: false }));
  }

  async sendLink(to: Recipient, link: OutboundLink): Promise<void> {
    await this.post(to.group ?? to.account, renderSlackLink(link));
  }

  async sendCard(to: Recipient, card: Card): Promise<CardHandle> {
    const answer = await this.post(to.group ?? to.account, renderSlackCard(card));
    if (!answer.channel || !answer.ts) throw new Error('slack chat.postMessage answered without channel and ts');
    return { channel: answer.channel, ts: answer.ts };
  }

  async updateCard(to: Recipient, handle: CardHandle, card: Card): Promise<CardHandle | null> {
    const channel = typeof handle.channel === 'string' ? handle.channel : undefined;
    const ts = typeof handle.ts === 'string' ? handle.ts : undefined;
    if (!channel || !ts) return null;
    const { text, blocks } = renderSlackCard(card);
    try {
      await this.call('chat.update', () => this.web.chat.update({ channel, ts, text, blocks }));
    } catch (error) {
      const code = platformError(error);
      if (code && GONE.has(code)) {
        this.log.warn('slack card could not be updated; a fresh one will be sent', { channel, ts, error: code, account: to.account });
        return null;
      }
      throw error;
    }
    return { channel, ts };
  }

  async sendGroupDigest(target: string, title: string, lines: string[]): Promise<void> {
    await this.post(target, renderSlackDigest(title, lines));
  }

  /**
   * The workbook as a file in the DM (opened with conversations.open: files are shared into a
   * channel, not to a user id) or the group. An app without the files:write scope sends the
   * signed link instead.
   */
  async sendFile(to: Recipient, file: OutboundFile): Promise<void> {
    const channel = to.group ?? (await this.dmOf(to.account));
    try {
      await this.call('files.uploadV2', () => this.web.files.uploadV2({ channel_id: channel, file: Buffer.from(file.bytes), filename: file.name, title: file.name }));
    } catch (error) {
      if (platformError(error) !== 'missing_scope') throw error;
      this.log.warn('slack app lacks files:write; the file goes as its link', { file: file.name });
      await this.sendText(to, fileLinkText(file.name, file.bytes.byteLength, file.url));
    }
  }

  async fetchFile(ref: string, maxBytes: number): Promise<FetchedFile> {
    const info = await this.call('files.info', () => this.web.files.info({ file: ref }));
    const file = info.file;
    const name = file?.name ?? undefined;
    const url = file?.url_private_download ?? file?.url_private;
    if (!url) throw new Error(`slack files.info ${ref} gave no url_private`);
    if (typeof file?.size === 'number' && file.size > maxBytes) return { ...(name ? { name } : {}), tooLarge: file.size };
    const res = await (this.options.fetch ?? fetch)(url, {
      headers: { authorization: `Bearer ${this.web.token ?? ''}` },
      signal: AbortSignal.timeout(this.options.downloadTimeoutMs ?? DOWNLOAD_TIMEOUT_MS),
    });
    if (res.status === 429) {
      await res.body?.cancel().catch(() => {});
      throw new PlatformRateLimited(retryAfterMs(Number(res.headers.get('retry-after'))), 'slack file download rate limited');
    }
    // without a valid token (or the files:read scope) Slack answers its sign-in page, not the file
    if (!res.ok || ((res.headers.get('content-type') ?? '').startsWith('text/html') && file?.mimetype !== 'text/html')) {
      await res.body?.cancel().catch(() => {});
      throw new Error(`slack url_private of ${ref} answered ${res.status} ${res.headers.get('content-type') ?? ''}: check the bot token and its files:read scope`);
    }
    const body = await readCapped(res, maxBytes);
    return { ...(name ? { name } : {}), ...body };
  }

  private async post(channel: string, message: SlackMessage): Promise<webApi.ChatPostMessageResponse> {
    return this.call('chat.postMessage', () => this.web.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false }));
  }

  /** the D… channel of the app's DM with a member */
  private async dmOf(user: string): Promise<string> {
    const answer = await this.call('conversations.open', () => this.web.conversations.open({ users: user }));
    const id = answer.channel?.id;
    if (!id) throw new Error('slack conversations.open answered without a channel');
    return id;
  }

  /** one Web API call; a 429 (or an ok:false ratelimited) becomes PlatformRateLimited for the queue */
  private async call<T>(method: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const seconds = rateLimitedFor(error);
      if (seconds !== undefined) {
        this.log.warn('slack rate limited; the job waits', { method, retryAfterS: seconds });
        throw new PlatformRateLimited(retryAfterMs(seconds), `slack ${method} rate limited (retry after ${seconds} s)`);
      }
      throw error;
    }
  }
}

/** Retry-After in seconds → ms, at least a second, at most 15 minutes, 30 s when Slack gave none */
function retryAfterMs(seconds: number): number {
  const s = Number.isFinite(seconds) && seconds >= 0 ? seconds : DEFAULT_RETRY_S;
  return Math.min(15 * 60, Math.max(1, s)) * 1000;
}

function rateLimitedFor(error: unknown): number | undefined {
  if (error instanceof webApi.WebAPIRateLimitedError) return error.retryAfter;
  if (isCoded(error) && error.code === webApi.ErrorCode.RateLimitedError) return (error as { retryAfter?: number }).retryAfter ?? DEFAULT_RETRY_S;
  if (platformError(error) === 'ratelimited') {
    const meta = (error as { data?: { response_metadata?: { retryAfter?: number } } }).data?.response_metadata;
    return meta?.retryAfter ?? DEFAULT_RETRY_S;
  }
  return undefined;
}

/** Slack's error code of an ok:false answer (message_not_found …), else undefined */
function platformError(error: unknown): string | undefined {
  if (isCoded(error) && error.code === webApi.ErrorCode.PlatformError) {
    const data = (error as { data?: { error?: unknown } }).data;
    return typeof data?.error === 'string' ? data.error : undefined;
  }
  return undefined;
}

function isCoded(error: unknown): error is { code: unknown } {
  return typeof error === 'object' && error !== null && 'code' in error;
}
