// @ts-check
// The console's HTTP API (served by adapters/console). Errors come back as
// 4xx/5xx { error: { code, message } } with a Chinese, user-facing message. The shapes are in
// ../console-api.ts. Outside the development mode the console needs the workbench's sign-in: the
// cookie goes by itself, and every POST carries the session's CSRF token (GET /app/api/me gives it).

import { ApiError } from './card/api-error.js';

/** @typedef {import('../console-api.js').OrgView} OrgView */
/** @typedef {import('../console-api.js').PersonView} PersonView */
/** @typedef {import('../console-api.js').MessageView} MessageView */
/** @typedef {import('../console-api.js').ConversationView} ConversationView */
/** @typedef {import('../console-api.js').PressButtonBody} PressButtonBody */
/** @typedef {import('../console-api.js').Accepted} Accepted */
/** @typedef {import('../console-api.js').ChangeEvent} ChangeEvent */
/** @typedef {import('../console-api.js').UploadQuery} UploadQuery */
/** @typedef {import('../console-api.js').DashboardView} DashboardView */
/** @typedef {import('../../../bot/web/workbench-api.js').MeView} MeView */

export { ApiError };

/** the signed-in session's CSRF token, sent as X-CSRF-Token on every POST; empty in the development mode */
let csrfToken = '';

/** @param {string} token */
export function useCsrfToken(token) {
  csrfToken = token;
}

/**
 * @template T
 * @param {'GET' | 'POST'} method
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<T>}
 */
async function request(method, path, body) {
  /** @type {Record<string, string>} */
  const headers = body === undefined ? { Accept: 'application/json' } : { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (method === 'POST' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError('无法连接到管家服务，请检查服务是否已启动。', { code: 'network' });
  }
  return answerOf(res.status, await res.text());
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
    const message = err && typeof err.message === 'string' && err.message ? err.message : `请求失败（HTTP ${status}），请稍后重试。`;
    throw new ApiError(message, { code: (err && err.code) || `http_${status}`, status });
  }
  return data;
}

/**
 * A file as the body of POST /console/api/upload, the rest in the query. XMLHttpRequest rather
 * than fetch: only it reports how much of the body has gone (upload progress).
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
    xhr.open('POST', `/console/api/upload?${params}`);
    xhr.setRequestHeader('Accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.addEventListener('progress', (e) => onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size));
    xhr.addEventListener('load', () => {
      try {
        resolve(answerOf(xhr.status, xhr.responseText));
      } catch (err) {
        reject(err);
      }
    });
    const offline = () => reject(new ApiError('无法连接到管家服务，请检查服务是否已启动。', { code: 'network' }));
    xhr.addEventListener('error', offline);
    xhr.addEventListener('abort', offline);
    xhr.send(file);
  });
}

export const api = {
  /** @returns {Promise<OrgView>} */
  org: () => request('GET', '/console/api/org'),
  /** who is signed in through the workbench, and the session's CSRF token (401 when nobody is) @returns {Promise<MeView>} */
  me: () => request('GET', '/app/api/me'),
  /** @param {string} personId @returns {Promise<ConversationView>} */
  conversation: (personId) => request('GET', `/console/api/conversations/${encodeURIComponent(personId)}`),
  /** @returns {Promise<ConversationView>} */
  supervision: () => request('GET', '/console/api/groups/supervision'),
  /** @param {string} as @param {string} text @returns {Promise<Accepted>} */
  sendMessage: (as, text) => request('POST', '/console/api/messages', { as, text }),
  /** @param {PressButtonBody} payload @returns {Promise<Accepted>} */
  action: (payload) => request('POST', '/console/api/actions', payload),
  upload,
  /** @param {string} as */
  eventsUrl: (as) => `/console/api/events?as=${encodeURIComponent(as)}`,
  /** 驾驶舱 (403 DASHBOARD_DENIED, its Chinese refusal in the ApiError, for anyone but the oversight roles) @param {string} as @returns {Promise<DashboardView>} */
  dashboard: (as) => request('GET', `/console/api/dashboard?as=${encodeURIComponent(as)}`),
};
