// The neutral card → the variables of our DingTalk approval card template
// (card-template/approval-card.template.json). Public data carries the facts everyone may see;
// the recipient's private data carries their live buttons, so a copy seen by anyone else (a
// forward, a screenshot of the data) has none, nor the attachment links, which are signed for the
// recipient. Every value is a string: cardParamMap takes only
// strings, lists go as JSON text and booleans as "true"/"false"
// (open.dingtalk.com/document/orgapp/instructions-for-filling-in-api-card-data).
import type { Card, CardAction } from '../../bot/card-model.js';
import { budgetChange, lightMark } from '../../bot/cards/card-text.js';
import { changesLine, editHint, FIELD_LABELS, requestNoOf, roundChangesLine } from '../../bot/replies/card-words.js';
import { openedFrom } from '../../bot/web/workbench-links.js';
import { inClient } from './in-client-link.js';
import { attachmentsMarkdown } from './render-attachments.js';

export const PUBLIC_KEYS = [
  'requestId',
  'lastMessage',
  'title',
  'statusLabel',
  'statusTone',
  'fields',
  'budget',
  'budgetOk',
  'link',
  'chain',
  'chainSummary',
  'route',
  'changes',
  'history',
  'flags',
  'footer',
  'open',
] as const;

/** per-recipient variables; public data holds their "nothing to do" defaults */
export const PRIVATE_KEYS = [
  'showApprove',
  'showReject',
  'showReturn',
  'showTransfer',
  'showSubmit',
  'showResubmit',
  'showCancel',
  'showWithdraw',
  'showPay',
  'cancelLabel',
  'stepId',
  'needsComment',
  'needsTransferTo',
  'needsMeeting',
  'needsPayment',
  'busy',
  'notice',
  'attachments',
] as const;

export type PublicKey = (typeof PUBLIC_KEYS)[number];
export type PrivateKey = (typeof PRIVATE_KEYS)[number];
export type ParamMap<K extends string> = Record<K, string>;

/** card actions the template has no button for */
type NotOnTemplate = 'link' | 'edit' | 'attach' | 'detach' | 'acknowledge_alert' | 'close_alert';

/**
 * the template's buttons; 关联 choices are not among them (the card lists them, and /关联 草稿编号 编号
 * links), nor 修改 (a message card has no form of five prefilled fields; the requester types /修改),
 * nor 附件 (files are sent to the robot in the chat, as the card's hint says; taken off by command),
 * nor an alert card's 已核实 / 关闭 (typed: /核实 N, /关闭 N 结论, as its footer says)
 */
export const SHOW_KEY: Record<Exclude<CardAction, NotOnTemplate>, PrivateKey> = {
  approve: 'showApprove',
  reject: 'showReject',
  return: 'showReturn',
  transfer: 'showTransfer',
  submit: 'showSubmit',
  resubmit: 'showResubmit',
  cancel: 'showCancel',
  withdraw: 'showWithdraw',
  pay: 'showPay',
};

export interface RenderedCard {
  cardData: ParamMap<PublicKey | PrivateKey>;
  privateData: ParamMap<PrivateKey>;
}

export function renderDingTalkCard(card: Card): RenderedCard {
  const facts: ParamMap<PublicKey> = {
    requestId: card.requestId,
    lastMessage: `【${card.status.label}】${card.title}`,
    title: card.title,
    statusLabel: card.status.label,
    statusTone: card.status.tone,
    fields: JSON.stringify(card.fields.map((f) => ({ label: f.label, value: f.value }))),
    budget: card.budget ? `${card.budget.line} 可用：${budgetChange(card.budget)}${card.budget.problem ? `；${card.budget.problem}` : ''}` : '',
    budgetOk: String(card.budget?.ok ?? true),
    link: card.link ?? '',
    // the template cannot indent by a number: each row carries its indent (full-width spaces) and mark
    chain: JSON.stringify((card.chain?.rows ?? []).map((r) => ({ indent: '\u3000'.repeat(r.depth), mark: r.current ? '▶' : '·', text: r.text, current: String(r.current) }))),
    chainSummary: card.chain?.summary ?? '',
    route: JSON.stringify(
      card.route.map((s, i) => ({
        no: String(i + 1),
        name: s.name,
        who: s.who,
        state: s.due ? `${s.stateLabel} · ${s.due}` : s.stateLabel,
        light: lightMark(s),
        detail: s.detail ?? '',
      })),
    ),
    changes: card.changes?.length ? changesLine(card.changes) : '',
    // each earlier round: its title, then a line per decision and what was changed after it
    history: JSON.stringify((card.history ?? []).map((r) => ({ title: r.title, text: [...r.lines, ...(r.changes.length > 0 ? [roundChangesLine(r.changes)] : [])].join('\n') }))),
    flags: JSON.stringify(card.flags.map((f) => f.text)),
    footer: card.footer ?? '',
    // 「在工作台打开」: the request's page, inside DingTalk (the same for everyone: the page signs each person in)
    open: card.open ? inClient(openedFrom(card.open, 'dingtalk')) : '',
  };
  return { cardData: { ...facts, ...nothingToDo() }, privateData: privateFor(card) };
}

/** what the recipient may do now, as the private variables of their copy */
function privateFor(card: Card): ParamMap<PrivateKey> {
  const data = nothingToDo();
  // 附件: the links are signed for this recipient, so they are theirs alone, like the buttons
  data.attachments = attachmentsMarkdown(card.attachments);
  for (const button of card.buttons) {
    if (button.action === 'link' || button.action === 'attach' || button.action === 'detach' || button.action === 'acknowledge_alert' || button.action === 'close_alert') continue;
    if (button.action === 'edit') {
      // no form on this card: the requester is told what to type
      const no = requestNoOf(card.fields.find((f) => f.label === FIELD_LABELS.no)?.value ?? '');
      if (no) data.notice = editHint(no);
      continue;
    }
    data[SHOW_KEY[button.action]] = 'true';
    if (button.action === 'cancel') data.cancelLabel = button.label;
    if (button.stepId) data.stepId = button.stepId;
    const needs = button.needs ?? [];
    if (needs.includes('comment')) data.needsComment = 'true';
    if (needs.includes('transferTo')) data.needsTransferTo = 'true';
    if (needs.includes('meeting')) data.needsMeeting = 'true';
    if (needs.includes('payment')) data.needsPayment = 'true';
  }
  return data;
}

function nothingToDo(): ParamMap<PrivateKey> {
  const data = Object.fromEntries(PRIVATE_KEYS.map((k) => [k, 'false'])) as ParamMap<PrivateKey>;
  data.cancelLabel = '取消';
  data.stepId = '';
  data.notice = '';
  data.attachments = '';
  return data;
}

/** the change a card callback's answer makes at once, before the queue has done the work */
export function busyData(notice: string): Partial<ParamMap<PrivateKey>> & Record<string, string> {
  return { busy: 'true', notice };
}
