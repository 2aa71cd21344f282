// A real bot process (bot/main.ts) is SIGKILLed in the middle of a burst of console traffic that
// makes many replies and card updates, then started again on the same database and Redis. Every
// message it accepted (202) is answered exactly once, no card is sent twice to the same person for
// the same request, every card shows the request as it is, and the audit chain verifies. Before each
// send was noted in Redis and recorded in PostgreSQL (bot/notify/send-once.ts), up to 10 texts came
// twice after such a kill.
//
// Not yet exact (so this test fails in about half its runs on a 2-core machine): a worker killed
// between the console's write of a message and send-once's Redis note sends it again on retry (the
// window send-once.ts names; with several deliveries in flight at the kill, one or two of them are
// often inside it). The console could drop the repeat itself if its write took the send's key. The
// test prints what it saw: the replies in the outbox tell a question handled twice (more replies than
// questions) from a reply sent twice (more answers than replies).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderRequestCard } from '../../bot/cards/render-request-card.js';
import type { Config } from '../../bot/config.js';
import { createRedis } from '../../bot/queue/redis.js';
import { verifyAuditChain } from '../../workflows/infra/audit.js';
import { loadRequestView } from '../../workflows/infra/queries.js';
import { ConsoleClient, hasButton } from '../helpers/console-client.js';
import { dropTestData, startTestGuanjia, waitFor } from '../helpers/test-guanjia.js';
import { HANG_MS } from '../helpers/time-limits.js';
import { builtBotCommand } from '../helpers/bot-command.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** the budget questions in the burst, from three people in turn */
const ASKS = 30;
const ASKERS = ['fenglei', 'qianwei', 'hefang'];
/** fenglei's requests, approved by 钱伟 with taps inside the burst and by 刘晓燕 after the restart */
const REQUESTS = 4;
/** the kill lands once this many deliveries are done while others run, or at the latest once KILL_LATEST are */
const KILL_AFTER = 10;
const KILL_LATEST = 30;
/** both bot processes: a dead worker's jobs are taken over quickly, its claims go stale soon */
const LOCK_MS = 3_000;
const STALE_MS = 6_000;
/** the same address in every process, so cards' links render the same in the test as in the bot */
const PUBLIC_URL = 'http://guanjia.test';

let config: Config;
let db: pg.Client | undefined;
let redis: Redis | undefined;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  // migrate the schema and load the demo organisation, then leave the data to the bot processes
  const prep = await startTestGuanjia({ workers: false, env: { PUBLIC_URL } });
  config = prep.config;
  await prep.stop();
  if (!config.DATABASE_URL || !config.REDIS_URL) throw new Error('this test needs server PostgreSQL and Redis (DATABASE_URL, REDIS_URL)');
  db = new pg.Client({ connectionString: config.DATABASE_URL, options: `-c search_path="${config.DATABASE_SCHEMA}"` });
  await db.connect();
  redis = createRedis(config.REDIS_URL, () => {});
});

afterAll(async () => {
  for (const child of children) killGroup(child);
  await db?.end();
  redis?.disconnect();
  if (config) await dropTestData(config);
});

interface BotProcess {
  child: ChildProcess;
  url: string;
  exited: Promise<void>;
  output: string[];
}

/** The bot as `npm start` runs it (test/helpers/bot-command.ts) on this test's schema, prefix and data dir, in its own process group. */
async function spawnBot(): Promise<BotProcess> {
  const command = await builtBotCommand();
  const env: NodeJS.ProcessEnv = { ...process.env };
  Object.assign(env, {
    DATABASE_URL: config.DATABASE_URL,
    REDIS_URL: config.REDIS_URL,
    DATABASE_SCHEMA: config.DATABASE_SCHEMA,
    QUEUE_PREFIX: config.QUEUE_PREFIX,
    DATA_DIR: config.dataDir,
    ORG_FILE: config.ORG_FILE ?? '',
    PUBLIC_URL,
    WORKERS: 'on',
    CONSOLE: 'on',
    CONSOLE_PERSONAS: 'on',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    WORKER_LOCK_MS: String(LOCK_MS),
    INBOUND_STALE_MS: String(STALE_MS),
  });
  const child = spawn(process.execPath, command.args, { cwd: ROOT, env: { ...env, ...command.env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => children.delete(child));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output.push(chunk.toString());
      const started = /管家已启动：(\S+)/.exec(output.join(''));
      if (started) resolve(started[1]!);
    });
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    void exited.then(() => reject(new Error(`the bot process exited before it started:\n${output.join('')}`)));
    setTimeout(() => reject(new Error(`the bot process did not start in ${HANG_MS / 1000} s:\n${output.join('')}`)), HANG_MS).unref();
  });
  return { child, url, exited, output };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

const query = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => (await db!.query<T>(sql, params)).rows;

/** budget answers (texts) out to each person */
async function budgetAnswers(): Promise<Map<string, number>> {
  const rows = await query<{ conversation: string; n: string }>(
    `SELECT "conversation", count(*) AS n FROM "ConsoleMessage" WHERE "direction" = 'out' AND "text" LIKE '%预算余额%' GROUP BY "conversation"`,
  );
  return new Map(rows.map((r) => [r.conversation, Number(r.n)]));
}

/** nothing accepted left unhandled, nothing committed left unsent */
async function settled(): Promise<boolean> {
  const [open] = await query<{ inbound: string; outbox: string; deliveries: string }>(
    `SELECT (SELECT count(*) FROM "InboundKey" WHERE "doneAt" IS NULL) AS inbound,
            (SELECT count(*) FROM "Outbox" WHERE "dispatchedAt" IS NULL) AS outbox,
            (SELECT count(*) FROM "OutboxDelivery" WHERE "doneAt" IS NULL) AS deliveries`,
  );
  return Number(open!.inbound) === 0 && Number(open!.outbox) === 0 && Number(open!.deliveries) === 0;
}

/**
 * Polls (every few ms: the moment matters) until some deliveries have finished while others run, or
 * enough have finished; says what it saw. It watches the queue, not the conversations: a kill timed
 * on a message appearing would land on purpose between a send and its note (see the report in the
 * file's head), not at a moment the burst happens to reach.
 */
async function momentToKill(): Promise<{ delivered: number; sending: number }> {
  for (const deadline = Date.now() + HANG_MS; ;) {
    const [delivered, sending] = await Promise.all([redis!.zcard(`${config.QUEUE_PREFIX}:notify:completed`), redis!.llen(`${config.QUEUE_PREFIX}:notify:active`)]);
    if ((delivered >= KILL_AFTER && sending >= 2) || delivered >= KILL_LATEST) return { delivered, sending };
    if (Date.now() > deadline) throw new Error('timed out waiting for the moment to kill');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** fenglei's 1,200 元 requests, submitted with no workers running (the bot sends their cards when it starts) */
async function submitRequests(): Promise<string[]> {
  const web = await startTestGuanjia({ reuse: config, workers: false });
  try {
    const fenglei = { personId: 'fenglei', platform: 'console' as const, account: 'fenglei' };
    const ids: string[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const draft = await web.deps.service.requests.draft(fenglei, { subject: '办公费', amount: 120_000n, purpose: `强杀测试${i + 1}` });
      await web.deps.service.requests.submit(fenglei, draft.id);
      ids.push(draft.id);
    }
    return ids;
  } finally {
    await web.stop();
  }
}

describe('a bot process SIGKILLed under a burst of traffic', () => {
  it('answers every accepted message once and sends no card twice', async () => {
    const requestIds = await submitRequests();
    const first = await spawnBot();
    let client = new ConsoleClient(first.url);
    const cards = await Promise.all(requestIds.map((id) => client.waitForCard('qianwei', hasButton('approve'), id)));

    // the burst: 30 budget questions, 钱伟's taps among them; the kill once some answers are out
    const accepted = new Map<string, number>(ASKERS.map((p) => [p, 0]));
    const posts: Promise<void>[] = [];
    for (let i = 0; i < ASKS; i++) {
      const as = ASKERS[i % ASKERS.length]!;
      posts.push(
        client.post('messages', { as, text: '/预算' }).then((res) => {
          expect(res.status, `${as}'s /预算`).toBe(202);
          accepted.set(as, accepted.get(as)! + 1);
        }),
      );
      if (i % 8 === 3) {
        const card = cards[Math.floor(i / 8)]!;
        posts.push(client.tap('qianwei', card, 'approve').then((res) => expect(res.status, 'the tap').toBe(202)));
      }
    }
    await Promise.all(posts);
    // the kill: in the middle of the burst, deliveries running
    const atKill = await momentToKill();
    killGroup(first.child);
    await first.exited;
    const [left] = await query<{ deliveries: string; inbound: string }>(
      `SELECT (SELECT count(*) FROM "OutboxDelivery" WHERE "doneAt" IS NULL) AS deliveries, (SELECT count(*) FROM "InboundKey" WHERE "doneAt" IS NULL) AS inbound`,
    );
    console.info(`[sigkill-sends] killed with ${atKill.delivered} deliveries done and ${atKill.sending} running, ${left!.inbound} events and ${left!.deliveries} deliveries open`);

    // the same bot again: it finishes what the dead one left, then 刘晓燕 approves every request
    const second = await spawnBot();
    client = new ConsoleClient(second.url);
    await waitFor(async () => (await settled()) || undefined, 'the work left by the killed process done');
    const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    await waitFor(async () => total(await budgetAnswers()) >= ASKS || undefined, 'every budget answer');
    for (const id of requestIds) {
      const card = await client.waitForCard('liuxiaoyan', hasButton('approve'), id);
      expect((await client.tap('liuxiaoyan', card, 'approve')).status).toBe(202);
    }
    for (const id of requestIds) await client.waitForCard('zhengjia', hasButton('approve'), id);
    await waitFor(async () => (await settled()) || undefined, 'the approvals delivered');
    killGroup(second.child, 'SIGTERM');
    await second.exited;

    // every accepted question answered once, and its receipt recorded once
    const answers = await budgetAnswers();
    // what was doubled, if anything, and where: the question handled twice (two replies in the outbox) or one reply sent twice
    const replies = await query<{ account: string; n: string }>(
      `SELECT "payload"->'to'->>'account' AS account, count(*) AS n FROM "Outbox" WHERE "payload"->>'kind' = 'reply' AND "payload"->'notice'->>'kind' = 'budget.balances' GROUP BY 1`,
    );
    console.info(
      `[sigkill-sends] budget answers ${JSON.stringify(Object.fromEntries(answers))}, accepted ${JSON.stringify(Object.fromEntries(accepted))}, replies in the outbox ${JSON.stringify(Object.fromEntries(replies.map((r) => [r.account, Number(r.n)])))}`,
    );
    for (const person of ASKERS) expect(answers.get(person) ?? 0, `${person}'s budget answers`).toBe(accepted.get(person));
    const receipts = await query<{ account: string; n: string }>(
      `SELECT "account", count(*) AS n FROM "AuditEvent" WHERE "action" = 'notify.reply.sent' AND "data"->>'notice' = 'budget.balances' GROUP BY "account"`,
    );
    for (const person of ASKERS) expect(Number(receipts.find((r) => r.account === person)?.n ?? 0), `${person}'s receipts`).toBe(accepted.get(person));
    // no other text twice to the same person
    const doubled = await query<{ conversation: string; text: string; n: string }>(
      `SELECT "conversation", "text", count(*) AS n FROM "ConsoleMessage" WHERE "direction" = 'out' AND "text" IS NOT NULL AND "text" NOT LIKE '%预算余额%'
       GROUP BY "conversation", "text" HAVING count(*) > 1`,
    );
    expect(doubled).toEqual([]);

    // the decisions: each request approved by 钱伟 and 刘晓燕, once each
    const decisions = await query<{ requestId: string; personId: string; n: string }>(
      `SELECT "requestId", "personId", count(*) AS n FROM "Decision" GROUP BY "requestId", "personId" ORDER BY "requestId", "personId"`,
    );
    expect(decisions).toHaveLength(REQUESTS * 2);
    for (const d of decisions) expect(Number(d.n), `${d.personId} on ${d.requestId}`).toBe(1);

    // every card message belongs to exactly one card reference (none sent twice, none nothing refreshes), and shows the request as it is
    const sentCards = await query<{ conversation: string; requestId: string; n: string }>(
      `SELECT "conversation", "card"->>'requestId' AS "requestId", count(*) AS n FROM "ConsoleMessage" WHERE "direction" = 'out' AND "card" IS NOT NULL GROUP BY 1, 2`,
    );
    const refs = await query<{ recipient: string; requestId: string; n: string }>(
      `SELECT "recipient", "requestId", count(*) AS n FROM "CardRef" WHERE "platform" = 'console' GROUP BY 1, 2`,
    );
    const byKey = (rows: { n: string }[], key: (r: never) => string) => Object.fromEntries(rows.map((r) => [key(r as never), Number(r.n)]));
    expect(byKey(sentCards, (r: { conversation: string; requestId: string }) => `${r.conversation} ${r.requestId}`)).toEqual(
      byKey(refs, (r: { recipient: string; requestId: string }) => `${r.recipient} ${r.requestId}`),
    );
    const inspect = await startTestGuanjia({ reuse: config, workers: false });
    try {
      for (const requestId of requestIds) {
        const view = await loadRequestView(inspect.database.db, requestId);
        for (const ref of await inspect.database.db.cardRef.findMany({ where: { requestId, platform: 'console' } })) {
          const [message] = await query<{ card: unknown }>(`SELECT "card" FROM "ConsoleMessage" WHERE "id" = $1`, [(ref.handle as { messageId: string }).messageId]);
          expect(message?.card, `${ref.recipient}'s card ${ref.id}`).toEqual(
            JSON.parse(JSON.stringify(renderRequestCard(view!, ref.recipient, new Date(), inspect.deps.tz, inspect.deps.fileLinks))),
          );
        }
      }
      expect(await verifyAuditChain(inspect.database.db)).toMatchObject({ ok: true });
    } finally {
      await inspect.stop();
    }
  });
});
