// Requests waiting at their first step, with the approver's card delivered to the console: what the
// decision figures tap. On the bench organisation (bench-org.ts), request i is drafted and submitted
// through the service by the member of department i (mod DEPARTMENTS) for its 办公费; the bot delivers
// the head's card (step 1, 部门负责人); 同意 on it sends the next card to the leader (分管领导).
import { startTestGuanjia, type TestGuanjia } from '../helpers/test-guanjia.js';
import { pool, postJson, sleep } from './bench-kit.js';
import { benchDepartments, benchOrgText, type BenchDepartment } from './bench-org.js';

export interface PendingTap {
  requestId: string;
  messageId: number;
  stepId: string;
  department: BenchDepartment;
}

/** A Guanjia (workers off: the bot runs as a process of its own) on the bench organisation. */
export async function benchGuanjia(): Promise<TestGuanjia> {
  return startTestGuanjia({ workers: false, org: await benchOrgText() });
}

const actor = (personId: string) => ({ personId, platform: 'console' as const, account: personId });

/** Drafts and submits `count` requests, then waits until every first approver's card is in the console and the bot is idle. */
export async function readyForStepOne(app: TestGuanjia, count: number): Promise<PendingTap[]> {
  const { service } = app.deps;
  const made: { id: string; department: BenchDepartment }[] = [];
  await pool(
    Array.from({ length: count }, (_, i) => benchDepartments[i % benchDepartments.length]!),
    8,
    async (department) => {
      const { id } = await service.requests.draft(actor(department.requester), { subject: '办公费', amount: 100n, purpose: 'bench' });
      await service.requests.submit(actor(department.requester), id);
      made.push({ id, department });
    },
  );
  const wanted = new Map(made.map((m) => [m.id, m.department]));
  const found = new Map<string, PendingTap>();
  const deadline = Date.now() + 300_000;
  while (found.size < wanted.size) {
    if (Date.now() > deadline) throw new Error(`only ${found.size} of ${wanted.size} first approvers' cards arrived`);
    const rows = await app.database.db.$queryRawUnsafe<{ id: bigint; conversation: string; card: { requestId: string; buttons: { action: string; stepId?: string }[] } }[]>(
      `SELECT "id", "conversation", "card" FROM "ConsoleMessage" WHERE "conversation" LIKE 'bh%' AND "card" IS NOT NULL ORDER BY "id"`,
    );
    for (const row of rows) {
      const department = wanted.get(row.card.requestId);
      const approve = row.card.buttons.find((b) => b.action === 'approve');
      if (department && row.conversation === department.head && approve?.stepId) {
        found.set(row.card.requestId, { requestId: row.card.requestId, messageId: Number(row.id), stepId: approve.stepId, department });
      }
    }
    if (found.size < wanted.size) await sleep(250);
  }
  await botIdle(app);
  return made.map((m) => found.get(m.id)!);
}

/** Waits until the outbox is swept and the bot's inbound and notify queues hold nothing waiting or running. */
export async function botIdle(app: TestGuanjia, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  while (quiet < 2) {
    if (Date.now() > deadline) throw new Error('the bot did not become idle');
    const [{ n }] = await app.database.db
      .$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "Outbox" WHERE "dispatchedAt" IS NULL`)
      .then((r) => r as [{ n: number }]);
    let busy = n > 0;
    for (const name of ['inbound', 'notify'] as const) {
      const counts = await app.deps.queues.queue(name).getJobCounts('waiting', 'active', 'prioritized');
      if (Object.values(counts).some((c) => c > 0)) busy = true;
    }
    quiet = busy ? 0 : quiet + 1;
    await sleep(busy ? 200 : 100);
  }
}

/** 同意 on a first approver's card, through the console's HTTP API as the page sends it. */
export async function tapApprove(botUrl: string, tap: PendingTap): Promise<void> {
  const res = await postJson(`${botUrl}/console/api/actions`, {
    as: tap.department.head,
    messageId: tap.messageId,
    action: 'approve',
    requestId: tap.requestId,
    stepId: tap.stepId,
  });
  if (res.status !== 202) throw new Error(`tap refused: ${res.status} ${res.body}`);
}

/** The largest console message id so far: next cards are the ones after it. */
export async function lastMessageId(app: TestGuanjia): Promise<bigint> {
  const [row] = await app.database.db.$queryRawUnsafe<{ id: bigint | null }[]>(`SELECT max("id") AS "id" FROM "ConsoleMessage"`);
  return row?.id ?? 0n;
}

/**
 * Waits until the next approver has a card for every one of `taps` (messages after `after`); the
 * message id of each, by request.
 */
export async function nextCards(app: TestGuanjia, taps: readonly PendingTap[], after: bigint, timeoutMs = 300_000): Promise<Map<string, bigint>> {
  const wanted = new Map(taps.map((t) => [t.requestId, t.department.leader]));
  const found = new Map<string, bigint>();
  const deadline = Date.now() + timeoutMs;
  while (found.size < wanted.size) {
    if (Date.now() > deadline) throw new Error(`only ${found.size} of ${wanted.size} next approvers' cards arrived`);
    const rows = await app.database.db.$queryRawUnsafe<{ id: bigint; conversation: string; requestId: string }[]>(
      `SELECT "id", "conversation", "card"->>'requestId' AS "requestId" FROM "ConsoleMessage" WHERE "id" > $1 AND "card" IS NOT NULL`,
      after,
    );
    for (const row of rows) if (wanted.get(row.requestId) === row.conversation && !found.has(row.requestId)) found.set(row.requestId, row.id);
    if (found.size < wanted.size) await sleep(50);
  }
  return found;
}
