// A message is sent, then the write that records it fails (here: the database refuses the delivery's
// audit row three times, through a trigger). The job retries, and must not send again: before, each
// retry sent the same answer anew (a lone surrogate in a reply gave seven identical answers).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleClient } from '../helpers/console-client.js';
import { startTestGuanjia, waitFor, type TestGuanjia } from '../helpers/test-guanjia.js';

const FAILURES = 3;

let app: TestGuanjia;
let client: ConsoleClient;

beforeAll(async () => {
  app = await startTestGuanjia();
  client = new ConsoleClient(app.url);
  const db = app.database.db;
  // a sequence counts across the rolled-back transactions (a table's count would roll back with them)
  await db.$executeRawUnsafe(`CREATE SEQUENCE fault_count`);
  await db.$executeRawUnsafe(`
    CREATE FUNCTION refuse_reply_receipt() RETURNS trigger AS $$
    BEGIN
      IF NEW."action" = 'notify.reply.sent' AND NEW."data"->>'text' LIKE '%预算余额%' THEN
        IF nextval('fault_count') <= ${FAILURES} THEN RAISE EXCEPTION 'injected: the receipt cannot be written'; END IF;
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql`);
  await db.$executeRawUnsafe(`CREATE TRIGGER refuse_reply_receipt BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION refuse_reply_receipt()`);
});
afterAll(async () => {
  await app?.cleanup();
});

describe('the receipt of a sent message cannot be written', () => {
  it('sends the answer once, and records it once when the database takes it again', async () => {
    const last = await client.lastId('fenglei');
    expect((await client.post('messages', { as: 'fenglei', text: '/预算' })).status).toBe(202);
    await client.waitForText('fenglei', /预算余额/, last);
    const receipts = () => app.database.db.auditEvent.count({ where: { action: 'notify.reply.sent', account: 'fenglei', data: { path: ['notice'], equals: 'budget.balances' } } });
    await waitFor(async () => ((await receipts()) >= 1 ? true : undefined), 'the receipt written after the injected failures');
    const [count] = await app.database.db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT last_value AS n FROM fault_count`);
    expect(Number(count?.n)).toBe(FAILURES + 1);
    await waitFor(async () => (await app.deps.service.backlog(0)).undelivered === 0 || undefined, 'the delivery closed');
    const answers = (await client.messages('fenglei')).filter((m) => m.id > last && m.direction === 'out');
    expect(answers).toHaveLength(1);
    expect(await receipts()).toBe(1);
  });
});
