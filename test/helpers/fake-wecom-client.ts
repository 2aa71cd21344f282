// The other half of the local WeCom: what WeCom sends to our callback URL. It encrypts and signs
// with its own few lines of crypto (not the adapter's), so a mistake on either side shows.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import type { FakeCard, FakeWecom } from './fake-wecom.js';

export interface Callback {
  query: Record<string, string>;
  body: string;
}

export class FakeWecomClient {
  callbackUrl = '';
  private lastSecond = 0;
  private msgId = 7_300_000_000_000_000_000n;

  constructor(readonly wecom: FakeWecom) {}

  private get aes(): { key: Buffer; iv: Buffer } {
    const key = Buffer.from(`${this.wecom.settings.encodingAesKey}=`, 'base64');
    return { key, iv: key.subarray(0, 16) };
  }

  seal(plain: string, receiveId = this.wecom.settings.corpId): string {
    const msg = Buffer.from(plain);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(msg.length);
    const data = Buffer.concat([randomBytes(16), len, msg, Buffer.from(receiveId)]);
    const pad = 32 - (data.length % 32);
    const cipher = createCipheriv('aes-256-cbc', this.aes.key, this.aes.iv).setAutoPadding(false);
    return Buffer.concat([cipher.update(Buffer.concat([data, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
  }

  sign(timestamp: string, nonce: string, encrypt: string, token = this.wecom.settings.token): string {
    return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
  }

  /** GET URL verification, as when an administrator saves the callback settings (`at`: the time WeCom signs). */
  async verifyUrl(echo: string, options: { token?: string; at?: Date } = {}): Promise<{ status: number; text: string }> {
    const timestamp = String(Math.floor((options.at ?? new Date()).getTime() / 1000));
    const nonce = randomBytes(4).readUInt32BE().toString();
    const echostr = this.seal(echo);
    const qs = new URLSearchParams({ msg_signature: this.sign(timestamp, nonce, echostr, options.token), timestamp, nonce, echostr });
    const res = await fetch(`${this.callbackUrl}?${qs}`);
    return { status: res.status, text: await res.text() };
  }

  /** A sealed, signed callback carrying `inner` (the plaintext XML); `at`: the time WeCom signs it. */
  callback(inner: string, options: { receiveId?: string; token?: string; at?: Date } = {}): Callback {
    const timestamp = String(options.at ? Math.floor(options.at.getTime() / 1000) : this.nextSecond());
    const nonce = randomBytes(4).readUInt32BE().toString();
    const encrypt = this.seal(inner, options.receiveId);
    const { corpId, agentId } = this.wecom.settings;
    return {
      query: { msg_signature: this.sign(timestamp, nonce, encrypt, options.token), timestamp, nonce },
      body: `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><AgentID><![CDATA[${agentId}]]></AgentID><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
    };
  }

  async post(callback: Callback): Promise<number> {
    const res = await fetch(`${this.callbackUrl}?${new URLSearchParams(callback.query)}`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: callback.body,
    });
    await res.text();
    return res.status;
  }

  /** A member types `text` in the app chat. Returns the callback, for replaying it. */
  textMessage(userId: string, text: string): Callback {
    const { corpId, agentId } = this.wecom.settings;
    this.msgId += 1n;
    return this.callback(
      `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><FromUserName><![CDATA[${userId}]]></FromUserName><CreateTime>${this.nextSecond()}</CreateTime>` +
        `<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${text}]]></Content><MsgId>${this.msgId}</MsgId><AgentID>${agentId}</AgentID></xml>`,
    );
  }

  async say(userId: string, text: string): Promise<number> {
    return this.post(this.textMessage(userId, text));
  }

  /**
   * A member sends a picture in the app chat (消息格式 · 图片消息, document/path/90239): its MediaId is
   * one the fake holds (FakeWecom.addMedia). Returns the callback, for replaying it.
   */
  imageMessage(userId: string, mediaId: string): Callback {
    return this.mediaMessage(userId, 'image', `<PicUrl><![CDATA[https://wework.qpic.cn/wwpic/${mediaId.slice(0, 12)}/0]]></PicUrl><MediaId><![CDATA[${mediaId}]]></MediaId>`);
  }

  /** A member sends a file (not in WeCom's list of app messages, but taken should it come): MediaId and FileName. */
  fileMessage(userId: string, mediaId: string, fileName: string): Callback {
    return this.mediaMessage(userId, 'file', `<MediaId><![CDATA[${mediaId}]]></MediaId><FileName><![CDATA[${fileName}]]></FileName>`);
  }

  /** Holds `bytes` in the fake and sends them as a picture, or as a file when `name` is given. */
  async send(userId: string, bytes: Uint8Array, name?: string): Promise<{ status: number; mediaId: string }> {
    const mediaId = this.wecom.addMedia(bytes, name);
    return { status: await this.post(name ? this.fileMessage(userId, mediaId, name) : this.imageMessage(userId, mediaId)), mediaId };
  }

  private mediaMessage(userId: string, type: 'image' | 'file', fields: string): Callback {
    const { corpId, agentId } = this.wecom.settings;
    this.msgId += 1n;
    return this.callback(
      `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><FromUserName><![CDATA[${userId}]]></FromUserName><CreateTime>${this.nextSecond()}</CreateTime>` +
        `<MsgType><![CDATA[${type}]]></MsgType>${fields}<MsgId>${this.msgId}</MsgId><AgentID>${agentId}</AgentID></xml>`,
    );
  }

  /** A member taps a button (by its key) on a card: the event carries a fresh ResponseCode. */
  tapEvent(userId: string, taskId: string, key: string): Callback {
    const { corpId, agentId } = this.wecom.settings;
    const code = this.wecom.issueCode(taskId);
    return this.callback(
      `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><FromUserName><![CDATA[${userId}]]></FromUserName><CreateTime>${this.nextSecond()}</CreateTime>` +
        `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[${key}]]></EventKey>` +
        `<TaskId><![CDATA[${taskId}]]></TaskId><CardType><![CDATA[button_interaction]]></CardType><ResponseCode><![CDATA[${code}]]></ResponseCode>` +
        `<AgentID>${agentId}</AgentID></xml>`,
    );
  }

  /** Taps the button labelled `text` on the card as it stands now. */
  async tap(card: FakeCard, text: string): Promise<number> {
    const button = buttonsOf(card).find((b) => b.text === text);
    if (!button)
      throw new Error(
        `no button 「${text}」 on card ${card.taskId}: ${buttonsOf(card)
          .map((b) => b.text)
          .join(', ')}`,
      );
    // a link button is not a callback: WeCom opens its url and tells the app nothing
    if (button.type === 1) throw new Error(`「${text}」 on card ${card.taskId} opens ${button.url}: it sends no tap event`);
    return this.post(this.tapEvent(card.userId, card.taskId, button.key));
  }

  /** seconds that never repeat, so two separate events are never mistaken for a retry */
  private nextSecond(): number {
    this.lastSecond = Math.max(Math.floor(Date.now() / 1000), this.lastSecond + 1);
    return this.lastSecond;
  }
}

/** a card's buttons: a callback (type 0, its key) or a link (type 1, its url) */
export function buttonsOf(card: FakeCard): { type?: number; text: string; key: string; url?: string }[] {
  return (card.current.button_list as { type?: number; text: string; key: string; url?: string }[] | undefined) ?? [];
}

/** where the link button labelled `text` goes, if the card has one */
export function linkOf(card: FakeCard, text: string): string | undefined {
  return buttonsOf(card).find((b) => b.type === 1 && b.text === text)?.url;
}

/** The value of a row (编号, 申请人 …) on the card as it stands. */
export function rowOf(card: FakeCard, keyname: string): string | undefined {
  return (card.current.horizontal_content_list as { keyname: string; value: string }[] | undefined)?.find((r) => r.keyname === keyname)?.value;
}

export function statusOf(card: FakeCard): string {
  return String((card.current.main_title as { desc?: string } | undefined)?.desc ?? '');
}
