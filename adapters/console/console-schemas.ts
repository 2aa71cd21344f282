// Request bodies of the console API, checked with zod before anything else happens.
import { z } from 'zod';
import { CARD_ACTIONS } from '../../bot/card-model.js';
import { MeetingSchema } from '../../bot/inbound-event.js';

const PersonIdSchema = z.string().min(1, '缺少 as（以谁的身份）').max(64);

export const SendMessageSchema = z.object({
  as: PersonIdSchema,
  text: z.string().trim().min(1, '消息不能为空').max(2000, '消息太长（最多 2000 字）'),
});

export const PressButtonSchema = z.object({
  as: PersonIdSchema,
  messageId: z.coerce.number().int().positive('messageId 无效'),
  action: z.enum(CARD_ACTIONS, { message: '未知的按钮动作' }),
  requestId: z.string().min(1).max(100),
  stepId: z.string().min(1).max(100).optional(),
  comment: z.string().max(1000, '意见太长（最多 1000 字）').default(''),
  transferTo: z.string().min(1).max(64).optional(),
  meeting: MeetingSchema.optional(),
});
