// WeCom's outbound side: app messages to members (/cgi-bin/message/send), approval cards as
// template_card updated through ResponseCodes (/cgi-bin/message/update_template_card), group
// digests to an 应用群聊 (/cgi-bin/appchat/send) or a group robot webhook, files sent as file messages
// (/cgi-bin/media/upload, wecom-upload.ts) and fetching the files members send the app
// (/cgi-bin/media/get, wecom-media.ts).
import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Card } from '../../bot/card-model.js';
import type { Logger } from '../../bot/deps.js';
import {
  PlatformRateLimited,
  type CardHandle,
  type FetchedFile,
  type PlatformPort,
  type Recipient,
  type OutboundFile,
  type OutboundLink,
  type SendOnce,
  type SendOptions,
} from '../../bot/platform-port.js';
import { takeSlot } from '../../bot/queue/rate-limit.js';
import { fileLinkText } from '../../bot/replies/file-words.js';
import type { WecomApi, WecomAnswer } from './wecom-api.js';
import { isTaskId, renderTemplateCard } from './wecom-card.js';
import type { CardCodes } from './wecom-card-codes.js';
import { WecomApiError, forQueue } from './wecom-errors.js';
import { fetchMedia } from './wecom-media.js';
import { clip, clipBytes, splitText } from './wecom-text.js';
import { MEDIA_MAX_BYTES, MEDIA_MIN_BYTES, uploadMedia } from './wecom-upload.js';

/** 每应用对同一个成员不可超过30次/分钟 (发送应用消息 · 频率限制, document/path/90236): more is dropped */
const PER_MEMBER_PER_MINUTE = 30;
/** a repeat of the same content to the same member within half an hour is dropped by WeCom */
const DUPLICATE_CHECK = { enable_duplicate_check: 1, duplicate_check_interval: 1800 };

export interface WecomPortDeps {
  api: WecomApi;
  agentId: number;
  codes: CardCodes;
  redis: Redis;
  /** `${QUEUE_PREFIX}:wecom` */
  base: string;
  log: Logger;
  /** records a delivery WeCom refused for good (the audit trail keeps failed notifications too) */
  reportFailure: (error: WecomApiError, target: string) => Promise<void>;
}

export class WecomPort implements PlatformPort {
  readonly platform = 'wecom' as const;
  /** delivery keeps to these; message() checks the member's count again for each message it sends (a long text is several) */
  readonly limits = { perRecipientPerMinute: PER_MEMBER_PER_MINUTE, perGroupPerMinute: 20 };

  constructor(private readonly deps: WecomPortDeps) {}

  /**
   * A long text goes in parts, each sent once (`options.once`: a retry sends only what is left). A
   * part an earlier attempt may have sent asks WeCom to drop it if it did (enable_duplicate_check:
   * the same content to the same member within the interval is not sent again, document/path/90236).
   */
  async sendText(to: Recipient, text: string, options: SendOptions = {}): Promise<void> {
    const once: SendOnce = options.once ?? ((part, send) => send(false, part));
    for (const [i, content] of splitText(text).entries()) {
      await once(`part${i}`, (retry) =>
        this.guard(to.account, () => this.message(to.account, { msgtype: 'text', text: { content }, ...(retry || options.retry ? DUPLICATE_CHECK : {}) })),
      );
    }
  }

  /**
   * A 文本卡片消息 (textcard, document/path/90236): title up to 128 bytes, description up to 512, the
   * url opened by the card and its button, btntxt up to 4 characters.
   */
  async sendLink(to: Recipient, link: OutboundLink): Promise<void> {
    const textcard = { title: clipBytes(link.title, 128), description: clipBytes(link.text, 512), url: link.url, btntxt: clip(link.button, 4) };
    await this.guard(to.account, () => this.message(to.account, { msgtype: 'textcard', textcard }));
  }

  async sendCard(to: Recipient, card: Card): Promise<CardHandle> {
    return this.guard(to.account, async () => {
      const taskId = `gj-${randomUUID().replace(/-/g, '')}`;
      const answer = await this.message(to.account, { msgtype: 'template_card', template_card: renderTemplateCard(card, { taskId }) });
      // the send answer carries a response_code too: one update even if nobody ever taps this card
      if (typeof answer.response_code === 'string' && answer.response_code) await this.deps.codes.remember(taskId, answer.response_code);
      await this.deps.codes.setShown(taskId, contentOf(card));
      await this.deps.codes.addCard(card.requestId, to.account, taskId);
      return { taskId, userId: to.account };
    });
  }

  /**
   * Brings every card this person has about the request up to date, as far as ResponseCodes allow,
   * and answers with a card that now shows it: this one, else the newest that does; null when none
   * could be updated (the core then sends one fresh card, which the person's other refs then share).
   */
  async updateCard(to: Recipient, handle: CardHandle, card: Card): Promise<CardHandle | null> {
    const taskId = handle.taskId;
    if (typeof taskId !== 'string' || !isTaskId(taskId)) return null;
    const current = await this.guard(to.account, () => this.update(to.account, taskId, card));
    let showing: string | null = current ? taskId : null;
    for (const other of await this.deps.codes.cardsOf(card.requestId, to.account)) {
      if (other === taskId) continue;
      const ok = await this.update(to.account, other, card).catch((error: unknown) => {
        this.deps.log.info('older wecom card not updated', { taskId: other, err: error });
        return false;
      });
      if (ok) showing ??= other;
    }
    return showing === null ? null : showing === taskId ? handle : { taskId: showing, userId: to.account };
  }

  /** Re-renders one card; false when no ResponseCode can update it. */
  private async update(userId: string, taskId: string, card: Card): Promise<boolean> {
    const shown = contentOf(card);
    // already showing this (a retried refresh, or another ref of the same card): no code spent on it
    if ((await this.deps.codes.shown(taskId)) === shown) return true;
    const template = renderTemplateCard(card, { taskId, forUpdate: true });
    for (;;) {
      const code = await this.deps.codes.take(taskId);
      if (!code) return false;
      try {
        await this.deps.api.post('/cgi-bin/message/update_template_card', { userids: [userId], agentid: this.deps.agentId, response_code: code, template_card: template });
        await this.deps.codes.setShown(taskId, shown);
        return true;
      } catch (error) {
        if (!(error instanceof WecomApiError) || error.kind === 'transient' || error.kind === 'config') {
          await this.deps.codes.giveBack(taskId, code);
          throw error;
        }
        // spent, expired or refused: try the next code, if any
        this.deps.log.info('wecom response code refused', { taskId, errcode: error.errcode, errmsg: error.errmsg });
      }
    }
  }

  async sendGroupDigest(target: string, title: string, lines: string[]): Promise<void> {
    const group = parseGroupTarget(target);
    const chunks = splitText(`${title}\n${lines.map((l) => `· ${l}`).join('\n')}`);
    const id = digest({ target, title, lines });
    // a robot's key is its credential: logs and the audit trail get only its start
    const shownAs = group.kind === 'robot' ? `robot:${group.key.slice(0, 4)}…` : group.chatId;
    await this.guard(shownAs, async () => {
      for (const [i, content] of chunks.entries()) {
        // a retry after a failure part-way (45009: 20 messages a minute per group) skips the parts sent
        const sentKey = `${this.deps.base}:digest-sent:${id}:${i}`;
        if (await this.deps.redis.exists(sentKey)) continue;
        const body = { msgtype: 'text', text: { content } };
        if (group.kind === 'robot') await this.deps.api.webhook(group.key, body);
        // 应用推送消息到群聊 (document/path/90248): the chat must have been created by this app
        else await this.deps.api.post('/cgi-bin/appchat/send', { chatid: group.chatId, ...body, safe: 0 });
        await this.deps.redis.set(sentKey, '1', 'EX', 3600); // longer than the queue's retries last
      }
    });
  }

  /**
   * A file message (a report's workbook): uploaded as 临时素材, then sent as msgtype file (发送应用消息 ·
   * 文件消息, document/path/90236). A WeCom app talks to members in its own chat only, so a file asked
   * for anywhere goes there, as texts do. A file over WeCom's 20 MB goes as its link instead. A failed
   * upload or send is thrown for the queue: the retry uploads again (a media_id is cheap, and lasts 3 days).
   */
  async sendFile(to: Recipient, file: OutboundFile): Promise<void> {
    const size = file.bytes.byteLength;
    if (size < MEDIA_MIN_BYTES || size > MEDIA_MAX_BYTES) return this.sendText(to, fileLinkText(file.name, size, file.url));
    await this.guard(to.account, async () => {
      const mediaId = await uploadMedia(this.deps.api, file);
      await this.message(to.account, { msgtype: 'file', file: { media_id: mediaId } });
    });
  }

  /**
   * A picture or file a member sent, by its MediaId. A media_id WeCom no longer knows (40007: gone
   * after 3 days) is not retried; a 5xx, a timeout or a cut-off body is.
   */
  async fetchFile(ref: string, maxBytes: number): Promise<FetchedFile> {
    try {
      return await fetchMedia(this.deps.api, ref, maxBytes);
    } catch (error) {
      if (!(error instanceof WecomApiError)) throw error;
      const data = { api: error.api, errcode: error.errcode, errmsg: error.errmsg, hint: error.hint };
      if (error.kind === 'transient' || error.kind === 'token') this.deps.log.warn('wecom media download failed; the queue retries it', data);
      else this.deps.log.error(error.message, data);
      throw forQueue(error);
    }
  }

  private async message(userId: string, payload: Record<string, unknown>): Promise<WecomAnswer> {
    const wait = await takeSlot(this.deps.redis, `${this.deps.base}:rate:member:${userId}`, PER_MEMBER_PER_MINUTE);
    // nothing sent: the job goes back until a slot frees (deliver's honourRateLimit)
    if (wait > 0) throw new PlatformRateLimited(wait, `message/send to ${userId}: over ${PER_MEMBER_PER_MINUTE} a minute`);
    const answer = await this.deps.api.post('/cgi-bin/message/send', { touser: userId, agentid: this.deps.agentId, ...payload });
    // errcode 0 can still name recipients it could not reach (document/path/90236: invaliduser)
    const invalid = typeof answer.invaliduser === 'string' ? answer.invaliduser.split('|') : [];
    if (invalid.includes(userId)) throw new WecomApiError('message/send', 81013, `invaliduser ${userId}`);
    return answer;
  }

  /** Logs and reports a failure in words an administrator can act on, then hands the queue its error. */
  private async guard<T>(target: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof WecomApiError)) throw error;
      const data = { target, api: error.api, errcode: error.errcode, errmsg: error.errmsg, hint: error.hint };
      if (error.kind === 'transient' || error.kind === 'token') this.deps.log.warn('wecom call failed; the queue retries it', data);
      else {
        this.deps.log.error(error.message, data);
        if (error.kind === 'permanent') await this.deps.reportFailure(error, target);
      }
      throw forQueue(error);
    }
  }
}

export type GroupTarget = { kind: 'robot'; key: string } | { kind: 'appchat'; chatId: string };

/**
 * groups.supervision.wecom names either a group robot — `robot:<key>`, the webhook URL, or a bare
 * key (the robot's key is a UUID) — or the chatid of an 应用群聊 created by this app.
 */
export function parseGroupTarget(target: string): GroupTarget {
  const value = target.trim();
  if (value.startsWith('robot:')) return { kind: 'robot', key: value.slice('robot:'.length) };
  if (/^https?:\/\//.test(value) && URL.canParse(value)) {
    const key = new URL(value).searchParams.get('key');
    if (key) return { kind: 'robot', key };
  }
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return { kind: 'robot', key: value };
  return { kind: 'appchat', chatId: value };
}

/**
 * what a card shows, whichever card (task_id) shows it. Links to 附件 are left out: they are signed
 * afresh each time a card is drawn, and a new signature alone is not worth a ResponseCode.
 */
function contentOf(card: Card): string {
  const shown = JSON.stringify(renderTemplateCard(card, { taskId: '', forUpdate: true }), (key, value: unknown) => (key === 'url' ? undefined : value));
  return createHash('sha1').update(shown).digest('hex');
}

function digest(value: unknown): string {
  return createHash('sha1').update(JSON.stringify(value)).digest('hex');
}
