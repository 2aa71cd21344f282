// The platform-neutral card (卡片). bot/ renders domain state into this; each adapter turns it
// into its platform's format (console HTML, WeCom template_card, DingTalk interactive card, Slack blocks).
// Every word on it is already Chinese text from bot/replies; codes and tones say what it means, so no
// adapter has to guess meaning from the words.
import type { Light, RequestStatus, StepState } from '../workflows/domain/types.js';

export type CardTone = 'info' | 'success' | 'danger' | 'warning' | 'neutral';

export interface CardField {
  label: string;
  value: string;
}

export interface CardStatus {
  code: RequestStatus;
  label: string;
  tone: CardTone;
}

/** 预算影响: the 预算指标 and its available amount before and after this request. */
export interface CardBudgetEffect {
  /** the budget line's name */
  line: string;
  /** available before this request, with its unit ("48,800.00 元"); absent when not applicable */
  before?: string;
  /** available after it, with its unit */
  after: string;
  /** what this request did to the line, e.g. 已冻结本笔 / 本笔已支出 / 本笔已释放 */
  note?: string;
  ok: boolean;
  /** when !ok: what is missing, e.g. 超出可用额度 1,200.00 元 */
  problem?: string;
}

export interface CardRouteStep {
  name: string;
  /** names of the assignees, joined */
  who: string;
  /** the step's state; 'merged' for a preview step folded into the one before it */
  state: StepState | 'merged';
  /** 待审批 / 已同意 / 已驳回 / 已退回 / 未开始 / 已合并 … (with 会签 progress) */
  stateLabel: string;
  tone: CardTone;
  light: Light | null;
  /** the light in words (绿灯：正常 …), when lit */
  lightLabel?: string;
  /** an open step's due time, e.g. 「12-02 17:30 前办结」 */
  due?: string;
  /** e.g. "李明 同意：情况属实" */
  detail?: string;
}

export const CARD_ACTIONS = [
  'approve',
  'reject',
  'return',
  'transfer',
  'submit',
  'cancel',
  'withdraw',
  'resubmit',
  'pay',
  'link',
  'edit',
  'attach',
  'detach',
  'acknowledge_alert',
  'close_alert',
] as const;
export type CardAction = (typeof CARD_ACTIONS)[number];

export interface CardButton {
  action: CardAction;
  label: string;
  style: 'primary' | 'danger' | 'default';
  /** what the tap refers to; echoed back in the button tap event */
  requestId: string;
  /** for step decisions: the step this card was rendered for (an old card's tap then acts on nothing) */
  stepId?: string;
  /** for 关联: the number of the request to link to */
  parentRef?: string;
  /**
   * inputs the platform should collect with the tap ('payment': the voucher number and the payment
   * date; 'edit': the fields of a 修改 — amount, 事由, 科目/项目, supplier — prefilled from `edit`)
   */
  needs?: ('comment' | 'transferTo' | 'meeting' | 'payment' | 'edit')[];
  /** for 'comment': what the box asks for, when it is not an approver's 审批意见 (e.g. the 化整为零 explanation a submit needs) */
  commentLabel?: string;
  /** for 修改: the current values, to prefill the form */
  edit?: { amount: string; purpose: string; subject: string; project: string; supplier: string };
  /**
   * 'attach' (a file the sender sent while several requests were open): the held file and the kind
   * to file it under; 'detach': the number of the file to take off (CardAttachment.seq)
   */
  attach?: { heldId?: string; kind?: string; seq?: number };
  /** 'acknowledge_alert' / 'close_alert' (电子监察): the alert's number in the register */
  alertNo?: number;
}

/** 附件: one file on the request, with a link signed for this card's viewer */
export interface CardAttachment {
  /** its number on the request (附件 1, 2, …): what /删除附件 and the 移除 button name */
  seq: number;
  /** the kind it is filed under: 发票, 合同, 其他 … */
  kind: string;
  /** e.g. 「invoice.pdf（213 KB）」 */
  text: string;
  /** opens the file (signed for this viewer, valid for some days) */
  url: string;
  /** the round it was added in, when that is not the current one (「第 1 轮」), and 「已撤下」 when taken off */
  note?: string;
  /** taken off after 退回 (still listed: the earlier round saw it) */
  removed: boolean;
  /** the viewer may take it off now (the requester, before the request goes (back) to approval) */
  removable: boolean;
}

export interface CardAttachments {
  files: CardAttachment[];
  /** required kinds that are there, as 「✓ 发票」 */
  present: string[];
  /** required kinds still missing: no 提交 until they are there */
  missing: string[];
  /** 「缺：发票、合同」, shown in red, when something is missing */
  missingText?: string;
  /** the viewer may add files now: the kinds offered (the type's required kinds, then 其他) */
  uploadKinds?: string[];
  /** a line telling the viewer how to attach on a platform without an upload button */
  hint?: string;
}

export interface CardFlag {
  /** what kind of risk or state: repeated returns, 三重一大, overdue, waiting for the cashier, chain closed */
  code: 'repeated_returns' | 'collective' | 'overdue' | 'payment_due' | 'settled' | 'supervision';
  text: string;
  tone: CardTone;
}

/** 关联: one request of the chain this card's request belongs to */
export interface CardChainRow {
  no: number;
  /** e.g. 「No.12 用款申请 1,200.00 元 · 已通过 · 已用 800.00，剩余 400.00」 */
  text: string;
  /** the request this card is about */
  current: boolean;
  /** 0 for the root; each level is indented by the renderer */
  depth: number;
}

export interface CardChain {
  rows: CardChainRow[];
  /** e.g. 「全链：已承诺 50,000.00 元，已支出 800.00 元，剩余 400.00 元」 */
  summary: string;
}

/** 修改: one field the requester changed before the next round, old → new (already worded) */
export interface CardChange {
  label: string;
  from: string;
  to: string;
}

/** An earlier round, shown collapsed under the current one. */
export interface CardRound {
  round: number;
  /** e.g. 第 1 轮 · 退回修改 */
  title: string;
  /** each decision: person, time, decision and comment, e.g. 「11-30 10:12 钱伟 退回修改：请补充报价单」 */
  lines: string[];
  /** what the requester changed after this round, before the next one */
  changes: CardChange[];
}

export interface Card {
  /** the request this card is about */
  requestId: string;
  title: string;
  status: CardStatus;
  fields: CardField[];
  budget?: CardBudgetEffect;
  /** the commitment this request draws on: 「关联：No.12 用款申请 1,200.00（已用 0.00 → 800.00，剩余 400.00），不再占用指标」 */
  link?: string;
  /** the whole chain (请示 → 合同 → 验收 → 付款) when the request belongs to one */
  chain?: CardChain;
  route: CardRouteStep[];
  /** what changed since the last round (old → new), on a returned or resubmitted request */
  changes?: CardChange[];
  /** earlier rounds, oldest first */
  history?: CardRound[];
  /** 附件: the files, what is required and missing */
  attachments?: CardAttachments;
  /** 风险提示: risk flags (split purchase, repeated returns, …) */
  flags: CardFlag[];
  buttons: CardButton[];
  /** a line under the card, e.g. 此卡片已处理，按钮已失效 */
  footer?: string;
  /** the request's page on the workbench (PUBLIC_URL/app/r/<no>); each platform adds ?via= */
  open?: string;
}
