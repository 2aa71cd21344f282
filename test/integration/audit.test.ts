// 审计链 after real work: every kind of event is recorded with who (person and platform account) and
// the policy version, the chain verifies, and editing or deleting a row — by raw SQL, as someone with
// database access would — is found and named, both by verifyAuditChain and by `npm run audit:verify`.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../bot/config.js';
import { hashAuditEvent, type AuditRow } from '../../workflows/domain/audit-chain.js';
import { verifyAuditChain } from '../../workflows/infra/audit.js';
import { openDatabase } from '../../workflows/infra/db.js';
import { ConsoleClient, hasButton, type ConsoleMessage } from '../helpers/console-client.js';
import { runScript } from '../helpers/run-script.js';
import { dropTestData, startTestGuanjia, waitFor, type TestGuanjia } from '../helpers/test-guanjia.js';
import type { Card, CardAction } from '../../bot/card-model.js';

type CardMessage = ConsoleMessage & { card: Card };

let app: TestGuanjia;
let client: ConsoleClient;
/** set once the app was stopped so the CLI could open the database (PGlite is single-process) */
let stopped = false;

beforeAll(async () => {
  app = await startTestGuanjia();
  client = new ConsoleClient(app.url);
});

afterAll(async () => {
  if (!app) return;
  if (!stopped) return app.cleanup();
  await removeStoppedApp(app.config);
});

/** cleanup() for an app that is already stopped: its Redis keys, schema and data directory. */
async function removeStoppedApp(config: Config): Promise<void> {
  if (config.REDIS_URL) {
    const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
    const keys = await redis.keys(`${config.QUEUE_PREFIX}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
  await dropTestData(config);
}

/** Sends a command and waits for the draft card it produces. */
async function apply(as: string, text: string): Promise<CardMessage> {
  const last = await client.lastId(as);
  await client.say(as, text);
  return waitFor(async () => (await client.messages(as)).find((m): m is CardMessage => m.id > last && !!m.card && hasButton('submit')(m.card)), `draft card for ${as}`);
}

/** Taps a button and waits for the bot's text answer to the tapper. */
async function tapAndHear(as: string, message: CardMessage, action: CardAction, extra: Record<string, unknown>, answer: RegExp) {
  const last = await client.lastId(as);
  expect((await client.tap(as, message, action, extra)).status).toBe(202);
  return client.waitForText(as, answer, last);
}

const approverCard = (as: string, requestId: string) => client.waitForCard(as, hasButton('approve'), requestId);

const events = () => app.database.db.auditEvent.findMany({ orderBy: { seq: 'asc' } });

let requestA = '';
let noA = 0;

describe('a real flow leaves a complete, attributed, intact audit trail', () => {
  it('records every kind of event with actor, platform, account and policy version', async () => {
    // A: drafted → submitted → approved → (a stranger's tap, a stale tap) → returned → resubmitted → rejected
    const draft = await apply('fenglei', '/申请 办公费 1200 购买打印纸');
    requestA = draft.card.requestId;
    await client.tap('fenglei', draft, 'submit');
    const first = await approverCard('qianwei', requestA);
    noA = (await app.database.db.request.findUniqueOrThrow({ where: { id: requestA } })).no;
    await tapAndHear('qianwei', first, 'approve', { comment: '属实' }, /已转下一环节/);
    const second = await approverCard('liuxiaoyan', requestA);
    const activeStepId = second.card.buttons.find((b) => b.action === 'approve')!.stepId!;

    // 纪检 may look at the request, but not decide it
    let last = await client.lastId('zhaoguoping');
    await client.say('zhaoguoping', `/进度 ${noA}`);
    const seen = await waitFor(
      async () => (await client.messages('zhaoguoping')).find((m): m is CardMessage => m.id > last && m.card?.requestId === requestA),
      'card for zhaoguoping',
    );
    expect(seen.card.buttons).toEqual([]);
    await tapAndHear('zhaoguoping', seen, 'approve', { stepId: activeStepId }, /不是申请 No\.\d+ ?当前环节的审批人/);

    // the first approver taps his old card again: the step is closed
    last = await client.lastId('qianwei');
    await client.post('actions', { as: 'qianwei', messageId: first.id, action: 'approve', requestId: requestA, stepId: `${requestA}.1.0` });
    await client.waitForText('qianwei', /已经处理过或已失效/, last);

    await tapAndHear('liuxiaoyan', second, 'return', { comment: '请附发票' }, /已退回申请人修改/);
    const returned = await client.waitForCard('fenglei', hasButton('resubmit'), requestA);
    await client.tap('fenglei', returned, 'resubmit');
    const round2 = await client.waitForCard('qianwei', (c) => c.buttons.some((b) => b.stepId === `${requestA}.2.0`), requestA);
    await tapAndHear('qianwei', round2, 'reject', { comment: '本月不再采购' }, /已驳回/);

    // B: drafted → submitted → transferred → withdrawn by command
    const draftB = await apply('fenglei', '/申请 办公费 300 订书机');
    await client.tap('fenglei', draftB, 'submit');
    const cardB = await approverCard('qianwei', draftB.card.requestId);
    await tapAndHear('qianwei', cardB, 'transfer', { transferTo: 'mahong', comment: '请马红代为审核' }, /已转交/);
    const noB = (await app.database.db.request.findUniqueOrThrow({ where: { id: draftB.card.requestId } })).no;
    last = await client.lastId('fenglei');
    await client.say('fenglei', `/撤回 ${noB}`);
    await client.waitForText('fenglei', /已撤回/, last);

    // C: drafted → cancelled
    const draftC = await apply('fenglei', '/申请 办公费 80 胶水');
    await tapAndHear('fenglei', draftC, 'cancel', {}, /已取消/);

    // an account nobody registered writes to the bot
    await app.enqueue({
      kind: 'command',
      platform: 'console',
      account: 'stranger',
      dedupeKey: 'console:audit-stranger-1',
      at: new Date().toISOString(),
      conversation: { kind: 'direct', id: 'stranger' },
      text: '/帮助',
    });
    await waitFor(() => app.database.db.auditEvent.findFirst({ where: { action: 'security.unknown_account' } }).then((e) => e ?? undefined), 'unknown account audited');
    // notifications are audited when delivered, after the message is on screen
    const notified = ['notify.card.sent', 'notify.card.updated', 'notify.text.sent', 'notify.reply.sent'];
    const toldFenglei = { action: 'notify.text.sent', subject: 'person:fenglei' };
    await waitFor(
      async () =>
        (await app.database.db.auditEvent.groupBy({ by: ['action'], where: { action: { in: notified } } })).length === notified.length &&
        (await app.database.db.auditEvent.count({ where: toldFenglei })) >= 2,
      'notifications audited',
    );

    const all = await events();
    const policy = await app.database.db.policyVersion.findFirstOrThrow({ orderBy: { version: 'desc' } });
    const actions = new Set(all.map((e) => e.action));
    for (const action of [
      'org.loaded',
      'request.drafted',
      'request.submitted',
      'decision.approve',
      'security.refused',
      'decision.refused',
      'decision.return',
      'request.resubmitted',
      'decision.reject',
      'decision.transfer',
      'request.withdrawn',
      'request.cancelled',
      'security.unknown_account',
      ...notified,
    ]) {
      expect(actions, action).toContain(action);
    }

    // every event done by a person names the person, the platform, the account and the policy version
    const byPeople = all.filter((e) => e.action.startsWith('request.') || e.action.startsWith('decision.') || e.action === 'security.refused');
    expect(byPeople.length).toBeGreaterThanOrEqual(12);
    for (const e of byPeople) {
      expect(e, `${e.seq} ${e.action}`).toMatchObject({ platform: 'console', policyVersion: policy.version });
      expect(e.actorId, `${e.seq} ${e.action}`).toMatch(/^[a-z]+$/);
      expect(e.account, `${e.seq} ${e.action}`).toBe(e.actorId);
      expect(e.subject).toMatch(/^request:/);
    }
    const refused = all.find((e) => e.action === 'security.refused')!;
    expect(refused).toMatchObject({ actorId: 'zhaoguoping', subject: `request:${requestA}` });
    expect(refused.data).toMatchObject({ code: 'NOT_ASSIGNEE', action: 'approve', stepId: activeStepId });
    const stale = all.find((e) => e.action === 'decision.refused')!;
    expect(stale).toMatchObject({ actorId: 'qianwei' });
    expect(stale.data).toMatchObject({ code: 'STEP_CLOSED', stepId: `${requestA}.1.0` });
    const approvals = all.filter((e) => e.action === 'decision.approve' && e.subject === `request:${requestA}`);
    expect(approvals.map((e) => [e.actorId, (e.data as { comment: string }).comment])).toEqual([['qianwei', '属实']]);
    expect(all.find((e) => e.action === 'decision.transfer')!.data).toMatchObject({ transferTo: 'mahong', outcome: 'transferred' });

    const loaded = all.find((e) => e.action === 'org.loaded')!;
    expect(loaded).toMatchObject({ seq: 1n, policyVersion: policy.version, actorId: null });
    const stranger = all.find((e) => e.action === 'security.unknown_account')!;
    expect(stranger).toMatchObject({ platform: 'console', account: 'stranger', actorId: null, subject: 'account:console:stranger' });
    // who got what, on which account
    const told = all.filter((e) => e.action === toldFenglei.action && e.subject === toldFenglei.subject);
    for (const e of told) expect(e).toMatchObject({ platform: 'console', account: 'fenglei' });
    const texts = told.map((e) => (e.data as { text: string }).text);
    expect(texts).toEqual(expect.arrayContaining([expect.stringMatching(/被 刘晓燕 退回修改：请附发票/), expect.stringMatching(/被 钱伟 驳回：本月不再采购/)]));
    const cardSent = all.find((e) => e.action === 'notify.card.sent' && e.subject === 'person:qianwei')!;
    expect(cardSent).toMatchObject({ platform: 'console', account: 'qianwei' });

    // a chain: seq 1..n, each event carrying the hash of the one before
    all.forEach((e, i) => {
      expect(e.seq).toBe(BigInt(i + 1));
      if (i > 0) expect(e.prevHash).toBe(all[i - 1]!.hash);
    });
    // (deliveries still running may append more events meanwhile)
    const whole = await verifyAuditChain(app.database.db);
    expect(whole).toMatchObject({ ok: true });
    expect(whole.ok && whole.count).toBeGreaterThanOrEqual(all.length);
    // the same answer when the chain is read in small pages
    const paged = await verifyAuditChain(app.database.db, 3);
    expect(paged).toMatchObject({ ok: true });
    expect(paged.ok && paged.count).toBeGreaterThanOrEqual(all.length);
  });
});

describe('tampering is found and named', () => {
  const decisionRow = async () => {
    const all = await events();
    return all.find((e) => e.action === 'decision.approve' && e.subject === `request:${requestA}`)!;
  };

  it('names an edited row as the first bad entry', async () => {
    const row = await decisionRow();
    expect(row.seq).toBeGreaterThan(3n);
    await app.database.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "data" = jsonb_set("data", '{comment}', '"不属实"') WHERE "seq" = ${row.seq}`);
    const broken = await verifyAuditChain(app.database.db);
    expect(broken).toMatchObject({ ok: false, seq: row.seq });
    expect(broken.ok === false && broken.reason).toMatch(/记录被改动/);
    expect(await verifyAuditChain(app.database.db, 2)).toMatchObject({ ok: false, seq: row.seq });

    // editing who did it is found the same way
    await app.database.db.auditEvent.update({ where: { seq: row.seq }, data: { data: row.data as object } });
    expect(await verifyAuditChain(app.database.db)).toMatchObject({ ok: true });
    await app.database.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "actorId" = 'liuxiaoyan', "account" = 'liuxiaoyan' WHERE "seq" = ${row.seq}`);
    expect(await verifyAuditChain(app.database.db)).toMatchObject({ ok: false, seq: row.seq });
    await app.database.db.auditEvent.update({ where: { seq: row.seq }, data: { actorId: row.actorId, account: row.account } });
    expect(await verifyAuditChain(app.database.db)).toMatchObject({ ok: true });
  });

  it('finds an edit whose hash was recomputed: the next row no longer links to it', async () => {
    const row = await decisionRow();
    const edited = { ...(row.data as Record<string, unknown>), comment: '不属实' };
    const rehashed = hashAuditEvent(row.prevHash, row.seq, { ...(row as AuditRow), data: edited });
    await app.database.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "data" = $1::jsonb, "hash" = $2 WHERE "seq" = ${row.seq}`, JSON.stringify(edited), rehashed);
    const broken = await verifyAuditChain(app.database.db);
    expect(broken).toMatchObject({ ok: false, seq: row.seq + 1n });
    expect(broken.ok === false && broken.reason).toMatch(/哈希链接断开/);
    await app.database.db.auditEvent.update({ where: { seq: row.seq }, data: { data: row.data as object, hash: row.hash } });
    expect(await verifyAuditChain(app.database.db)).toMatchObject({ ok: true });
  });

  it('finds a deleted row', async () => {
    const row = await decisionRow();
    const deleted = await app.database.db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "seq" = ${row.seq}`);
    expect(deleted).toBe(1);
    const broken = await verifyAuditChain(app.database.db);
    expect(broken).toMatchObject({ ok: false, seq: row.seq + 1n });
    expect(broken.ok === false && broken.reason).toMatch(/序号不连续/);
    await app.database.db.auditEvent.create({ data: { ...row, data: row.data as object } });
    expect(await verifyAuditChain(app.database.db)).toMatchObject({ ok: true });
  });
});

const auditVerify = (config: Config) => runScript(config, 'audit:verify');

describe('npm run audit:verify', () => {
  it('exits 0 on an intact chain and 1 naming the first bad entry after tampering', async () => {
    // embedded PGlite allows one process at a time: stop the app before the CLI opens its data
    await app.stop();
    stopped = true;
    const open = () => openDatabase({ url: app.config.DATABASE_URL, schema: app.config.DATABASE_SCHEMA, dataDir: app.config.dataDir });
    let database = await open();
    const [count, target] = await Promise.all([
      database.db.auditEvent.count(),
      database.db.auditEvent.findFirstOrThrow({ where: { action: 'request.submitted' } }).then((e) => e.seq),
    ]).finally(() => database.close());

    const intact = await auditVerify(app.config);
    expect(intact.stderr).not.toMatch(/审计链被破坏/);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toContain(`审计链完整：共 ${count} 条`);

    database = await open();
    try {
      await database.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "at" = "at" - interval '1 hour' WHERE "seq" = ${target}`);
    } finally {
      await database.close();
    }

    const broken = await auditVerify(app.config);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`审计链被破坏：第 ${target} 条`);
    expect(broken.stdout).not.toContain('审计链完整');
  });
});
