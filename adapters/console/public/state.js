// @ts-check
// What the console page shares between its modules: the fixed elements of index.html it drives, and
// what it knows about the organisation, the current identity and that person's two conversations.
import { ApiError } from './api.js';

/** @typedef {import('./api.js').OrgView} OrgView */
/** @typedef {import('./api.js').PersonView} PersonView */
/** @typedef {import('./api.js').MessageView} MessageView */
/** The two conversations the page shows: the 1:1 chat with the bot and the supervision group. */
/** @typedef {'bot' | 'supervision'} Conv */
/** A red notice the page added after message `anchor`. */
/** @typedef {{ seq: number, anchor: number, text: string, at: string }} Notice */
/** A message of mine sent but not yet seen in the conversation. */
/** @typedef {{ seq: number, text: string, sinceId: number, accepted: boolean, acceptedAt: number }} Pending */

/**
 * One of index.html's fixed elements; a missing one is a broken page, said at once.
 * @template {HTMLElement} [T=HTMLElement]
 * @param {string} sel
 * @returns {T}
 */
function $(sel) {
  const el = document.querySelector(sel);
  if (!el) throw new Error(`页面缺少元素 ${sel}`);
  return /** @type {T} */ (el);
}

/** The page's fixed elements (see index.html). */
export const els = {
  app: $('#app'),
  unitName: $('#unit-name'),
  unitSub: $('#unit-sub'),
  meCard: $('#me-card'),
  people: $('#people'),
  peopleList: $('#people-list'),
  peopleSearch: /** @type {HTMLInputElement} */ ($('#people-search')),
  peopleCount: $('#people-count'),
  chatTitle: $('#chat-title'),
  chatSubtitle: $('#chat-subtitle'),
  conn: $('#conn'),
  list: $('#message-list'),
  jump: $('#jump-latest'),
  composer: $('#composer'),
  form: /** @type {HTMLFormElement} */ ($('#composer-form')),
  input: /** @type {HTMLTextAreaElement} */ ($('#composer-input')),
  send: /** @type {HTMLButtonElement} */ ($('#composer-send')),
  readonly: $('#readonly-bar'),
  bootError: $('#boot-error'),
  bootErrorText: $('#boot-error-text'),
  bootRetry: /** @type {HTMLButtonElement} */ ($('#boot-retry')),
  signin: $('#signin'),
  signinText: $('#signin-text'),
  signinLink: /** @type {HTMLAnchorElement} */ ($('#signin-link')),
};

/**
 * @type {{
 *   org: OrgView | null,
 *   people: PersonView[],
 *   byId: Map<string, PersonView>,
 *   me: string | null,
 *   signedIn: boolean,
 *   active: Conv,
 *   convs: Record<Conv, { messages: MessageView[], sig: string } | null>,
 *   notices: Record<Conv, Notice[]>,
 *   pending: Pending[],
 *   unread: Record<Conv, boolean>,
 *   seen: Record<Conv, string | null>,
 *   events: EventSource | null,
 *   loading: Record<Conv, Promise<void> | null>,
 *   again: Record<Conv, boolean>,
 *   generation: number,
 * }}
 */
export const state = {
  org: null,
  people: [],
  byId: new Map(),
  me: null,
  /** the person came from a workbench sign-in (no 切换身份); false in the development mode */
  signedIn: false,
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

/**
 * "城建办 · 科员": a person's department and title, as far as known.
 * @param {PersonView} p
 */
export function personSubtitle(p) {
  return [p.department?.name, p.title].filter(Boolean).join(' · ');
}

/**
 * The Chinese message to show for a failure; never a raw exception text.
 * @param {unknown} err
 * @param {string} fallback
 */
export function userMessage(err, fallback) {
  if (err instanceof ApiError && err.message) return err.message;
  console.error(err);
  return fallback;
}
