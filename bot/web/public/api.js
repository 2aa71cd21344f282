// @ts-check
// The workbench's HTTP API (/app/api, shapes in ../workbench-api.ts). Every call carries the session
// cookie; every POST the CSRF token that /app/api/me handed out (X-CSRF-Token). A POST that acts also
// carries an Idempotency-Key, so sending the same tap twice is one delivery. Errors come back as
// { error: { code, message } } with a Chinese message for the person: thrown as ApiError.
import { ApiError } from './card/api-error.js';
import { W } from './words.js';

/** @typedef {import('../workbench-api.js').MeView} MeView */
/** @typedef {import('../workbench-api.js').FormView} FormView */
/** @typedef {import('../workbench-api.js').FormType} FormType */
/** @typedef {import('../workbench-api.js').FormLine} FormLine */
/** @typedef {import('../workbench-api.js').FormParent} FormParent */
/** @typedef {import('../workbench-api.js').DraftBody} DraftBody */
/** @typedef {import('../workbench-api.js').PreviewView} PreviewView */
/** @typedef {import('../workbench-api.js').NewRequestBody} NewRequestBody */
/** @typedef {import('../workbench-api.js').Accepted} Accepted */
/** @typedef {import('../workbench-api.js').ActionState} ActionState */
/** @typedef {import('../workbench-api.js').Box} Box */
/** @typedef {import('../workbench-api.js').ListView} ListView */
/** @typedef {import('../workbench-api.js').ListItem} ListItem */
/** @typedef {import('../workbench-api.js').RequestPageView} RequestPageView */
/** @typedef {import('../workbench-api.js').TimelineEntry} TimelineEntry */
/** @typedef {import('../workbench-api.js').ActionBody} ActionBody */
/** @typedef {import('../workbench-api.js').UploadQuery} UploadQuery */
/** @typedef {import('../workbench-api.js').NoticesView} NoticesView */
/** @typedef {import('../workbench-api.js').NoticeItem} NoticeItem */
/** @typedef {import('../workbench-api.js').ReportBody} ReportBody */
/** @typedef {import('../workbench-api.js').SearchBody} SearchBody */
/** @typedef {import('../workbench-api.js').SearchView} SearchView */
/** @typedef {import('../workbench-api.js').SearchRowView} SearchRowView */

export { ApiError };

let csrf = '';

/** @param {string} token the CSRF token of MeView */
export function setCsrf(token) {
  csrf = token;
}

/** a key for one action of the person's (a tap, a submit): the server takes a retry of it as the same delivery */
export function newKey() {
  const c = /** @type {{ randomUUID?: () => string }} */ (window.crypto);
  return c.randomUUID ? c.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/**
 * The parsed JSON of a 2xx answer; otherwise the server's Chinese message as an ApiError.
 * @param {number} status
 * @param {string} text
 * @returns {any}
 */
function answerOf(status, text) {
  /** @type {any} */
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (status < 200 || status >= 300) {
    const err = data && data.error;
    const message = err && typeof err.message === 'string' && err.message ? err.message : W.failed(status);
    throw new ApiError(message, { code: (err && err.code) || `http_${status}`, status });
  }
  return data;
}

/**
 * @param {'GET' | 'POST'} method
 * @param {string} path
 * @param {unknown} [body]
 * @param {string} [key] the Idempotency-Key of an action
 * @returns {Promise<any>}
 */
async function request(method, path, body, key) {
  /** @type {Record<string, string>} */
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method === 'POST' && csrf) headers['X-CSRF-Token'] = csrf;
  if (key) headers['Idempotency-Key'] = key;
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store', credentials: 'same-origin' });
  } catch {
    throw new ApiError(W.networkDown, { code: 'network' });
  }
  return answerOf(res.status, await res.text());
}

/**
 * A file as the body of POST /app/api/upload, the rest in the query. XMLHttpRequest rather than
 * fetch: only it reports how much of the body has gone (upload progress).
 * @param {UploadQuery} query
 * @param {Blob} file
 * @param {(sent: number, total: number) => void} [onProgress]
 * @returns {Promise<Accepted>}
 */
function upload(query, file, onProgress) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  return new Promise((resolve, reject) => {
    const xhr = new window.XMLHttpRequest();
    xhr.open('POST', `/app/api/upload?${params}`);
    xhr.setRequestHeader('Accept', 'application/json');
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.setRequestHeader('Idempotency-Key', newKey());
    xhr.upload.addEventListener('progress', (e) => onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size));
    xhr.addEventListener('load', () => {
      try {
        resolve(answerOf(xhr.status, xhr.responseText));
      } catch (err) {
        reject(err);
      }
    });
    const offline = () => reject(new ApiError(W.networkDown, { code: 'network' }));
    xhr.addEventListener('error', offline);
    xhr.addEventListener('abort', offline);
    xhr.send(file);
  });
}

export const api = {
  /** @returns {Promise<MeView>} */
  me: () => request('GET', '/app/api/me'),
  /** @returns {Promise<{ corpId: string }>} */
  dingtalkConfig: () => request('GET', '/app/auth/dingtalk/config'),
  /** DingTalk 免登: the JSAPI's auth code for a session @param {string} code @returns {Promise<MeView>} */
  signInDingtalk: (code) => request('POST', '/app/auth/dingtalk', { code }),
  /** the console's development mode: a workbench session for the person the console acts as @param {string} as @returns {Promise<{ ok: true }>} */
  consolePersonaSession: (as) => request('POST', '/console/api/workbench-session', { as }),
  /** @returns {Promise<{ ok: true }>} */
  signOut: () => request('POST', '/app/api/signout'),
  /** @returns {Promise<FormView>} */
  form: () => request('GET', '/app/api/form'),
  /** @param {DraftBody} draft @returns {Promise<PreviewView>} */
  preview: (draft) => request('POST', '/app/api/preview', draft),
  /** @param {NewRequestBody} body @param {string} key @returns {Promise<Accepted>} */
  create: (body, key) => request('POST', '/app/api/requests', body, key),
  /** @param {Box} box @returns {Promise<ListView>} */
  list: (box) => request('GET', `/app/api/requests?box=${box}`),
  /** @param {number} no @returns {Promise<RequestPageView>} */
  request: (no) => request('GET', `/app/api/requests/${no}`),
  /** @param {number} no @param {ActionBody} body @param {string} key @returns {Promise<Accepted>} */
  act: (no, body, key) => request('POST', `/app/api/requests/${no}/actions`, body, key),
  upload,
  /** whether the action sent with this key has been handled @param {string} dedupeKey @returns {Promise<ActionState>} */
  handled: (dedupeKey) => request('GET', `/app/api/actions/${encodeURIComponent(dedupeKey)}`),
  /** @param {number} after @returns {Promise<NoticesView>} */
  notices: (after) => request('GET', `/app/api/notices?after=${after}`),
  /** @param {ReportBody} body @param {string} key @returns {Promise<Accepted>} */
  report: (body, key) => request('POST', '/app/api/reports', body, key),
  /** @param {SearchBody} body @returns {Promise<SearchView>} */
  search: (body) => request('POST', '/app/api/search', body),
};
