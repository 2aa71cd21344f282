// The DingTalk outbound port: texts, digests and files (reports) as robot messages, approval cards as
// interactive cards in the person's 1:1 chat with the robot, and the files people send the robot
// fetched by their downloadCode. The workers are the only callers; the notification worker also keeps each
// group under DingTalk's ~20 messages a minute (bot/notify/deliver.ts).
import { randomUUID } from 'node:crypto';
import type { Card } from '../../bot/card-model.js';
import type { Logger } from '../../bot/deps.js';
import type { CardHandle, FetchedFile, PlatformPort, Recipient, OutboundFile, OutboundLink } from '../../bot/platform-port.js';
import { fileLinkText } from '../../bot/replies/file-words.js';
import { extensionOf } from '../shared/multipart-file.js';
import type { DingTalkApi } from './dingtalk-api.js';
import type { DingTalkSettings } from './dingtalk-settings.js';
import { inClient } from './in-client-link.js';
import { DingTalkApiError } from './openapi-request.js';
import { renderDingTalkCard } from './render-dingtalk-card.js';
import { MEDIA_MAX_BYTES, uploadMedia } from './upload-media.js';

export class DingTalkPort implements PlatformPort {
  readonly platform = 'dingtalk' as const;

  constructor(
    private readonly api: DingTalkApi,
    private readonly settings: DingTalkSettings,
    private readonly log: Logger,
  ) {}

  async sendText(to: Recipient, text: string): Promise<void> {
    // sampleText: msgParam is JSON inside a string (open.dingtalk.com "机器人发送消息的类型及数据格式")
    await this.sendMessage(to, 'sampleText', JSON.stringify({ content: text }));
  }

  /**
   * sampleActionCard (open.dingtalk.com "机器人发送消息的类型及数据格式"): a title, Markdown text and one
   * button (singleTitle) to singleURL — the page inside DingTalk, where its JSAPI signs the person in.
   */
  async sendLink(to: Recipient, link: OutboundLink): Promise<void> {
    const text = `#### ${link.title}\n\n${link.text.split('\n').join('\n\n')}`;
    await this.sendMessage(to, 'sampleActionCard', JSON.stringify({ title: link.title, text, singleTitle: link.button, singleURL: inClient(link.url) }));
  }

  async sendCard(to: Recipient, card: Card): Promise<CardHandle> {
    const outTrackId = `gj-${randomUUID()}`;
    const { cardData, privateData } = renderDingTalkCard(card);
    // create and deliver in one call (open.dingtalk.com "创建并投放卡片"): our own outTrackId, taps come
    // back over the Stream connection (callbackType STREAM), userIdType 1 = the org's userId (staffId)
    const answer = await this.api.call('POST', '/v1.0/card/instances/createAndDeliver', {
      cardTemplateId: this.settings.cardTemplateId,
      outTrackId,
      callbackType: 'STREAM',
      userIdType: 1,
      cardData: { cardParamMap: cardData },
      privateData: { [to.account]: { cardParamMap: privateData } },
      openSpaceId: `dtv1.card//IM_ROBOT.${to.account}`,
      imRobotOpenSpaceModel: { supportForward: false, lastMessageI18n: { zh_CN: cardData.lastMessage } },
      imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode: this.settings.robotCode },
    });
    const failed = deliverFailures(answer);
    if (failed) throw new DingTalkApiError(200, 'DELIVER_FAILED', `createAndDeliver ${outTrackId}: ${failed}`, true);
    return { outTrackId, userId: to.account };
  }

  async updateCard(to: Recipient, handle: CardHandle, card: Card): Promise<CardHandle | null> {
    const outTrackId = typeof handle.outTrackId === 'string' ? handle.outTrackId : undefined;
    if (!outTrackId) return null;
    const { cardData, privateData } = renderDingTalkCard(card);
    try {
      // update by outTrackId, merging by key (open.dingtalk.com "更新卡片" cardUpdateOptions)
      const answer = await this.api.call('PUT', '/v1.0/card/instances', {
        outTrackId,
        userIdType: 1,
        cardData: { cardParamMap: cardData },
        privateData: { [to.account]: { cardParamMap: privateData } },
        cardUpdateOptions: { updateCardDataByKey: true, updatePrivateDataByKey: true },
      });
      if (answer.success === false) return null;
    } catch (error) {
      // a final refusal (unknown or expired instance): the caller sends a fresh card instead
      if (error instanceof DingTalkApiError && !error.retryable) {
        this.log.warn('DingTalk card could not be updated; a fresh one will be sent', { outTrackId, code: error.code });
        return null;
      }
      throw error;
    }
    return { outTrackId, userId: to.account };
  }

  async sendGroupDigest(target: string, title: string, lines: string[]): Promise<void> {
    const text = `#### ${title}\n\n${lines.map((line) => `- ${line}`).join('\n')}`;
    await this.sendToGroup(target, 'sampleMarkdown', JSON.stringify({ title, text }));
  }

  /**
   * A file message (a report's workbook), where the text would go (the 1:1 chat or the group): the
   * file uploaded first (upload-media.ts), then sampleFile with its media_id; msgParam's fileType is
   * the extension without the dot (open.dingtalk.com "机器人发送消息的类型及数据格式"). A file over
   * DingTalk's 20 MB goes as its link instead. A failed upload or send is thrown for the queue.
   */
  async sendFile(to: Recipient, file: OutboundFile): Promise<void> {
    const size = file.bytes.byteLength;
    const fileType = extensionOf(file.name);
    if (size === 0 || size > MEDIA_MAX_BYTES || !fileType) return this.sendText(to, fileLinkText(file.name, size, file.url));
    const mediaId = await uploadMedia(this.api, this.settings.oapiBase, file);
    await this.sendMessage(to, 'sampleFile', JSON.stringify({ mediaId, fileName: file.name, fileType }));
  }

  async fetchFile(ref: string, maxBytes: number): Promise<FetchedFile> {
    let answer: Record<string, unknown>;
    try {
      // downloadCode → a temporary link (open.dingtalk.com "下载机器人接收消息的文件内容"
      // /v1.0/robot/messageFiles/download, body {downloadCode, robotCode}, answer {downloadUrl})
      answer = await this.api.call('POST', '/v1.0/robot/messageFiles/download', { downloadCode: ref, robotCode: this.settings.robotCode });
    } catch (error) {
      // a final 4xx: the code is wrong or has expired (DingTalk keeps it for a limited time); still thrown
      if (error instanceof DingTalkApiError && !error.retryable && error.status >= 400 && error.status < 500) {
        throw new DingTalkApiError(
          error.status,
          error.code,
          `DingTalk refused the downloadCode of a file sent to the robot (invalid or expired; it must be sent again): ${error.message}`,
          false,
        );
      }
      throw error;
    }
    const url = answer.downloadUrl;
    if (typeof url !== 'string' || !URL.canParse(url)) throw new DingTalkApiError(200, 'BAD_DOWNLOAD_ANSWER', 'messageFiles/download answered without a downloadUrl', true);
    // the name comes with the message (FileEvent.file.name); the link's own name is a meaningless ….file
    return this.api.download(url, maxBytes);
  }

  /** a robot message into the group the person wrote in, else into their 1:1 chat with the robot */
  private async sendMessage(to: Recipient, msgKey: string, msgParam: string): Promise<void> {
    if (to.group) return this.sendToGroup(to.group, msgKey, msgParam);
    // 1:1 robot message to up to 20 userIds per call (open.dingtalk.com "批量发送人与机器人会话中机器人消息")
    const answer = await this.api.call('POST', '/v1.0/robot/oToMessages/batchSend', { robotCode: this.settings.robotCode, userIds: [to.account], msgKey, msgParam });
    if (listed(answer.flowControlledStaffIdList, to.account)) {
      throw new DingTalkApiError(200, 'FLOW_CONTROLLED', `batchSend: ${to.account} is flow-controlled, try later`, true);
    }
    if (listed(answer.invalidStaffIdList, to.account)) {
      this.log.warn('DingTalk says this user id is not valid for the app; check accounts.dingtalk in the organisation file', { account: to.account });
    }
  }

  private async sendToGroup(openConversationId: string, msgKey: string, msgParam: string): Promise<void> {
    // the robot posts into a group it belongs to, named by openConversationId (open.dingtalk.com "机器人发送群聊消息")
    await this.api.call('POST', '/v1.0/robot/groupMessages/send', { robotCode: this.settings.robotCode, openConversationId, msgKey, msgParam });
  }
}

function listed(list: unknown, account: string): boolean {
  return Array.isArray(list) && list.includes(account);
}

/** createAndDeliver answers per space; a space that failed is named with its error */
function deliverFailures(answer: Record<string, unknown>): string | undefined {
  const result = answer.result as { deliverResults?: { success?: boolean; spaceId?: string; errorMsg?: string }[] } | undefined;
  const failed = (result?.deliverResults ?? []).filter((r) => r.success === false);
  return failed.length > 0 ? failed.map((r) => `${r.spaceId ?? '?'}: ${r.errorMsg ?? 'failed'}`).join('; ') : undefined;
}
