// The HTTP side of WeCom's server API: JSON over HTTPS (an upload as multipart/form-data), every
// answer carrying errcode/errmsg (errcode 0 is success; 全局错误码, document/path/90313), except
// downloads, which answer the file itself or the same JSON when they fail. Token errors refresh the
// token and try once more; a busy answer (-1) or a failed connection is tried once more after a pause;
// everything else is thrown as a WecomApiError for the caller (and the queue) to retry or report.
import type { Redis } from 'ioredis';
import type { MultipartBody } from '../shared/multipart-file.js';
import { WecomApiError, classify } from './wecom-errors.js';
import type { WecomSettings } from './wecom-settings.js';
import { SharedToken } from '../shared/shared-token.js';

export type Fetch = typeof fetch;
export type WecomAnswer = Record<string, unknown> & { errcode?: number; errmsg?: string };

const TIMEOUT_MS = 10_000;
/** a file of 20 MB over a slow line, either way */
const DOWNLOAD_TIMEOUT_MS = 60_000;
const PAUSE_MS = 300;

export class WecomApi {
  readonly tokens: SharedToken;

  constructor(
    /** what the client uses of the settings: the app's credentials and the API host */
    private readonly settings: Pick<WecomSettings, 'corpId' | 'agentId' | 'secret' | 'apiBase'>,
    redis: Redis,
    keyPrefix: string,
    private readonly fetchImpl: Fetch = fetch,
    /** told of every error answer or failed call, by code (errcode, HTTP status, network): the metrics */
    private readonly onError: (code: string) => void = () => {},
  ) {
    // 获取access_token (document/path/91039): valid expires_in seconds, cached rather than fetched per call
    this.tokens = new SharedToken(
      redis,
      `${keyPrefix}:wecom:token:${settings.corpId}:${settings.agentId}`,
      () => this.fetchToken(),
      () => new WecomApiError('gettoken', null, '等待其他进程获取 access_token 超时', 'transient'),
    );
  }

  /** POST `path` with the app's access_token. */
  async post(path: string, body: object): Promise<WecomAnswer> {
    return this.withToken((token) => this.send(path, `${this.settings.apiBase}${path}?access_token=${encodeURIComponent(token)}`, json(body)));
  }

  /** GET `path` with the app's access_token and `query` (e.g. auth/getuserinfo). */
  async get(path: string, query: Record<string, string>): Promise<WecomAnswer> {
    return this.withToken((token) => this.send(path, `${this.settings.apiBase}${path}?${new URLSearchParams({ access_token: token, ...query })}`));
  }

  /** POST a file (multipart/form-data) to `path` with the app's access_token and `query`. */
  async upload(path: string, query: Record<string, string>, form: MultipartBody): Promise<WecomAnswer> {
    return this.withToken((token) => this.send(path, `${this.settings.apiBase}${path}?${new URLSearchParams({ access_token: token, ...query })}`, form, DOWNLOAD_TIMEOUT_MS));
  }

  /**
   * GET a download (`path` with the access_token and `query`): `read` takes the answer when it is the
   * file; a JSON answer without Content-Disposition is WeCom's error and is thrown as one. A body cut
   * off or timed out while `read` reads it is a transient error, as a failed connection is.
   */
  async download<T>(path: string, query: Record<string, string>, read: (res: Response) => Promise<T>, options: DownloadOptions = {}): Promise<T> {
    return this.withToken((token) =>
      this.noting(async () => {
        const url = `${this.settings.apiBase}${path}?${new URLSearchParams({ access_token: token, ...query })}`;
        let res: Response;
        try {
          res = await this.fetchImpl(url, { headers: options.headers, signal: AbortSignal.timeout(options.timeoutMs ?? DOWNLOAD_TIMEOUT_MS) });
        } catch (error) {
          throw new WecomApiError(path, null, `连接失败：${(error as Error).message}`, 'transient');
        }
        if (!res.ok) throw await httpError(path, res);
        if (!res.headers.has('content-disposition') && /json|text\/plain/i.test(res.headers.get('content-type') ?? '')) {
          checked(path, await jsonOf(path, res));
          throw new WecomApiError(path, null, '应答不是文件', 'permanent');
        }
        try {
          return await read(res);
        } catch (error) {
          if (error instanceof WecomApiError) throw error;
          await res.body?.cancel().catch(() => {});
          throw new WecomApiError(path, null, `下载中断：${(error as Error).message}`, 'transient');
        }
      }),
    );
  }

  /** Runs `call` with the token: a token refused is refreshed once, a busy or failed call tried once more. */
  private async withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    let tokenRetried = false;
    let busyRetried = false;
    for (;;) {
      const token = await this.tokens.get();
      try {
        return await call(token);
      } catch (error) {
        if (!(error instanceof WecomApiError)) throw error;
        if (error.kind === 'token' && !tokenRetried) {
          // 40014 / 42001: the token went bad before our cache said so (e.g. the secret was reset)
          tokenRetried = true;
          await this.tokens.invalidate(token);
          continue;
        }
        if (error.kind === 'transient' && error.errcode !== 45009 && !busyRetried) {
          busyRetried = true;
          await new Promise((r) => setTimeout(r, PAUSE_MS));
          continue;
        }
        throw error;
      }
    }
  }

  /** Group robot webhook (群机器人配置说明, document/path/91770): the key is the credential, no token. */
  async webhook(key: string, body: object): Promise<WecomAnswer> {
    const url = `${this.settings.apiBase}/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`;
    try {
      return await this.send('webhook/send', url, json(body));
    } catch (error) {
      if (!(error instanceof WecomApiError) || error.kind !== 'transient' || error.errcode === 45009) throw error;
      await new Promise((r) => setTimeout(r, PAUSE_MS));
      return this.send('webhook/send', url, json(body));
    }
  }

  private async fetchToken(): Promise<{ token: string; expiresInS: number }> {
    const { corpId, secret, apiBase } = this.settings;
    // GET /cgi-bin/gettoken?corpid=ID&corpsecret=SECRET → { access_token, expires_in } (document/path/91039)
    const url = `${apiBase}/cgi-bin/gettoken?corpid=${encodeURIComponent(corpId)}&corpsecret=${encodeURIComponent(secret)}`;
    const answer = await this.send('gettoken', url);
    const token = answer.access_token;
    const expiresIn = Number(answer.expires_in);
    if (typeof token !== 'string' || !token || !Number.isFinite(expiresIn)) throw new WecomApiError('gettoken', null, 'answer without access_token', 'transient');
    return { token, expiresInS: expiresIn };
  }

  /** GET without a body, else POST it (JSON, or a multipart form) */
  private send(api: string, url: string, body?: RawBody, timeoutMs = TIMEOUT_MS): Promise<WecomAnswer> {
    return this.noting(() => this.request(api, url, body, timeoutMs));
  }

  /** runs `call`, telling onError the code of a WecomApiError it throws */
  private async noting<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof WecomApiError)
        this.onError(error.errcode !== null ? String(error.errcode) : (/^HTTP (\d+)/.exec(error.errmsg)?.[1] ?? (error.kind === 'transient' ? 'network' : 'other')));
      throw error;
    }
  }

  private async request(api: string, url: string, body: RawBody | undefined, timeoutMs: number): Promise<WecomAnswer> {
    let res: Response;
    try {
      res = await this.fetchImpl(url, {
        method: body ? 'POST' : 'GET',
        headers: body ? { 'content-type': body.contentType } : undefined,
        body: body?.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new WecomApiError(api, null, `连接失败：${(error as Error).message}`, 'transient');
    }
    if (!res.ok) throw await httpError(api, res);
    return checked(api, await jsonOf(api, res));
  }
}

export interface DownloadOptions {
  headers?: Record<string, string>;
  /** for the whole download, body included */
  timeoutMs?: number;
}

type RawBody = { contentType: string; body: string | Uint8Array<ArrayBuffer> };

function json(body: object): RawBody {
  return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(body) };
}

async function httpError(api: string, res: Response): Promise<WecomApiError> {
  await res.body?.cancel().catch(() => {});
  const transient = res.status >= 500 || res.status === 429;
  return new WecomApiError(api, null, `HTTP ${res.status}`, transient ? 'transient' : 'permanent');
}

async function jsonOf(api: string, res: Response): Promise<WecomAnswer> {
  try {
    return (await res.json()) as WecomAnswer;
  } catch {
    throw new WecomApiError(api, null, '应答不是 JSON', 'transient');
  }
}

function checked(api: string, answer: WecomAnswer): WecomAnswer {
  const errcode = typeof answer.errcode === 'number' ? answer.errcode : 0;
  if (errcode !== 0) throw new WecomApiError(api, errcode, String(answer.errmsg ?? ''), classify(errcode));
  return answer;
}
