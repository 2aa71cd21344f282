// The one inbound seam: every platform turns its payload into one of these and hands it to the
// same entry point (enqueueInbound). dedupeKey is the platform's delivery id, so retries and
// replays are processed once.
import { z } from 'zod';
import { CARD_ACTIONS } from './card-model.js';
import { PLATFORMS } from '../workflows/domain/org-file.js';
import { MeetingDateSchema } from '../workflows/domain/meeting-date.js';
import { cleanDeep, cleanText, isCleanId } from '../workflows/domain/clean-text.js';
import { ID_INVALID_TEXT } from './replies/http-error-words.js';

/** free text from a platform, normalised (cleanText) before the schema checks it: no NUL, no lone surrogate */
export function clean<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (typeof v === 'string' ? cleanText(v) : v), schema);
}

/** an id, account or person id: 1..max characters, refused (not repaired) when it holds a control character or a lone surrogate */
export function id(max: number, message?: string) {
  return z
    .string()
    .min(1, message)
    .max(max, message)
    .refine(isCleanId, message ?? ID_INVALID_TEXT);
}

const Base = {
  platform: z.enum(PLATFORMS),
  /** the sender's account on that platform */
  account: id(200),
  /** `<platform>:<delivery id>` — unique per delivery, repeated by retries */
  dedupeKey: id(300),
  /** ISO time the platform says it happened */
  at: z.string().datetime({ offset: true }),
};

export const ConversationSchema = z.object({
  kind: z.enum(['direct', 'group']),
  /** the platform's conversation id (for direct chats, the account) */
  id: id(300),
});

export const CommandEventSchema = z.object({
  ...Base,
  kind: z.literal('command'),
  conversation: ConversationSchema,
  text: clean(z.string().max(4000)),
});

export const MeetingSchema = z.object({
  date: MeetingDateSchema,
  minutesNo: clean(z.string().min(1).max(100)),
});

export const ButtonEventSchema = z.object({
  ...Base,
  kind: z.literal('button'),
  action: z.enum(CARD_ACTIONS),
  requestId: id(100),
  stepId: id(100).optional(),
  comment: clean(z.string().max(1000)).default(''),
  /** transfer target: a person id or the target's platform account */
  transferTo: id(200).optional(),
  meeting: MeetingSchema.optional(),
  /** 关联 chosen on a draft card: the parent's request number */
  parentRef: z
    .string()
    .regex(/^\d{1,9}$/)
    .optional(),
  /** 修改 from a card form: the fields to change (amount in 元 as typed) */
  edit: z
    .object({
      amount: clean(z.string().trim().max(40)).optional(),
      purpose: clean(z.string().trim().max(500)).optional(),
      subject: clean(z.string().trim().max(100)).optional(),
      project: clean(z.string().trim().max(100)).optional(),
      supplier: clean(z.string().trim().max(200)).optional(),
    })
    .optional(),
  /** 'attach' on a "which request?" card: the held file and the kind chosen; 'detach': the file's number */
  attach: z
    .object({
      heldId: id(100).optional(),
      kind: clean(z.string().trim().min(1).max(40)).optional(),
      seq: z.number().int().min(1).max(10_000).optional(),
    })
    .optional(),
  /** 已核实 / 关闭 on an alert card: the alert's number in the register */
  alertNo: z.number().int().min(1).max(1_000_000_000).optional(),
  /** 确认付款: the voucher number (凭证号) and the payment date (today when absent) */
  payment: z.object({ voucherNo: clean(z.string().trim().min(1).max(60)), date: MeetingDateSchema.optional() }).optional(),
  /** the platform's handle of the card that was tapped (WeCom ResponseCode, DingTalk outTrackId, …) */
  card: z.preprocess(cleanDeep, z.record(z.string(), z.unknown())).optional(),
});

/** A picture or file sent to the bot (附件): the platform's handle to fetch it, fetched by the worker, not the receiver. */
export const FileEventSchema = z.object({
  ...Base,
  kind: z.literal('file'),
  conversation: ConversationSchema,
  file: z.object({
    /** the platform's handle for fetching the bytes (DingTalk downloadCode, WeCom MediaId, the console's stored key) */
    ref: id(2000),
    /** the file name as sent; pictures often have none */
    name: clean(z.string().max(300)).optional(),
    /** the size the platform announced, in bytes, when it did */
    size: z.number().int().nonnegative().optional(),
  }),
  /** where it goes, when the sender chose on a card (the console's upload on a draft card); otherwise the core decides */
  target: z.object({ requestId: id(100), kind: clean(z.string().trim().min(1).max(40)).optional() }).optional(),
});

/** The workbench's 新建申请 form: the draft as filled in (the amount in 元 as typed), submitted at once unless `submit` is false. */
export const DraftEventSchema = z.object({
  ...Base,
  kind: z.literal('draft'),
  draft: z.object({
    type: clean(z.string().trim().min(1).max(100)),
    /** the budget line's id or subject */
    line: clean(z.string().trim().min(1).max(200)).optional(),
    amount: clean(z.string().trim().min(1).max(40)).optional(),
    purpose: clean(z.string().trim().min(1).max(500)),
    supplier: clean(z.string().trim().max(200)).optional(),
    tags: z
      .array(clean(z.string().trim().min(1).max(40)))
      .max(20)
      .default([]),
    parent: clean(z.string().trim().min(1).max(60)).optional(),
    contractNo: clean(z.string().trim().min(1).max(60)).optional(),
    instalment: z.number().int().min(1).max(1000).optional(),
  }),
  submit: z.boolean(),
  /** 化整为零: the explanation the submit needs */
  explanation: clean(z.string().trim().max(1000)).optional(),
});

export const InboundEventSchema = z.discriminatedUnion('kind', [CommandEventSchema, ButtonEventSchema, FileEventSchema, DraftEventSchema]);

export type InboundEvent = z.infer<typeof InboundEventSchema>;
export type CommandEvent = z.infer<typeof CommandEventSchema>;
export type ButtonEvent = z.infer<typeof ButtonEventSchema>;
export type FileEvent = z.infer<typeof FileEventSchema>;
export type DraftEvent = z.infer<typeof DraftEventSchema>;
