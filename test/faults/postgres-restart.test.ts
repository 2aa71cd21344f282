// PostgreSQL restarted under a working Guanjia (`pg_ctl restart -m fast`: every session ends with
// 57P01). The process must not crash on an unhandled 'error' from a pg client, and afterwards the
// bot answers again with nothing doubled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../workflows/infra/audit.js';
import { ConsoleClient, hasButton } from '../helpers/console-client.js';
import { startTestGuanjia, waitFor, type TestGuanjia } from '../helpers/test-guanjia.js';
import { startPgProcess, type PgProcess } from './pg-process.js';

const RESTARTS = 4;
const TERMINATE_MS = 3_000;

let pg: PgProcess;
let app: TestGuanjia;
let client: ConsoleClient;
// startTestGuanjia runs in this process: an unhandled 'error' event from a pg client lands here
const crashes: unknown[] = [];
const onCrash = (err: unknown) => crashes.push(err);

beforeAll(async () => {
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  pg = await startPgProcess();
  app = await startTestGuanjia({ env: { DATABASE_URL: pg.url, REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' } });
  client = new ConsoleClient(app.url);
});
afterAll(async () => {
  await app?.cleanup();
  await pg?.stop();
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
});

const line = () => app.database.db.budgetLine.findFirstOrThrow({ where: { departmentId: 'cjb', subject: '办公费' } });

/** Says `text` until the console accepts it (while PostgreSQL is down it may refuse). */
async function sayAccepted(as: string, text: string): Promise<void> {
  await waitFor(async () => (await client.post('messages', { as, text })).status === 202, `${text} accepted from ${as}`);
}

describe('PostgreSQL restarts under a working Guanjia', () => {
  it('rides out every restart and answers again, nothing doubled', async () => {
    await sayAccepted('fenglei', '/预算');
    await client.waitForText('fenglei', /预算余额/);

    // traffic while the server restarts: more work than the pool has connections, so statements and
    // transactions queue for a connection while sessions are being terminated
    let busy = true;
    const sender = async (as: string) => {
      while (busy) {
        await client.post('messages', { as, text: '/预算' }).catch(() => undefined);
        await client.post('messages', { as, text: '/申请 办公费 10 购买笔' }).catch(() => undefined);
      }
    };
    const traffic = Promise.all(Array.from({ length: 16 }, (_, i) => sender(i % 2 ? 'hefang' : 'qianwei')));
    for (let i = 0; i < RESTARTS; i++) {
      await pg.restart();
      // the pool reconnects: statements succeed again before the next fault
      await waitFor(
        () =>
          app.database.db.$queryRaw`SELECT 1`.then(
            () => true,
            () => false,
          ),
        'the database answering again',
      );
      // between restarts, every session is terminated over and over (the same 57P01), so a session
      // ends at every moment of its use: idle, mid-statement, just handed from one user to the next
      await pg.terminateSessions(TERMINATE_MS);
      await waitFor(
        () =>
          app.database.db.$queryRaw`SELECT 1`.then(
            () => true,
            () => false,
          ),
        'the database answering again',
      );
    }
    busy = false;
    await traffic;
    expect(crashes).toEqual([]);

    // the bot answers again
    const last = await client.lastId('fenglei');
    await sayAccepted('fenglei', '/预算');
    await client.waitForText('fenglei', /预算余额/, last);

    // a request is submitted and decided, each exactly once: one freeze, one decision, the chain intact
    const before = await line();
    await sayAccepted('fenglei', '/申请 办公费 1200 购买打印纸');
    const draft = await client.waitForCard('fenglei', hasButton('submit'));
    const requestId = draft.card.requestId;
    expect((await client.tap('fenglei', draft, 'submit')).status).toBe(202);
    const first = await client.waitForCard('qianwei', hasButton('approve'), requestId);
    expect((await client.tap('qianwei', first, 'approve')).status).toBe(202);
    await client.waitForCard('liuxiaoyan', hasButton('approve'), requestId);
    const decisions = await app.database.db.decision.findMany({ where: { requestId } });
    expect(decisions.map((d) => d.personId)).toEqual(['qianwei']);
    expect((await line()).frozen).toBe(before.frozen + 120_000n);
    expect(await verifyAuditChain(app.database.db)).toMatchObject({ ok: true });
    const cards = (await client.messages('liuxiaoyan')).filter((m) => m.card?.requestId === requestId);
    expect(cards).toHaveLength(1);
    expect(crashes).toEqual([]);
  });
});
