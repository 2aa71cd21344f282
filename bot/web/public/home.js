// @ts-check
// The home page: who is signed in, the big 「新建申请」, 「查询与报表」 for the oversight roles, and the
// three lists 待办 / 已办 / 我发起的 (GET /app/api/requests?box=…), each request with its status and,
// while it waits, its light — in words as well as in colour.
import { api } from './api.js';
import { h } from './card/dom.js';
import { money, when } from './format.js';
import { W } from './words.js';

/** @typedef {import('./api.js').MeView} MeView */
/** @typedef {import('./api.js').Box} Box */
/** @typedef {import('./api.js').ListItem} ListItem */

/** @type {Box[]} */
export const BOXES = ['todo', 'done', 'mine'];

/** a status's colour on the page (the words come from the server) */
const STATUS_TONES = /** @type {Record<string, string>} */ ({
  draft: 'neutral',
  in_approval: 'info',
  approved: 'success',
  rejected: 'danger',
  returned: 'warning',
  withdrawn: 'neutral',
  cancelled: 'neutral',
});

/**
 * @param {HTMLElement} view
 * @param {MeView} me
 * @param {Box} box
 * @param {() => boolean} current false once the person has gone elsewhere
 */
export async function renderHome(view, me, box, current) {
  const list = h('div', { class: 'box-list', 'aria-busy': 'true' }, h('p', { class: 'page-status' }, W.loading));
  view.replaceChildren(
    h(
      'section',
      { class: 'hero', 'aria-labelledby': 'hero-title' },
      h('h2', { id: 'hero-title', class: 'hero-title', tabindex: '-1' }, W.greeting(me.person.name)),
      h('p', { class: 'hero-sub' }, [me.person.department.name, ...me.roleLabels].join(' · ')),
      h(
        'div',
        { class: 'hero-actions' },
        h('button', { type: 'button', class: 'btn btn-primary btn-big', id: 'new-request', onclick: () => (window.location.hash = '#/new') }, W.newRequest),
        me.oversight ? h('button', { type: 'button', class: 'btn btn-default btn-big', id: 'open-search', onclick: () => (window.location.hash = '#/search') }, W.oversight) : null,
      ),
    ),
    h(
      'nav',
      { class: 'tabs', 'aria-label': W.boxesLabel },
      BOXES.map((b) => h('a', { class: `tab${b === box ? ' active' : ''}`, href: `#/${b}`, 'aria-current': b === box ? 'page' : undefined, dataset: { box: b } }, W.boxes[b])),
    ),
    h('section', { class: 'box', 'aria-label': W.boxes[box], dataset: { box } }, list),
  );
  const { items } = await api.list(box);
  if (!current()) return;
  list.removeAttribute('aria-busy');
  list.replaceChildren(
    items.length === 0
      ? h('p', { class: 'empty' }, W.emptyBox[box])
      : h(
          'ul',
          { class: 'items' },
          items.map((item) => itemRow(item, box)),
        ),
  );
}

/**
 * One request in a list, a link to its page.
 * @param {ListItem} item
 * @param {Box} box
 */
function itemRow(item, box) {
  const light = item.light && (item.light === 'green' || item.light === 'yellow' || item.light === 'red') ? item.light : null;
  const meta = [
    box === 'todo' && item.requester ? W.submittedBy(item.requester) : null,
    box === 'todo' && item.step ? W.waitingAt(item.step) : null,
    box === 'done' && item.action ? W.youDid(item.action, item.step ?? '') : null,
    item.at ? when(item.at) : null,
  ].filter((x) => typeof x === 'string' && x);
  return h(
    'li',
    { class: 'item', dataset: { no: item.no, status: item.status.code } },
    h(
      'a',
      { class: 'item-link', href: `#/r/${item.no}` },
      h(
        'span',
        { class: 'item-top' },
        h('span', { class: 'item-title' }, `${item.type} · ${W.requestNo(item.no)}`),
        h('span', { class: `pill tone-${STATUS_TONES[item.status.code] ?? 'neutral'}`, dataset: { status: item.status.code } }, item.status.label),
      ),
      h('span', { class: 'item-amount' }, W.yuan(money(item.amount))),
      h(
        'span',
        { class: 'item-meta' },
        light
          ? h('span', { class: `light-chip light-${light}`, dataset: { light } }, h('span', { class: `light-dot light-${light}`, 'aria-hidden': 'true' }), W.lights[light])
          : null,
        meta.join(' · '),
      ),
    ),
  );
}
