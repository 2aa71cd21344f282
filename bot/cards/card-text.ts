// Plain-text pieces of a card, for platforms whose cards are mostly text (WeCom, DingTalk, Slack).
import type { CardBudgetEffect, CardRouteStep } from '../card-model.js';
import { budgetChangeText } from '../replies/card-words.js';
import { LIGHT_LABELS } from '../replies/labels.js';

/** "48,800.00 元 → 47,600.00 元（已冻结本笔）" */
export function budgetChange(b: CardBudgetEffect): string {
  return budgetChangeText(b.before, b.after, b.note);
}

/** A lit step's light as an emoji, or '' */
export function lightMark(step: Pick<CardRouteStep, 'light'>): string {
  return step.light ? LIGHT_LABELS[step.light].emoji : '';
}
