// 免登: how a platform tells us who opened the workbench. The page gets a one-time code from the
// platform (WeCom web OAuth `snsapi_base` redirects with ?code=; a DingTalk micro-app asks the JSAPI
// for an auth code) and the server trades it, through the adapter's own API client, for the account
// — never trusting an account the browser names. Each adapter that can do this offers one.
import type { Platform } from '../../workflows/domain/org-file.js';

export interface IdentityExchange {
  readonly platform: Extract<Platform, 'wecom' | 'dingtalk'>;
  /**
   * The platform account behind a sign-in code, as the platform spells it; null when the platform
   * refuses the code (unknown, used already, expired, issued to another corp). Throws when the
   * platform cannot be reached (the caller answers 503).
   */
  exchange(code: string): Promise<string | null>;
  /**
   * Where the browser goes to get a code, for platforms that sign in by redirect (WeCom web OAuth):
   * the platform sends it back to `redirectUri` with ?code= and the `state` given.
   */
  authorizeUrl?(redirectUri: string, state: string): string;
  /** for platforms whose page asks a JSAPI for the code (DingTalk's requestAuthCode): the organisation's id it needs */
  readonly corpId?: string;
}
