// @ts-check
// Keeping the conversations current: fetching them (coalesced, stale answers dropped), the live
// stream (EventSource) with a catch-up refresh on every (re)connect, the 10-second fallback poll,
// the unread dots for what changed out of sight, and the 实时 / 连接中 badge.
import { api } from './api.js';
import { addNotice, renderConvList, renderMessages } from './conversation.js';
import { els, state, userMessage } from './state.js';

/** @typedef {import('./api.js').MessageView} MessageView */
/** @typedef {import('./api.js').ChangeEvent} ChangeEvent */
/** @typedef {import('./state.js').Conv} Conv */

const POLL_MS = 10000;

/**
 * Changes whenever a message is added or updated.
 * @param {MessageView[]} messages
 */
function signature(messages) {
  let maxId = 0;
  let maxUpdated = '';
  for (const m of messages) {
    if (m.id > maxId) maxId = m.id;
    if ((m.updatedAt || '') > maxUpdated) maxUpdated = m.updatedAt || '';
  }
  return `${messages.length}|${maxId}|${maxUpdated}`;
}

/**
 * Fetch a conversation; coalesces overlapping calls and drops answers for a previous identity.
 * @param {Conv} conv
 * @returns {Promise<void>}
 */
export async function refresh(conv) {
  if (!state.me) return;
  if (state.loading[conv]) {
    state.again[conv] = true;
    return state.loading[conv];
  }
  const gen = state.generation;
  const me = state.me;
  const run = (async () => {
    try {
      const data = conv === 'bot' ? await api.conversation(me) : await api.supervision();
      if (gen !== state.generation) return;
      const messages = Array.isArray(data?.messages) ? [...data.messages].sort((a, b) => a.id - b.id) : [];
      const sig = signature(messages);
      const prev = state.convs[conv];
      state.convs[conv] = { messages, sig };
      if (conv === state.active) {
        state.seen[conv] = sig;
        renderMessages();
      } else if (prev && prev.sig !== sig && state.seen[conv] !== sig) {
        state.unread[conv] = true;
      } else if (!prev) {
        state.seen[conv] = sig;
      }
      renderConvList();
      els.app.dataset.state = 'ready';
    } catch (err) {
      if (gen !== state.generation) return;
      if (conv === state.active && !state.convs[conv]) {
        addNotice(conv, userMessage(err, '加载会话失败，请稍后重试。'));
      }
    }
  })();
  state.loading[conv] = run;
  try {
    await run;
  } finally {
    state.loading[conv] = null;
  }
  if (state.again[conv]) {
    state.again[conv] = false;
    return refresh(conv);
  }
}

/**
 * The 实时 / 连接中 badge.
 * @param {'live' | 'connecting' | 'down'} kind
 */
export function setConn(kind) {
  els.conn.dataset.conn = kind;
  const text = els.conn.querySelector('.conn-text');
  if (text) text.textContent = kind === 'live' ? '实时' : kind === 'connecting' ? '连接中…' : '连接中断，自动重连中';
  els.conn.title = kind === 'live' ? '已连接实时推送，另每 10 秒自动刷新' : '实时推送不可用时，每 10 秒自动刷新';
}

/** (Re)subscribe to the live stream for the current identity, closing the previous one. */
export function connectEvents() {
  if (state.events) {
    state.events.close();
    state.events = null;
  }
  if (!state.me || typeof EventSource === 'undefined') return;
  setConn('connecting');
  const es = new EventSource(api.eventsUrl(state.me));
  state.events = es;
  // (Re)connected: catch up on whatever changed while the stream was not listening — between the
  // first fetch and the subscription, or while the server restarted.
  es.onopen = () => {
    if (state.events !== es) return;
    setConn('live');
    refresh('bot');
    refresh('supervision');
  };
  es.onerror = () => state.events === es && setConn(es.readyState === EventSource.CLOSED ? 'down' : 'connecting');
  es.onmessage = (e) => {
    if (state.events !== es) return;
    /** @type {Partial<ChangeEvent> | null} */
    let data;
    try {
      data = JSON.parse(e.data);
    } catch {
      return;
    }
    const conv = data?.conversation === state.me ? 'bot' : data?.conversation === 'group:supervision' ? 'supervision' : null;
    if (!conv) return;
    if (conv !== state.active) {
      state.unread[conv] = true;
      renderConvList();
    }
    refresh(conv);
  };
}

function poll() {
  if (!state.me || document.hidden) return;
  refresh(state.active);
  refresh(state.active === 'bot' ? 'supervision' : 'bot');
}

/** The fallback poll, and a refresh whenever the tab is shown again. */
export function wireLive() {
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) poll();
  });
  setInterval(poll, POLL_MS);
}
