// @ts-check
// The workbench page (工作台): signs the person in (sign-in.js), then shows the page the address names:
//   #/ , #/todo, #/done, #/mine  the home page with its lists (home.js)
//   #/new                         新建申请 (new-request.js)
//   #/r/<no>                      a request's page (request-page.js)
//   #/search                      查询与报表 (search.js)
// The bot's answers to what the person does show in the banner at the top (notices.js).
import { api } from './api.js';
import { setCsrf } from './api.js';
import { h } from './card/dom.js';
import { BOXES, renderHome } from './home.js';
import { renderNewRequest } from './new-request.js';
import { hush, primeNotices, say, turnPage } from './notices.js';
import { renderRequest } from './request-page.js';
import { renderSearch } from './search.js';
import { signIn } from './sign-in.js';
import { W } from './words.js';

/** @typedef {import('./api.js').MeView} MeView */
/** @typedef {import('./api.js').Box} Box */

const els = {
  app: /** @type {HTMLElement} */ (document.getElementById('app')),
  title: /** @type {HTMLElement} */ (document.getElementById('page-title')),
  back: /** @type {HTMLAnchorElement} */ (document.getElementById('back')),
  me: /** @type {HTMLElement} */ (document.getElementById('me')),
  meName: /** @type {HTMLElement} */ (document.getElementById('me-name')),
  signOut: /** @type {HTMLButtonElement} */ (document.getElementById('sign-out')),
  main: /** @type {HTMLElement} */ (document.getElementById('main')),
  view: /** @type {HTMLElement} */ (document.getElementById('view')),
  bannerClose: /** @type {HTMLButtonElement} */ (document.getElementById('banner-close')),
};

/** bumped at every route change: a page still loading for an earlier one draws nothing */
let generation = 0;
/** the last route shown, to tell a new page from a redraw */
let shown = '';
/** the list last shown: 返回 goes up to it from a request, the form or the search */
/** @type {Box} */
let lastBox = 'todo';

/**
 * @typedef {{ name: 'home', box: Box } | { name: 'new' } | { name: 'request', no: number } | { name: 'search' }} Route
 */

/** @returns {Route} */
function routeOf(hash = window.location.hash) {
  const path = hash.replace(/^#\/?/, '');
  const request = /^r\/(\d{1,9})$/.exec(path);
  if (request) return { name: 'request', no: Number(request[1]) };
  if (path === 'new') return { name: 'new' };
  if (path === 'search') return { name: 'search' };
  const box = BOXES.find((b) => b === path);
  return { name: 'home', box: box ?? 'todo' };
}

/** @param {Route} route */
function titleOf(route) {
  switch (route.name) {
    case 'home':
      return W.home;
    case 'new':
      return W.newTitle;
    case 'request':
      return W.requestTitle(route.no);
    case 'search':
      return W.searchTitle;
  }
}

/** @param {MeView} me */
async function show(me) {
  const route = routeOf();
  const key = JSON.stringify(route);
  const mine = (generation += 1);
  const current = () => mine === generation;
  // a new page: the last page's answers go, and the reader starts at its top
  if (key !== shown && shown) turnPage();
  const fresh = key !== shown;
  shown = key;
  els.title.textContent = titleOf(route);
  document.title = `${titleOf(route)} · ${W.appName}`;
  els.back.hidden = route.name === 'home';
  if (route.name === 'home') lastBox = route.box;
  els.back.href = `#/${lastBox}`;
  els.view.dataset.view = route.name;
  els.view.removeAttribute('data-ready');
  try {
    if (route.name === 'home') await renderHome(els.view, me, route.box, current);
    else if (route.name === 'new') await renderNewRequest(els.view, me, current);
    else if (route.name === 'request') await renderRequest(els.view, me, route.no, current);
    else await renderSearch(els.view, me, current);
  } catch (err) {
    if (!current()) return;
    els.view.replaceChildren(
      h(
        'div',
        { class: 'page-problem', role: 'alert' },
        h('p', null, err instanceof Error ? err.message : W.networkDown),
        h('button', { type: 'button', class: 'btn btn-default', onclick: () => show(me) }, W.retry),
      ),
    );
  }
  if (!current()) return;
  els.view.dataset.ready = 'true';
  if (fresh) {
    window.scrollTo(0, 0);
    /** @type {HTMLElement | null} */
    const heading = els.view.querySelector('h2[tabindex="-1"]');
    heading?.focus({ preventScroll: true });
  }
}

async function boot() {
  els.app.dataset.state = 'loading';
  els.title.textContent = W.appName;
  els.back.textContent = W.back;
  els.signOut.textContent = W.signOut;
  els.bannerClose.setAttribute('aria-label', W.close);
  els.main.setAttribute('aria-label', W.mainLabel);
  els.bannerClose.addEventListener('click', hush);
  els.view.replaceChildren(h('p', { class: 'page-status', role: 'status' }, W.signingIn));

  const me = await signIn(els.view);
  if (!me) return;
  setCsrf(me.csrf);
  els.meName.textContent = me.person.name;
  els.me.hidden = false;
  els.signOut.addEventListener('click', async () => {
    els.signOut.disabled = true;
    try {
      await api.signOut();
      els.me.hidden = true;
      els.back.hidden = true;
      generation += 1;
      hush();
      els.view.replaceChildren(h('section', { class: 'sign-in' }, h('h2', { class: 'sign-in-title', tabindex: '-1' }, W.signOut), h('p', { class: 'sign-in-text' }, W.signedOut)));
      els.app.dataset.state = 'signed-out';
    } catch (err) {
      els.signOut.disabled = false;
      say(err instanceof Error ? err.message : W.networkDown, 'error', { replace: true });
    }
  });
  await primeNotices().catch(() => undefined);
  window.addEventListener('hashchange', () => show(me));
  els.app.dataset.state = 'ready';
  await show(me);
}

boot();
