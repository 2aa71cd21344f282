// The HTTP side of WeCom's server API: JSON over HTTPS, every answer carrying errcode/errmsg
// (errcode 0 is success; 全局错误码, document/path/90313). Token errors refresh the token and try
// once more; a busy answer (-1) or a failed connection is tried once more after a pause; everything
// else is thrown as a WecomApiError for the caller (and the queue) to retry or report.
import type { Redis } from 'ioredis';
import { WecomApiError, classify } from './wecom-errors.js';
import type { WecomSettings } from './wecom-settings.js';
import { SharedToken } from '../shared/shared-token.js';

export type Fetch = typeof fetch;
export type WecomAnswer = Record<string, unknown> & { errcode?: number; errmsg?: string };

const TIMEOUT_MS = 10_000;
const PAUSE_MS = 300;

export class WecomApi {
  readonly tokens: SharedToken;

  constructor(
    private readonly settings: WecomSettings,
    redis: Redis,
    keyPrefix: string,
    private readonly fetchImpl: Fetch = fetch,
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
    let tokenRetried = false;
    let busyRetried = false;
    for (;;) {
      const token = await this.tokens.get();
      try {
        return await this.send(path, `${this.settings.apiBase}${path}?access_token=${encodeURIComponent(token)}`, body);
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
      return await this.send('webhook/send', url, body);
    } catch (error) {
      if (!(error instanceof WecomApiError) || error.kind !== 'transient' || error.errcode === 45009) throw error;
      await new Promise((r) => setTimeout(r, PAUSE_MS));
      return this.send('webhook/send', url, body);
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

  private async send(api: string, url: string, body?: object): Promise<WecomAnswer> {
    let res: Response;
    try {
      res = await this.fetchImpl(url, {
        method: body ? 'POST' : 'GET',
        headers: body ? { 'content-type': 'application/json; charset=utf-8' } : undefined,
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new WecomApiError(api, null, `连接失败：${(error as Error).message}`, 'transient');
    }
    if (!res.ok) {
      await res.body?.cancel();
      const transient = res.status >= 500 || res.status === 429;
      throw new WecomApiError(api, null, `HTTP ${res.status}`, transient ? 'transient' : 'permanent');
    }
    let answer: WecomAnswer;
    try {
      answer = (await res.json()) as WecomAnswer;
    } catch {
      throw new WecomApiError(api, null, '应答不是 JSON', 'transient');
    }
    const errcode = typeof answer.errcode === 'number' ? answer.errcode : 0;
    if (errcode !== 0) throw new WecomApiError(api, errcode, String(answer.errmsg ?? ''), classify(errcode));
    return answer;
  }
}
