// 不相容岗位分离 through delegation: 城建办 head 钱伟 is away and has named his own staff member 冯磊
// as deputy. 冯磊's own request then waits on 钱伟's step — 冯磊 must get no decision buttons, and a
// typed /同意 or a forged tap is refused, told why, and audited as a security event.
import { readFile } from 'node:fs/promises';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG_FILE } from '../../bot/app.js';
import type { Card } from '../../bot/card-model.js';
import { ConsoleClient, hasButton, type ConsoleMessage } from '../helpers/console-client.js';
import { queuesIdle } from '../helpers/queues-idle.js';
import { startTestGuanjia, waitFor, type TestGuanjia } from '../helpers/test-guanjia.js';

let app: TestGuanjia;
let client: ConsoleClient;

async function organisation(): Promise<string> {
  const doc = parse(await readFile(DEMO_ORG_FILE, 'utf8')) as { delegations: object[] };
  const now = Date.now();
  doc.delegations = [{ from: 'qianwei', to: 'fenglei', starts: new Date(now - 86_400_000).toISOString(), ends: new Date(now + 86_400_000).toISOString() }];
  return stringify(doc);
}

beforeAll(async () => {
  app = await startTestGuanjia({ org: await organisation() });
  client = new ConsoleClient(app.url);
});
afterAll(() => app?.cleanup());

const db = () => app.database.db;
const DECISIONS = ['approve', 'reject', 'return', 'transfer'] as const;
const SELF_APPROVAL = /不能审批自己的申请（不相容岗位分离）/;

describe('a requester who is the deputy of their own approver', () => {
  let requestId: string;
  let no: number;

  it('gets no decision buttons on their own request', async () => {
    const last = await client.lastId('fenglei');
    await client.say('fenglei', '/申请 办公费 800 购买打印纸');
    const draft = await waitFor(async () => (await client.messages('fenglei')).find((m): m is ConsoleMessage & { card: Card } => m.id > last && !!m.card), 'the draft card');
    requestId = draft.card.requestId;
    expect((await client.tap('fenglei', draft, 'submit')).status).toBe(202);
    // 钱伟, the assignee, can decide
    await client.waitForCard('qianwei', hasButton('approve'), requestId);
    const step = await db().step.findFirstOrThrow({ where: { requestId, state: 'active' } });
    expect(step.assignees).toEqual(['qianwei']);
    no = (await db().request.findUniqueOrThrow({ where: { id: requestId } })).no;

    await client.waitForCard('fenglei', hasButton('withdraw'), requestId);
    await queuesIdle(app);
    const cards = (await client.messages('fenglei')).filter((m) => m.card?.requestId === requestId && m.card.status.label === '审批中');
    expect(cards.length).toBeGreaterThan(0);
    for (const m of cards) expect(m.card!.buttons.map((b) => b.action).filter((a) => (DECISIONS as readonly string[]).includes(a))).toEqual([]);
  });

  it('refuses /同意 N with the reason and audits it as a security event', async () => {
    const last = await client.lastId('fenglei');
    await client.say('fenglei', `/同意 ${no} 同意`);
    const audit = await waitFor(
      async () => (await db().auditEvent.findFirst({ where: { subject: `request:${requestId}`, action: 'security.refused', actorId: 'fenglei' } })) ?? undefined,
      'the security audit row',
    );
    expect(audit.data).toMatchObject({ code: 'SELF_APPROVAL', action: 'approve' });
    const reply = await client.waitForText('fenglei', SELF_APPROVAL, last);
    expect(reply.text).toContain(`No.${no}`);
    expect(reply.text).toContain('此次操作已记录');
    expect(await db().decision.count({ where: { requestId } })).toBe(0);
    expect(await db().step.findFirstOrThrow({ where: { requestId, state: 'active' } })).toMatchObject({ assignees: ['qianwei'], approvedBy: [] });
  });

  it('refuses a forged tap the same way', async () => {
    const card = await client.waitForCard('fenglei', hasButton('withdraw'), requestId);
    const last = await client.lastId('fenglei');
    expect((await client.tap('fenglei', card, 'reject', { comment: '不要了' })).status).toBe(202);
    await client.waitForText('fenglei', SELF_APPROVAL, last);
    const refused = await db().auditEvent.findMany({ where: { subject: `request:${requestId}`, action: 'security.refused', actorId: 'fenglei' } });
    expect(refused.map((r) => r.data)).toContainEqual(expect.objectContaining({ code: 'SELF_APPROVAL', action: 'reject' }));
    expect(await db().decision.count({ where: { requestId } })).toBe(0);
    expect((await db().request.findUniqueOrThrow({ where: { id: requestId } })).status).toBe('in_approval');
  });
});
