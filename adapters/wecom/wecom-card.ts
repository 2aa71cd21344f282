// The neutral card → a WeCom template_card of type button_interaction (发送应用消息 · 模板卡片消息,
// document/path/90236). Each callback button's key carries what the tap means, so a tap event alone
// says which request and step it is about. button_interaction cards cannot collect a comment or any
// other input: 同意 acts at once; 驳回 / 退回修改 / 转交 (a reason, a person), 确认付款 (the voucher
// number), 修改 (its form) and a 提交 that needs the 化整为零 explanation open the request's page on
// the workbench instead (a button of type 1 with a url), where the inputs are. The whole card opens
// that page too (card_action), and a card with no such button gets a 「在工作台打开」 one where there
// is room. Without the page's address (no server address yet), those buttons are callbacks, and the
// core answers a tap with the text command to type (/驳回 12 理由); 修改 is then left off and the
// requester told to type /修改 N 金额=… instead.
// 附件 open from link rows (wecom-card-files.ts); attach and 移除 keys carry the held file and kind,
// or the file's number.
import { CARD_ACTIONS, type Card, type CardAction, type CardButton, type CardChain } from '../../bot/card-model.js';
import { budgetChange, lightMark } from '../../bot/cards/card-text.js';
import { changesLine, earlierRoundsHint, editHint, FIELD_LABELS, requestNoOf } from '../../bot/replies/card-words.js';
import { OPEN_IN_WORKBENCH } from '../../bot/replies/workbench-link-words.js';
import { openedFrom } from '../../bot/web/workbench-links.js';
import { attachHint, fileRowCount, fileRows, filesLine, missingLines, ROWS_MAX } from './wecom-card-files.js';
import { clip } from './wecom-text.js';

/**
 * card actions that are never a callback button: 修改 needs a form (a link to the page where there is
 * one); the alert card's 已核实 / 关闭 are typed (/核实 N, /关闭 N 结论 — its footer says so), as a
 * one-off answer card has no update code to spend
 */
type NoButton = 'edit' | 'acknowledge_alert' | 'close_alert';
const NO_BUTTON: readonly CardAction[] = ['edit', 'acknowledge_alert', 'close_alert'];
const ALERT_ACTIONS: readonly CardAction[] = ['acknowledge_alert', 'close_alert'];

/** what a tap stands for: a card action, or the view-only button of a card without actions */
export type ButtonKey =
  | { action: Exclude<CardAction, 'link' | 'attach' | 'detach' | NoButton>; requestId: string; stepId?: string }
  | { action: 'link'; requestId: string; parentRef: string }
  /** 附件: file the held file under `kind` on this request; take off file number `seq` */
  | { action: 'attach'; requestId: string; heldId?: string; kind?: string }
  | { action: 'detach'; requestId: string; seq: number }
  | { action: 'view'; requestId: string };

const ID = /^[A-Za-z0-9_.-]{1,100}$/;
const STYLE: Record<CardButton['style'], number> = { primary: 1, default: 2, danger: 3 };
const TONE_COLOR = { neutral: 0, info: 1, danger: 2, warning: 2, success: 3 } as const; // source.desc_color 0 grey, 1 black, 2 red, 3 green

/**
 * gj|action|requestId|ref: ref is the step of a decision, the parent's number of a 关联, the file's
 * number of a 移除, or heldId:kind of an attach (the kind URI-encoded, so it holds no `|` or `:`).
 */
export function encodeButtonKey(key: ButtonKey): string {
  return ['gj', key.action, key.requestId, refOf(key)].join('|');
}

function refOf(key: ButtonKey): string {
  switch (key.action) {
    case 'link':
      return key.parentRef;
    case 'attach':
      return `${key.heldId ?? ''}:${encodeURIComponent(key.kind ?? '')}`;
    case 'detach':
      return String(key.seq);
    case 'view':
      return '';
    default:
      return key.stepId ?? '';
  }
}

export function decodeButtonKey(raw: string): ButtonKey | null {
  const [tag, action, requestId = '', ref = '', ...rest] = raw.split('|');
  if (tag !== 'gj' || rest.length > 0 || !ID.test(requestId)) return null;
  if (action === 'attach') return decodeAttach(requestId, ref);
  if (action === 'detach') return /^\d{1,5}$/.test(ref) && Number(ref) >= 1 && Number(ref) <= 10_000 ? { action, requestId, seq: Number(ref) } : null;
  if (ref !== '' && !ID.test(ref)) return null;
  if (action === 'view') return { action, requestId };
  if (action === 'link') return /^\d{1,9}$/.test(ref) ? { action, requestId, parentRef: ref } : null;
  if (!(CARD_ACTIONS as readonly string[]).includes(action ?? '') || NO_BUTTON.includes(action as CardAction)) return null;
  return { action: action as Exclude<CardAction, 'link' | 'attach' | 'detach' | NoButton>, requestId, stepId: ref || undefined };
}

function decodeAttach(requestId: string, ref: string): ButtonKey | null {
  const [heldId = '', encodedKind = '', ...rest] = ref.split(':');
  if (rest.length > 0 || (heldId !== '' && !ID.test(heldId))) return null;
  let kind: string;
  try {
    kind = decodeURIComponent(encodedKind).trim();
  } catch {
    return null;
  }
  if (Array.from(kind).length > 40) return null;
  return { action: 'attach', requestId, ...(heldId ? { heldId } : {}), ...(kind ? { kind } : {}) };
}

/** task_id: unique within the app, digits, letters and _-@ only, at most 128 bytes (document/path/90236). */
export function isTaskId(value: string): boolean {
  return /^[A-Za-z0-9_\-@]{1,128}$/.test(value);
}

export interface RenderOptions {
  taskId: string;
  /** for update_template_card: a card without actions gets its button greyed out with this text */
  forUpdate?: boolean;
}

export function renderTemplateCard(card: Card, { taskId, forUpdate = false }: RenderOptions): Record<string, unknown> {
  const active = card.route.find((s) => s.light);
  const fields = card.fields.filter((f) => f.label !== '类型');
  const fileCount = fileRowCount(card, fields.length);
  const page = card.open ? openedFrom(card.open, 'wecom') : undefined;
  const template: Record<string, unknown> = {
    card_type: 'button_interaction',
    source: { desc: '管家 · 内控审批', desc_color: TONE_COLOR[card.status.tone] },
    // title up to 36 characters, desc up to 44 (document/path/90236)
    main_title: { title: clip(card.title, 36), desc: clip(`状态：${card.status.label}${active?.light ? ` ${lightMark(active)}` : ''}`, 44) },
    sub_title_text: subtitle(card, fileCount),
    // at most 6 rows; keyname up to 5 characters, value up to 30; the last ones open 附件
    horizontal_content_list: [...fields.slice(0, ROWS_MAX - fileCount).map(rowOf), ...fileRows(card, fileCount)],
    task_id: taskId,
  };
  // card_action: a tap anywhere else on the card opens the page (type 1, url)
  if (page) template.card_action = { type: 1, url: page };
  const quote = quoteOf(card);
  if (quote) template.quote_area = quote;
  // at most 6 buttons, text up to 10 characters, style 1–4; a callback's key up to 1024 bytes, a link's url
  const buttons = card.buttons.flatMap((b) => buttonOf(b, page)).slice(0, 6);
  if (buttons.length === 0) {
    // button_list may not be empty on this card type: a view-only button stands in
    buttons.push({ type: 0, text: clip(card.status.label, 10), style: 4, key: encodeButtonKey({ action: 'view', requestId: card.requestId }) });
    // replace_text greys the buttons out (更新模版卡片消息, document/path/94888)
    if (forUpdate) template.replace_text = clip(card.status.label, 10);
  }
  if (page && buttons.length < 6 && !buttons.some((b) => b.type === 1)) buttons.push({ type: 1, text: OPEN_IN_WORKBENCH, style: 2, url: page });
  template.button_list = buttons;
  return template;
}

/** button_list items: type 0 a callback (its key comes back in the tap event), type 1 opens its url */
type WecomButton = { type: 0; text: string; style: number; key: string } | { type: 1; text: string; style: number; url: string };

/**
 * The card button as WeCom's: a link to the page when it needs what this card cannot collect and the
 * page is known; else a callback; none for 修改 without the page, an alert's buttons, or a 移除 that
 * names no file. 「No.12 · 发票」 closes up around its dot first, to fit 10 characters.
 */
function buttonOf(b: CardButton, page: string | undefined): WecomButton[] {
  if (ALERT_ACTIONS.includes(b.action)) return [];
  const text = clip(b.label.replace(/\s*·\s*/g, '·'), 10);
  const style = STYLE[b.style];
  if (page && opensPage(b)) return [{ type: 1, text, style, url: page }];
  return hasKey(b) ? [{ type: 0, text, style, key: encodeButtonKey(keyOf(b)) }] : [];
}

/** what a button_interaction card cannot collect: a reason, a person, a voucher number, a form, an explanation */
function opensPage(b: CardButton): boolean {
  if (b.action === 'reject' || b.action === 'return' || b.action === 'transfer' || b.action === 'pay' || b.action === 'edit') return true;
  return (b.action === 'submit' || b.action === 'resubmit') && (b.needs ?? []).includes('comment');
}

/**
 * keyname up to 5 characters: a longer label whose first word fits (「No.12 用款申请」 on the
 * 「附到哪一笔？」 card) keeps that word and puts the rest before the value
 */
function rowOf(f: { label: string; value: string }): { keyname: string; value: string } {
  const [head = '', ...rest] = f.label.split(' ');
  if (Array.from(f.label).length <= 5 || rest.length === 0 || Array.from(head).length > 5) return { keyname: clip(f.label, 5), value: clip(f.value, 30) };
  return { keyname: head, value: clip(`${rest.join(' ')} · ${f.value}`, 30) };
}

/** a callback: not 修改 (it needs a form), not an alert's; a 移除 must name its file */
const hasKey = (b: CardButton): b is CardButton & { action: Exclude<CardAction, NoButton> } =>
  !NO_BUTTON.includes(b.action) && (b.action !== 'detach' || (b.attach?.seq ?? 0) >= 1);

function keyOf(b: CardButton & { action: Exclude<CardAction, NoButton> }): ButtonKey {
  if (b.action === 'link') return { action: 'link', requestId: b.requestId, parentRef: b.parentRef ?? '' };
  if (b.action === 'attach') return { action: 'attach', requestId: b.requestId, heldId: b.attach?.heldId, kind: b.attach?.kind };
  if (b.action === 'detach') return { action: 'detach', requestId: b.requestId, seq: b.attach?.seq ?? 0 };
  return { action: b.action, requestId: b.requestId, stepId: b.stepId };
}

/**
 * The 关联 sentence and the budget effect. quote_text has no documented limit (document/path/90236);
 * 160 characters, like sub_title_text, keeps both readable.
 */
function quoteOf(card: Card): Record<string, unknown> | undefined {
  const b = card.budget;
  const budget = b ? [b.line, `可用 ${budgetChange(b)}`, ...(b.problem ? [b.problem] : [])] : [];
  const lines = [...(card.link ? [card.link] : []), ...budget];
  if (lines.length === 0) return undefined;
  return { type: 0, title: b ? '预算影响' : '关联', quote_text: clip(lines.join('\n'), 160) };
}

const SUBTITLE_MAX = 160;
/** a long 事由 changed must not push the route's state out */
const CHANGES_MAX = 60;
const fits = (lines: string[]) => Array.from(lines.join('\n')).length <= SUBTITLE_MAX;

/**
 * The route, what changed since the last round, the required 附件 still missing, risk flags, the chain
 * and the footer, within the suggested 160 characters of sub_title_text. A chain too long for the
 * rest keeps only its totals and the command that shows it whole, or only that command. Then, where
 * there is room: the files without a row of their own, how many rounds went before (the card cannot
 * show them), for the requester how to type a 修改, and how to attach a file by chat.
 */
function subtitle(card: Card, fileRowCount: number): string {
  const route = card.route.map((s, i) => `${i + 1}. ${s.name}：${s.who}（${s.stateLabel}${lightMark(s)}${s.due ? ` ${s.due}` : ''}）${s.detail ? ` ${s.detail}` : ''}`);
  const changes = card.changes?.length ? [clip(changesLine(card.changes), CHANGES_MAX)] : [];
  // what is missing explains the absent 提交: before the flags, which may run past the end
  const head = [...route, ...changes, ...missingLines(card), ...card.flags.map((f) => `⚠ ${f.text}`)];
  const tail = card.footer ? [card.footer] : [];
  const chain = card.chain ? chainChoices(card.chain).find((lines) => fits([...head, ...lines, ...tail])) : undefined;
  const lines = [...head, ...(chain ?? []), ...tail];
  for (const extra of [...filesLine(card, fileRowCount), ...extrasOf(card), ...attachHint(card)]) if (fits([...lines, extra])) lines.push(extra);
  return clip(lines.join('\n'), SUBTITLE_MAX);
}

/** lines the card goes without when there is no room: the earlier rounds as a count, the 修改 command (when 修改 is not a button) */
function extrasOf(card: Card): string[] {
  const no = requestNoOf(card.fields.find((f) => f.label === FIELD_LABELS.no)?.value ?? '');
  if (!no) return [];
  const earlier = card.history?.length ?? 0;
  // every earlier round ended in a 退回; a returned card's own round is its route
  const returns = earlier + (card.status.code === 'returned' ? 1 : 0);
  // with the page, 修改 is a button that opens it: nothing to type
  const typedEdit = !card.open && card.buttons.some((b) => b.action === 'edit');
  return [...(earlier > 0 ? [earlierRoundsHint(returns, no)] : []), ...(typedEdit ? [editHint(no)] : [])];
}

/** the chain as text, longest first: every row (indented by depth, the card's own marked ▶) and the totals; the totals; the command */
function chainChoices(chain: CardChain): string[][] {
  const rows = chain.rows.map((r) => `${'\u3000'.repeat(r.depth)}${r.current ? '▶' : '·'} ${r.text}`);
  const at = chain.rows.find((r) => r.current) ?? chain.rows[0];
  const more = at ? [`发送 /关联 ${at.no} 查看全链`] : [];
  return [['关联链：', ...rows, chain.summary], [chain.summary, ...more], more];
}
