// A tap on our approval card, pushed on the Stream topic /v1.0/card/instances/callback → a neutral
// button event. The button's 回传请求 sends the params our template defines
// (card-template/approval-card.template.json): the action, the request and step the card was drawn
// for, and what the person typed into the card's inputs (comment, transfer target, meeting record,
// the voucher number and date of a payment).
import { z } from 'zod';
import { CARD_ACTIONS } from '../../bot/card-model.js';
import { ButtonEventSchema, type ButtonEvent } from '../../bot/inbound-event.js';
import { isoTime, parseJsonObject, type StreamFrame } from './stream-frame.js';

/** the callback params of every button in our template */
export const CALLBACK_PARAMS = ['action', 'requestId', 'stepId', 'comment', 'transferTo', 'meetingDate', 'minutesNo', 'voucherNo', 'paymentDate'] as const;

// the callback body: outTrackId, userId, and `content` — JSON inside a string holding
// cardPrivateData.{actionIds, params} (open.dingtalk.com "卡片回传请求事件回调")
const CallbackSchema = z.object({
  outTrackId: z.string().min(1).max(200),
  userId: z.string().min(1).max(200),
  content: z.string(),
});

const ContentSchema = z.object({
  cardPrivateData: z.object({ actionIds: z.array(z.string()).optional(), params: z.record(z.string(), z.unknown()) }),
});

/** card inputs come back as text; an unset template variable comes back as "" */
const text = (max: number) =>
  z.preprocess((v) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() || undefined : (v ?? undefined)), z.string().max(max).optional());

const ParamsSchema = z.object({
  action: z.enum(CARD_ACTIONS),
  requestId: z.string().min(1).max(100),
  stepId: text(100),
  comment: text(1000),
  transferTo: text(200),
  meetingDate: text(40),
  minutesNo: text(100),
  voucherNo: text(200),
  paymentDate: text(40),
});

export type CardCallbackResult =
  | { event: ButtonEvent }
  /** the tap can be answered on the card (`notice`) but not acted on */
  | { problem: string; notice: string };

export function cardCallbackEvent(frame: StreamFrame, now: Date): CardCallbackResult {
  const body = CallbackSchema.safeParse(parseJsonObject(frame.data));
  const content = body.success ? ContentSchema.safeParse(parseJsonObject(body.data.content)) : undefined;
  if (!body.success || !content?.success) return { problem: 'card callback not understood', notice: '' };
  const params = ParamsSchema.safeParse(content.data.cardPrivateData.params);
  if (!params.success) return { problem: 'card callback params not understood', notice: '这张卡片的按钮数据有误，无法处理。请发送 /待办 查看您的待办事项。' };
  const p = params.data;
  if (!!p.meetingDate !== !!p.minutesNo) return { problem: 'half a meeting record', notice: '请同时填写会议日期和会议纪要编号。' };
  if (p.action === 'pay' && !p.voucherNo) return { problem: 'payment without a voucher number', notice: '请填写凭证号后再点「确认付款」。' };
  const event = ButtonEventSchema.safeParse({
    kind: 'button',
    platform: 'dingtalk',
    account: body.data.userId,
    // the push's own id: DingTalk may push the same tap again, even after our ack
    dedupeKey: `dingtalk:cb:${frame.headers.messageId ?? ''}`,
    at: isoTime(frame.headers.time, now),
    action: p.action,
    requestId: p.requestId,
    stepId: p.stepId,
    comment: p.comment ?? '',
    transferTo: p.transferTo,
    meeting: p.meetingDate && p.minutesNo ? { date: p.meetingDate.slice(0, 10), minutesNo: p.minutesNo } : undefined,
    // the date picker may add a time; absent, the core takes today in the unit's time zone
    payment: p.action === 'pay' && p.voucherNo ? { voucherNo: p.voucherNo, date: p.paymentDate?.slice(0, 10) } : undefined,
    card: { outTrackId: body.data.outTrackId },
  });
  if (!event.success) {
    const meeting = event.error.issues.find((i) => i.path[0] === 'meeting');
    const payment = event.error.issues.find((i) => i.path[0] === 'payment');
    const notice = meeting
      ? `会议记录有误：${meeting.message}。`
      : payment
        ? payment.path[1] === 'date'
          ? '付款日期应为实际存在的日期，格式 YYYY-MM-DD，例如 2026-12-01。'
          : '凭证号有误：请填写 1 到 60 个字的凭证号。'
        : '卡片内容有误，请检查填写的内容后重试。';
    return { problem: 'card callback does not fit a button event', notice };
  }
  return { event: event.data };
}
