// The words of Slack's own pieces: the modal a card button opens to collect what the tap needs (a
// reason, a person, the 三重一大 meeting record, the voucher, the fields of a 修改), the checks on
// what was filled in, and the short answer to the slash command. Slack limits a modal's title to 24
// characters and its buttons to 24.
import type { CardAction } from '../card-model.js';
import { ACTION_LABELS } from './labels.js';
import { BUTTON_LABELS } from './card-words.js';

/** the modal's title, by the button that opened it (at most 24 characters) */
export const MODAL_TITLES: Partial<Record<CardAction, string>> = {
  approve: `${ACTION_LABELS.approve}（三重一大）`,
  reject: ACTION_LABELS.reject,
  return: ACTION_LABELS.return,
  transfer: ACTION_LABELS.transfer,
  submit: BUTTON_LABELS.submit,
  resubmit: BUTTON_LABELS.resubmit,
  pay: BUTTON_LABELS.pay,
  edit: BUTTON_LABELS.edit,
  close_alert: '关闭告警',
};

export const MODAL_WORDS = {
  /** a title for a button not listed above */
  title: '填写',
  submit: '确定',
  close: '取消',
  /** the text box's label, by the button (a button with its own commentLabel uses that) */
  comment: {
    approve: '审批意见（选填）',
    reject: '驳回理由（必填）',
    return: '退回原因（必填，申请人据此修改）',
    transfer: '转交说明（选填）',
    other: '备注（选填）',
    placeholder: '申请人和后续审批人都能看到',
  },
  transfer: {
    label: '转交给',
    placeholder: '选择接手审批的人',
    hint: '只能转交给组织架构中登记了 Slack 账号的人。',
  },
  meeting: {
    date: '会议日期',
    datePlaceholder: '选择召开集体决策会议的日期',
    minutes: '会议纪要编号',
    minutesPlaceholder: '例如 党工委〔2026〕12号',
  },
  payment: {
    voucher: '凭证号',
    voucherPlaceholder: '例如 记-0381',
    date: '付款日期',
    dateHint: '不选即为今天。',
  },
  edit: {
    amount: '金额（元）',
    purpose: '事由',
    subject: '科目',
    project: '项目',
    supplier: '供应商',
    hint: '留空的项不变。',
  },
} as const;

/** what a view_submission is refused with, shown under the field (Slack's response_action: errors) */
export const MODAL_ERRORS = {
  commentRequired: (action: CardAction) => (action === 'reject' ? '请填写驳回理由。' : action === 'return' ? '请填写退回原因，申请人要据此修改。' : '请填写这一项。'),
  commentTooLong: '最多 1000 字，请精简后再提交。',
  transferRequired: '请选择转交给谁。',
  meetingDateRequired: '请选择会议日期。',
  meetingDateInvalid: '会议日期应为实际存在的日期。',
  minutesRequired: '请填写会议纪要编号。',
  minutesTooLong: '纪要编号最多 100 个字。',
  voucherRequired: '请填写凭证号。',
  voucherTooLong: '凭证号最多 60 个字。',
  paymentDateInvalid: '付款日期应为实际存在的日期。',
  amountInvalid: '金额应是大于 0 的数字，例如 1200 或 1200.50。',
  fieldTooLong: (max: number) => `最多 ${max} 个字。`,
} as const;

/** the slash command's immediate answer (only its sender sees it), when it was used outside a direct message */
export const SLASH_ACK_ELSEWHERE = '已收到。管家的答复会发到你和管家的私信（应用的「消息」页）里。';

/** the slash command's answer when it could not be queued (e.g. Redis unreachable): nothing was done */
export const SLASH_ACK_FAILED = '管家暂时无法处理，请稍后再试一次。';
