// @ts-check
// The pieces of the message list, each built as DOM from text: a message (text and/or card, or a file
// with its 下载 link), a red notice added by the page, a message of mine still being sent, a day
// divider, the empty and loading states.
import { safeUrl } from './card/card-attachments.js';
import { h, icon, formatTime, avatar } from './card/dom.js';
import { renderCard } from './card/render-card.js';
import { state } from './state.js';

/** @typedef {import('./api.js').MessageView} MessageView */
/** @typedef {import('../console-api.js').MessageFile} MessageFile */
/** @typedef {import('./state.js').Conv} Conv */
/** @typedef {import('./state.js').Notice} Notice */
/** @typedef {import('./state.js').Pending} Pending */
/** What a card's buttons and upload call: the tap and the upload senders. */
/** @typedef {Pick<import('./card/card-actions.js').CardContext, 'onAction' | 'onUpload'>} CardHandlers */

/** @param {MessageView} m */
function authorName(m) {
  if (m.direction === 'out') return '管家';
  const p = state.byId.get(m.authorId || state.me || '');
  return p ? p.name : m.authorId || '我';
}

/** @param {MessageView} m */
function isMine(m) {
  if (m.direction !== 'in') return false;
  return !m.authorId || m.authorId === state.me;
}

/**
 * One message row; a card's buttons and uploads call the handlers.
 * @param {MessageView} m
 * @param {CardHandlers} handlers
 */
export function messageEl(m, handlers) {
  const mine = isMine(m);
  const bot = m.direction === 'out';
  const name = authorName(m);
  const key = bot ? 'guanjia-bot' : m.authorId || state.me || '';
  const edited = m.updatedAt && m.createdAt && Date.parse(m.updatedAt) - Date.parse(m.createdAt) > 2000;
  const meta = h(
    'div',
    { class: 'msg-meta' },
    h('span', { class: 'msg-author' }, name),
    h('time', { class: 'msg-time', datetime: m.createdAt, title: new Date(m.createdAt).toLocaleString('zh-CN') }, formatTime(m.createdAt)),
    edited ? h('span', { class: 'msg-edited', title: new Date(m.updatedAt).toLocaleString('zh-CN') }, `已更新 ${formatTime(m.updatedAt)}`) : null,
  );
  const content = [];
  if (m.file) content.push(fileEl(m.file, m.text));
  else if (m.text) content.push(h('div', { class: 'bubble bubble-text' }, m.text));
  if (m.card) {
    content.push(h('div', { class: 'bubble bubble-card' }, renderCard(m.card, m.id, { people: state.people, meId: state.me, openLink: true, ...handlers })));
  }
  if (content.length === 0) content.push(h('div', { class: 'bubble bubble-text muted' }, '（空消息）'));
  return h(
    'div',
    {
      class: `msg-row ${mine ? 'mine' : 'theirs'}${bot ? ' from-bot' : ''}${m.card ? ' has-card' : ''}`,
      dataset: { messageId: m.id, direction: m.direction },
    },
    bot ? h('span', { class: 'avatar avatar-bot', 'aria-hidden': 'true' }, '管') : avatar(name, key),
    h('div', { class: 'msg-main' }, meta, content),
  );
}

/**
 * A file the bot sent (a report's workbook): its name and size, as the server worded them, and 下载,
 * the link signed for this reader.
 * @param {MessageFile} file
 * @param {string | undefined} text
 */
function fileEl(file, text) {
  const href = safeUrl(file.url);
  return h(
    'div',
    { class: 'bubble bubble-text bubble-file', dataset: { file: file.name } },
    h('span', { class: 'file-text' }, text || file.name),
    href ? h('a', { class: 'file-download', href, download: file.name, target: '_blank', rel: 'noopener noreferrer' }, '下载') : null,
  );
}

/** @param {Notice} n */
export function noticeEl(n) {
  return h(
    'div',
    { class: 'notice notice-error', role: 'alert', dataset: { notice: 'error' } },
    h('span', { class: 'notice-icon', 'aria-hidden': 'true' }, '!'),
    h('span', { class: 'notice-text' }, n.text),
  );
}

/**
 * A message of mine the server has not shown in the conversation yet.
 * @param {Pending} p
 */
export function pendingEl(p) {
  const me = state.me ? state.byId.get(state.me) : undefined;
  return h(
    'div',
    { class: 'msg-row mine pending', dataset: { pending: p.accepted ? 'accepted' : 'sending' } },
    avatar(me?.name || '我', state.me || ''),
    h(
      'div',
      { class: 'msg-main' },
      h('div', { class: 'msg-meta' }, h('span', { class: 'msg-author' }, me?.name || '我'), h('span', { class: 'msg-time' }, p.accepted ? '已送达' : '发送中…')),
      h('div', { class: 'bubble bubble-text' }, p.text),
    ),
  );
}

/** @param {string} label */
export function dayDividerEl(label) {
  return h('div', { class: 'day-divider', role: 'separator' }, h('span', null, label));
}

/** @param {Conv} conv */
export function emptyStateEl(conv) {
  return conv === 'bot'
    ? h(
        'div',
        { class: 'empty-state', dataset: { empty: 'bot' } },
        h('div', { class: 'empty-icon' }, icon('chat')),
        h('div', { class: 'empty-title' }, '还没有消息，试试输入 /帮助'),
        h('div', { class: 'empty-sub' }, '也可以点击下方的示例命令，例如「/申请 办公费 1200 购买打印纸」。'),
      )
    : h(
        'div',
        { class: 'empty-state', dataset: { empty: 'supervision' } },
        h('div', { class: 'empty-icon' }, icon('shield')),
        h('div', { class: 'empty-title' }, '监督群暂无消息'),
        h('div', { class: 'empty-sub' }, '出现超时黄灯/红灯或电子监察预警时，会在这里推送。'),
      );
}

/** @param {Conv} conv */
export function loadingEl(conv) {
  return h(
    'div',
    { class: 'empty-state loading', dataset: { loading: conv } },
    h('div', { class: 'spinner', 'aria-hidden': 'true' }),
    h('div', { class: 'empty-sub' }, '正在加载消息…'),
  );
}
