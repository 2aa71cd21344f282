// The modal a card button opens when its tap needs input (Block Kit's modal view, opened with
// views.open and the tap's trigger_id within its 3 seconds), and what its view_submission carried.
// The inputs mirror CardButton.needs: a text box for the 审批意见 (required for 驳回 / 退回 and where
// the card names what it asks for), a users_select for 转交 (the chosen member's Slack id is the
// target, which the core maps to a person through the organisation file's accounts.slack), a
// datepicker and the minutes number for a 三重一大 approval, the voucher number and date for 确认付款,
// and the fields of a 修改 filled with what the request says now. A submission is checked here and
// refused field by field in Chinese (response_action: errors) before anything is queued.
import type { types } from '@slack/bolt';
import type { ButtonEvent } from '../../bot/inbound-event.js';
import { MODAL_ERRORS, MODAL_TITLES, MODAL_WORDS } from '../../bot/replies/slack-words.js';
import { isMeetingDate } from '../../workflows/domain/meeting-date.js';
import { parseYuan } from '../../workflows/domain/money.js';
import { decodeButton, MODAL_CALLBACK, type ButtonTap, type ModalMetadata } from './slack-buttons.js';

/** every input's action_id (one element per input block, told apart by the block_id) */
const VALUE = 'value';

const BLOCK = {
  comment: 'comment',
  transfer: 'transfer',
  meetingDate: 'meeting_date',
  minutesNo: 'minutes_no',
  voucherNo: 'voucher_no',
  paymentDate: 'payment_date',
  amount: 'edit_amount',
  purpose: 'edit_purpose',
  subject: 'edit_subject',
  project: 'edit_project',
  supplier: 'edit_supplier',
} as const;

/** the longest each field may be, as the inbound event's schema takes it */
const MAX = { comment: 1000, minutesNo: 100, voucherNo: 60, amount: 40, purpose: 500, subject: 100, project: 100, supplier: 200 } as const;

/** Slack's limit on private_metadata */
const METADATA_MAX = 3000;

/**
 * Whether a tap opens the modal. A comment the person may leave out does not: 同意 on an ordinary
 * step approves at once (a comment can be typed: /同意 12 意见), as the issue asks for 驳回 / 退回 /
 * 转交 and the 三重一大 record only. Everything else a button needs does.
 */
export function opensModal(tap: ButtonTap): boolean {
  const needs = tap.needs ?? [];
  if (needs.some((n) => n !== 'comment')) return true;
  return needs.includes('comment') && isCommentRequired(tap);
}

function isCommentRequired(tap: ButtonTap): boolean {
  return tap.action === 'reject' || tap.action === 'return' || Boolean(tap.commentLabel);
}

function commentLabel(tap: ButtonTap): string {
  if (tap.commentLabel) return tap.commentLabel;
  const labels: Record<string, string> = MODAL_WORDS.comment;
  return labels[tap.action] ?? MODAL_WORDS.comment.other;
}

const plain = (text: string): types.PlainTextElement => ({ type: 'plain_text', text });

function textInput(
  blockId: string,
  label: string,
  options: { optional?: boolean; multiline?: boolean; max: number; initial?: string; placeholder?: string; hint?: string },
): types.InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label),
    optional: options.optional ?? false,
    ...(options.hint ? { hint: plain(options.hint) } : {}),
    element: {
      type: 'plain_text_input',
      action_id: VALUE,
      multiline: options.multiline ?? false,
      max_length: options.max,
      ...(options.initial ? { initial_value: options.initial } : {}),
      ...(options.placeholder ? { placeholder: plain(options.placeholder) } : {}),
    },
  };
}

function dateInput(blockId: string, label: string, options: { optional: boolean; placeholder?: string; hint?: string }): types.InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label),
    optional: options.optional,
    ...(options.hint ? { hint: plain(options.hint) } : {}),
    element: { type: 'datepicker', action_id: VALUE, ...(options.placeholder ? { placeholder: plain(options.placeholder) } : {}) },
  };
}

/** The modal for a tap: its inputs in the order a person fills them, the tap and its card in private_metadata. */
export function modalView(metadata: ModalMetadata): types.ModalView {
  const { tap } = metadata;
  const needs = tap.needs ?? [];
  const blocks: types.KnownBlock[] = [];
  if (needs.includes('transferTo')) {
    blocks.push({
      type: 'input',
      block_id: BLOCK.transfer,
      label: plain(MODAL_WORDS.transfer.label),
      hint: plain(MODAL_WORDS.transfer.hint),
      element: { type: 'users_select', action_id: VALUE, placeholder: plain(MODAL_WORDS.transfer.placeholder) },
    });
  }
  if (needs.includes('meeting')) {
    blocks.push(dateInput(BLOCK.meetingDate, MODAL_WORDS.meeting.date, { optional: false, placeholder: MODAL_WORDS.meeting.datePlaceholder }));
    blocks.push(textInput(BLOCK.minutesNo, MODAL_WORDS.meeting.minutes, { max: MAX.minutesNo, placeholder: MODAL_WORDS.meeting.minutesPlaceholder }));
  }
  if (needs.includes('payment')) {
    blocks.push(textInput(BLOCK.voucherNo, MODAL_WORDS.payment.voucher, { max: MAX.voucherNo, placeholder: MODAL_WORDS.payment.voucherPlaceholder }));
    blocks.push(dateInput(BLOCK.paymentDate, MODAL_WORDS.payment.date, { optional: true, hint: MODAL_WORDS.payment.dateHint }));
  }
  if (needs.includes('edit')) {
    const now = tap.edit;
    const field = (blockId: string, label: string, max: number, initial: string | undefined, multiline = false) =>
      textInput(blockId, label, { optional: true, max, initial, multiline });
    blocks.push({ type: 'context', elements: [{ type: 'plain_text', text: MODAL_WORDS.edit.hint }] });
    blocks.push(field(BLOCK.amount, MODAL_WORDS.edit.amount, MAX.amount, now?.amount));
    blocks.push(field(BLOCK.purpose, MODAL_WORDS.edit.purpose, MAX.purpose, now?.purpose, true));
    blocks.push(field(BLOCK.subject, MODAL_WORDS.edit.subject, MAX.subject, now?.subject));
    blocks.push(field(BLOCK.project, MODAL_WORDS.edit.project, MAX.project, now?.project));
    blocks.push(field(BLOCK.supplier, MODAL_WORDS.edit.supplier, MAX.supplier, now?.supplier));
  }
  if (needs.includes('comment')) {
    blocks.push(
      textInput(BLOCK.comment, commentLabel(tap), { optional: !isCommentRequired(tap), multiline: true, max: MAX.comment, placeholder: MODAL_WORDS.comment.placeholder }),
    );
  }
  return {
    type: 'modal',
    callback_id: MODAL_CALLBACK,
    title: plain(clip(MODAL_TITLES[tap.action] ?? MODAL_WORDS.title, 24)),
    submit: plain(MODAL_WORDS.submit),
    close: plain(MODAL_WORDS.close),
    private_metadata: encodeMetadata(metadata),
    blocks,
  };
}

/** JSON within Slack's 3,000 characters: the prefilled 修改 values (already in the form) are the first to go */
export function encodeMetadata(metadata: ModalMetadata): string {
  const full = JSON.stringify(metadata);
  if (full.length <= METADATA_MAX) return full;
  return JSON.stringify({ ...metadata, tap: { ...metadata.tap, edit: undefined } });
}

/** The metadata of a submitted modal: the tap checked as a button's value is, the card message if it names one. */
export function decodeMetadata(text: string | undefined): ModalMetadata | null {
  if (!text) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { tap, card } = parsed as Partial<ModalMetadata>;
  if (typeof tap !== 'object' || tap === null) return null;
  const checked = decodeButton(`gj:${String(tap.action)}:0`, JSON.stringify(tap));
  if (!checked) return null;
  const isCard = typeof card === 'object' && card !== null && typeof card.channel === 'string' && typeof card.ts === 'string';
  return { tap: checked, ...(isCard ? { card: { channel: card.channel, ts: card.ts } } : {}) };
}

/** what view.state.values holds for one of our inputs */
export interface InputValue {
  value?: string | null;
  selected_user?: string | null;
  selected_date?: string | null;
}

export type SubmittedValues = Record<string, Record<string, InputValue | undefined> | undefined>;

/** What the modal collected, as the button event carries it. */
export type ModalInputs = Pick<ButtonEvent, 'comment' | 'transferTo' | 'meeting' | 'payment' | 'edit'>;

/** The inputs of a submission, or the errors to show by block (Chinese, under each field). */
export function readSubmission(tap: ButtonTap, values: SubmittedValues): { inputs: ModalInputs } | { errors: Record<string, string> } {
  const needs = tap.needs ?? [];
  const errors: Record<string, string> = {};
  const text = (block: string) => (values[block]?.[VALUE]?.value ?? '').trim();
  const limited = (block: string, max: number, tooLong: string = MODAL_ERRORS.fieldTooLong(max)) => {
    const v = text(block);
    if (Array.from(v).length > max) errors[block] = tooLong;
    return v;
  };
  const inputs: ModalInputs = { comment: '' };

  if (needs.includes('comment')) {
    inputs.comment = limited(BLOCK.comment, MAX.comment, MODAL_ERRORS.commentTooLong);
    if (!inputs.comment && isCommentRequired(tap)) errors[BLOCK.comment] = MODAL_ERRORS.commentRequired(tap.action);
  }
  if (needs.includes('transferTo')) {
    const user = values[BLOCK.transfer]?.[VALUE]?.selected_user ?? '';
    if (!user) errors[BLOCK.transfer] = MODAL_ERRORS.transferRequired;
    else inputs.transferTo = user;
  }
  if (needs.includes('meeting')) {
    const date = values[BLOCK.meetingDate]?.[VALUE]?.selected_date ?? '';
    const minutesNo = limited(BLOCK.minutesNo, MAX.minutesNo, MODAL_ERRORS.minutesTooLong);
    if (!date) errors[BLOCK.meetingDate] = MODAL_ERRORS.meetingDateRequired;
    else if (!isMeetingDate(date)) errors[BLOCK.meetingDate] = MODAL_ERRORS.meetingDateInvalid;
    if (!minutesNo) errors[BLOCK.minutesNo] = MODAL_ERRORS.minutesRequired;
    if (date && isMeetingDate(date) && minutesNo) inputs.meeting = { date, minutesNo };
  }
  if (needs.includes('payment')) {
    const voucherNo = limited(BLOCK.voucherNo, MAX.voucherNo, MODAL_ERRORS.voucherTooLong);
    const date = values[BLOCK.paymentDate]?.[VALUE]?.selected_date ?? '';
    if (!voucherNo) errors[BLOCK.voucherNo] = MODAL_ERRORS.voucherRequired;
    if (date && !isMeetingDate(date)) errors[BLOCK.paymentDate] = MODAL_ERRORS.paymentDateInvalid;
    if (voucherNo) inputs.payment = { voucherNo, ...(date ? { date } : {}) };
  }
  if (needs.includes('edit')) {
    const amount = limited(BLOCK.amount, MAX.amount);
    if (amount && !errors[BLOCK.amount] && !isAmount(amount)) errors[BLOCK.amount] = MODAL_ERRORS.amountInvalid;
    inputs.edit = {
      amount,
      purpose: limited(BLOCK.purpose, MAX.purpose),
      subject: limited(BLOCK.subject, MAX.subject),
      project: limited(BLOCK.project, MAX.project),
      supplier: limited(BLOCK.supplier, MAX.supplier),
    };
  }
  return Object.keys(errors).length > 0 ? { errors } : { inputs };
}

function isAmount(text: string): boolean {
  try {
    parseYuan(text);
    return true;
  } catch {
    return false;
  }
}

function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max).join('');
}
