// A whole Guanjia wired to a local fake Slack: the demo organisation with a Slack member id for every
// person (the demo's own kept) and a supervision channel, the Slack settings pointing at the fake,
// and a SlackSender posting signed requests to the app's /slack/events over a real socket.
import { stringify } from 'yaml';
import type { StartOptions } from '../../bot/app.js';
import { demoOrgDocument } from './demo-org-text.js';
import { FakeSlack, type FakeSlackMessage, type SlackSender } from './fake-slack.js';
import { startTestGuanjia, waitFor, type TestGuanjia } from './test-guanjia.js';

export const SLACK = {
  botToken: 'xoxb-7101-4242-GuanjiaFakeBotToken',
  signingSecret: '5c1e4b3f0a9d8e7c6b5a49382716f0e1',
  botUserId: 'U07QSGUANJ',
  /** the supervision channel (groups.supervision.slack) */
  supervision: 'C07QSSUPERV',
};

export interface SlackTestbed {
  app: TestGuanjia;
  slack: FakeSlack;
  /** signs and posts to the app's /slack/events */
  sender: SlackSender;
  /** person id → Slack member id */
  userOf(personId: string): string;
  stop(): Promise<void>;
}

export interface SlackTestOptions extends StartOptions {
  /** more settings (e.g. SLACK_COMMAND, or SLACK_APP_TOKEN with an API URL that answers apps.connections.open) */
  env?: Record<string, string>;
  /** the Web API the bot is pointed at, when not the fake itself (e.g. a Socket Mode gateway in front of it) */
  apiUrl?: (slack: FakeSlack) => Promise<string> | string;
}

/** Slack member ids look like U07QS2LIUXY: the demo's own, else one made from the person's id */
function memberIdFor(personId: string, given?: string): string {
  return given ?? `U0${personId.toUpperCase().slice(0, 9)}`;
}

export async function startSlackTestbed(options: SlackTestOptions = {}): Promise<SlackTestbed> {
  const { env, apiUrl, ...startOptions } = options;
  const slack = await new FakeSlack({ botToken: SLACK.botToken, signingSecret: SLACK.signingSecret, botUserId: SLACK.botUserId }).start();
  const org = (await demoOrgDocument()) as Awaited<ReturnType<typeof demoOrgDocument>> & { groups: { supervision: Record<string, string> } };
  const users = new Map<string, string>();
  for (const person of org.people) {
    const id = memberIdFor(person.id, person.accounts?.slack);
    person.accounts = { ...person.accounts, slack: id };
    users.set(person.id, id);
    slack.addUser(id, person.id, person.name);
  }
  org.groups.supervision.slack = SLACK.supervision;
  slack.addChannel(SLACK.supervision);
  const app = await startTestGuanjia({
    ...startOptions,
    org: stringify(org),
    env: {
      SLACK_BOT_TOKEN: SLACK.botToken,
      SLACK_SIGNING_SECRET: SLACK.signingSecret,
      SLACK_API_URL: apiUrl ? await apiUrl(slack) : slack.apiUrl,
      ...env,
    },
  });
  return {
    app,
    slack,
    sender: slack.sender(`${app.url}/slack/events`),
    userOf: (personId) => {
      const id = users.get(personId);
      if (!id) throw new Error(`no Slack member for ${personId}`);
      return id;
    },
    stop: async () => {
      await app.cleanup();
      await slack.stop();
    },
  };
}

/** Waits for a message in `userId`'s DM with the bot, after the first `after` of them, that satisfies `ready`. */
export function waitForDm(slack: FakeSlack, userId: string, ready: (m: FakeSlackMessage) => boolean, after = 0, what = 'a message'): Promise<FakeSlackMessage> {
  return waitFor(() => slack.dmMessages(userId).slice(after).find(ready), `${what} in ${userId}'s DM`);
}

/** a button on a message as Slack shows it */
export interface SlackButton {
  text: string;
  actionId: string;
  value?: string;
  url?: string;
}

type BlockLike = {
  type?: string;
  text?: { text?: string };
  fields?: { text?: string }[];
  elements?: { type?: string; text?: unknown; action_id?: string; value?: string; url?: string }[];
};

/** every button of a message's actions blocks */
export function buttonsOf(m: FakeSlackMessage): SlackButton[] {
  return ((m.blocks ?? []) as BlockLike[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? [])
    .filter((e) => e.type === 'button')
    .map((e) => ({ text: (e.text as { text?: string } | undefined)?.text ?? '', actionId: e.action_id ?? '', value: e.value, url: e.url }));
}

/** the buttons that call back (the card's taps), without the link to the workbench */
export function tapsOf(m: FakeSlackMessage): SlackButton[] {
  return buttonsOf(m).filter((b) => b.actionId.startsWith('gj:'));
}

/** all the words of a message: its text, or its blocks' headers, sections, fields and contexts */
export function wordsOf(m: FakeSlackMessage): string {
  if (!m.blocks?.length) return m.text ?? '';
  return (m.blocks as BlockLike[])
    .flatMap((b) => [b.text?.text, ...(b.fields ?? []).map((f) => f.text), ...(b.type === 'context' ? (b.elements ?? []).map((e) => (e.text as string | undefined) ?? '') : [])])
    .filter((t): t is string => typeof t === 'string')
    .join('\n');
}

/** the request number a card shows (its 编号 field), or undefined for a message that is no card */
export function requestNoOf(m: FakeSlackMessage): number | undefined {
  const match = /\*编号\*\nNo\.(\d+)/.exec(wordsOf(m));
  return match ? Number(match[1]) : undefined;
}
