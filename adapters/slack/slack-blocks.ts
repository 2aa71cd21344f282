// The neutral card → a Slack message in Block Kit: a header (the title), the status with the active
// step's light, the fields as section fields (at most 10 a section), 预算影响, 关联 and the chain,
// the route with each step's light in emoji and words, this round's changes and the earlier rounds
// (context blocks), the attachments as links (signed for the card's viewer), the flags, the buttons
// (actions blocks; each carries its tap in action_id and value, slack-buttons.ts), 「在工作台打开」 as
// a link button, and the footer. Every text stays within Slack's limits (Block Kit reference: 50
// blocks a message, 3000 characters a section or context text, 150 a header, 2000 a field, 75 a button
// label, 25 elements an actions block): a longer one is cut on a line where it can be, and what is
// left off is said. Slack's mrkdwn needs only &, < and > escaped (Formatting text for app surfaces).
// Also the digest and link messages, and the `text` every message carries for notifications.
import type { types } from '@slack/bolt';
import type { Card, CardAttachments, CardButton, CardChain, CardRound, CardRouteStep, CardTone } from '../../bot/card-model.js';
import { budgetChange, lightMark } from '../../bot/cards/card-text.js';
import { changeText, roundChangesLine } from '../../bot/replies/card-words.js';
import { SLACK_CARD_HEADINGS, SLACK_CLIPPED, slackBudgetLine, slackCardText, slackMoreText, slackStatusLine } from '../../bot/replies/slack-card-words.js';
import { OPEN_IN_WORKBENCH } from '../../bot/replies/workbench-link-words.js';
import type { OutboundLink } from '../../bot/platform-port.js';
import { openedFrom } from '../../bot/web/workbench-links.js';
import { encodeButton } from './slack-buttons.js';

export type Block = types.KnownBlock;
type Button = types.Button;

/** Block Kit's limits (docs.slack.dev/reference/block-kit) */
export const LIMITS = {
  blocks: 50,
  text: 3000,
  header: 150,
  field: 2000,
  fields: 10,
  contextElements: 10,
  buttons: 25,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  /** chat.postMessage's text */
  messageText: 40_000,
} as const;

/** the action_id of the 「在工作台打开」 link button: not ours to decode (no gj: prefix), only acked */
export const OPEN_ACTION_ID = 'open_workbench';

export interface SlackMessage {
  /** the plain text: notifications, and clients that cannot show blocks */
  text: string;
  blocks: Block[];
}

const TONE_MARK: Record<CardTone, string> = { danger: '⛔', warning: '⚠️', info: 'ℹ️', success: '✅', neutral: '▫️' };

export function renderSlackCard(card: Card): SlackMessage {
  const active = card.route.find((s) => s.light);
  const head: Block[] = [{ type: 'header', text: plain(card.title, LIMITS.header) }];
  const status = `*${escape(slackStatusLine(card.status.label))}*${active ? ` ${lightMark(active)} ${escape(active.lightLabel ?? '')}`.trimEnd() : ''}`;
  head.push(section(status));
  head.push(...fieldSections(card));

  const body: Block[] = [];
  if (card.budget) {
    const b = card.budget;
    const lines = [`*${SLACK_CARD_HEADINGS.budget}*`, escape(slackBudgetLine(b.line, budgetChange(b)))];
    if (b.problem) lines.push(`⚠️ ${escape(b.problem)}`);
    body.push(section(lines));
  }
  if (card.link) body.push(section(escape(card.link)));
  if (card.chain?.rows.length) body.push(...chainBlocks(card.chain));
  if (card.route.length > 0) body.push(section([`*${SLACK_CARD_HEADINGS.route}*`, ...card.route.map(routeLine)]));
  if (card.changes?.length) body.push(context([`*${SLACK_CARD_HEADINGS.changes}*`, ...card.changes.map((c) => escape(changeText(c)))]));
  if (card.history?.length) body.push(...historyBlocks(card.history));
  if (card.attachments) body.push(...attachmentBlocks(card.attachments));
  if (card.flags.length > 0) body.push(section([`*${SLACK_CARD_HEADINGS.flags}*`, ...card.flags.map((f) => `${TONE_MARK[f.tone]} ${escape(f.text)}`)]));

  const tail: Block[] = [...actionBlocks(card.buttons, card.open ? openedFrom(card.open, 'slack') : undefined)];
  if (card.footer) tail.push(context(escape(card.footer)));

  return { text: slackCardText(card.status.label, card.title), blocks: fit(head, body, tail) };
}

/** a digest to a group: its title, then a line per item, in as many sections as the lines need */
export function renderSlackDigest(title: string, lines: string[]): SlackMessage {
  const head: Block[] = [section(`*${escape(title)}*`)];
  const body = packLines(lines.map((l) => `• ${escape(l)}`)).map((chunk) => section(chunk));
  return { text: clip(title, LIMITS.messageText), blocks: fit(head, body, []) };
}

/** a message that opens a page: the title and words, and one link button */
export function renderSlackLink(link: OutboundLink): SlackMessage {
  const words = [`*${escape(link.title)}*`, ...link.text.split('\n').map(escape)];
  const button: Button = { type: 'button', text: plain(link.button, LIMITS.buttonText), url: link.url, action_id: OPEN_ACTION_ID, style: 'primary' };
  return { text: clip(`${link.title}：${link.url}`, LIMITS.messageText), blocks: [section(words), { type: 'actions', elements: [button] }] };
}

/** plain words as a message's text: escaped, within chat.postMessage's limit */
export function slackText(text: string): string {
  return clipEscaped(escape(text), LIMITS.messageText);
}

// ── the parts ────────────────────────────────────────────────────────────────────────────────────

/** each field as 「*label*\nvalue」, ten to a section */
function fieldSections(card: Card): Block[] {
  const fields = card.fields.map((f) => mrkdwn(`*${escape(f.label)}*\n${escape(f.value)}`, LIMITS.field));
  const blocks: Block[] = [];
  for (let at = 0; at < fields.length; at += LIMITS.fields) blocks.push({ type: 'section', fields: fields.slice(at, at + LIMITS.fields) });
  return blocks;
}

/** 「1. 部门负责人审核 · 钱伟 · 待审批 · 12-02 17:30 前办结 🟡 黄灯：即将超时」, its detail under it */
function routeLine(step: CardRouteStep, i: number): string {
  const parts = [step.name, step.who, step.due ? `${step.stateLabel} · ${step.due}` : step.stateLabel].filter(Boolean).map(escape);
  const light = step.light ? ` ${lightMark(step)}${step.lightLabel ? ` ${escape(step.lightLabel)}` : ''}` : '';
  const detail = step.detail ? `\n\u3000\u3000${escape(step.detail)}` : '';
  return `${i + 1}. ${parts.join(' · ')}${light}${detail}`;
}

/** the chain's rows, each indented by its depth, the current one marked and bold; the summary under them */
function chainBlocks(chain: CardChain): Block[] {
  const rows = chain.rows.map((r) => `${'\u3000'.repeat(r.depth)}${r.current ? `▶ *${escape(r.text)}*` : `· ${escape(r.text)}`}`);
  const blocks: Block[] = [section([`*${SLACK_CARD_HEADINGS.chain}*`, ...rows])];
  if (chain.summary) blocks.push(context(escape(chain.summary)));
  return blocks;
}

/** each earlier round as a context block: its title, its decisions, what was changed after it */
function historyBlocks(history: CardRound[]): Block[] {
  return history.map((r, i) =>
    context([
      ...(i === 0 ? [`*${SLACK_CARD_HEADINGS.history}*`] : []),
      `*${escape(r.title)}*`,
      ...r.lines.map(escape),
      ...(r.changes.length > 0 ? [escape(roundChangesLine(r.changes))] : []),
    ]),
  );
}

/** the files as links (a taken-off one struck through), the kinds there and missing, and how to add one */
function attachmentBlocks(a: CardAttachments): Block[] {
  const lines = [`*${SLACK_CARD_HEADINGS.attachments}*`, ...a.files.map(fileLine)];
  if (a.present.length > 0) lines.push(a.present.map(escape).join('\u3000'));
  if (a.missingText) lines.push(`❗ *${escape(a.missingText)}*`);
  const blocks: Block[] = [section(lines)];
  if (a.hint) blocks.push(context(escape(a.hint)));
  return blocks;
}

/** 「1、<url|发票 · invoice.pdf（213 KB）> 第 1 轮」 */
function fileLine(file: CardAttachments['files'][number]): string {
  const label = escape(`${file.kind} · ${file.text}`).replace(/\|/g, '¦');
  const link = file.url && file.url.length <= LIMITS.url ? `<${escapeUrl(file.url)}|${label}>` : label;
  const note = file.note ? ` _${escape(file.note)}_` : '';
  return file.removed ? `${file.seq}、~${link}~${note}` : `${file.seq}、${link}${note}`;
}

/** the buttons, 25 to an actions block, then 「在工作台打开」 where there is room */
function actionBlocks(buttons: CardButton[], open: string | undefined): Block[] {
  const elements: Button[] = [];
  buttons.forEach((b, i) => {
    const { action_id, value } = encodeButton(b, i);
    // a tap whose value would not fit is not offered (Slack would refuse the whole message)
    if (value.length > LIMITS.buttonValue) return;
    elements.push({ type: 'button', text: plain(b.label, LIMITS.buttonText), action_id, value, ...(b.style === 'default' ? {} : { style: b.style }) });
  });
  if (open && open.length <= LIMITS.url) elements.push({ type: 'button', text: plain(OPEN_IN_WORKBENCH, LIMITS.buttonText), url: open, action_id: OPEN_ACTION_ID });
  const blocks: Block[] = [];
  for (let at = 0; at < elements.length; at += LIMITS.buttons) blocks.push({ type: 'actions', elements: elements.slice(at, at + LIMITS.buttons) });
  return blocks;
}

/**
 * Head, body and tail within 50 blocks: the head (title, status, fields) and the tail (buttons,
 * footer) always; of the body what fits, the last slot saying how much was left off.
 */
function fit(head: Block[], body: Block[], tail: Block[]): Block[] {
  const room = LIMITS.blocks - head.length - tail.length;
  if (body.length <= room) return [...head, ...body, ...tail];
  const kept = body.slice(0, Math.max(0, room - 1));
  return [...head, ...kept, context(escape(slackMoreText(body.length - kept.length))), ...tail];
}

// ── text objects within their limits ─────────────────────────────────────────────────────────────

function section(text: string | string[]): types.SectionBlock {
  return { type: 'section', text: mrkdwn(Array.isArray(text) ? text : [text], LIMITS.text) };
}

function context(text: string | string[]): types.ContextBlock {
  return { type: 'context', elements: [mrkdwn(Array.isArray(text) ? text : [text], LIMITS.text)] };
}

/** mrkdwn lines (already escaped), joined, cut at a line break when they are longer than `max` */
function mrkdwn(lines: string | string[], max: number): types.MrkdwnElement {
  const list = Array.isArray(lines) ? lines : [lines];
  return { type: 'mrkdwn', text: joinWithin(list, max) || ' ' };
}

function plain(text: string, max: number): types.PlainTextElement {
  return { type: 'plain_text', text: clip(text, max) || ' ', emoji: true };
}

/** as many whole lines as fit, then 「……另有 n 项」; a first line too long on its own is cut */
function joinWithin(lines: string[], max: number): string {
  const whole = lines.join('\n');
  if (whole.length <= max) return whole;
  const kept: string[] = [];
  let length = 0;
  for (let i = 0; i < lines.length; i++) {
    const more = escape(slackMoreText(lines.length - i));
    const line = lines[i]!;
    if (length + line.length + 1 + more.length + 1 > max) {
      if (kept.length === 0) return clipEscaped(line, max);
      return [...kept, more].join('\n');
    }
    kept.push(line);
    length += line.length + 1;
  }
  return kept.join('\n');
}

/** lines into chunks of at most a section's text each */
function packLines(lines: string[]): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let length = 0;
  for (const raw of lines) {
    const line = raw.length > LIMITS.text ? clipEscaped(raw, LIMITS.text) : raw;
    if (current.length > 0 && length + 1 + line.length > LIMITS.text) {
      chunks.push(current.join('\n'));
      current = [];
      length = 0;
    }
    length += (current.length > 0 ? 1 : 0) + line.length;
    current.push(line);
  }
  if (current.length > 0) chunks.push(current.join('\n'));
  return chunks;
}

/** Slack counts characters; cut at `max` UTF-16 units (never fewer characters than Slack allows), not inside a surrogate pair */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - SLACK_CLIPPED.length;
  if (/[\uD800-\uDBFF]/.test(text.charAt(cut - 1))) cut -= 1;
  return `${text.slice(0, cut)}${SLACK_CLIPPED}`;
}

/** clip mrkdwn already escaped: never inside an &amp; entity, a <link|label> or a *bold* left open */
function clipEscaped(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = clip(text, max).slice(0, -SLACK_CLIPPED.length);
  cut = cut.replace(/&[a-z]{0,3}$/, '');
  const open = cut.lastIndexOf('<');
  if (open > cut.lastIndexOf('>')) cut = cut.slice(0, open);
  return `${cut}${SLACK_CLIPPED}`;
}

/** &, < and > as Slack's mrkdwn wants them (the only characters it needs escaped) */
export function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** a URL inside <…|…>: the characters that would end it early */
function escapeUrl(url: string): string {
  return url.replace(/[|>]/g, (c) => encodeURIComponent(c)).replace(/</g, '%3C');
}
