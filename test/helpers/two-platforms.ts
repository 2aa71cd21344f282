// One Guanjia connected to a local WeCom and a local DingTalk at once, on the demo organisation: every
// person has a WeCom userid (as in wecom-guanjia.ts), and the people of 城建办 and 财政所 who take part
// in a chain also have a DingTalk userId. A card goes to every platform where its reader has an
// account; an answer goes back to the platform the command came from.
import { stringify } from 'yaml';
import { demoOrgDocument } from './demo-org-text.js';
import { FakeDingTalk } from './fake-dingtalk.js';
import { FakeWecom } from './fake-wecom.js';
import { FakeWecomClient } from './fake-wecom-client.js';
import { startTestGuanjia, waitFor, type TestGuanjia } from './test-guanjia.js';
import { WECOM } from './wecom-guanjia.js';

/** DingTalk userIds of the demo where it gives none (the demo's own are kept) */
const DINGTALK_ADDED: Record<string, string> = { liuxiaoyan: '0923456712340003', zhengjia: '0923456712340008', hefang: '0923456712340009' };

export interface TwoPlatforms {
  app: TestGuanjia;
  wecom: FakeWecom;
  wecomClient: FakeWecomClient;
  dingtalk: FakeDingTalk;
  /** person id → WeCom userid */
  wecomUser(personId: string): string;
  /** person id → DingTalk userId; throws for someone without one */
  dingtalkUser(personId: string): string;
  stop(): Promise<void>;
}

/**
 * `env`: more settings for the bot (e.g. DINGTALK_CORP_ID for the workbench's 免登), or made from the two fakes' addresses;
 * `requiredAttachments`: the demo's request types keep the files they must carry (费用报销 a 发票 …)
 */
export async function startTwoPlatforms(
  options: {
    env?: Record<string, string> | ((fakes: { wecom: FakeWecom; dingtalk: FakeDingTalk }) => Record<string, string>);
    requiredAttachments?: boolean;
  } = {},
): Promise<TwoPlatforms> {
  const wecom = await new FakeWecom(WECOM).start();
  const dingtalk = await FakeDingTalk.start();
  const org = (await demoOrgDocument({ requiredAttachments: options.requiredAttachments })) as { people: { id: string; accounts?: Record<string, string> }[] };
  const wecomUsers = new Map<string, string>();
  const dingtalkUsers = new Map<string, string>();
  for (const person of org.people) {
    const accounts = { ...person.accounts };
    accounts.wecom ??= person.id.charAt(0).toUpperCase() + person.id.slice(1);
    if (DINGTALK_ADDED[person.id]) accounts.dingtalk = DINGTALK_ADDED[person.id]!;
    person.accounts = accounts;
    wecom.users.add(accounts.wecom);
    wecomUsers.set(person.id, accounts.wecom);
    if (accounts.dingtalk) dingtalkUsers.set(person.id, accounts.dingtalk);
  }
  const app = await startTestGuanjia({
    org: stringify(org),
    env: {
      ...dingtalk.env(),
      WECOM_CORP_ID: WECOM.corpId,
      WECOM_AGENT_ID: String(WECOM.agentId),
      WECOM_SECRET: WECOM.secret,
      WECOM_TOKEN: WECOM.token,
      WECOM_ENCODING_AES_KEY: WECOM.encodingAesKey,
      WECOM_API_BASE: wecom.url,
      ...(typeof options.env === 'function' ? options.env({ wecom, dingtalk }) : options.env),
    },
  });
  await waitFor(() => dingtalk.stream.openConnections > 0, 'the bot to open its DingTalk Stream connection');
  const wecomClient = new FakeWecomClient(wecom);
  wecomClient.callbackUrl = `${app.url}/wecom/callback`;
  return {
    app,
    wecom,
    wecomClient,
    dingtalk,
    wecomUser: (personId) => wecomUsers.get(personId) ?? personId,
    dingtalkUser: (personId) => {
      const id = dingtalkUsers.get(personId);
      if (!id) throw new Error(`${personId} has no DingTalk account in this organisation`);
      return id;
    },
    stop: async () => {
      await app.cleanup();
      await wecom.stop();
      await dingtalk.close();
    },
  };
}
