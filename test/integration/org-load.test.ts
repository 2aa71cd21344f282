// Loading the organisation file (组织与策略文件) into a running Guanjia: idempotent, budget changes as
// ADJUST rows, new policy versions that never touch requests in flight, people deactivated but not
// erased, and a bad file refused as a whole with every problem named by its path.
import { readFile } from 'node:fs/promises';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG_FILE, startGuanjia } from '../../bot/app.js';
import type { Card } from '../../bot/card-model.js';
import { isAppError, type AppError } from '../../workflows/domain/errors.js';
import { parseOrgText } from '../../workflows/domain/parse-org.js';
import { verifyAuditChain } from '../../workflows/infra/audit.js';
import { openDatabase } from '../../workflows/infra/db.js';
import { ledgerTotals } from '../../workflows/infra/ledger.js';
import { loadOrganisation } from '../../workflows/infra/load-org.js';
import { ConsoleClient, hasButton, type ConsoleMessage } from '../helpers/console-client.js';
import { dropTestData, startTestGuanjia, testConfig, waitFor, type TestGuanjia } from '../helpers/test-guanjia.js';

type CardMessage = ConsoleMessage & { card: Card };
/** the organisation file as plain data, to edit like an administrator edits the YAML */
interface OrgDoc {
  people: { id: string; name: string; department: string; [k: string]: unknown }[];
  budget: { department: string; subject: string; project?: string; amount: string; id?: string }[];
  policy: { collectiveThreshold: string; requestTypes: { name: string; steps: { name: string; role: string; minAmount?: string; [k: string]: unknown }[] }[] };
  [k: string]: unknown;
}

let app: TestGuanjia;
let client: ConsoleClient;
let demoText = '';

beforeAll(async () => {
  demoText = await readFile(DEMO_ORG_FILE, 'utf8');
  app = await startTestGuanjia({ org: demoText });
  client = new ConsoleClient(app.url);
});
afterAll(() => app?.cleanup());

const db = () => app.database.db;
const demo = (): OrgDoc => parse(demoText) as OrgDoc;
const load = (doc: OrgDoc | string) => loadOrganisation(db(), parseOrgText(typeof doc === 'string' ? doc : stringify(doc)), 'org.yaml', new Date());
const line = (departmentId: string, subject: string) => db().budgetLine.findFirstOrThrow({ where: { departmentId, subject } });
const budgetOf = (doc: OrgDoc, department: string, subject: string) => doc.budget.find((l) => l.department === department && l.subject === subject)!;

/** Row counts of everything an organisation load could touch. */
async function counts() {
  const [people, active, accounts, roles, delegations, departments, lines, ledger, policies, audit, requests, steps, decisions] = await Promise.all([
    db().person.count(),
    db().person.count({ where: { active: true } }),
    db().platformAccount.count(),
    db().roleAssignment.count(),
    db().delegation.count(),
    db().department.count(),
    db().budgetLine.count(),
    db().ledgerEntry.count(),
    db().policyVersion.count(),
    // notifications are audited when delivered, possibly after a test moved on: count the rest
    db().auditEvent.count({ where: { NOT: { action: { startsWith: 'notify.' } } } }),
    db().request.count(),
    db().step.count(),
    db().decision.count(),
  ]);
  return { people, active, accounts, roles, delegations, departments, lines, ledger, policies, audit, requests, steps, decisions };
}

async function failure(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('expected the load to fail');
}

async function apply(as: string, text: string): Promise<CardMessage> {
  const last = await client.lastId(as);
  await client.say(as, text);
  return waitFor(async () => (await client.messages(as)).find((m): m is CardMessage => m.id > last && !!m.card), `draft card for ${as}`);
}

async function approve(as: string, requestId: string): Promise<void> {
  const card = await client.waitForCard(as, hasButton('approve'), requestId);
  const last = await client.lastId(as);
  expect((await client.tap(as, card, 'approve')).status).toBe(202);
  await client.waitForText(as, /已同意/, last);
}

describe('loading the same file again', () => {
  it('changes nothing but adds one org.loaded audit event', async () => {
    const before = await counts();
    const linesBefore = await db().budgetLine.findMany({ orderBy: { id: 'asc' } });
    const policy = await db().policyVersion.findFirstOrThrow({ orderBy: { version: 'desc' } });

    const result = await load(demoText);
    expect(result).toEqual({ policyVersion: policy.version, policyChanged: false, budget: { created: 0, adjusted: 0 }, people: before.people });

    expect(await counts()).toEqual({ ...before, audit: before.audit + 1 });
    expect(await db().budgetLine.findMany({ orderBy: { id: 'asc' } })).toEqual(linesBefore.map((l) => ({ ...l, updatedAt: expect.any(Date) })));
    const last = await db().auditEvent.findFirstOrThrow({ orderBy: { seq: 'desc' } });
    expect(last).toMatchObject({ action: 'org.loaded', policyVersion: policy.version });
    expect(last.data).toMatchObject({ policyChanged: false, budget: { created: 0, adjusted: 0 } });
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true });
  });
});

describe('changing a budget amount', () => {
  it('adds one ADJUST row of the difference, up or down, and moves adjusted', async () => {
    const before = await line('cjb', '办公费');
    const ledgerBefore = await db().ledgerEntry.count();

    const doc = demo();
    budgetOf(doc, 'cjb', '办公费').amount = '65000.50';
    expect((await load(doc)).budget).toEqual({ created: 0, adjusted: 1 });
    const up = await line('cjb', '办公费');
    expect(up.allotted).toBe(before.allotted);
    expect(up.adjusted).toBe(before.adjusted + 1_500_050n);
    const adjusts = await db().ledgerEntry.findMany({ where: { lineId: before.id, kind: 'ADJUST' } });
    expect(adjusts.map((e) => e.amount)).toEqual([1_500_050n]);
    expect(await db().ledgerEntry.count()).toBe(ledgerBefore + 1);

    // loading the edited file again is idempotent too
    expect((await load(doc)).budget).toEqual({ created: 0, adjusted: 0 });
    expect(await db().ledgerEntry.count()).toBe(ledgerBefore + 1);

    budgetOf(doc, 'cjb', '办公费').amount = '45000';
    await load(doc);
    const down = await line('cjb', '办公费');
    expect(down.adjusted).toBe(before.adjusted - 500_000n);
    expect((await db().ledgerEntry.findMany({ where: { lineId: before.id, kind: 'ADJUST' }, orderBy: { id: 'asc' } })).map((e) => e.amount)).toEqual([1_500_050n, -2_000_050n]);
    expect(await db().$transaction((tx) => ledgerTotals(tx, before.id))).toEqual({
      allotted: down.allotted,
      adjusted: down.adjusted,
      frozen: down.frozen,
      committed: down.committed,
      spent: down.spent,
    });

    // a balance query shows the new amount
    const last = await client.lastId('fenglei');
    await client.say('fenglei', '/预算 办公费');
    const answer = await client.waitForText('fenglei', /预算余额/, last);
    expect(answer.text).toContain('城建办 / 办公费：可用 45,000.00 元');

    await load(demoText);
    expect((await line('cjb', '办公费')).adjusted).toBe(before.adjusted);
  });
});

describe('reloading after an approved 预算调整', () => {
  it('keeps the 追加: the file states the allotment, the approved request adds to it', async () => {
    const { service } = app.deps;
    const as = (personId: string) => ({ personId, platform: 'console' as const, account: personId });
    const before = await line('jgw', '培训费');
    const { id } = await service.requests.draft(as('lintao'), { type: '预算调整', subject: '培训费', amount: 1_000_000n, purpose: '追加培训费' });
    await service.requests.submit(as('lintao'), id);
    for (;;) {
      const request = await db().request.findUniqueOrThrow({ where: { id } });
      if (request.status !== 'in_approval') break;
      const step = await db().step.findFirstOrThrow({ where: { requestId: id, round: request.round, state: 'active' } });
      await service.requests.decide(as(step.assignees[0]!), { requestId: id, stepId: step.id, action: 'approve', comment: '' });
    }
    expect((await line('jgw', '培训费')).adjusted).toBe(before.adjusted + 1_000_000n);

    // the same file again: nothing to adjust, the 追加 stays
    expect((await load(demoText)).budget).toEqual({ created: 0, adjusted: 0 });
    expect((await line('jgw', '培训费')).adjusted).toBe(before.adjusted + 1_000_000n);

    // a change in the file still applies, on top of the 追加, and going back to the file's amount keeps it too
    const doc = demo();
    budgetOf(doc, 'jgw', '培训费').amount = '70000';
    expect((await load(doc)).budget).toEqual({ created: 0, adjusted: 1 });
    const raised = await line('jgw', '培训费');
    expect(raised.allotted + raised.adjusted).toBe(before.allotted + before.adjusted + 2_000_000n);
    await load(demoText);
    expect((await line('jgw', '培训费')).adjusted).toBe(before.adjusted + 1_000_000n);
    expect(await db().$transaction((tx) => ledgerTotals(tx, before.id))).toMatchObject({ adjusted: before.adjusted + 1_000_000n });
  });
});

describe('changing the policy', () => {
  it('makes a new version; a request already submitted keeps its frozen route and is approved through it', async () => {
    const draft = await apply('fenglei', '/申请 办公费 1200 购买打印纸');
    const requestId = draft.card.requestId;
    expect((await client.tap('fenglei', draft, 'submit')).status).toBe(202);
    await client.waitForCard('qianwei', hasButton('approve'), requestId);
    const submitted = await db().request.findUniqueOrThrow({ where: { id: requestId }, include: { steps: true } });
    const oldVersion = submitted.policyVersion;

    // the administrator makes 主要领导 sign every 用款申请
    const doc = demo();
    const useType = doc.policy.requestTypes.find((t) => t.name === '用款申请')!;
    delete useType.steps.find((s) => s.role === 'principal')!.minAmount;
    const result = await load(doc);
    expect(result).toMatchObject({ policyVersion: oldVersion + 1, policyChanged: true });
    expect(await db().auditEvent.findFirstOrThrow({ orderBy: { seq: 'desc' } })).toMatchObject({ action: 'org.loaded', policyVersion: oldVersion + 1 });

    // the new policy applies to new requests …
    const fresh = await apply('fenglei', '/申请 办公费 100 墨盒');
    expect(fresh.card.route.map((s) => s.name)).toEqual(['部门负责人审核', '分管领导审批', '财务审核', '主要领导审批']);
    expect((await db().request.findUniqueOrThrow({ where: { id: fresh.card.requestId } })).policyVersion).toBe(oldVersion + 1);

    // … never to the one in flight
    const inFlight = await db().request.findUniqueOrThrow({ where: { id: requestId }, include: { steps: true } });
    expect(inFlight.policyVersion).toBe(oldVersion);
    expect(inFlight.route).toEqual(submitted.route);
    expect(inFlight.steps.map((s) => s.assignees)).toEqual(submitted.steps.map((s) => s.assignees));

    await approve('qianwei', requestId);
    await approve('liuxiaoyan', requestId);
    await approve('zhengjia', requestId);
    const done = await client.waitForCard('fenglei', (c) => c.status.label === '已通过', requestId);
    expect(done.card.route.map((s) => s.name)).toEqual(['部门负责人审核', '分管领导审批', '财务审核']);
    const closed = await db().request.findUniqueOrThrow({ where: { id: requestId }, include: { steps: true } });
    expect(closed).toMatchObject({ status: 'approved', policyVersion: oldVersion });
    expect(closed.steps.map((s) => s.state)).toEqual(['approved', 'approved', 'approved']);
    const decisionEvents = await db().auditEvent.findMany({ where: { subject: `request:${requestId}`, action: 'decision.approve' } });
    expect(decisionEvents.map((e) => e.policyVersion)).toEqual([oldVersion, oldVersion, oldVersion]);

    // going back to the old text is a change again: a new version, history untouched
    expect(await load(demoText)).toMatchObject({ policyVersion: oldVersion + 2, policyChanged: true });
    expect(await db().policyVersion.count()).toBe(oldVersion + 2);
  });
});

describe('removing a person', () => {
  it('deactivates them without deleting their history; the console refuses them', async () => {
    const draft = await apply('xujing', '/申请 办公费 100 档案盒');
    const requestId = draft.card.requestId;
    const historyBefore = {
      audit: await db().auditEvent.count({ where: { actorId: 'xujing' } }),
      messages: await db().consoleMessage.count({ where: { conversation: 'xujing' } }),
    };
    expect(historyBefore.audit).toBeGreaterThan(0);

    const doc = demo();
    doc.people = doc.people.filter((p) => p.id !== 'xujing');
    expect((await load(doc)).people).toBe(doc.people.length);

    expect(await db().person.findUniqueOrThrow({ where: { id: 'xujing' } })).toMatchObject({ name: '许静', active: false });
    expect(await db().platformAccount.count({ where: { personId: 'xujing' } })).toBe(0);
    const said = await client.post('messages', { as: 'xujing', text: '/帮助' });
    expect(said.status).toBe(403);
    expect(said.body.error?.code).toBe('UNKNOWN_PERSON');
    expect((await fetch(`${app.url}/console/api/conversations/xujing`)).status).toBe(403);
    expect((await client.post('actions', { as: 'xujing', messageId: draft.id, action: 'submit', requestId })).status).toBe(403);
    const orgView = (await (await fetch(`${app.url}/console/api/org`)).json()) as { people: { id: string }[] };
    expect(orgView.people.map((p) => p.id)).not.toContain('xujing');

    // history stays
    expect(await db().request.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ requesterId: 'xujing', status: 'draft' });
    expect(await db().auditEvent.count({ where: { actorId: 'xujing' } })).toBe(historyBefore.audit);
    expect(await db().consoleMessage.count({ where: { conversation: 'xujing' } })).toBe(historyBefore.messages);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true });

    // the same file with them in it again brings them back
    await load(demoText);
    expect((await db().person.findUniqueOrThrow({ where: { id: 'xujing' } })).active).toBe(true);
    expect((await client.post('messages', { as: 'xujing', text: '/帮助' })).status).toBe(202);
  });
});

describe('a bad file', () => {
  it('lists every problem with its path and changes nothing', async () => {
    const doc = demo();
    doc.people[3]!.department = 'cz';
    doc.people.push({ ...doc.people[5]!, name: '孙丽（重复）' });
    doc.budget[0]!.amount = '12.345';
    doc.budget[1]!.amount = '-100';
    const before = await counts();

    const error = await failure(() => load(doc));
    expect(error.code).toBe('ORG_INVALID');
    const problems = error.details.problems as string[];
    const duplicate = doc.people.length - 1;
    expect(problems).toEqual(
      expect.arrayContaining([
        `people[3].department: 未知部门 "cz"`,
        `people[${duplicate}].id: 重复的人员编号 "${doc.people[5]!.id}"`,
        `budget[0].amount: 金额无效 "12.345"`,
        `budget[1].amount: 金额无效 "-100"`,
      ]),
    );
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['a YAML syntax error', (text: string) => text.replace('unit:\n', 'unit:\n\t'), /^第 \d+ 行: /],
    ['a missing field', (text: string) => text.replace(/name: 青石街道办事处\s*#[^\n]*\n/, ''), /^unit\.name: 缺少必填项$/],
    ['an unknown role holder', (text: string) => text.replace('finance: [wugang, zhengjia]', 'finance: [wugang, zhengjai]'), /^roles\.finance\[1\]: 未知人员 "zhengjai"$/],
  ])('names %s', async (_what, edit, problem) => {
    const text = edit(demoText);
    expect(text).not.toBe(demoText);
    const before = await counts();
    const error = await failure(() => load(text));
    expect(error.code).toBe('ORG_INVALID');
    expect(error.details.problems).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
    expect(await counts()).toEqual(before);
  });
});

describe('reducing a budget below what is frozen', () => {
  it('is refused with a clear Chinese problem and nothing is half-loaded', async () => {
    const draft = await apply('fenglei', '/申请 专用材料费 80000 防汛沙袋');
    const requestId = draft.card.requestId;
    await client.tap('fenglei', draft, 'submit');
    await client.waitForCard('qianwei', hasButton('approve'), requestId);
    const lineBefore = await line('cjb', '专用材料费');
    expect(lineBefore.frozen).toBe(8_000_000n);

    // the same file also renames a person and changes the policy: none of it may stick
    const doc = demo();
    budgetOf(doc, 'cjb', '专用材料费').amount = '50000';
    doc.people.find((p) => p.id === 'fenglei')!.name = '冯磊磊';
    doc.policy.collectiveThreshold = '200000';
    const before = await counts();

    const error = await failure(() => load(doc));
    expect(error.code).toBe('ORG_INVALID');
    const index = doc.budget.findIndex((l) => l.department === 'cjb' && l.subject === '专用材料费');
    expect(error.details.problems).toEqual([
      `budget[${index}].amount: 「城建办 / 专用材料费」调减为 50,000.00 元，低于已冻结 80,000.00 元、已承诺 0.00 元与已支出 0.00 元之和，请先核对预算执行情况`,
    ]);

    expect(await counts()).toEqual(before);
    expect(await line('cjb', '专用材料费')).toEqual(lineBefore);
    expect((await db().person.findUniqueOrThrow({ where: { id: 'fenglei' } })).name).toBe('冯磊');
    expect((await db().policyVersion.findFirstOrThrow({ orderBy: { version: 'desc' } })).policy).toMatchObject({ collectiveThreshold: '300000' });
    expect((await db().request.findUniqueOrThrow({ where: { id: requestId } })).status).toBe('in_approval');

    // reducing to exactly what is committed is allowed
    budgetOf(doc, 'cjb', '专用材料费').amount = '80000';
    doc.people.find((p) => p.id === 'fenglei')!.name = '冯磊';
    doc.policy.collectiveThreshold = '300000';
    expect((await load(doc)).budget).toEqual({ created: 0, adjusted: 1 });
    const full = await line('cjb', '专用材料费');
    expect(full.allotted + full.adjusted - full.frozen - full.committed - full.spent).toBe(0n);
    await load(demoText);
  });
});

describe('starting with a bad ORG_FILE', () => {
  it('rejects, naming the problems, and loads nothing', async () => {
    const doc = demo();
    doc.people[3]!.department = 'cz';
    const config = await testConfig({ org: stringify(doc) });
    try {
      const error = await failure(() => startGuanjia(config, { digestWindowMs: 500 }));
      expect(error.code).toBe('ORG_INVALID');
      expect(error.details.problems).toEqual([`people[3].department: 未知部门 "cz"`]);
      const database = await openDatabase({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, dataDir: config.dataDir });
      try {
        expect(await database.db.policyVersion.count()).toBe(0);
        expect(await database.db.person.count()).toBe(0);
        expect(await database.db.auditEvent.count()).toBe(0);
      } finally {
        await database.close();
      }
    } finally {
      await dropTestData(config);
    }
  });
});
