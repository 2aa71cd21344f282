// A whole Guanjia wired to a local fake WeCom: the demo organisation with a WeCom account for every
// person, the WeCom settings pointing at the fake, and the fake posting callbacks to the app.
import { readFile } from 'node:fs/promises';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../../adapters/index.js';
import { DEMO_ORG_FILE, type StartOptions } from '../../bot/app.js';
import { FakeWecom, type FakeCard } from './fake-wecom.js';
import { FakeWecomClient, rowOf } from './fake-wecom-client.js';
import { startTestGuanjia, testConfig, waitFor, type TestGuanjia } from './test-guanjia.js';

export const WECOM = {
  corpId: 'ww3f6a0c2e1b9d8a77',
  agentId: 1000002,
  secret: 'fake-secret-0123456789abcdefghijklmnopqrstu',
  token: 'GjCallbackToken42',
  encodingAesKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aQ',
};

export interface WecomTestbed {
  app: TestGuanjia;
  wecom: FakeWecom;
  client: FakeWecomClient;
  /** person id → WeCom userid */
  userOf: (personId: string) => string;
  stop(): Promise<void>;
}

export interface WecomTestOptions extends StartOptions {
  /** groups.supervision.wecom in the organisation file */
  supervision?: string;
  /** people whose WeCom account is in the organisation file but not in the company */
  notInCompany?: string[];
}

/** WeCom style userids: 冯磊 fenglei → FengLei where the demo has none. */
function userIdFor(personId: string, given?: string): string {
  return given ?? personId.charAt(0).toUpperCase() + personId.slice(1);
}

export async function startWecomTestbed(options: WecomTestOptions = {}): Promise<WecomTestbed> {
  const { supervision, notInCompany = [], ...startOptions } = options;
  const wecom = await new FakeWecom(WECOM).start();
  const org = parse(await readFile(DEMO_ORG_FILE, 'utf8')) as {
    people: { id: string; accounts?: Record<string, string> }[];
    groups: { supervision: Record<string, string> };
  };
  const users = new Map<string, string>();
  for (const person of org.people) {
    person.accounts = { ...person.accounts, wecom: userIdFor(person.id, person.accounts?.wecom) };
    users.set(person.id, person.accounts.wecom!);
    if (!notInCompany.includes(person.id)) wecom.users.add(person.accounts.wecom!);
  }
  if (supervision) org.groups.supervision.wecom = supervision;
  const base = await testConfig({ org: stringify(org) });
  const settings = loadConfig({
    WECOM_CORP_ID: WECOM.corpId,
    WECOM_AGENT_ID: String(WECOM.agentId),
    WECOM_SECRET: WECOM.secret,
    WECOM_TOKEN: WECOM.token,
    WECOM_ENCODING_AES_KEY: WECOM.encodingAesKey,
    WECOM_API_BASE: wecom.url,
    // the workbench's sign-in goes through the fake's OAuth page too
    WECOM_OAUTH_BASE: wecom.url,
  });
  const app = await startTestGuanjia({
    reuse: { ...base, ...pick(settings, ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY', 'WECOM_API_BASE', 'WECOM_OAUTH_BASE']) },
    ...startOptions,
  });
  const client = new FakeWecomClient(wecom);
  client.callbackUrl = `${app.url}/wecom/callback`;
  return {
    app,
    wecom,
    client,
    userOf: (personId) => users.get(personId) ?? personId,
    stop: async () => {
      await app.cleanup();
      await wecom.stop();
    },
  };
}

function pick<T extends object, K extends keyof T>(from: T, keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, from[k]])) as Pick<T, K>;
}

/** The newest card of request No.`no` sent to `userId` that satisfies `ready`. */
export async function waitForCard(wecom: FakeWecom, userId: string, no: number, ready: (card: FakeCard) => boolean = () => true, what = ''): Promise<FakeCard> {
  return waitFor(() => {
    const mine = [...wecom.cards.values()].filter((c) => c.userId === userId && rowOf(c, '编号') === `No.${no}`);
    return mine.reverse().find(ready);
  }, `WeCom card No.${no} for ${userId} ${what}`);
}

export async function waitForText(wecom: FakeWecom, userId: string, pattern: RegExp, after = 0): Promise<string> {
  return waitFor(() => wecom.texts.slice(after).find((t) => t.userId === userId && pattern.test(t.content))?.content, `WeCom text ${pattern} to ${userId}`);
}
