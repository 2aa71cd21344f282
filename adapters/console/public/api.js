// The console's HTTP API (served by adapters/console). Errors come back as
// 4xx/5xx { error: { code, message } } with a Chinese, user-facing message.

export class ApiError extends Error {
  constructor(message, { code = 'error', status = 0 } = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
  }
}

async function request(method, path, body) {
  let res;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? { Accept: 'application/json' } : { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError('无法连接到管家服务，请检查服务是否已启动。', { code: 'network' });
  }
  let data = null;
  const text = await res.text();
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const err = data && data.error;
    const message = err && typeof err.message === 'string' && err.message ? err.message : `请求失败（HTTP ${res.status}），请稍后重试。`;
    throw new ApiError(message, { code: (err && err.code) || `http_${res.status}`, status: res.status });
  }
  return data;
}

export const api = {
  org: () => request('GET', '/console/api/org'),
  conversation: (personId) => request('GET', `/console/api/conversations/${encodeURIComponent(personId)}`),
  supervision: () => request('GET', '/console/api/groups/supervision'),
  sendMessage: (as, text) => request('POST', '/console/api/messages', { as, text }),
  action: (payload) => request('POST', '/console/api/actions', payload),
  eventsUrl: (as) => `/console/api/events?as=${encodeURIComponent(as)}`,
};
