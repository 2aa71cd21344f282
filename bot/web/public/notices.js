// @ts-check
// The bot's answers to what the person did on the page (已提交, a refusal, a report's workbook) arrive
// as notices (GET /app/api/notices?after=<id>). The page remembers the newest it has seen when it
// starts, shows the new ones in the banner at the top of the page, and after each action waits until
// the bot has handled it, then reads its answer and the page's data again.
import { api } from './api.js';
import { safeUrl } from './card/card-attachments.js';
import { clear, h } from './card/dom.js';
import { W } from './words.js';

/** @typedef {import('./api.js').NoticeItem} NoticeItem */

/** how often to ask while waiting for the bot */
export const POLL_MS = 600;
/** the longest the page waits for an answer before saying it has none yet */
const WAIT_MS = 30_000;
/** how long after an action is handled its answer is still looked for */
const ANSWER_GRACE_MS = 15_000;

let last = 0;

/** the banner (in the page's shell): always there, so that screen readers hear what is added to it (an empty one takes no room) */
function bannerEl() {
  return /** @type {HTMLElement} */ (document.getElementById('banner'));
}

/**
 * Shows a line in the banner: the page's own (status of what it is doing) or the bot's answer.
 * @param {string} text
 * @param {'info' | 'ok' | 'error' | 'bot'} [kind]
 * @param {{ replace?: boolean, file?: NoticeItem['file'] }} [options] replace: clear the banner first
 */
export function say(text, kind = 'info', options = {}) {
  const banner = bannerEl();
  const list = /** @type {HTMLElement} */ (banner.querySelector('.banner-lines'));
  if (options.replace) clear(list);
  const href = options.file ? safeUrl(options.file.url) : null;
  list.append(
    h(
      'p',
      { class: `banner-line ${kind}`, dataset: { kind } },
      kind === 'bot' ? h('span', { class: 'banner-from' }, `${W.answers}：`) : null,
      h('span', { class: 'banner-text' }, text),
      href && options.file ? h('a', { class: 'banner-download', href, download: options.file.name, target: '_blank', rel: 'noopener noreferrer' }, W.download) : null,
    ),
  );
  banner.dataset.empty = 'false';
  banner.dataset.kind = kind;
  /** @type {HTMLElement} */ (banner.querySelector('.banner-close')).hidden = false;
}

/** empties and hides the banner */
export function hush() {
  const banner = bannerEl();
  clear(/** @type {HTMLElement} */ (banner.querySelector('.banner-lines')));
  banner.dataset.empty = 'true';
  /** @type {HTMLElement} */ (banner.querySelector('.banner-close')).hidden = true;
}

let carry = false;

/** the banner stays through the next change of page (the form opening the request it made) */
export function carryOver() {
  carry = true;
}

/** a new page: the last page's lines go, unless they were to be carried over */
export function turnPage() {
  if (!carry) hush();
  carry = false;
}

/** the newest notice there is now: only later ones are news */
export async function primeNotices() {
  const { notices } = await api.notices(0);
  for (const n of notices) last = Math.max(last, n.id);
}

/** the notices since the last look, shown in the banner as the bot's answers */
export async function newNotices() {
  const { notices } = await api.notices(last);
  const fresh = notices.filter((n) => n.id > last);
  for (const n of fresh) {
    last = Math.max(last, n.id);
    say(n.text, 'bot', { file: n.file });
  }
  return fresh;
}

/**
 * After an action the server took (202 with its dedupeKey): waits until the bot has handled it
 * (GET /app/api/actions/<key>), then shows its answer from the notices and asks `changed` whether the
 * page's data moved. Not every action has words for an answer (a submit's answer in chat is its card),
 * so an action handled with none is fine; one not handled in time is said so.
 * The answer names the request the action created, if it made one (a new request from the form).
 * @param {string} dedupeKey
 * @param {() => Promise<boolean>} [changed] whether the page's data has changed (re-reading it)
 * @param {{ lookLater?: boolean }} [options] lookLater (default true): with no answer yet, keep looking in
 *   the background and show it in the banner when it comes; false for a caller that waits for it itself (awaitNotice)
 * @returns {Promise<{ done: boolean, notices: NoticeItem[], changed: boolean, requestNo?: number }>}
 */
export async function awaitAnswer(dedupeKey, changed, { lookLater = true } = {}) {
  const deadline = Date.now() + WAIT_MS;
  let done = false;
  /** @type {number | undefined} */
  let requestNo;
  try {
    while (!done && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      const state = await api.handled(dedupeKey);
      done = state.done;
      requestNo = state.requestNo;
    }
    const notices = await newNotices();
    // the answer is delivered by the queue after the action is handled: a late one still reaches the banner
    if (lookLater && done && notices.length === 0) void lateNotices();
    const moved = changed ? await changed() : false;
    if (!done) say(W.noAnswerYet, 'info');
    return { done, notices, changed: moved, requestNo };
  } catch (err) {
    say(err instanceof Error ? err.message : W.networkDown, 'error');
    return { done, notices: [], changed: false, requestNo };
  }
}

/** Looks for the answer to a handled action a while longer, in the background; it shows in the banner when it comes. */
async function lateNotices() {
  const deadline = Date.now() + ANSWER_GRACE_MS;
  try {
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      if ((await newNotices()).length > 0) return;
    }
  } catch {
    // the next action looks again
  }
}

/**
 * Polls until a notice that `wanted` accepts arrives (every notice shown as it comes), or the wait is over.
 * @param {(n: NoticeItem) => boolean} wanted
 * @returns {Promise<NoticeItem | undefined>}
 */
export async function awaitNotice(wanted) {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    const found = (await newNotices()).find(wanted);
    if (found) return found;
  }
  return undefined;
}
