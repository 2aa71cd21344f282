// How a card's button travels through Slack: the Block Kit button (slack-blocks.ts renders it) carries
// the action in its action_id and what the tap refers to in its value; the interaction handler
// (slack-inbound.ts) decodes both. A button that needs input (a reason, a person, the meeting record,
// the voucher, the fields of a 修改) opens a modal whose private_metadata carries the same tap and the
// card it came from; the modal's submission completes the tap.
import { CARD_ACTIONS, type CardAction, type CardButton } from '../../bot/card-model.js';

/** every action_id of ours starts with this (Slack wants action_ids unique within a message: the index follows) */
export const ACTION_PREFIX = 'gj:';
/** the callback_id of the modal that collects a button's inputs */
export const MODAL_CALLBACK = 'gj:inputs';

/** what a tap refers to, as the button's value carries it (Slack allows 2,000 characters) */
export interface ButtonTap {
  action: CardAction;
  requestId: string;
  stepId?: string;
  parentRef?: string;
  attach?: { heldId?: string; kind?: string; seq?: number };
  alertNo?: number;
  /** the inputs the modal must collect; none: the tap goes straight to the queue */
  needs?: NonNullable<CardButton['needs']>;
  commentLabel?: string;
  edit?: CardButton['edit'];
}

/** the card a tap came from: its message, to update in place */
export interface CardMessage {
  channel: string;
  ts: string;
}

/** a modal's private_metadata: the tap it completes and the card message it came from */
export interface ModalMetadata {
  tap: ButtonTap;
  card?: CardMessage;
}

export function encodeButton(button: CardButton, index: number): { action_id: string; value: string } {
  const tap: ButtonTap = {
    action: button.action,
    requestId: button.requestId,
    stepId: button.stepId,
    parentRef: button.parentRef,
    attach: button.attach,
    alertNo: button.alertNo,
    needs: button.needs?.length ? button.needs : undefined,
    commentLabel: button.commentLabel,
    edit: button.edit,
  };
  return { action_id: `${ACTION_PREFIX}${button.action}:${index}`, value: JSON.stringify(tap) };
}

/** the tap a button's action_id and value stand for; null for anything that is not one of ours or is malformed */
export function decodeButton(actionId: string, value: string | undefined): ButtonTap | null {
  if (!actionId.startsWith(ACTION_PREFIX) || !value || value.length > 2000) return null;
  const action = actionId.slice(ACTION_PREFIX.length).split(':')[0] ?? '';
  let tap: unknown;
  try {
    tap = JSON.parse(value);
  } catch {
    return null;
  }
  if (typeof tap !== 'object' || tap === null) return null;
  const t = tap as Partial<ButtonTap>;
  if (t.action !== action || !(CARD_ACTIONS as readonly string[]).includes(action) || typeof t.requestId !== 'string' || !t.requestId) return null;
  return t as ButtonTap;
}
