// 审计链检查点 after real work: the daily checkpoint is armed at start, the day's job signs the chain's
// head, records it in the chain and the checkpoint file (outside the database) and sends it to the
// 监督群; `npm run audit:checkpoint` takes one on demand. Then, as someone with database access would,
// the newest rows are deleted, a suffix is rewritten with recomputed hashes, a checkpoint line is
// forged, and decision, ledger and audit rows are added or deleted beside the chain: each time
// `npm run audit:verify` exits 1 naming the first missing or rewritten row or the row beside the
// chain, and passes again once the data is restored.
import { generateKeyPairSync } from 'node:crypto';
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Card, CardAction } from '../../bot/card-model.js';
import type { Config } from '../../bot/config.js';
import { checkpointJobId } from '../../bot/jobs/audit-checkpoint.js';
import { hashAuditEvent, type AuditRow } from '../../workflows/domain/audit-chain.js';
import { CheckpointSchema, signCheckpoint } from '../../workflows/domain/audit/checkpoint.js';
import { openDatabase, type Database } from '../../workflows/infra/db.js';
import { ConsoleClient, hasButton, type ConsoleMessage } from '../helpers/console-client.js';
import { queuesIdle } from '../helpers/queues-idle.js';
import { runScript } from '../helpers/run-script.js';
import { dropTestData, startTestGuanjia, waitFor, type TestGuanjia } from '../helpers/test-guanjia.js';

type CardMessage = ConsoleMessage & { card: Card };

let app: TestGuanjia;
let client: ConsoleClient;
/** set once the app was stopped so the CLI could open the database (embedded PGlite is single-process) */
let stopped = false;

beforeAll(async () => {
  app = await startTestGuanjia();
  client = new ConsoleClient(app.url);
});

afterAll(async () => {
  if (!app) return;
  if (!stopped) return app.cleanup();
  if (app.config.REDIS_URL) {
    const redis = new Redis(app.config.REDIS_URL, { maxRetriesPerRequest: 1 });
    const keys = await redis.keys(`${app.config.QUEUE_PREFIX}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
  await dropTestData(app.config);
});

const checkpointFile = () => join(app.config.dataDir, 'audit-checkpoints.jsonl');
const fileCheckpoints = async () =>
  (await readFile(checkpointFile(), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => CheckpointSchema.parse(JSON.parse(l)));
const checkpointMessages = async () => (await client.group()).filter((m) => m.text?.startsWith('【审计链检查点】'));

async function apply(as: string, text: string): Promise<CardMessage> {
  const last = await client.lastId(as);
  await client.say(as, text);
  return waitFor(async () => (await client.messages(as)).find((m): m is CardMessage => m.id > last && !!m.card && hasButton('submit')(m.card)), `draft card for ${as}`);
}

async function tapAndHear(as: string, message: CardMessage, action: CardAction, extra: Record<string, unknown>, answer: RegExp) {
  const last = await client.lastId(as);
  expect((await client.tap(as, message, action, extra)).status).toBe(202);
  return client.waitForText(as, answer, last);
}

const approverCard = (as: string, requestId: string) => client.waitForCard(as, hasButton('approve'), requestId);

let requestA = '';
let requestB = '';
/** the daily checkpoint's head */
let dailySeq = 0n;
/** the day whose checkpoint was armed at start */
let armedDay = '';

describe('taking checkpoints', () => {
  it('arms the daily checkpoint when the bot starts', async () => {
    const next = await app.deps.service.audit.nextCheckpoint();
    armedDay = next.day;
    const job: Job | undefined = await app.deps.queues.queue('deadline').getJob(checkpointJobId(next.day));
    expect(job, `job ${checkpointJobId(next.day)}`).toBeDefined();
    expect(await job!.getState()).toBe('delayed');
    expect(Math.abs(job!.timestamp + job!.delay - next.at.getTime())).toBeLessThan(5_000);
    // every day at AUDIT_CHECKPOINT_AT (18:00 by default) in the unit's time zone
    expect(next.at.toLocaleTimeString('en-GB', { timeZone: app.config.TZ, hour: '2-digit', minute: '2-digit' })).toBe(app.config.AUDIT_CHECKPOINT_AT);
  });

  it("signs the chain's head when the day's job runs, once per day, and sends it to the 监督群", async () => {
    // A: submitted, approved at the first step; B: submitted and rejected
    const draftA = await apply('fenglei', '/申请 办公费 1200 购买打印纸');
    requestA = draftA.card.requestId;
    await client.tap('fenglei', draftA, 'submit');
    await tapAndHear('qianwei', await approverCard('qianwei', requestA), 'approve', { comment: '属实' }, /已转下一环节/);
    const draftB = await apply('fenglei', '/申请 办公费 300 订书机');
    requestB = draftB.card.requestId;
    await client.tap('fenglei', draftB, 'submit');
    await tapAndHear('qianwei', await approverCard('qianwei', requestB), 'reject', { comment: '本月不再采购' }, /已驳回/);
    await queuesIdle(app);

    // the armed day's job, run now
    const day = armedDay;
    await app.deps.queues.enqueue('audit.checkpoint', { day }, { jobId: 'audit-checkpoint-test-1' });
    const message = await waitFor(async () => (await checkpointMessages())[0], 'checkpoint in the 监督群');
    const db = app.database.db;
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'audit.checkpoint' } });
    dailySeq = event.seq - 1n;
    const head = await db.auditEvent.findUniqueOrThrow({ where: { seq: dailySeq } });
    // the checkpoint covers the head before its own event, which is the next row
    expect(event.data).toMatchObject({ seq: dailySeq.toString(), hash: head.hash, day });
    expect(message.text).toContain(`【审计链检查点】第 ${dailySeq} 条`);
    expect(message.text).toContain(`哈希：${head.hash}`);
    expect(message.text).toMatch(/签名：[A-Za-z0-9+/=]{80,}（密钥指纹 [0-9a-f]{16}）/);
    const [line] = await fileCheckpoints();
    expect(line).toMatchObject({ seq: dailySeq.toString(), hash: head.hash, day, sig: (event.data as { sig: string }).sig });

    // the key and the file live in the data directory, not in the database; the key readable by its owner only
    expect((await stat(join(app.config.dataDir, 'audit-checkpoint-key.pem'))).mode & 0o077).toBe(0);
    await stat(join(app.config.dataDir, 'audit-checkpoint-key.pem.pub'));

    // the same day again (a second process, a re-armed timer): no second checkpoint
    await app.deps.queues.enqueue('audit.checkpoint', { day }, { jobId: 'audit-checkpoint-test-2' });
    await waitFor(async () => (await app.deps.queues.queue('deadline').getJob('audit-checkpoint-test-2'))?.isCompleted(), 'second job done');
    expect(await db.auditEvent.count({ where: { action: 'audit.checkpoint' } })).toBe(1);
    expect(await fileCheckpoints()).toHaveLength(1);
    // and the next day's is armed
    const next = await app.deps.service.audit.nextCheckpoint();
    expect(next.day > day).toBe(true);
    expect(await app.deps.queues.queue('deadline').getJob(checkpointJobId(next.day))).toBeDefined();
    await waitFor(() => db.auditEvent.findFirst({ where: { action: 'notify.group.sent', seq: { gt: event.seq } } }).then((e) => e ?? undefined), 'group message audited');
    await queuesIdle(app);
    expect(await checkpointMessages()).toHaveLength(1);
  });
});

describe('npm run audit:checkpoint and audit:verify', () => {
  const open = () => openDatabase({ url: app.config.DATABASE_URL, schema: app.config.DATABASE_SCHEMA, dataDir: app.config.dataDir });
  async function withDb<T>(work: (database: Database) => Promise<T>): Promise<T> {
    const database = await open();
    try {
      return await work(database);
    } finally {
      await database.close();
    }
  }
  const verify = (config: Config) => runScript(config, 'audit:verify');
  /** the on-demand checkpoint's head */
  let seq = 0n;

  it('takes a checkpoint on demand and passes a clean chain', async () => {
    // embedded PGlite allows one process at a time: stop the app before the CLI opens its data
    await app.stop();
    stopped = true;
    const taken = await runScript(app.config, 'audit:checkpoint');
    expect(taken.stderr).toBe('');
    expect(taken.code).toBe(0);
    const checkpoints = await fileCheckpoints();
    expect(checkpoints).toHaveLength(2);
    seq = BigInt(checkpoints[1]!.seq);
    expect(seq).toBeGreaterThan(dailySeq + 1n);
    expect(taken.stdout).toContain(`【审计链检查点】第 ${seq} 条`);
    await withDb(async ({ db }) => {
      // its own event is the newest row, and its group notice waits in the outbox for the bot
      const newest = await db.auditEvent.findFirstOrThrow({ orderBy: { seq: 'desc' } });
      expect(newest).toMatchObject({ seq: seq + 1n, action: 'audit.checkpoint' });
      const outbox = await db.outbox.findMany({ where: { kind: 'group.notice' } });
      expect(outbox.map((o) => (o.payload as { notice: { kind: string; seq: string } }).notice)).toContainEqual(
        expect.objectContaining({ kind: 'audit.checkpoint', seq: seq.toString() }),
      );
    });

    const clean = await verify(app.config);
    expect(clean.stderr).toBe('');
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('审计链完整');
    expect(clean.stdout).toContain(`检查点吻合：核对了 2 个签名有效的检查点`);
    expect(clean.stdout).toContain(`最新一个签署到第 ${seq} 条`);
    expect(clean.stdout).toMatch(/交叉核对一致：\d+ 条决定记录、\d+ 条预算台账、2 件申请/);
  });

  it('names the missing suffix when the newest 3 rows are deleted', async () => {
    const removed = await withDb(async ({ db }) => {
      const newest = await db.auditEvent.findMany({ orderBy: { seq: 'desc' }, take: 3 });
      await db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "seq" >= ${newest[2]!.seq}`);
      return newest;
    });
    expect(removed[0]!.seq).toBe(seq + 1n);
    const broken = await verify(app.config);
    expect(broken.code).toBe(1);
    // the chain that is left is intact: only the checkpoint sees the loss
    expect(broken.stdout).toContain('审计链完整');
    expect(broken.stderr).toContain(`第 ${seq - 2n} 条之后的记录被删除（第 ${seq - 1n} 条起缺失）`);
    expect(broken.stderr).toMatch(/审计核对未通过/);
    await withDb(async ({ db }) => {
      for (const row of [...removed].reverse()) await db.auditEvent.create({ data: { ...row, data: row.data as object } });
    });
    // (each test's restoring is checked by the clean runs of the later ones)
  });

  it('names a suffix rewritten with recomputed hashes, though the chain itself verifies', async () => {
    const original = await withDb(async ({ db }) => {
      const rows = await db.auditEvent.findMany({ where: { seq: { gte: seq } }, orderBy: { seq: 'asc' } });
      let prevHash = rows[0]!.prevHash;
      for (const [i, row] of rows.entries()) {
        const data = i === 0 ? { ...(row.data as object), rewritten: true } : (row.data as object);
        const hash = hashAuditEvent(prevHash, row.seq, { ...(row as AuditRow), data });
        await db.auditEvent.update({ where: { seq: row.seq }, data: { data, prevHash, hash } });
        prevHash = hash;
      }
      return rows;
    });
    const broken = await verify(app.config);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('审计链完整');
    expect(broken.stderr).toContain(`第 ${seq} 条被改写`);
    expect(broken.stderr).toContain(`第 ${dailySeq} 条仍与检查点一致`);
    await withDb(async ({ db }) => {
      for (const row of original) await db.auditEvent.update({ where: { seq: row.seq }, data: { data: row.data as object, prevHash: row.prevHash, hash: row.hash } });
    });
  });

  it('reports a checkpoint line with a bad signature', async () => {
    const kept = await readFile(checkpointFile(), 'utf8');
    const [ours] = await fileCheckpoints();
    // signed by a key of the forger's own, claiming ours
    const forged = { ...signCheckpoint({ seq: ours!.seq, hash: 'e'.repeat(64), at: new Date().toISOString() }, generateKeyPairSync('ed25519').privateKey), key: ours!.key };
    await appendFile(checkpointFile(), `${JSON.stringify(forged)}\nnot a checkpoint\n`);
    const broken = await verify(app.config);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`检查点文件第 3 行（第 ${ours!.seq} 条）签名无效`);
    expect(broken.stderr).toContain('检查点文件第 4 行无法读取');
    // a line deleted from the file is still recorded by the chain
    await writeFile(checkpointFile(), `${kept.split('\n')[1]}\n`);
    const lost = await verify(app.config);
    expect(lost.code).toBe(1);
    expect(lost.stderr).toContain(`检查点文件缺少一条检查点：审计链第 ${dailySeq + 1n} 条记载了`);
    await writeFile(checkpointFile(), kept);
    const restored = await verify(app.config);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
  });

  it('finds decision and ledger rows written beside the chain, and a deleted ledger event', async () => {
    const added = await withDb(async ({ db }) => {
      const step = await db.step.findFirstOrThrow({ where: { requestId: requestA, state: 'active' } });
      const decision = await db.decision.create({ data: { requestId: requestA, stepId: step.id, personId: 'mahong', action: 'approve', platform: 'console' } });
      const b = await db.request.findUniqueOrThrow({ where: { id: requestB } });
      const ledger = await db.ledgerEntry.create({ data: { lineId: b.budgetLineId, kind: 'FREEZE', amount: b.amount, requestId: b.id } });
      return { decision, ledger, noA: (await db.request.findUniqueOrThrow({ where: { id: requestA } })).no, noB: b.no };
    });
    const beside = await verify(app.config);
    expect(beside.code).toBe(1);
    expect(beside.stdout).toContain('审计链完整');
    expect(beside.stderr).toContain(`决定记录 #${added.decision.id}（No.${added.noA} 环节 ${added.decision.stepId}，mahong 同意）没有对应的审计事件`);
    expect(beside.stderr).toContain(`预算台账：No.${added.noB} 的冻结（FREEZE）记录有 2 条，审计事件只说明了 1 条（最新一条台账 #${added.ledger.id}）`);
    await withDb(async ({ db }) => {
      await db.decision.delete({ where: { id: added.decision.id } });
      await db.ledgerEntry.delete({ where: { id: added.ledger.id } });
    });

    // B's rejection event deleted: the chain breaks, and its decision, its RELEASE and B's state lose their event
    const event = await withDb(async ({ db }) => {
      const row = await db.auditEvent.findFirstOrThrow({ where: { action: 'decision.reject', subject: `request:${requestB}` } });
      await db.auditEvent.delete({ where: { seq: row.seq } });
      return row;
    });
    const deleted = await verify(app.config);
    expect(deleted.code).toBe(1);
    expect(deleted.stderr).toContain(`审计链被破坏：第 ${event.seq + 1n} 条`);
    expect(deleted.stderr).toMatch(new RegExp(`决定记录 #\\d+（No\\.${added.noB} 环节 [^，]+，qianwei 驳回）没有对应的审计事件`));
    expect(deleted.stderr).toContain(`预算台账：No.${added.noB} 的释放（RELEASE）记录有 1 条，审计事件只说明了 0 条`);
    expect(deleted.stderr).toContain(`申请 No.${added.noB} 的状态是「已驳回」，审计链`);
    await withDb(({ db }) => db.auditEvent.create({ data: { ...event, data: event.data as object } }));
    const restored = await verify(app.config);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
  });
});
