// A double tap, a platform retry and a replayed event produce exactly one decision: the edge keeps
// each delivery id and drops a repeat, the queue drops a repeat of a queued event by its dedupe key,
// the handler's claim drops one that reached the queue anyway, and the step's compare-and-set
// refuses a second tap with its own key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Card } from '../../bot/card-model.js';
import { renderRequestCard } from '../../bot/cards/render-request-card.js';
import type { Logger } from '../../bot/deps.js';
import { handleInbound } from '../../bot/handle-inbound.js';
import type { InboundEvent } from '../../bot/inbound-event.js';
import type { QueueName } from '../../bot/jobs/index.js';
import { ledgerTotals } from '../../workflows/infra/ledger.js';
import { loadRequestView } from '../../workflows/infra/queries.js';
import { ConsoleClient, hasButton, type ConsoleMessage } from '../helpers/console-client.js';
import { startTestGuanjia, waitFor, type TestGuanjia } from '../helpers/test-guanjia.js';

type CardMessage = ConsoleMessage & { card: Card };
type LogEntry = { level: string; msg: string } & Record<string, unknown>;

let app: TestGuanjia;
let client: ConsoleClient;
const logs: LogEntry[] = [];

/** Keeps every line, with the fields of the child logger (the job's context) that wrote it. */
const capture = (context: Record<string, unknown>): Logger => ({
  debug: () => {},
  info: (msg, data) => void logs.push({ level: 'info', msg, ...context, ...data }),
  warn: (msg, data) => void logs.push({ level: 'warn', msg, ...context, ...data }),
  error: (msg, data) => {
    logs.push({ level: 'error', msg, ...context, ...data });
    console.error(msg, context, data);
  },
  child: (fields) => capture({ ...context, ...fields }),
});
const log = capture({});

beforeAll(async () => {
  app = await startTestGuanjia({ log });
  client = new ConsoleClient(app.url);
});
afterAll(() => app?.cleanup());

/** fenglei asks for `yuan` from 城建办 / 办公费 and submits; qianwei then holds the first step. */
async function submitted(yuan: string, purpose: string): Promise<{ requestId: string; no: number }> {
  const last = await client.lastId('fenglei');
  await client.say('fenglei', `/申请 办公费 ${yuan} ${purpose}`);
  const draft = await waitFor(
    async () => (await client.messages('fenglei')).find((m): m is CardMessage => m.id > last && !!m.card && hasButton('submit')(m.card)),
    `draft card for ${purpose}`,
  );
  expect((await client.tap('fenglei', draft, 'submit')).status).toBe(202);
  const requestId = draft.card.requestId;
  await client.waitForCard('qianwei', hasButton('approve'), requestId);
  const { no } = await app.database.db.request.findUniqueOrThrow({ where: { id: requestId } });
  return { requestId, no };
}

/** Taps 同意 as `as` on their card of the request and waits for the step to move on. */
async function approveAs(as: string, requestId: string): Promise<void> {
  const card = await client.waitForCard(as, hasButton('approve'), requestId);
  const before = await app.database.db.decision.count({ where: { requestId } });
  expect((await client.tap(as, card, 'approve')).status).toBe(202);
  await waitFor(async () => (await app.database.db.decision.count({ where: { requestId } })) > before, `${as}'s decision`);
}

/** Nothing left to run: every outbox row dispatched, inbound and notify queues empty. */
async function settle(): Promise<void> {
  const busy = async (name: QueueName) => {
    const counts = await app.deps.queues.queue(name).getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    return Object.values(counts).some((n) => n > 0);
  };
  await waitFor(async () => {
    if ((await app.database.db.outbox.count({ where: { dispatchedAt: null } })) > 0) return false;
    if (await busy('inbound')) return false;
    return !(await busy('notify'));
  }, 'queues to settle');
}

async function texts(as: string, pattern: RegExp): Promise<string[]> {
  return (await client.messages(as)).filter((m) => m.direction === 'out' && m.text && pattern.test(m.text)).map((m) => m.text!);
}

/** Every copy of the request's card, in every conversation, shows what the database says now. */
async function expectCardsCurrent(requestId: string): Promise<Map<string, Card[]>> {
  const view = await loadRequestView(app.database.db, requestId);
  const refs = await app.database.db.cardRef.findMany({ where: { requestId, platform: 'console' } });
  expect(refs.length).toBeGreaterThan(0);
  const byPerson = new Map<string, Card[]>();
  for (const ref of refs) {
    const messageId = Number((ref.handle as { messageId: string }).messageId);
    const message = (await client.messages(ref.recipient)).find((m) => m.id === messageId);
    expect(message?.card, `card ${messageId} of ${ref.recipient}`).toBeDefined();
    expect(message!.card).toEqual(renderRequestCard(view!, ref.recipient, new Date(), app.deps.tz, app.deps.fileLinks));
    byPerson.set(ref.recipient, [...(byPerson.get(ref.recipient) ?? []), message!.card!]);
  }
  return byPerson;
}

const jobIdOf = (dedupeKey: string) => `in-${dedupeKey.replace(/:/g, '_')}`;

describe('replayed and doubled inbound events', () => {
  it('(a) the same event enqueued twice at once, and again after it finished, decides once and replies once', async () => {
    const { requestId, no } = await submitted('101', '重放测试甲');
    const step = await app.database.db.step.findFirstOrThrow({ where: { requestId, state: 'active' } });
    const event: InboundEvent = {
      kind: 'button',
      platform: 'console',
      account: 'qianwei',
      dedupeKey: `console:platform-retry-${no}`,
      at: new Date().toISOString(),
      action: 'approve',
      requestId,
      stepId: step.id,
      comment: '',
    };
    await Promise.all([app.enqueue(event), app.enqueue(event)]);
    const done = new RegExp(`No\\.${no}：已同意`);
    await client.waitForText('qianwei', done);
    await waitFor(async () => (await app.database.db.inboundKey.findUnique({ where: { key: event.dedupeKey } }))?.doneAt ?? undefined, 'the delivery marked done');
    await settle();

    // While the queue remembers the job, a replay is dropped there.
    const inbound = app.deps.queues.queue('inbound');
    expect(await (await inbound.getJob(jobIdOf(event.dedupeKey)))?.getState()).toBe('completed');
    await app.enqueue(event);
    expect(await (await inbound.getJob(jobIdOf(event.dedupeKey)))?.getState()).toBe('completed');
    expect(logs.filter((l) => l.msg === 'duplicate delivery ignored' && l.key === event.dedupeKey)).toHaveLength(0);

    // Once the queue forgot it (completed jobs age out; Redis may lose them), the edge finds the
    // kept delivery id and queues nothing…
    await (await inbound.getJob(jobIdOf(event.dedupeKey)))!.remove();
    await app.enqueue(event);
    expect(await inbound.getJob(jobIdOf(event.dedupeKey))).toBeUndefined();
    // …and a copy that reaches the queue all the same (queued straight there) is stopped by the handler's claim.
    await app.deps.queues.enqueue('inbound.event', event, { jobId: jobIdOf(event.dedupeKey) });
    await waitFor(async () => (await (await inbound.getJob(jobIdOf(event.dedupeKey)))?.getState()) === 'completed', 'the replayed job to run');
    const ignored = logs.filter((l) => l.msg === 'duplicate delivery ignored' && l.key === event.dedupeKey);
    expect(ignored).toHaveLength(1);
    // the job's log line says which job and delivery it is about (a child logger per job)
    expect(ignored[0]).toMatchObject({ job: 'inbound.event', delivery: event.dedupeKey, platform: 'console', requestId });
    await settle();

    const decisions = await app.database.db.decision.findMany({ where: { requestId } });
    expect(decisions.map((d) => [d.stepId, d.personId, d.action])).toEqual([[step.id, 'qianwei', 'approve']]);
    expect(await texts('qianwei', done)).toHaveLength(1);
    expect(await texts('qianwei', /已经处理过或已失效/)).toHaveLength(0);
    // the request moved exactly one step
    const steps = await app.database.db.step.findMany({ where: { requestId }, orderBy: { index: 'asc' } });
    expect(steps.map((s) => s.state)).toEqual(['approved', 'active', 'waiting']);
    expect(await app.database.db.auditEvent.count({ where: { subject: `request:${requestId}`, action: 'decision.approve' } })).toBe(1);
  });

  it('(b) a double tap with two delivery ids decides once, tells the second tap it is stale, and re-renders every card', async () => {
    const { requestId, no } = await submitted('102', '重放测试乙');
    const card = await client.waitForCard('qianwei', hasButton('approve'), requestId);
    const [first, second] = await Promise.all([client.tap('qianwei', card, 'approve'), client.tap('qianwei', card, 'approve')]);
    expect([first.status, second.status]).toEqual([202, 202]);
    expect((first.body as { dedupeKey?: string }).dedupeKey).not.toBe((second.body as { dedupeKey?: string }).dedupeKey);

    const done = new RegExp(`No\\.${no}：已同意`);
    await client.waitForText('qianwei', done);
    await client.waitForText('qianwei', new RegExp(`申请 No\\.${no} 的这个环节已经处理过或已失效`));
    await settle();

    expect(await app.database.db.decision.count({ where: { requestId } })).toBe(1);
    expect(await texts('qianwei', done)).toHaveLength(1);
    expect(await texts('qianwei', new RegExp(`No\\.${no}.*已经处理过或已失效`))).toHaveLength(1);
    const refused = await app.database.db.auditEvent.findMany({ where: { subject: `request:${requestId}`, action: 'decision.refused' } });
    expect(refused.map((e) => (e.data as { code: string }).code)).toEqual(['STEP_CLOSED']);

    const cards = await expectCardsCurrent(requestId);
    for (const c of cards.get('qianwei')!) {
      expect(c.route[0]!.state).toBe('approved');
      expect(c.buttons).toEqual([]);
    }
    const mine = cards.get('fenglei')!.at(-1)!;
    expect(mine.route.map((s) => s.stateLabel)).toEqual(['已同意', '待审批', '未开始']);
    expect(mine.buttons.map((b) => b.action)).toEqual(['withdraw']);
    expect(
      cards
        .get('liuxiaoyan')!
        .at(-1)!
        .buttons.map((b) => b.action),
    ).toContain('approve');
  });

  it('(b) a double tap of 驳回 rejects once and releases the budget once', async () => {
    const line = () => app.database.db.budgetLine.findFirstOrThrow({ where: { departmentId: 'cjb', subject: '办公费' } });
    const { requestId, no } = await submitted('103', '重放测试丙');
    const frozen = (await line()).frozen;
    const card = await client.waitForCard('qianwei', hasButton('reject'), requestId);
    await Promise.all([client.tap('qianwei', card, 'reject', { comment: '预算用途不明' }), client.tap('qianwei', card, 'reject', { comment: '预算用途不明' })]);
    await client.waitForText('qianwei', new RegExp(`No\\.${no}：已驳回`));
    await client.waitForText('qianwei', new RegExp(`No\\.${no}.*已经处理过或已失效`));
    await settle();

    expect(await app.database.db.decision.count({ where: { requestId } })).toBe(1);
    expect(await app.database.db.ledgerEntry.count({ where: { requestId, kind: 'RELEASE' } })).toBe(1);
    const after = await line();
    expect(after.frozen).toBe(frozen - 10_300n);
    expect(await app.database.db.$transaction((tx) => ledgerTotals(tx, after.id))).toEqual({
      allotted: after.allotted,
      adjusted: after.adjusted,
      frozen: after.frozen,
      committed: after.committed,
      spent: after.spent,
    });
    expect(await texts('fenglei', new RegExp(`No\\.${no} 被 钱伟 驳回`))).toHaveLength(1);
    const cards = await expectCardsCurrent(requestId);
    for (const [, list] of cards) for (const c of list) expect(c.status.label).toBe('已驳回');
  });

  it('(c) a replayed Idempotency-Key is one delivery: one decision, one reply', async () => {
    const { requestId, no } = await submitted('104', '重放测试丁');
    const card = await client.waitForCard('qianwei', hasButton('approve'), requestId);
    const headers = { 'Idempotency-Key': `approve-${no}-qianwei` };
    const [first, again] = await Promise.all([client.tap('qianwei', card, 'approve', {}, headers), client.tap('qianwei', card, 'approve', {}, headers)]);
    const done = new RegExp(`No\\.${no}：已同意`);
    await client.waitForText('qianwei', done);
    await settle();
    // a late replay of the same key, after the first was fully handled
    const late = await client.tap('qianwei', card, 'approve', {}, headers);
    await settle();

    const keys = [first, again, late].map((r) => (r.body as { dedupeKey?: string }).dedupeKey);
    expect(keys).toEqual(Array(3).fill(`console:key-approve-${no}-qianwei`));
    expect(await app.database.db.decision.count({ where: { requestId } })).toBe(1);
    expect(await texts('qianwei', done)).toHaveLength(1);
    expect(await texts('qianwei', new RegExp(`No\\.${no}.*已经处理过或已失效`))).toHaveLength(0);
    expect(await app.database.db.inboundKey.count({ where: { key: `console:key-approve-${no}-qianwei` } })).toBe(1);

    // the same holds for typed commands: a replayed /申请 makes one draft
    const requests = await app.database.db.request.count();
    const say = { as: 'fenglei', text: '/申请 办公费 105 重放测试戊' };
    const sayHeaders = { 'Idempotency-Key': `apply-${no}-fenglei` };
    await Promise.all([client.post('messages', say, sayHeaders), client.post('messages', say, sayHeaders)]);
    await waitFor(async () => (await app.database.db.request.count()) > requests, 'the draft');
    await settle();
    await client.post('messages', say, sayHeaders);
    await settle();
    expect(await app.database.db.request.count()).toBe(requests + 1);
  });

  it('(d) both 或签 finance officers tapping at once make one decision and one COMMIT', async () => {
    const { requestId, no } = await submitted('106', '重放测试己');
    await approveAs('qianwei', requestId);
    await approveAs('liuxiaoyan', requestId);
    const [wu, zheng] = await Promise.all([client.waitForCard('wugang', hasButton('approve'), requestId), client.waitForCard('zhengjia', hasButton('approve'), requestId)]);
    await Promise.all([client.tap('wugang', wu, 'approve', { comment: '同意' }), client.tap('zhengjia', zheng, 'approve', { comment: '同意' })]);
    await client.waitForText('fenglei', new RegExp(`No\\.${no}（106\\.00 元）已审批通过`));
    await settle();

    const finance = await app.database.db.step.findFirstOrThrow({ where: { requestId, name: '财务审核' } });
    expect(finance.state).toBe('approved');
    const decisions = await app.database.db.decision.findMany({ where: { stepId: finance.id } });
    expect(decisions).toHaveLength(1);
    const winner = decisions[0]!.personId;
    const loser = winner === 'wugang' ? 'zhengjia' : 'wugang';
    expect(['wugang', 'zhengjia']).toContain(winner);
    expect(await app.database.db.decision.count({ where: { requestId } })).toBe(3);
    expect((await app.database.db.request.findUniqueOrThrow({ where: { id: requestId } })).status).toBe('approved');
    // a 用款申请 (事前申请) commits its amount on approval: one COMMIT, nothing spent
    expect(await app.database.db.ledgerEntry.count({ where: { requestId, kind: 'COMMIT' } })).toBe(1);
    expect(await app.database.db.ledgerEntry.count({ where: { requestId, kind: 'SPEND' } })).toBe(0);

    expect(await texts(winner, new RegExp(`No\\.${no}：已同意，申请审批完成`))).toHaveLength(1);
    expect(await texts(loser, new RegExp(`No\\.${no}：已同意`))).toHaveLength(0);
    expect(await texts(loser, new RegExp(`No\\.${no}.*已经处理过或已失效`))).toHaveLength(1);
    expect(await texts('fenglei', new RegExp(`No\\.${no}（106\\.00 元）已审批通过`))).toHaveLength(1);

    const cards = await expectCardsCurrent(requestId);
    for (const person of ['qianwei', 'liuxiaoyan', 'wugang', 'zhengjia', 'fenglei']) {
      const list = cards.get(person) ?? [];
      expect(list.length, `${person} has a card`).toBeGreaterThan(0);
      for (const c of list) {
        expect(c.status.label).toBe('已通过');
        expect(c.buttons).toEqual([]);
      }
    }
    const line = await app.database.db.budgetLine.findFirstOrThrow({ where: { departmentId: 'cjb', subject: '办公费' } });
    expect(await app.database.db.$transaction((tx) => ledgerTotals(tx, line.id))).toEqual({
      allotted: line.allotted,
      adjusted: line.adjusted,
      frozen: line.frozen,
      committed: line.committed,
      spent: line.spent,
    });
  });

  it('(e) a committed decision whose answer could not be queued is answered later, never decided again or answered 「已经处理过」', async () => {
    const { requestId, no } = await submitted('107', '重放测试庚');
    const step = await app.database.db.step.findFirstOrThrow({ where: { requestId, state: 'active' } });
    const event: InboundEvent = {
      kind: 'button',
      platform: 'console',
      account: 'qianwei',
      dedupeKey: `console:queue-down-${no}`,
      at: new Date().toISOString(),
      action: 'approve',
      requestId,
      stepId: step.id,
      comment: '',
    };
    // Right after the decision committed, the connections drop: the delivery cannot be marked done and
    // nothing can be queued. The job fails and the queue retries it.
    const dropped = () => Promise.reject(new Error('connection dropped after commit'));
    const { service } = app.deps;
    const cutOff = { ...app.deps, dispatch: dropped, service: { ...service, deliveries: { ...service.deliveries, finish: dropped } } };
    await expect(handleInbound(cutOff, event)).rejects.toThrow(/connection dropped/);
    expect(await app.database.db.decision.count({ where: { requestId } })).toBe(1);
    await handleInbound(app.deps, event);

    await client.waitForText('qianwei', new RegExp(`No\\.${no}：已同意`));
    await settle();
    expect(await app.database.db.decision.count({ where: { requestId } })).toBe(1);
    expect(await texts('qianwei', new RegExp(`No\\.${no}：已同意`))).toHaveLength(1);
    expect(await texts('qianwei', new RegExp(`No\\.${no}.*已经处理过`))).toHaveLength(0);
  });
});
