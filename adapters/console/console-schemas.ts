// Request bodies of the console API, checked with zod before anything else happens.
import { z } from 'zod';
import { CARD_ACTIONS } from '../../bot/card-model.js';
import { emptyToUndefined } from '../../bot/config.js';
import { MeetingSchema, clean, id } from '../../bot/inbound-event.js';
import { isMeetingDate } from '../../workflows/domain/meeting-date.js';

const PersonIdSchema = id(64, '缺少 as（以谁的身份）或 as 无效');

export const SendMessageSchema = z.object({
  as: PersonIdSchema,
  text: clean(z.string().trim().min(1, '消息不能为空').max(2000, '消息太长（最多 2000 字）')),
});

export const PressButtonSchema = z.object({
  as: PersonIdSchema,
  messageId: z.coerce.number().int().positive('messageId 无效'),
  action: z.enum(CARD_ACTIONS, { message: '未知的按钮动作' }),
  requestId: id(100),
  stepId: id(100).optional(),
  /** 关联: the number of the request to link the draft to */
  parentRef: z
    .string()
    .regex(/^\d{1,9}$/, '关联的申请编号无效')
    .optional(),
  comment: clean(z.string().max(1000, '意见太长（最多 1000 字）')).default(''),
  transferTo: id(64).optional(),
  meeting: MeetingSchema.optional(),
  /** 修改: only the fields the requester changed (amount in 元 as typed); within the button event's limits */
  edit: z
    .object({
      amount: clean(z.string().trim().min(1, '请填写金额').max(40, '金额太长')).optional(),
      purpose: clean(z.string().trim().max(500, '事由太长（最多 500 字）')).optional(),
      subject: clean(z.string().trim().max(100, '科目太长（最多 100 字）')).optional(),
      project: clean(z.string().trim().max(100, '项目太长（最多 100 字）')).optional(),
      supplier: clean(z.string().trim().max(200, '供应商太长（最多 200 字）')).optional(),
    })
    .refine((e) => Object.values(e).some((v) => v !== undefined), '没有要修改的内容')
    .optional(),
  /** 'attach' on a "which request?" answer: the held file and kind; 'detach' (移除): the file's number */
  attach: z
    .object({
      heldId: id(100).optional(),
      kind: clean(z.string().trim().min(1).max(40)).optional(),
      seq: z.number().int().min(1, '附件编号无效').max(10_000, '附件编号无效').optional(),
    })
    .optional(),
  /** 已核实 / 关闭 on an alert card: the alert's number in the register */
  alertNo: z.number().int().min(1, '告警编号无效').max(1_000_000_000, '告警编号无效').optional(),
  /** 确认付款: the voucher number and the payment date (today when absent), within the button event's limits */
  payment: z
    .object({
      voucherNo: clean(z.string().trim().min(1, '请填写凭证号').max(60, '凭证号太长（最多 60 字）')),
      date: z.string().refine(isMeetingDate, '付款日期应为实际存在的日期，格式 YYYY-MM-DD').optional(),
    })
    .optional(),
});

/** POST /upload: the query that goes with the file (the body is the file itself) */
export const UploadQuerySchema = z.object({
  as: PersonIdSchema,
  /** the card's request; without one the core decides where the file goes */
  requestId: z.preprocess(emptyToUndefined, id(100).optional()),
  /** the kind chosen on the card (发票, 合同 …) */
  kind: z.preprocess(emptyToUndefined, clean(z.string().trim().max(40, '附件类别太长')).optional()),
  /** the file's name as the browser gives it */
  name: z.preprocess(emptyToUndefined, clean(z.string().trim().max(300, '文件名太长（最多 300 字）')).optional()),
});

/** POST /workbench-session (development mode): who opens the workbench */
export const WorkbenchSessionSchema = z.object({ as: id(100) });
