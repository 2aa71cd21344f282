// @ts-check
// The conversation on screen: the chat header, the two conversations in the sidebar (active,
// unread dot, preview), and the message list — kept in step with the state without rebuilding
// unchanged rows, with red notices, sends still pending, and scrolling / 有新消息 ↓.
import { clear, dayKey, formatDay } from './card/dom.js';
import { dayDividerEl, emptyStateEl, loadingEl, messageEl, noticeEl, pendingEl } from './message-row.js';
import { els, state, personSubtitle } from './state.js';

/** @typedef {import('./api.js').MessageView} MessageView */
/** @typedef {import('./state.js').Conv} Conv */
/** @typedef {import('./message-row.js').CardHandlers} CardHandlers */
/** A row the list should show: its key, a version that changes when it must be rebuilt, and how to build it. */
/** @typedef {[key: string, version: string, build: () => HTMLElement]} Row */

/** How long a message of mine the server accepted waits to show up before its copy is dropped. */
export const PENDING_TTL_MS = 20000;
const NEAR_BOTTOM_PX = 80;

/**
 * key → { el, version } so unchanged messages keep their DOM (and any half-filled form).
 * @type {Map<string, { el: HTMLElement, version: string }>}
 */
const msgCache = new Map();
let noticeSeq = 0;
const unwired = () => Promise.reject(new Error('wireConversationView was not called'));
/** @type {CardHandlers} */
let cardHandlers = { onAction: unwired, onUpload: unwired };

/**
 * The list's own listeners; a card's buttons and uploads call the handlers → Promise.
 * @param {CardHandlers} handlers
 */
export function wireConversationView(handlers) {
  cardHandlers = handlers;
  els.jump.addEventListener('click', scrollToBottom);
  els.list.addEventListener('scroll', () => {
    if (isNearBottom()) els.jump.hidden = true;
  });
}

export function renderHeader() {
  const p = state.me ? state.byId.get(state.me) : undefined;
  const who = p ? `${p.name}${personSubtitle(p) ? `（${personSubtitle(p)}）` : ''}` : '';
  if (state.active === 'bot') {
    els.chatTitle.textContent = '管家（机器人）';
    els.chatSubtitle.textContent = who ? `审批助手 · 你正在以 ${who} 的身份对话` : '审批助手';
    els.composer.hidden = false;
    els.readonly.hidden = true;
  } else {
    els.chatTitle.textContent = state.org?.groups?.find((g) => g.id === 'supervision')?.name || '监督群';
    els.chatSubtitle.textContent = '只读 · 超时预警、电子监察提醒与每日汇总';
    els.composer.hidden = true;
    els.readonly.hidden = false;
  }
  els.app.dataset.conversation = state.active;
}

/** @param {Conv} conv */
function previewOf(conv) {
  const last = state.convs[conv]?.messages.at(-1);
  if (!last) return conv === 'bot' ? '与管家一对一对话' : '预警与汇总（只读）';
  if (last.card) return `[审批卡片] ${last.card.title || ''}`;
  return (last.text || '').split('\n')[0] ?? '';
}

/** The sidebar's conversation buttons: which is open, which has something unread, the last line. */
export function renderConvList() {
  for (const btn of document.querySelectorAll('button[data-conversation]')) {
    const conv = btn instanceof HTMLElement ? btn.dataset.conversation : undefined;
    if (conv !== 'bot' && conv !== 'supervision') continue;
    const active = conv === state.active;
    btn.classList.toggle('active', active);
    if (active) btn.setAttribute('aria-current', 'true');
    else btn.removeAttribute('aria-current');
    const dot = btn.querySelector('[data-unread]');
    if (dot instanceof HTMLElement) dot.hidden = !state.unread[conv];
    btn.classList.toggle('has-unread', state.unread[conv]);
    const preview = btn.querySelector('[data-preview]');
    if (preview) preview.textContent = previewOf(conv);
  }
}

/** Empty the list (another conversation or another person is about to be shown). */
export function resetMessageList() {
  msgCache.clear();
  clear(els.list);
}

/**
 * A red notice at the end of a conversation (deduplicated for a minute).
 * @param {Conv} conv
 * @param {string} text
 */
export function addNotice(conv, text) {
  const msgs = state.convs[conv]?.messages || [];
  const anchor = msgs.at(-1)?.id ?? 0;
  const last = state.notices[conv][state.notices[conv].length - 1];
  if (last && last.text === text && last.anchor === anchor && Date.now() - Date.parse(last.at) < 60000) return;
  noticeSeq += 1;
  state.notices[conv].push({ seq: noticeSeq, anchor, text, at: new Date().toISOString() });
  if (conv === state.active) renderMessages({ scroll: 'bottom' });
}

/**
 * Drop pending sends that have shown up in the conversation (or waited too long).
 * @param {MessageView[]} messages
 */
function settlePending(messages) {
  const now = Date.now();
  // The real message can arrive (over the live stream) before the POST that sent it has answered,
  // so a copy still "sending" settles too. Each real message settles one copy: the same text sent
  // twice shows twice.
  const used = new Set();
  state.pending = state.pending.filter((p) => {
    if (p.accepted && now - p.acceptedAt > PENDING_TTL_MS) return false;
    const match = messages.find(
      (m) => !used.has(m.id) && m.direction === 'in' && (!m.authorId || m.authorId === state.me) && m.id > p.sinceId && (m.text || '').trim() === p.text.trim(),
    );
    if (!match) return true;
    used.add(match.id);
    return false;
  });
}

/**
 * The rows the active conversation should show, in order.
 * @param {Conv} conv
 * @returns {Row[]}
 */
function wantedRows(conv) {
  const messages = state.convs[conv]?.messages || [];
  if (conv === 'bot') settlePending(messages);
  const notices = [...state.notices[conv]];
  const pend = conv === 'bot' ? state.pending : [];

  /** @type {Row[]} */
  const wanted = [];
  /** @type {string | null} */
  let lastDay = null;
  let ni = 0;
  const flushNotices = (/** @type {number | null} */ uptoId) => {
    for (let n = notices[ni]; n && (uptoId === null || n.anchor < uptoId); n = notices[ni]) {
      ni += 1;
      wanted.push([`n:${n.seq}`, '1', () => noticeEl(n)]);
    }
  };
  for (const m of messages) {
    flushNotices(m.id);
    const dk = dayKey(m.createdAt);
    if (dk !== lastDay) {
      lastDay = dk;
      const label = formatDay(m.createdAt);
      wanted.push([`d:${dk}`, label, () => dayDividerEl(label)]);
    }
    wanted.push([`m:${m.id}`, `${m.updatedAt}|${state.me}`, () => messageEl(m, cardHandlers)]);
  }
  flushNotices(null);
  for (const p of pend) wanted.push([`p:${p.seq}`, p.accepted ? 'a' : 's', () => pendingEl(p)]);
  return wanted;
}

/**
 * Brings the list in step with the state, rebuilding only rows whose version changed.
 * @param {{ scroll?: 'bottom' }} [options] 'bottom' scrolls to the end; otherwise it follows only when already near it
 */
export function renderMessages({ scroll } = {}) {
  const conv = state.active;
  const list = els.list;
  const wasNearBottom = isNearBottom();
  const prevLastKey = keyOf(list.lastElementChild);
  const wanted = wantedRows(conv);

  if (wanted.length === 0) {
    msgCache.clear();
    clear(list);
    list.append(state.convs[conv] ? emptyStateEl(conv) : loadingEl(conv));
    list.dataset.empty = 'true';
    els.jump.hidden = true;
    return;
  }
  if (list.dataset.empty === 'true') {
    clear(list);
    delete list.dataset.empty;
  }

  /** @type {Set<string>} */
  const keep = new Set();
  /** @type {Element | null} */
  let cursor = list.firstElementChild;
  for (const [key, version, build] of wanted) {
    keep.add(key);
    let entry = msgCache.get(key);
    if (!entry || entry.version !== version) {
      const el = build();
      el.dataset.key = key;
      if (entry) {
        if (entry.el === cursor) cursor = entry.el.nextElementSibling;
        entry.el.remove();
      }
      entry = { el, version };
      msgCache.set(key, entry);
    }
    if (entry.el === cursor) cursor = entry.el.nextElementSibling;
    else list.insertBefore(entry.el, cursor);
  }
  for (const [key, entry] of msgCache) {
    if (!keep.has(key)) {
      entry.el.remove();
      msgCache.delete(key);
    }
  }
  // anything left that we do not know about (e.g. an old empty state)
  for (const el of [...list.children]) {
    const key = keyOf(el);
    if (!key || !keep.has(key)) el.remove();
  }

  const newLastKey = keyOf(list.lastElementChild);
  const grew = newLastKey !== prevLastKey;
  if (scroll === 'bottom' || wasNearBottom || (grew && newLastKey?.startsWith('p:'))) {
    scrollToBottom();
  } else if (grew) {
    els.jump.hidden = false;
  }
}

/**
 * The row key renderMessages gave an element of the list.
 * @param {Element | null} el
 */
function keyOf(el) {
  return el instanceof HTMLElement ? el.dataset.key : undefined;
}

function isNearBottom() {
  const list = els.list;
  return list.scrollHeight - list.scrollTop - list.clientHeight < NEAR_BOTTOM_PX;
}

function scrollToBottom() {
  const list = els.list;
  list.scrollTop = list.scrollHeight;
  els.jump.hidden = true;
  // once more after layout (fonts, cards) settles
  requestAnimationFrame(() => {
    list.scrollTop = list.scrollHeight;
  });
}
