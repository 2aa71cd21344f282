// A robot message pushed on the Stream topic /v1.0/im/bot/messages/get → a neutral command event.
// The 1:1 chat with the robot always; a group only when the robot was @-mentioned (DingTalk delivers
// nothing else). People are known by their userId in the org (senderStaffId).
import { z } from 'zod';
import { CommandEventSchema, type CommandEvent } from '../../bot/inbound-event.js';
import { isoTime, parseJsonObject, type StreamFrame } from './stream-frame.js';

// fields of the robot message (open.dingtalk.com "接收消息" / 机器人接收消息的数据格式)
const RobotMessageSchema = z.object({
  msgId: z.string().min(1).max(200),
  msgtype: z.string().default('text'),
  /** "1" 单聊 1:1, "2" 群聊 group */
  conversationType: z.enum(['1', '2']),
  /** the conversation's openConversationId (cid…) */
  conversationId: z.string().min(1).max(300),
  senderStaffId: z.string().min(1).max(200).optional(),
  senderId: z.string().min(1).max(200).optional(),
  isInAtList: z.boolean().optional(),
  createAt: z.number().optional(),
  text: z.object({ content: z.string() }).optional(),
  content: z.object({ richText: z.array(z.object({ text: z.string().optional() })).optional() }).optional(),
});

export type RobotMessageResult = { event: CommandEvent } | { skip: string };

export function robotMessageEvent(frame: StreamFrame, now: Date): RobotMessageResult {
  const data = parseJsonObject(frame.data);
  if (!data) return { skip: 'robot message data is not a JSON object' };
  const parsed = RobotMessageSchema.safeParse(data);
  if (!parsed.success) return { skip: `robot message not understood: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}` };
  const m = parsed.data;
  // people outside the org (external contacts) have no staffId; the core tells them they are unknown
  const account = m.senderStaffId ?? m.senderId;
  if (!account) return { skip: 'robot message without a sender' };
  // in a group the robot hears only @-mentions (developerpedia "Stream 协议描述": 群里需要 AT 机器人)
  if (m.conversationType === '2' && m.isInAtList === false) return { skip: 'group message not addressed to the robot' };
  const event = CommandEventSchema.safeParse({
    kind: 'command',
    platform: 'dingtalk',
    account,
    // msgId is the message's own id: the same message pushed again, on any connection, carries it
    dedupeKey: `dingtalk:msg:${m.msgId}`,
    at: isoTime(m.createAt ?? frame.headers.time, now),
    conversation: m.conversationType === '2' ? { kind: 'group', id: m.conversationId } : { kind: 'direct', id: account },
    text: textOf(m).slice(0, 4000),
  });
  return event.success ? { event: event.data } : { skip: 'robot message does not fit a command event' };
}

function textOf(m: z.infer<typeof RobotMessageSchema>): string {
  if (m.msgtype === 'text') return m.text?.content ?? '';
  if (m.msgtype === 'richText') return (m.content?.richText ?? []).map((part) => part.text ?? '').join('');
  // pictures, voice, files: answer with the help text, which says what to type
  return '/帮助';
}
