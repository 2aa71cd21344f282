// The workbench's API as its page uses it: signed in (a code traded through a platform's identity
// exchange), the session cookie and the CSRF token on every POST, answers polled from the notices.
// `identityPlatform` brings a tiny platform of the test's own that offers only 免登: every code
// `code-<account>` names that account, anything else is refused.
import { z } from 'zod';
import type { PlatformPort } from '../../bot/platform-port.js';
import type { PlatformModule } from '../../bot/platforms.js';
import type { IdentityExchange } from '../../bot/web/identity-exchange.js';
import type { ActionState, MeView, NoticeItem } from '../../bot/web/workbench-api.js';
import { waitFor } from './test-guanjia.js';

/** a platform that signs people in and takes nothing else (its port answers nothing, takes no cards) */
export function identityPlatform(platform: 'dingtalk' | 'wecom'): PlatformModule {
  const unused = () => Promise.reject(new Error('this test platform only signs people in'));
  const port: PlatformPort = {
    platform,
    repliesOnly: true,
    sendText: unused,
    sendCard: unused,
    updateCard: unused,
    sendGroupDigest: unused,
    fetchFile: unused,
    sendFile: unused,
  };
  const identity: IdentityExchange = { platform, exchange: async (code) => (code.startsWith('code-') ? code.slice('code-'.length) : null), corpId: 'ding-test-corp' };
  return { name: `test-${platform}-identity`, schema: z.object({}), start: async () => ({ port, identity, stop: async () => {} }) };
}

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
}

export class WorkbenchClient {
  private constructor(
    private readonly base: string,
    readonly cookie: string,
    readonly me: MeView,
  ) {}

  /** signs the account in with the code its identity platform accepts */
  static async signIn(base: string, platform: 'dingtalk' | 'wecom', account: string): Promise<WorkbenchClient> {
    const res = await fetch(`${base}/app/auth/${platform}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: `code-${account}` }) });
    if (res.status !== 200) throw new Error(`sign-in of ${account} answered ${res.status}: ${await res.text()}`);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .filter((c) => !c.endsWith('='))
      .join('; ');
    return new WorkbenchClient(base, cookie, (await res.json()) as MeView);
  }

  async get<T>(path: string): Promise<ApiAnswer<T>> {
    const res = await fetch(`${this.base}/app/api${path}`, { headers: { cookie: this.cookie } });
    return { status: res.status, body: (await res.json()) as T };
  }

  async post<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer<T>> {
    const res = await fetch(`${this.base}/app/api${path}`, {
      method: 'POST',
      headers: { cookie: this.cookie, 'content-type': 'application/json', 'x-csrf-token': this.me.csrf, ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  }

  async notices(after = 0): Promise<NoticeItem[]> {
    const { body } = await this.get<{ notices: NoticeItem[] }>(`/notices?after=${after}`);
    return body.notices;
  }

  /** the newest notice id now, to wait for what comes after it */
  async lastNotice(): Promise<number> {
    return (await this.notices()).at(-1)?.id ?? 0;
  }

  /** waits until the action sent with this key has been handled */
  async handled(accepted: { dedupeKey: string }): Promise<ActionState> {
    return waitFor(async () => {
      const { body } = await this.get<ActionState>(`/actions/${encodeURIComponent(accepted.dedupeKey)}`);
      return body.done && body;
    }, `action ${accepted.dedupeKey} handled`);
  }

  /** waits for a notice after `after` whose text passes `test` */
  async noticeAfter(after: number, test: (text: string) => boolean, what: string): Promise<NoticeItem> {
    return waitFor(async () => (await this.notices(after)).find((n) => test(n.text)), what);
  }
}
