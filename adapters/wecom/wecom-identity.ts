// 免登 on WeCom (网页授权登录, document/path/91022 and 91023): the workbench is opened through the OAuth
// page (WECOM_OAUTH_BASE, by default open.weixin.qq.com) /connect/oauth2/authorize?appid=CORPID&…
// &scope=snsapi_base, which comes back with ?code=; the code (valid 5 minutes, usable once, issued for
// this corp) is traded here with GET /cgi-bin/auth/getuserinfo?access_token=…&code=… through the app's
// own API client, so the token is shared and refreshed as for every other call. A member comes back as
// userid; anyone else (a WeChat user outside the company) as openid, which names no account of ours.
import type { IdentityExchange } from '../../bot/web/identity-exchange.js';
import type { WecomApi } from './wecom-api.js';
import { WecomApiError } from './wecom-errors.js';

const PATH = '/cgi-bin/auth/getuserinfo';
/** 40029 不合法的oauth_code: unknown, used already, expired, or issued for another corp */
const CODE_REFUSED = new Set([40029]);
/** a code is a short printable token; anything else was never issued by the platform */
const CODE_SHAPE = /^[\x21-\x7e]{1,512}$/;

export class WecomIdentity implements IdentityExchange {
  readonly platform = 'wecom' as const;

  constructor(
    private readonly api: WecomApi,
    private readonly app: { corpId: string; agentId: number },
    /** the OAuth page; WeCom's own unless a private deployment (政务微信) has another */
    private readonly authorizeBase = 'https://open.weixin.qq.com',
  ) {}

  /** 构造网页授权链接: snsapi_base (no consent page, the member's userid only), this app's agentid */
  authorizeUrl(redirectUri: string, state: string): string {
    const query = new URLSearchParams({ appid: this.app.corpId, redirect_uri: redirectUri, response_type: 'code', scope: 'snsapi_base', state, agentid: String(this.app.agentId) });
    return `${this.authorizeBase.replace(/\/+$/, '')}/connect/oauth2/authorize?${query}#wechat_redirect`;
  }

  async exchange(code: string): Promise<string | null> {
    if (!CODE_SHAPE.test(code)) return null;
    let answer: Record<string, unknown>;
    try {
      answer = await this.api.get(PATH, { code });
    } catch (error) {
      if (error instanceof WecomApiError && error.errcode !== null && CODE_REFUSED.has(error.errcode)) return null;
      throw error;
    }
    const userId = answer.userid;
    return typeof userId === 'string' && userId ? userId : null;
  }
}
