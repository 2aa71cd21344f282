// 免登 on DingTalk (企业内部应用免登): the workbench, opened as the app's H5 micro-app, asks the JSAPI
// dd.runtime.permission.requestAuthCode({ corpId }) for an auth code (valid 5 minutes, usable once,
// issued for this corp's app) and posts it; the code is traded here with the old-style API
// POST /topapi/v2/user/getuserinfo?access_token=… { code } → { result: { userid } }, through the
// adapter's own client and token. errcode 40078 不存在的临时授权码 covers a code that is unknown,
// used, expired or issued elsewhere (钉钉「免登常见问题」).
import type { IdentityExchange } from '../../bot/web/identity-exchange.js';
import type { DingTalkApi } from './dingtalk-api.js';
import { oapiJson } from './oapi-request.js';
import { DingTalkApiError } from './openapi-request.js';

const PATH = '/topapi/v2/user/getuserinfo';
const CODE_REFUSED = new Set(['40078']);
/** a code is a short printable token; anything else was never issued by the platform */
const CODE_SHAPE = /^[\x21-\x7e]{1,512}$/;
/** someone is waiting on the page: one more try at most, then the caller answers 503 */
const ATTEMPTS = 2;

export class DingTalkIdentity implements IdentityExchange {
  readonly platform = 'dingtalk' as const;

  /** `oapiBase`: the old-style API's host (DINGTALK_OAPI_BASE); `corpId` (DINGTALK_CORP_ID): the page's requestAuthCode needs it */
  constructor(
    private readonly api: DingTalkApi,
    private readonly oapiBase: string,
    readonly corpId?: string,
  ) {}

  async exchange(code: string): Promise<string | null> {
    if (!CODE_SHAPE.test(code)) return null;
    let answer: Record<string, unknown>;
    try {
      answer = await this.api.oapi(`${this.oapiBase}${PATH}`, oapiJson({ code }), { attempts: ATTEMPTS });
    } catch (error) {
      if (error instanceof DingTalkApiError && CODE_REFUSED.has(error.code)) return null;
      throw error;
    }
    const userId = (answer.result as { userid?: unknown } | undefined)?.userid;
    return typeof userId === 'string' && userId ? userId : null;
  }
}
