// The platform-neutral card (卡片). bot/ renders domain state into this; each adapter turns it
// into its platform's format (console HTML, WeCom template_card, DingTalk interactive card, Slack blocks).
import type { Light } from '../workflows/domain/types.js';

export type CardTone = 'info' | 'success' | 'danger' | 'warning' | 'neutral';

export interface CardField {
  label: string;
  value: string;
}

/** 预算影响: the line and its available amount before and after this request (元 strings). */
export interface CardBudgetEffect {
  line: string;
  before: string;
  after: string;
  ok: boolean;
  /** when !ok: what is missing, e.g. 无预算指标 or 超出可用额度 1,200.00 元 */
  problem?: string;
}

export interface CardRouteStep {
  name: string;
  /** names of the assignees, joined */
  who: string;
  /** 待审批 / 已同意 / 已驳回 / 已退回 / 未开始 / 已合并 … */
  state: string;
  light: Light | null;
  /** e.g. "李明 同意：情况属实" */
  detail?: string;
}

export const CARD_ACTIONS = ['approve', 'reject', 'return', 'transfer', 'submit', 'cancel', 'withdraw', 'resubmit'] as const;
export type CardAction = (typeof CARD_ACTIONS)[number];

export interface CardButton {
  action: CardAction;
  label: string;
  style: 'primary' | 'danger' | 'default';
  /** what the tap refers to; echoed back in the button tap event */
  requestId: string;
  /** for step decisions: the step this card was rendered for (an old card's tap then acts on nothing) */
  stepId?: string;
  /** inputs the platform should collect with the tap */
  needs?: ('comment' | 'transferTo' | 'meeting')[];
}

export interface Card {
  /** the request this card is about */
  requestId: string;
  title: string;
  status: { label: string; tone: CardTone };
  fields: CardField[];
  budget?: CardBudgetEffect;
  route: CardRouteStep[];
  /** 风险提示: risk flags (split purchase, repeated returns, …) */
  flags: string[];
  buttons: CardButton[];
  /** a line under the card, e.g. 此卡片已处理，按钮已失效 */
  footer?: string;
}
