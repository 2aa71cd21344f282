// @ts-check
// Who is looking: GET /app/api/me. Without a session the page signs in through the platform it was
// opened from, with no password (README「工作台」):
// - DingTalk (?via=dingtalk, or DingTalk's browser): 免登 — the JSAPI's auth code for this corp
//   (dd.runtime.permission.requestAuthCode({ corpId })) traded by POST /app/auth/dingtalk { code }.
//   DingTalk's JSAPI (/app/vendor/dingtalk.js) is loaded only when the page has no window.dd yet.
// - WeCom (?via=wecom, or WeCom's browser, whose user agent says wxwork): off to WeCom's OAuth
//   through /app/auth/wecom/start, which brings the browser back to the page it was asked for.
// - Anywhere else: a page saying to open the workbench from DingTalk or WeCom.
import { api, ApiError } from './api.js';
import { h } from './card/dom.js';
import { W } from './words.js';

/** @typedef {import('./api.js').MeView} MeView */
/**
 * The part of DingTalk's JSAPI the page calls (the real one, or a test's stand-in).
 * @typedef {(options: { corpId: string, onSuccess?: (r: { code: string }) => void, onFail?: (e: unknown) => void }) => unknown} RequestAuthCode
 * @typedef {{ runtime?: { permission?: { requestAuthCode?: RequestAuthCode } }, requestAuthCode?: RequestAuthCode }} DingTalkJsapi
 */

/** the pages the WeCom sign-in may bring the browser back to (workbench-router.ts checks the same) */
const RETURN_ROUTE = /^(new|search|r\/\d{1,9})$/;
/** a WeCom round trip that came back still signed out within this time is not started again by itself */
const WECOM_RETRY_MS = 60_000;
const WECOM_TRIED = 'gj_wecom_tried';
/** where the console page keeps the person it acts as (adapters/console/public/identity.js) */
const CONSOLE_PERSONA = 'guanjia.console.as';

/** @returns {'dingtalk' | 'wecom' | null} */
function openedFrom() {
  const via = new URLSearchParams(window.location.search).get('via');
  const ua = navigator.userAgent;
  if (via === 'dingtalk' || /DingTalk/i.test(ua)) return 'dingtalk';
  if (via === 'wecom' || /wxwork/i.test(ua)) return 'wecom';
  return null;
}

/**
 * The signed-in person, or null when the page is showing why not (or leaving for WeCom's sign-in).
 * @param {HTMLElement} view where to say what is going on
 * @returns {Promise<MeView | null>}
 */
export async function signIn(view) {
  try {
    const me = await api.me();
    window.sessionStorage.removeItem(WECOM_TRIED);
    return me;
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) {
      showProblem(view, W.signInFailedTitle, message(err), () => window.location.reload());
      return null;
    }
  }
  const platform = openedFrom();
  if (platform === 'dingtalk') return signInDingtalk(view);
  if (platform === 'wecom') return signInWecom(view);
  if (await signInAsConsolePersona()) {
    try {
      return await api.me();
    } catch {
      // the session did not hold: say where to open the workbench, as below
    }
  }
  showProblem(view, W.signInTitle, W.signInBody, null);
  return null;
}

/**
 * A trial on this machine (the console's development mode): the person the console acts as, kept by
 * the console page on this same site, opens the workbench as themselves. false anywhere else (the
 * console answers 404, or refuses a request from another computer).
 * @returns {Promise<boolean>}
 */
async function signInAsConsolePersona() {
  const as = window.localStorage.getItem(CONSOLE_PERSONA);
  if (!as) return false;
  try {
    await api.consolePersonaSession(as);
    return true;
  } catch {
    return false;
  }
}

/** @param {unknown} err */
const message = (err) => (err instanceof Error && err.message ? err.message : W.networkDown);

/**
 * @param {HTMLElement} view
 * @returns {Promise<MeView | null>}
 */
async function signInDingtalk(view) {
  say(view, W.signingIn);
  try {
    const jsapi = await loadDingtalk();
    const requestAuthCode = jsapi?.runtime?.permission?.requestAuthCode ?? jsapi?.requestAuthCode;
    if (typeof requestAuthCode !== 'function') throw new Error(W.dingtalkUnavailable);
    const { corpId } = await api.dingtalkConfig();
    const code = await authCode(requestAuthCode, corpId);
    return await api.signInDingtalk(code);
  } catch (err) {
    showProblem(view, W.signInFailedTitle, message(err), () => window.location.reload());
    return null;
  }
}

/** window.dd, loading DingTalk's JSAPI first when the page has none */
async function loadDingtalk() {
  const win = /** @type {{ dd?: DingTalkJsapi }} */ (/** @type {unknown} */ (window));
  if (win.dd !== undefined) return win.dd;
  await new Promise((resolve, reject) => {
    const script = h('script', { src: '/app/vendor/dingtalk.js' });
    script.addEventListener('load', resolve);
    script.addEventListener('error', () => reject(new Error(W.dingtalkUnavailable)));
    document.head.append(script);
  });
  return win.dd;
}

/**
 * The auth code, whether the JSAPI answers with a promise (dingtalk-jsapi) or through callbacks.
 * @param {RequestAuthCode} requestAuthCode
 * @param {string} corpId
 * @returns {Promise<string>}
 */
function authCode(requestAuthCode, corpId) {
  return new Promise((resolve, reject) => {
    const done = (/** @type {unknown} */ r) => {
      const code = r && typeof r === 'object' && 'code' in r && typeof r.code === 'string' ? r.code : '';
      if (code) resolve(code);
      else reject(new Error(W.dingtalkNoCode));
    };
    const fail = () => reject(new Error(W.dingtalkUnavailable));
    try {
      const answer = requestAuthCode({ corpId, onSuccess: done, onFail: fail });
      if (answer && typeof (/** @type {Promise<unknown>} */ (answer).then) === 'function') /** @type {Promise<unknown>} */ (answer).then(done, fail);
    } catch {
      fail();
    }
  });
}

/**
 * Off to WeCom's OAuth, coming back to the page asked for; unless a round trip just came back still
 * signed out (the browser kept no cookie), which would go round for ever.
 * @param {HTMLElement} view
 * @returns {null}
 */
function signInWecom(view) {
  const go = () => {
    window.sessionStorage.setItem(WECOM_TRIED, String(Date.now()));
    say(view, W.wecomGoing);
    const route = window.location.hash.replace(/^#\/?/, '');
    window.location.assign(`/app/auth/wecom/start${RETURN_ROUTE.test(route) ? `?to=${encodeURIComponent(route)}` : ''}`);
  };
  const tried = Number(window.sessionStorage.getItem(WECOM_TRIED) ?? 0);
  if (Date.now() - tried < WECOM_RETRY_MS) showProblem(view, W.signInFailedTitle, W.wecomLoop, go);
  else go();
  return null;
}

/**
 * @param {HTMLElement} view
 * @param {string} text
 */
function say(view, text) {
  view.replaceChildren(h('p', { class: 'page-status', role: 'status' }, text));
}

/**
 * A page of its own: a heading, what to do, and 重试 when trying again can help.
 * @param {HTMLElement} view
 * @param {string} title
 * @param {string} text
 * @param {(() => void) | null} retry
 */
function showProblem(view, title, text, retry) {
  view.replaceChildren(
    h(
      'section',
      { class: 'sign-in', 'aria-labelledby': 'sign-in-title' },
      h('h2', { id: 'sign-in-title', class: 'sign-in-title', tabindex: '-1' }, title),
      h('p', { class: 'sign-in-text' }, text),
      retry ? h('button', { type: 'button', class: 'btn btn-primary btn-block', onclick: retry }, W.retry) : null,
    ),
  );
  document.getElementById('app')?.setAttribute('data-state', 'signed-out');
}
