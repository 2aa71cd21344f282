// @ts-check
// 管家 local console: a small chat app that plays the part of DingTalk / WeCom on one machine.
// No framework, no build step. Everything from the server is rendered as text (see dom.js).
// This module loads the organisation and wires the parts together:
//   state.js        shared state and the page's fixed elements
//   identity.js     who the page acts as (#as= link, localStorage, person picker; or the workbench sign-in)
//   conversation.js the conversation on screen (header, sidebar entries, message list, notices)
//   message-row.js  the rows of the message list
//   composer.js     sending messages and card actions
//   live.js         fetching, the live stream, the fallback poll, unread dots
//   render-card.js / card-actions.js   an approval card and its buttons' inline forms
//   card-attachments.js                a card's 附件: files, what is missing, upload and 移除
import { ApiError, api, useCsrfToken } from './api.js';
import { sendCardAction, sendUpload, wireComposer } from './composer.js';
import { addNotice, renderConvList, renderHeader, renderMessages, resetMessageList, wireConversationView } from './conversation.js';
import { pickInitialPerson, readHashAs, rememberPerson, removePeoplePicker, renderMe, renderPeople, unknownPersonText, wirePeoplePicker, writeHashAs } from './identity.js';
import { connectEvents, refresh, setConn, wireLive } from './live.js';
import { els, resetConversations, state, userMessage } from './state.js';

/**
 * The link named someone who is not in the organisation: say so (after the conversation loads, so
 * the notice sits at the bottom where it is seen) instead of silently acting as someone else.
 * @param {string} id
 */
function noticeUnknownPerson(id) {
  const text = unknownPersonText(id);
  const gen = state.generation;
  refresh('bot').then(() => gen === state.generation && addNotice('bot', text));
}

/**
 * Act as another person: their conversations, their live stream, nothing of the previous one.
 * @param {string} id
 */
function selectPerson(id, { force = false } = {}) {
  if (!state.byId.has(id)) return;
  if (state.me === id && !force) return;
  state.me = id;
  state.generation += 1;
  rememberPerson(id);
  resetConversations();
  resetMessageList();
  renderMe();
  renderPeople();
  renderConvList();
  renderHeader();
  renderMessages({ scroll: 'bottom' });
  connectEvents();
  refresh('bot');
  refresh('supervision');
}

/** @param {string | undefined} conv */
function selectConversation(conv) {
  if (conv !== 'bot' && conv !== 'supervision') return;
  const changed = state.active !== conv;
  state.active = conv;
  state.unread[conv] = false;
  state.seen[conv] = state.convs[conv]?.sig ?? state.seen[conv];
  renderConvList();
  renderHeader();
  if (changed) resetMessageList();
  renderMessages({ scroll: 'bottom' });
  refresh(conv);
  if (conv === 'bot') els.input.focus();
}

function wire() {
  for (const btn of document.querySelectorAll('button[data-conversation]')) {
    if (!(btn instanceof HTMLElement)) continue;
    btn.addEventListener('click', () => selectConversation(btn.dataset.conversation));
  }
  wireConversationView({ onAction: sendCardAction, onUpload: sendUpload });
  wireComposer();
  wirePeoplePicker(selectPerson);
  window.addEventListener('hashchange', () => {
    const id = readHashAs();
    if (!id || id === state.me) return;
    // signed in, the page is only ever the signed-in person's (the server refuses anyone else)
    if (state.signedIn) {
      if (state.me) writeHashAs(state.me);
      return;
    }
    if (state.byId.has(id)) selectPerson(id);
    else {
      if (state.me) writeHashAs(state.me);
      noticeUnknownPerson(id);
    }
  });
  els.bootRetry.addEventListener('click', boot);
  // a file dropped outside a card that takes it would make the browser open it in place of the console
  for (const type of /** @type {const} */ (['dragover', 'drop'])) {
    window.addEventListener(type, (e) => {
      if (e.defaultPrevented || !e.dataTransfer || ![...e.dataTransfer.types].includes('Files')) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'none';
    });
  }
  wireLive();
}

/**
 * The console needs a workbench sign-in and there is none (or it lapsed): the server's words, and
 * the way to the workbench unless no platform can sign anyone in.
 * @param {ApiError} err
 */
function showSignIn(err) {
  removePeoplePicker();
  els.app.dataset.state = 'signin';
  els.signinText.textContent = err.message;
  els.signinLink.hidden = err.code === 'SIGN_IN_UNAVAILABLE';
  els.signin.hidden = false;
  setConn('down');
}

/**
 * Outside the development mode: the page is the signed-in person's, without the picker, and every
 * POST carries the session's CSRF token.
 */
async function bootSignedIn() {
  const me = await api.me();
  useCsrfToken(me.csrf);
  state.signedIn = true;
  removePeoplePicker();
  if (!state.byId.has(me.person.id)) {
    els.bootErrorText.textContent = unknownPersonText(me.person.id);
    els.bootError.hidden = false;
    return;
  }
  selectPerson(me.person.id, { force: true });
}

async function boot() {
  els.bootError.hidden = true;
  els.signin.hidden = true;
  try {
    const org = await api.org();
    state.org = org;
    state.people = Array.isArray(org?.people) ? org.people : [];
    state.byId = new Map(state.people.map((p) => [p.id, p]));
    els.unitName.textContent = org?.unit?.name || '管家';
    els.unitSub.textContent = org?.unit?.fiscalYear ? `${org.unit.fiscalYear} 年度 · 本地控制台` : '本地控制台';
    document.title = `${org?.unit?.name ? `${org.unit.name} · ` : ''}管家控制台`;
    if (org?.personas === false) return await bootSignedIn();
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
    if (err instanceof ApiError && err.status === 401) return showSignIn(err);
    els.app.dataset.state = 'error';
    els.bootErrorText.textContent = userMessage(err, '无法连接到管家服务，请检查服务是否已启动。');
    els.bootError.hidden = false;
  }
}

wire();
setConn('connecting');
boot();
