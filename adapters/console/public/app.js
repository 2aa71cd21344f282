// 管家 local console: a small chat app that plays the part of DingTalk / WeCom on one machine.
// No framework, no build step. Everything from the server is rendered as text (see dom.js).
import { api, ApiError } from './api.js';
import { h, clear, icon, formatTime, formatDay, dayKey, avatarColor, avatarText } from './dom.js';
import { renderCard } from './render-card.js';

const STORAGE_KEY = 'guanjia.console.as';
const POLL_MS = 10000;
const PENDING_TTL_MS = 20000;
const NEAR_BOTTOM_PX = 80;

/** English role keys the server may send, shown in Chinese. */
const ROLE_LABELS = {
  department_head: '部门负责人',
  department_leader: '分管领导',
  finance: '财务',
  principal: '主要领导',
  party: '党工委',
  secretary: '秘书',
  discipline: '纪检',
  admin: '管理员',
  supervisor: '监督',
};
const roleLabel = (r) => ROLE_LABELS[r] || r;

/** The Chinese message to show for a failure; never a raw exception text. */
function userMessage(err, fallback) {
  if (err instanceof ApiError && err.message) return err.message;
  console.error(err);
  return fallback;
}

const $ = (sel) => document.querySelector(sel);
const els = {
  app: $('#app'),
  unitName: $('#unit-name'),
  unitSub: $('#unit-sub'),
  meCard: $('#me-card'),
  peopleList: $('#people-list'),
  peopleSearch: $('#people-search'),
  peopleCount: $('#people-count'),
  chatTitle: $('#chat-title'),
  chatSubtitle: $('#chat-subtitle'),
  conn: $('#conn'),
  list: $('#message-list'),
  jump: $('#jump-latest'),
  composer: $('#composer'),
  form: $('#composer-form'),
  input: $('#composer-input'),
  send: $('#composer-send'),
  readonly: $('#readonly-bar'),
  bootError: $('#boot-error'),
  bootErrorText: $('#boot-error-text'),
  bootRetry: $('#boot-retry'),
};

const state = {
  org: null,
  people: [],
  byId: new Map(),
  me: null,
  /** 'bot' | 'supervision' */
  active: 'bot',
  /** conv → { messages, sig } (for the current identity) */
  convs: { bot: null, supervision: null },
  /** conv → [{ seq, anchor, text, at }] red system notices added by the page */
  notices: { bot: [], supervision: [] },
  /** my messages sent but not yet seen in the conversation */
  pending: [],
  unread: { bot: false, supervision: false },
  /** conv → the signature the user has seen */
  seen: { bot: null, supervision: null },
  events: null,
  loading: { bot: null, supervision: null },
  again: { bot: false, supervision: false },
  generation: 0,
};
let noticeSeq = 0;
let pendingSeq = 0;

// ---------------------------------------------------------------- identity

function readHashAs() {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  return params.get('as');
}

function writeHashAs(id) {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  params.set('as', id);
  const hash = `#${params.toString()}`;
  if (location.hash !== hash) history.replaceState(null, '', hash);
}

function pickInitialPerson() {
  const fromHash = readHashAs();
  if (fromHash && state.byId.has(fromHash)) return fromHash;
  let stored;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    stored = null;
  }
  if (stored && state.byId.has(stored)) return stored;
  return state.people[0]?.id ?? null;
}

/** The link named someone who is not in the organisation: say so (after the conversation loads, so
 * the notice sits at the bottom where it is seen) instead of silently acting as someone else. */
function noticeUnknownPerson(id) {
  const me = state.byId.get(state.me);
  const text = `「${id}」不在组织架构中${me ? `，当前身份是 ${me.name}` : ''}。请从左侧选择一位在册人员。`;
  const gen = state.generation;
  refresh('bot').then(() => gen === state.generation && addNotice('bot', text));
}

function selectPerson(id, { force = false } = {}) {
  if (!state.byId.has(id)) return;
  if (state.me === id && !force) return;
  state.me = id;
  state.generation += 1;
  try {
    localStorage.setItem(STORAGE_KEY, id);
  } catch {
    /* private mode: the hash still carries it */
  }
  writeHashAs(id);
  state.convs = { bot: null, supervision: null };
  state.notices = { bot: [], supervision: [] };
  state.pending = [];
  state.unread = { bot: false, supervision: false };
  state.seen = { bot: null, supervision: null };
  msgCache.clear();
  clear(els.list);
  renderMe();
  renderPeople();
  renderConvList();
  renderHeader();
  renderMessages({ scroll: 'bottom' });
  connectEvents();
  refresh('bot');
  refresh('supervision');
}

// ---------------------------------------------------------------- sidebar

function avatar(name, key, cls = '') {
  return h('span', { class: `avatar ${cls}`, style: { background: avatarColor(key) }, 'aria-hidden': 'true' }, avatarText(name));
}

function personSubtitle(p) {
  return [p.department?.name, p.title].filter(Boolean).join(' · ');
}

function renderMe() {
  const p = state.byId.get(state.me);
  clear(els.meCard);
  if (!p) return;
  els.meCard.dataset.personId = p.id;
  els.meCard.append(
    avatar(p.name, p.id, 'avatar-lg'),
    h(
      'div',
      { class: 'me-text' },
      h('div', { class: 'me-name' }, p.name),
      h('div', { class: 'me-sub' }, personSubtitle(p) || '—'),
      p.roles?.length ? h('div', { class: 'role-chips' }, p.roles.map((r) => h('span', { class: 'role-chip' }, roleLabel(r)))) : null,
    ),
  );
}

function renderPeople() {
  const q = els.peopleSearch.value.trim().toLowerCase();
  const groups = new Map();
  for (const p of state.people) {
    const hay = [p.name, p.id, p.title, p.department?.name, ...(p.roles || []).map(roleLabel)].filter(Boolean).join(' ').toLowerCase();
    if (q && !hay.includes(q)) continue;
    const key = p.department?.id || '_';
    if (!groups.has(key)) groups.set(key, { name: p.department?.name || '未分配部门', people: [] });
    groups.get(key).people.push(p);
  }
  clear(els.peopleList);
  els.peopleCount.textContent = `${state.people.length} 人`;
  if (groups.size === 0) {
    els.peopleList.append(h('div', { class: 'people-empty' }, '没有匹配的人员'));
    return;
  }
  for (const [deptId, g] of groups) {
    els.peopleList.append(
      h(
        'div',
        { class: 'dept-group', dataset: { departmentId: deptId } },
        h('div', { class: 'dept-name' }, g.name, h('span', { class: 'dept-count' }, String(g.people.length))),
        g.people.map((p) =>
          h(
            'button',
            {
              type: 'button',
              class: `person${p.id === state.me ? ' selected' : ''}`,
              dataset: { personId: p.id },
              'aria-pressed': String(p.id === state.me),
              title: `切换为 ${p.name}`,
              onclick: () => selectPerson(p.id),
            },
            avatar(p.name, p.id),
            h(
              'span',
              { class: 'person-text' },
              h('span', { class: 'person-line' }, h('span', { class: 'person-name' }, p.name), p.title ? h('span', { class: 'person-title' }, p.title) : null),
              p.roles?.length ? h('span', { class: 'person-roles' }, p.roles.map(roleLabel).join(' · ')) : null,
            ),
          ),
        ),
      ),
    );
  }
}

function previewOf(conv) {
  const msgs = state.convs[conv]?.messages;
  if (!msgs || msgs.length === 0) return conv === 'bot' ? '与管家一对一对话' : '预警与汇总（只读）';
  const last = msgs[msgs.length - 1];
  if (last.card) return `[审批卡片] ${last.card.title || ''}`;
  return (last.text || '').split('\n')[0];
}

function renderConvList() {
  for (const btn of document.querySelectorAll('[data-conversation]')) {
    const conv = btn.dataset.conversation;
    const active = conv === state.active;
    btn.classList.toggle('active', active);
    if (active) btn.setAttribute('aria-current', 'true');
    else btn.removeAttribute('aria-current');
    const dot = btn.querySelector('[data-unread]');
    dot.hidden = !state.unread[conv];
    btn.classList.toggle('has-unread', !!state.unread[conv]);
    btn.querySelector('[data-preview]').textContent = previewOf(conv);
  }
}

function renderHeader() {
  const p = state.byId.get(state.me);
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

function selectConversation(conv) {
  if (conv !== 'bot' && conv !== 'supervision') return;
  const changed = state.active !== conv;
  state.active = conv;
  state.unread[conv] = false;
  if (state.convs[conv]) state.seen[conv] = state.convs[conv].sig;
  renderConvList();
  renderHeader();
  if (changed) {
    msgCache.clear();
    clear(els.list);
  }
  renderMessages({ scroll: 'bottom' });
  refresh(conv);
  if (conv === 'bot') els.input.focus();
}

// ---------------------------------------------------------------- data

function signature(messages) {
  let maxId = 0;
  let maxUpdated = '';
  for (const m of messages) {
    if (m.id > maxId) maxId = m.id;
    if ((m.updatedAt || '') > maxUpdated) maxUpdated = m.updatedAt || '';
  }
  return `${messages.length}|${maxId}|${maxUpdated}`;
}

/** Fetch a conversation; coalesces overlapping calls and drops answers for a previous identity. */
async function refresh(conv) {
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

function addNotice(conv, text) {
  const msgs = state.convs[conv]?.messages || [];
  const anchor = msgs.length ? msgs[msgs.length - 1].id : 0;
  const last = state.notices[conv][state.notices[conv].length - 1];
  if (last && last.text === text && last.anchor === anchor && Date.now() - Date.parse(last.at) < 60000) return;
  noticeSeq += 1;
  state.notices[conv].push({ seq: noticeSeq, anchor, text, at: new Date().toISOString() });
  if (conv === state.active) renderMessages({ scroll: 'bottom' });
}

// ---------------------------------------------------------------- messages

/** key → { el, version } so unchanged messages keep their DOM (and any half-filled form). */
const msgCache = new Map();

function authorName(m) {
  if (m.direction === 'out') return '管家';
  const p = state.byId.get(m.authorId || state.me);
  return p ? p.name : m.authorId || '我';
}

function isMine(m) {
  if (m.direction !== 'in') return false;
  return !m.authorId || m.authorId === state.me;
}

function renderMessageEl(m) {
  const mine = isMine(m);
  const bot = m.direction === 'out';
  const name = authorName(m);
  const key = bot ? 'guanjia-bot' : m.authorId || state.me;
  const edited = m.updatedAt && m.createdAt && Date.parse(m.updatedAt) - Date.parse(m.createdAt) > 2000;
  const meta = h(
    'div',
    { class: 'msg-meta' },
    h('span', { class: 'msg-author' }, name),
    h('time', { class: 'msg-time', datetime: m.createdAt, title: new Date(m.createdAt).toLocaleString('zh-CN') }, formatTime(m.createdAt)),
    edited ? h('span', { class: 'msg-edited', title: new Date(m.updatedAt).toLocaleString('zh-CN') }, `已更新 ${formatTime(m.updatedAt)}`) : null,
  );
  const content = [];
  if (m.text) content.push(h('div', { class: 'bubble bubble-text' }, m.text));
  if (m.card) {
    content.push(
      h(
        'div',
        { class: 'bubble bubble-card' },
        renderCard(m.card, m.id, { people: state.people, meId: state.me, onAction: doAction }),
      ),
    );
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

function renderNoticeEl(n) {
  return h(
    'div',
    { class: 'notice notice-error', role: 'alert', dataset: { notice: 'error' } },
    h('span', { class: 'notice-icon', 'aria-hidden': 'true' }, '!'),
    h('span', { class: 'notice-text' }, n.text),
  );
}

function renderPendingEl(p) {
  const me = state.byId.get(state.me);
  return h(
    'div',
    { class: 'msg-row mine pending', dataset: { pending: p.accepted ? 'accepted' : 'sending' } },
    avatar(me?.name || '我', state.me),
    h(
      'div',
      { class: 'msg-main' },
      h('div', { class: 'msg-meta' }, h('span', { class: 'msg-author' }, me?.name || '我'), h('span', { class: 'msg-time' }, p.accepted ? '已送达' : '发送中…')),
      h('div', { class: 'bubble bubble-text' }, p.text),
    ),
  );
}

function emptyStateEl(conv) {
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

/** Drop pending sends that have shown up in the conversation (or waited too long). */
function settlePending(messages) {
  const now = Date.now();
  // The real message can arrive (over the live stream) before the POST that sent it has answered,
  // so a copy still "sending" settles too. Each real message settles one copy: the same text sent
  // twice shows twice.
  const used = new Set();
  state.pending = state.pending.filter((p) => {
    if (p.accepted && now - p.acceptedAt > PENDING_TTL_MS) return false;
    const match = messages.find((m) => !used.has(m.id) && m.direction === 'in' && (!m.authorId || m.authorId === state.me) && m.id > p.sinceId && (m.text || '').trim() === p.text.trim());
    if (!match) return true;
    used.add(match.id);
    return false;
  });
}

function renderMessages({ scroll } = {}) {
  const conv = state.active;
  const list = els.list;
  const wasNearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < NEAR_BOTTOM_PX;
  const prevLastKey = list.lastElementChild?.dataset?.key;
  const data = state.convs[conv];
  const messages = data?.messages || [];
  if (conv === 'bot') settlePending(messages);
  const notices = [...state.notices[conv]];
  const pend = conv === 'bot' ? state.pending : [];

  // The wanted sequence of [key, version, build]
  const wanted = [];
  let lastDay = null;
  let ni = 0;
  const flushNotices = (uptoId) => {
    while (ni < notices.length && (uptoId === null || notices[ni].anchor < uptoId)) {
      const n = notices[ni++];
      wanted.push([`n:${n.seq}`, '1', () => renderNoticeEl(n)]);
    }
  };
  for (const m of messages) {
    flushNotices(m.id);
    const dk = dayKey(m.createdAt);
    if (dk !== lastDay) {
      lastDay = dk;
      const label = formatDay(m.createdAt);
      wanted.push([`d:${dk}`, label, () => h('div', { class: 'day-divider', role: 'separator' }, h('span', null, label))]);
    }
    wanted.push([`m:${m.id}`, `${m.updatedAt}|${state.me}`, () => renderMessageEl(m)]);
  }
  flushNotices(null);
  for (const p of pend) wanted.push([`p:${p.seq}`, p.accepted ? 'a' : 's', () => renderPendingEl(p)]);

  if (wanted.length === 0) {
    msgCache.clear();
    clear(list);
    list.append(
      data
        ? emptyStateEl(conv)
        : h('div', { class: 'empty-state loading', dataset: { loading: conv } }, h('div', { class: 'spinner', 'aria-hidden': 'true' }), h('div', { class: 'empty-sub' }, '正在加载消息…')),
    );
    list.dataset.empty = 'true';
    els.jump.hidden = true;
    return;
  }
  if (list.dataset.empty === 'true') {
    clear(list);
    delete list.dataset.empty;
  }

  const keep = new Set();
  let cursor = list.firstElementChild;
  for (const [key, version, build] of wanted) {
    keep.add(key);
    let entry = msgCache.get(key);
    if (!entry || entry.version !== version) {
      const el = build();
      el.dataset.key = key;
      if (entry) {
        if (entry.el === cursor) cursor = cursor.nextElementSibling;
        entry.el.remove();
      }
      entry = { el, version };
      msgCache.set(key, entry);
    }
    if (entry.el === cursor) cursor = cursor.nextElementSibling;
    else list.insertBefore(entry.el, cursor);
  }
  for (const [key, entry] of msgCache) {
    if (!keep.has(key)) {
      entry.el.remove();
      msgCache.delete(key);
    }
  }
  // anything left that we do not know about (e.g. an old empty state)
  for (const el of [...list.children]) if (!el.dataset.key || !keep.has(el.dataset.key)) el.remove();

  const newLastKey = list.lastElementChild?.dataset?.key;
  const grew = newLastKey !== prevLastKey;
  if (scroll === 'bottom' || wasNearBottom || (grew && newLastKey?.startsWith('p:'))) {
    scrollToBottom();
  } else if (grew) {
    els.jump.hidden = false;
  }
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

// ---------------------------------------------------------------- actions

async function doAction(payload) {
  const conv = state.active;
  let res;
  try {
    res = await api.action({ as: state.me, ...payload });
  } catch (err) {
    addNotice(conv, userMessage(err, '操作失败，请稍后重试。'));
    throw err;
  }
  refresh(conv);
  return res;
}

async function sendMessage() {
  const text = els.input.value;
  if (!text.trim() || !state.me) {
    els.input.focus();
    return;
  }
  const msgs = state.convs.bot?.messages || [];
  pendingSeq += 1;
  const pending = { seq: pendingSeq, text, sinceId: msgs.length ? msgs[msgs.length - 1].id : 0, accepted: false, acceptedAt: 0 };
  state.pending.push(pending);
  els.input.value = '';
  autoGrow();
  renderMessages({ scroll: 'bottom' });
  const gen = state.generation;
  try {
    await api.sendMessage(state.me, text);
  } catch (err) {
    if (gen !== state.generation) return;
    state.pending = state.pending.filter((p) => p !== pending);
    if (!els.input.value) {
      els.input.value = text;
      autoGrow();
    }
    addNotice('bot', userMessage(err, '发送失败，请稍后重试。'));
    return;
  }
  if (gen !== state.generation) return;
  pending.accepted = true;
  pending.acceptedAt = Date.now();
  if (state.active === 'bot') renderMessages();
  refresh('bot');
  setTimeout(() => state.active === 'bot' && gen === state.generation && renderMessages(), PENDING_TTL_MS + 100);
}

function autoGrow() {
  const ta = els.input;
  ta.style.height = 'auto';
  ta.style.height = `${Math.min(ta.scrollHeight, 160)}px`;
}

// ---------------------------------------------------------------- live updates

function setConn(kind) {
  els.conn.dataset.conn = kind;
  els.conn.querySelector('.conn-text').textContent =
    kind === 'live' ? '实时' : kind === 'connecting' ? '连接中…' : '连接中断，自动重连中';
  els.conn.title = kind === 'live' ? '已连接实时推送，另每 10 秒自动刷新' : '实时推送不可用时，每 10 秒自动刷新';
}

function connectEvents() {
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

// ---------------------------------------------------------------- boot

function wire() {
  for (const btn of document.querySelectorAll('[data-conversation]')) {
    btn.addEventListener('click', () => selectConversation(btn.dataset.conversation));
  }
  for (const chip of document.querySelectorAll('.help-chip')) {
    chip.addEventListener('click', () => {
      els.input.value = chip.dataset.command;
      autoGrow();
      els.input.focus();
      const end = els.input.value.length;
      els.input.setSelectionRange(end, end);
    });
  }
  els.form.addEventListener('submit', (e) => {
    e.preventDefault();
    sendMessage();
  });
  els.input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      sendMessage();
    }
  });
  els.input.addEventListener('input', autoGrow);
  els.peopleSearch.addEventListener('input', renderPeople);
  els.jump.addEventListener('click', scrollToBottom);
  els.list.addEventListener('scroll', () => {
    const list = els.list;
    if (list.scrollHeight - list.scrollTop - list.clientHeight < NEAR_BOTTOM_PX) els.jump.hidden = true;
  });
  window.addEventListener('hashchange', () => {
    const id = readHashAs();
    if (!id || id === state.me) return;
    if (state.byId.has(id)) selectPerson(id);
    else {
      writeHashAs(state.me);
      noticeUnknownPerson(id);
    }
  });
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) poll();
  });
  els.bootRetry.addEventListener('click', boot);
  setInterval(poll, POLL_MS);
}

async function boot() {
  els.bootError.hidden = true;
  try {
    const org = await api.org();
    state.org = org;
    state.people = Array.isArray(org?.people) ? org.people : [];
    state.byId = new Map(state.people.map((p) => [p.id, p]));
    els.unitName.textContent = org?.unit?.name || '管家';
    els.unitSub.textContent = org?.unit?.fiscalYear ? `${org.unit.fiscalYear} 年度 · 本地控制台` : '本地控制台';
    document.title = `${org?.unit?.name ? `${org.unit.name} · ` : ''}管家控制台`;
    const asked = readHashAs();
    const first = pickInitialPerson();
    if (!first) {
      els.bootErrorText.textContent = '组织中还没有人员，请先导入组织文件。';
      els.bootError.hidden = false;
      return;
    }
    selectPerson(first, { force: true });
    if (asked && asked !== first) noticeUnknownPerson(asked);
  } catch (err) {
    els.app.dataset.state = 'error';
    els.bootErrorText.textContent = err.message || '无法连接到管家服务。';
    els.bootError.hidden = false;
  }
}

wire();
setConn('connecting');
boot();
