// @ts-check
// A request's page (#/r/<no>): its card as this person sees it now, with the buttons they may use and
// the forms those open (驳回 / 退回 reason, 转交 to someone picked from the list, the 三重一大 meeting
// record, 确认付款, 修改, 附件) — the card renderer the console uses — and below it the whole history,
// every round, decision and comment with its time. A tap goes the way a card tap does in chat
// (POST /app/api/requests/<no>/actions → 202); the page then shows the bot's answer (a refusal too)
// in the banner and reads the request again until it has changed.
import { api, ApiError, newKey } from './api.js';
import { h } from './card/dom.js';
import { renderCard } from './card/render-card.js';
import { when } from './format.js';
import { awaitAnswer, hush, say } from './notices.js';
import { W } from './words.js';

/** @typedef {import('./api.js').MeView} MeView */
/** @typedef {import('./api.js').RequestPageView} RequestPageView */
/** @typedef {import('./api.js').TimelineEntry} TimelineEntry */
/** @typedef {import('./api.js').ActionBody} ActionBody */
/** @typedef {import('./card/card-actions.js').CardTap} CardTap */
/** @typedef {import('./card/card-actions.js').CardContext} CardContext */

/**
 * What the page compares to tell that a request has changed: everything but the attachment links,
 * which are signed afresh at every read.
 * @param {RequestPageView} page
 */
const fingerprint = (page) => JSON.stringify(page, (key, value) => (key === 'url' ? undefined : value));

/**
 * @param {HTMLElement} view
 * @param {MeView} me
 * @param {number} no
 * @param {() => boolean} current false once the person has gone elsewhere
 */
export async function renderRequest(view, me, no, current) {
  view.replaceChildren(h('p', { class: 'page-status', role: 'status' }, W.loading));
  let page = await api.request(no);
  if (!current()) return;

  const cardHost = h('div', { class: 'request-card' });
  const timelineHost = h('div', { class: 'timeline-host' });

  /** reads the request again; true (and shown) when it changed */
  async function reread() {
    const next = await api.request(no);
    if (!current() || fingerprint(next) === fingerprint(page)) return false;
    page = next;
    draw();
    return true;
  }

  /**
   * after a tap or an upload: the bot's answer, and the request as it is now
   * @param {string} dedupeKey
   */
  async function watch(dedupeKey) {
    const { notices, changed } = await awaitAnswer(dedupeKey, reread);
    if (changed && notices.length === 0 && current()) say(W.updated, 'ok');
  }

  /** @param {unknown} err */
  const refused = (err) => {
    say(err instanceof ApiError || err instanceof Error ? err.message : W.networkDown, 'error', { replace: true });
    throw err;
  };

  /** @type {CardContext} */
  const ctx = {
    people: page.people,
    meId: me.person.id,
    answerPlace: W.answerPlace,
    openLink: false,
    onAction: async (tap) => {
      hush();
      try {
        const res = await api.act(no, actionBody(tap), newKey());
        say(W.working, 'info');
        void watch(res.dedupeKey);
        return res;
      } catch (err) {
        return refused(err);
      }
    },
    onUpload: async (upload, onProgress) => {
      hush();
      try {
        const res = await api.upload({ requestId: upload.requestId, kind: upload.kind, name: upload.file.name }, upload.file, onProgress);
        say(W.working, 'info');
        void watch(res.dedupeKey);
        return res;
      } catch (err) {
        return refused(err);
      }
    },
  };

  function draw() {
    ctx.people = page.people;
    cardHost.replaceChildren(renderCard(page.card, 0, ctx));
    timelineHost.replaceChildren(renderTimeline(page.timeline));
    view.dataset.status = page.card.status.code;
  }

  view.replaceChildren(
    h(
      'section',
      { class: 'page', 'aria-labelledby': 'request-title' },
      h('h2', { id: 'request-title', class: 'page-title sr-only', tabindex: '-1' }, W.requestTitle(no)),
      cardHost,
      h('section', { class: 'timeline', 'aria-labelledby': 'timeline-title' }, h('h3', { id: 'timeline-title', class: 'section-title' }, W.timeline), timelineHost),
    ),
  );
  draw();
}

/**
 * The card's tap as the API takes it (the request is in the address, the page's message id means nothing here).
 * @param {CardTap} tap
 * @returns {ActionBody}
 */
function actionBody(tap) {
  /** @type {ActionBody} */
  const body = { action: tap.action };
  for (const key of /** @type {const} */ (['stepId', 'parentRef', 'comment', 'transferTo', 'meeting', 'payment', 'edit', 'attach', 'alertNo'])) {
    if (tap[key] !== undefined) Object.assign(body, { [key]: tap[key] });
  }
  return body;
}

/**
 * Every round, oldest first; each entry: what happened, who (for whom), at which step, when, and the comment.
 * @param {TimelineEntry[]} entries
 */
function renderTimeline(entries) {
  if (!Array.isArray(entries) || entries.length === 0) return h('p', { class: 'empty' }, W.timelineEmpty);
  /** @type {Map<number, TimelineEntry[]>} */
  const rounds = new Map();
  for (const e of entries) rounds.set(e.round, [...(rounds.get(e.round) ?? []), e]);
  const several = rounds.size > 1;
  return h(
    'ol',
    { class: 'rounds' },
    [...rounds.entries()].map(([round, list]) =>
      h(
        'li',
        { class: 'round', dataset: { round } },
        several ? h('h4', { class: 'round-head' }, W.round(round)) : null,
        h(
          'ol',
          { class: 'events' },
          list.map((e) =>
            h(
              'li',
              { class: 'event', dataset: { label: e.label } },
              h(
                'div',
                { class: 'event-head' },
                h('span', { class: 'event-label' }, e.label),
                e.person ? h('span', { class: 'event-person' }, `${e.person}${e.onBehalfOf ? W.onBehalfOf(e.onBehalfOf) : ''}`) : null,
                h('time', { class: 'event-time', datetime: e.at }, when(e.at)),
              ),
              e.step ? h('div', { class: 'event-step' }, e.step) : null,
              e.comment ? h('div', { class: 'event-comment' }, e.comment) : null,
            ),
          ),
        ),
      ),
    ),
  );
}
