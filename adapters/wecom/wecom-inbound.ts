// A decrypted WeCom message → our neutral inbound event. Text in the app chat is a command; a picture
// (or a file) is a file event whose MediaId the worker fetches later (附件); a tap on a card
// (template_card_event, 接收事件 · 模板卡片事件推送, document/path/90240) is a button event, its
// ResponseCode kept for updating that card. Retries repeat MsgId for messages; events have none, so
// they are told apart by FromUserName + CreateTime (接收消息与事件 · 概述, document/path/90238),
// here with the card and button too.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ButtonEvent, InboundEvent } from '../../bot/inbound-event.js';
import { decodeButtonKey, isTaskId, type ButtonKey } from './wecom-card.js';
import { clipName } from './wecom-text.js';

export type WecomInbound =
  | { kind: 'event'; event: InboundEvent; code?: { taskId: string; code: string } }
  /** a tap on a card's view-only button: nothing to do but keep its code */
  | { kind: 'code'; code: { taskId: string; code: string } }
  | { kind: 'ignore'; reason: string };

const UserId = z.string().min(1).max(64);
const Seconds = z.string().regex(/^\d{1,12}$/);

const MsgId = z.string().regex(/^\d{1,30}$/);
const TextSchema = z.object({ MsgType: z.literal('text'), FromUserName: UserId, CreateTime: Seconds, Content: z.string(), MsgId });

/**
 * 消息格式 (document/path/90239) lists image messages (PicUrl, MediaId, MsgId) among what a member can
 * send an app, and no file message; a `file` one (MediaId, FileName) is taken too, should WeCom send it.
 * MediaId is fetched with 获取临时素材 within 3 days.
 */
const MediaSchema = z.object({
  MsgType: z.enum(['image', 'file']),
  FromUserName: UserId,
  CreateTime: Seconds,
  MediaId: z.string().min(1).max(2000),
  MsgId,
  FileName: z.string().optional(),
});

const CardEventSchema = z.object({
  MsgType: z.literal('event'),
  Event: z.literal('template_card_event'),
  FromUserName: UserId,
  CreateTime: Seconds,
  EventKey: z.string().max(1024),
  TaskId: z.string().refine(isTaskId),
  ResponseCode: z.string().max(512).optional(),
});

export function toInbound(message: Record<string, string>, now: Date): WecomInbound {
  if (message.MsgType === 'text') {
    const m = TextSchema.safeParse(message);
    if (!m.success) return { kind: 'ignore', reason: 'text message without its fields' };
    return {
      kind: 'event',
      event: {
        kind: 'command',
        platform: 'wecom',
        account: m.data.FromUserName,
        dedupeKey: `wecom:msg:${m.data.MsgId}`,
        at: atOf(m.data.CreateTime, now),
        // WeCom apps see the messages of their own 1:1 chat only (DESIGN: platforms)
        conversation: { kind: 'direct', id: m.data.FromUserName },
        text: Array.from(m.data.Content).slice(0, 2000).join(''),
      },
    };
  }
  if (message.MsgType === 'image' || message.MsgType === 'file') {
    const m = MediaSchema.safeParse(message);
    if (!m.success) return { kind: 'ignore', reason: `${message.MsgType} message without its fields` };
    const name = m.data.FileName?.trim();
    return {
      kind: 'event',
      event: {
        kind: 'file',
        platform: 'wecom',
        account: m.data.FromUserName,
        dedupeKey: `wecom:msg:${m.data.MsgId}`,
        at: atOf(m.data.CreateTime, now),
        conversation: { kind: 'direct', id: m.data.FromUserName },
        file: { ref: m.data.MediaId, ...(name ? { name: clipName(name) } : {}) },
      },
    };
  }
  if (message.MsgType === 'event' && message.Event === 'template_card_event') {
    const e = CardEventSchema.safeParse(message);
    if (!e.success) return { kind: 'ignore', reason: 'card event without its fields' };
    const key = decodeButtonKey(e.data.EventKey);
    if (!key) return { kind: 'ignore', reason: 'a button key that is not ours' };
    const code = e.data.ResponseCode ? { taskId: e.data.TaskId, code: e.data.ResponseCode } : undefined;
    if (key.action === 'view') return code ? { kind: 'code', code } : { kind: 'ignore', reason: 'view tap without a code' };
    const identity = [e.data.FromUserName, e.data.CreateTime, e.data.TaskId, e.data.EventKey].join(':');
    return {
      kind: 'event',
      code,
      event: {
        kind: 'button',
        platform: 'wecom',
        account: e.data.FromUserName,
        dedupeKey: identity.length <= 250 ? `wecom:evt:${identity}` : `wecom:evt:${createHash('sha256').update(identity).digest('hex')}`,
        at: atOf(e.data.CreateTime, now),
        action: key.action,
        requestId: key.requestId,
        ...payloadOf(key),
        // button_interaction cards collect no comment (see wecom-card.ts)
        comment: '',
        card: { taskId: e.data.TaskId },
      },
    };
  }
  return { kind: 'ignore', reason: `${message.MsgType ?? '?'}${message.Event ? `/${message.Event}` : ''} is not handled` };
}

/** what a tap carries besides its action and request */
function payloadOf(key: Exclude<ButtonKey, { action: 'view' }>): Partial<ButtonEvent> {
  switch (key.action) {
    case 'link':
      return { parentRef: key.parentRef };
    case 'attach':
      return { attach: { heldId: key.heldId, kind: key.kind } };
    case 'detach':
      return { attach: { seq: key.seq } };
    default:
      return { stepId: key.stepId };
  }
}

function atOf(seconds: string, now: Date): string {
  const ms = Number(seconds) * 1000;
  return (Number.isFinite(ms) && ms > 0 ? new Date(ms) : now).toISOString();
}
