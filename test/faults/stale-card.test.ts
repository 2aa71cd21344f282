// The send/refresh race: an approver's card stayed 审批中 with live buttons after the request was
// approved, because a refresh ran between the card's send and the write of its reference, and so never
// saw it. A request's cards are now sent and refreshed under one Redis lock per platform and request
// (bot/notify/deliver.ts withCardLock): whatever the timing, every card ends showing the request as it
// is. Each case ends by comparing every card reference's console message with the card drawn from the
// request's current view (as test/integration/replay.test.ts does).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderRequestCard } from '../../bot/cards/render-request-card.js';
import type { QueueName } from '../../bot/jobs/index.js';
import { loadRequestView } from '../../workflows/infra/queries.js';
import { ConsoleClient, hasButton } from '../helpers/console-client.js';
import { startTestGuanjia, waitFor, type TestGuanjia } from '../helpers/test-guanjia.js';

/** the same address for both apps, so a card drawn by either looks the same */
const PUBLIC_URL = 'http://guanjia.test';
/** how long the write of a card's reference is held up in the slow-write case */
const SLOW_REF_SECONDS = 3;

let app: TestGuanjia;
let client: ConsoleClient;
const fenglei = { personId: 'fenglei', platform: 'console' as const, account: 'fenglei' };

beforeAll(async () => {
  app = await startTestGuanjia({ env: { PUBLIC_URL } });
  client = new ConsoleClient(app.url);
});
afterAll(async () => {
  await app?.cleanup();
});

/** fenglei's 1,200 元 用款申请 (钱伟 → 刘晓燕 → 郑佳), submitted, with 钱伟's card out */
async function submitted(purpose: string): Promise<string> {
  const draft = await app.deps.service.requests.draft(fenglei, { subject: '办公费', amount: 120_000n, purpose });
  await app.deps.service.requests.submit(fenglei, draft.id);
  await app.deps.dispatch();
  await client.waitForCard('qianwei', hasButton('approve'), draft.id);
  return draft.id;
}

/** nothing accepted unhandled, nothing committed unsent, no job waiting (a job waiting for the card lock is delayed) */
async function settle(apps: TestGuanjia[] = [app]): Promise<void> {
  const db = app.database.db;
  await waitFor(async () => {
    if ((await db.inboundKey.count({ where: { doneAt: null } })) > 0) return false;
    if ((await db.outbox.count({ where: { dispatchedAt: null } })) > 0) return false;
    if ((await db.outboxDelivery.count({ where: { doneAt: null } })) > 0) return false;
    for (const a of apps)
      for (const name of ['inbound', 'notify'] as QueueName[]) {
        const counts = await a.deps.queues.queue(name).getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        if (Object.values(counts).some((n) => n > 0)) return false;
      }
    return true;
  }, 'everything delivered');
}

/** Every console card of the request, in its recipient's conversation, is the card of the request as it is now. */
async function expectCardsCurrent(requestId: string): Promise<void> {
  const db = app.database.db;
  const view = await loadRequestView(db, requestId);
  const refs = await db.cardRef.findMany({ where: { requestId, platform: 'console' } });
  expect(refs.length).toBeGreaterThan(0);
  const recipients = new Set(refs.map((r) => r.recipient));
  for (const ref of refs) {
    const messageId = Number((ref.handle as { messageId: string }).messageId);
    const message = (await client.messages(ref.recipient)).find((m) => m.id === messageId);
    expect(message?.card, `card ${messageId} of ${ref.recipient}`).toBeDefined();
    expect(message!.card, `${ref.recipient}'s card ${messageId}`).toEqual(renderRequestCard(view!, ref.recipient, new Date(), app.deps.tz, app.deps.fileLinks));
  }
  // and no copy that no reference points at (nothing would ever refresh it)
  for (const person of recipients) {
    const shown = (await client.messages(person)).filter((m) => m.card?.requestId === requestId).map((m) => m.id);
    const referenced = refs.filter((r) => r.recipient === person).map((r) => Number((r.handle as { messageId: string }).messageId));
    expect(shown.sort(), `${person}'s cards of the request`).toEqual(referenced.sort());
  }
}

describe("a request's cards after sends and refreshes race", () => {
  it('the card lock held while the request moves: the waiting sends and refreshes all end current', async () => {
    const requestId = await submitted('卡片锁测试');
    const lock = `${app.config.QUEUE_PREFIX}:refresh-lock:console:${requestId}`;
    // someone (a slow refresh) holds the request's card lock while 钱伟 approves (once the submit's own card jobs let go of it)
    await waitFor(async () => (await app.deps.redis.set(lock, 'test', 'PX', 60_000, 'NX')) === 'OK' || undefined, 'the card lock');
    const card = await client.waitForCard('qianwei', hasButton('approve'), requestId);
    expect((await client.tap('qianwei', card, 'approve')).status).toBe(202);
    const step1 = await app.database.db.step.findFirstOrThrow({ where: { requestId, index: 0 } });
    await waitFor(async () => (await app.database.db.step.findUniqueOrThrow({ where: { id: step1.id } })).state === 'approved' || undefined, 'step 1 approved');
    // the card jobs wait their turn (delayed), nothing is sent past the lock
    await waitFor(async () => (await app.deps.queues.queue('notify').getDelayedCount()) > 0 || undefined, 'a card job waiting for the lock');
    expect((await client.messages('liuxiaoyan')).filter((m) => m.card?.requestId === requestId)).toEqual([]);
    expect((await client.messages('qianwei')).find((m) => m.id === card.id)?.card?.buttons.map((b) => b.action)).toContain('approve');
    await app.deps.redis.del(lock);

    const next = await client.waitForCard('liuxiaoyan', hasButton('approve'), requestId);
    expect((await client.tap('liuxiaoyan', next, 'approve')).status).toBe(202);
    await settle();
    await expectCardsCurrent(requestId);
    const qianwei = (await client.messages('qianwei')).find((m) => m.id === card.id)!.card!;
    expect(qianwei.buttons).toEqual([]);
    expect(qianwei.route[0]!.state).toBe('approved');
  });

  it("a card's reference written late: the refresh after the next decision still finds it", async () => {
    const requestId = await submitted('慢写卡片测试');
    const db = app.database.db;
    // 刘晓燕's card reference takes seconds to be written after her card is out: her decision's refresh comes meanwhile
    await db.$executeRawUnsafe(`
      CREATE FUNCTION slow_card_ref() RETURNS trigger AS $$
      BEGIN
        IF NEW."recipient" = 'liuxiaoyan' AND NEW."requestId" = '${requestId}' THEN PERFORM pg_sleep(${SLOW_REF_SECONDS}); END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await db.$executeRawUnsafe(`CREATE TRIGGER slow_card_ref BEFORE INSERT ON "CardRef" FOR EACH ROW EXECUTE FUNCTION slow_card_ref()`);
    try {
      const first = await client.waitForCard('qianwei', hasButton('approve'), requestId);
      expect((await client.tap('qianwei', first, 'approve')).status).toBe(202);
      const mine = await client.waitForCard('liuxiaoyan', hasButton('approve'), requestId);
      // tapped while the card's reference is still being written
      expect(await db.cardRef.count({ where: { requestId, recipient: 'liuxiaoyan' } })).toBe(0);
      expect((await client.tap('liuxiaoyan', mine, 'approve')).status).toBe(202);
      await settle();
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER slow_card_ref ON "CardRef"`);
      await db.$executeRawUnsafe(`DROP FUNCTION slow_card_ref()`);
    }
    await expectCardsCurrent(requestId);
    const hers = (await client.messages('liuxiaoyan')).filter((m) => m.card?.requestId === requestId);
    expect(hers).toHaveLength(1);
    expect(hers[0]!.card!.buttons).toEqual([]);
    expect(hers[0]!.card!.route[1]!.state).toBe('approved');
  });

  it('many approvals in quick succession across two worker processes: every card ends current', async () => {
    const other = await startTestGuanjia({ reuse: app.config });
    try {
      const clients = [client, new ConsoleClient(other.url)];
      const ids = await Promise.all(['快速一', '快速二', '快速三', '快速四', '快速五'].map((p) => submitted(`连续审批${p}`)));
      // each approver taps each card the moment it shows, through either process's edge in turn
      let turn = 0;
      for (const person of ['qianwei', 'liuxiaoyan', 'zhengjia']) {
        await Promise.all(
          ids.map(async (id) => {
            const card = await client.waitForCard(person, hasButton('approve'), id);
            const via = clients[turn++ % clients.length]!;
            expect((await via.tap(person, card, 'approve')).status).toBe(202);
          }),
        );
      }
      await waitFor(async () => (await app.database.db.request.count({ where: { id: { in: ids }, status: 'approved' } })) === ids.length || undefined, 'every request approved');
      await settle([app, other]);
      for (const id of ids) await expectCardsCurrent(id);
    } finally {
      await other.stop();
    }
  });
});
