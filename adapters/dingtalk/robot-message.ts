// A robot message pushed on the Stream topic /v1.0/im/bot/messages/get → neutral events: a command
// for what was typed, a file event for each picture or file sent in the 1:1 chat (附件).
// The 1:1 chat with the robot always; a group only when the robot was @-mentioned (DingTalk delivers
// nothing else). People are known by their userId in the org (senderStaffId).
import { z } from 'zod';
import { CommandEventSchema, FileEventSchema, type CommandEvent, type FileEvent } from '../../bot/inbound-event.js';
import { isoTime, parseJsonObject, type StreamFrame } from './stream-frame.js';

/** a picture or file: downloadCode is what messageFiles/download takes (pictureDownloadCode is another API's) */
const DownloadCode = z.string().min(1).max(2000);

// fields of the robot message (open.dingtalk.com "接收消息" / 机器人接收消息的数据格式): picture
// {content: {downloadCode, pictureDownloadCode}}, file {content: {downloadCode, fileName, fileId, spaceId}},
// richText {content: {richText: [{text} | {type: 'picture', downloadCode, pictureDownloadCode}]}}
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
  content: z
    .object({
      richText: z.array(z.object({ text: z.string().optional(), type: z.string().optional(), downloadCode: DownloadCode.optional() })).optional(),
      downloadCode: DownloadCode.optional(),
      pictureDownloadCode: DownloadCode.optional(),
      fileName: z.string().optional(),
    })
    .optional(),
});

type RobotMessage = z.infer<typeof RobotMessageSchema>;
type SentFile = FileEvent['file'];

/** one message may carry several events (rich text: what was typed, and each picture in it) */
export type RobotMessageResult = { events: (CommandEvent | FileEvent)[] } | { skip: string };

export function robotMessageEvents(frame: StreamFrame, now: Date): RobotMessageResult {
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
  const base = {
    platform: 'dingtalk' as const,
    account,
    at: isoTime(m.createAt ?? frame.headers.time, now),
    conversation: m.conversationType === '2' ? { kind: 'group' as const, id: m.conversationId } : { kind: 'direct' as const, id: account },
  };
  // Files are taken only in the 1:1 chat. In a group they would go to the sender's own requests,
  // which the group does not see, from a chat everyone reads (and DingTalk hands a robot no files
  // from a group at all, only pictures: "获取机器人消息中文件下载链接" 说明). A picture there is
  // answered with the help text, as before, so the sender is not left without an answer.
  const files = m.conversationType === '1' ? filesOf(m) : [];
  const text = textOf(m, files.length > 0);
  const drafts = [...(text === undefined ? [] : [{ kind: 'command' as const, text: text.slice(0, 4000) }]), ...files.map((file) => ({ kind: 'file' as const, file }))];
  const events: (CommandEvent | FileEvent)[] = [];
  for (const [i, draft] of drafts.entries()) {
    // msgId is the message's own id: the same message pushed again, on any connection, carries it;
    // the second and later events of one message add their place in it
    const dedupeKey = `dingtalk:msg:${m.msgId}${i === 0 ? '' : `:${i + 1}`}`;
    const event = (draft.kind === 'command' ? CommandEventSchema : FileEventSchema).safeParse({ ...base, ...draft, dedupeKey });
    if (!event.success) return { skip: `robot message does not fit a ${draft.kind} event` };
    events.push(event.data);
  }
  return { events };
}

/** the pictures and files a message carries, as DingTalk names them for download */
function filesOf(m: RobotMessage): SentFile[] {
  const content = m.content;
  if (m.msgtype === 'picture') {
    const ref = content?.downloadCode ?? content?.pictureDownloadCode;
    return ref ? [{ ref }] : [];
  }
  if (m.msgtype === 'file') {
    // the name as sent (it may lack an extension; the core tells the type by the content)
    const name = content?.fileName?.trim().slice(0, 300);
    return content?.downloadCode ? [{ ref: content.downloadCode, ...(name ? { name } : {}) }] : [];
  }
  if (m.msgtype === 'richText') return (content?.richText ?? []).flatMap((part) => (part.type === 'picture' && part.downloadCode ? [{ ref: part.downloadCode }] : []));
  return [];
}

/**
 * The command text, or undefined when the message is only files. Text typed next to pictures in
 * rich text is a command of its own: it is queued first, but the queue may handle the pictures
 * before it (several workers), so the core must not assume the order.
 */
function textOf(m: RobotMessage, hasFiles: boolean): string | undefined {
  if (m.msgtype === 'text') return m.text?.content ?? '';
  if (m.msgtype === 'richText') {
    const text = (m.content?.richText ?? []).map((part) => part.text ?? '').join('');
    return hasFiles && !text.trim() ? undefined : text;
  }
  if (hasFiles) return undefined;
  // voice, video, and pictures or files where they are not taken: answer with the help text, which says what to type
  return '/帮助';
}
