// What the console page shares between its modules: the fixed elements of index.html it drives, and
// what it knows about the organisation, the current identity and that person's two conversations.
import { ApiError } from './api.js';

const $ = (sel) => document.querySelector(sel);

/** The page's fixed elements (see index.html). */
export const els = {
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

export const state = {
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
  /** bumped on every change of identity, so late answers for the previous person are dropped */
  generation: 0,
};

/** Forget the conversations of the previous identity (a new person sees only their own). */
export function resetConversations() {
  state.convs = { bot: null, supervision: null };
  state.notices = { bot: [], supervision: [] };
  state.pending = [];
  state.unread = { bot: false, supervision: false };
  state.seen = { bot: null, supervision: null };
}

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
export const roleLabel = (r) => ROLE_LABELS[r] || r;

/** "城建办 · 科员": a person's department and title, as far as known. */
export function personSubtitle(p) {
  return [p.department?.name, p.title].filter(Boolean).join(' · ');
}

/** The Chinese message to show for a failure; never a raw exception text. */
export function userMessage(err, fallback) {
  if (err instanceof ApiError && err.message) return err.message;
  console.error(err);
  return fallback;
}
