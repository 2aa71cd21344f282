// `npm run bench`: throughput of the core write paths against the configured database
// (DATABASE_URL, or embedded PGlite): drafts, submits (check-and-freeze + route + audit) and
// decisions (lock, rule, ledger, audit); then chains: a 用款申请 approved, and several 费用报销 under it,
// each submitted (freezing out of the commitment), approved step by step and paid by the cashier.
// Prints operations per second and heap use; it asserts nothing. Then the scale figures of issues 10
// and 11 (scale.ts, reports-scale.ts): /查询 and the 化整为零 check on 100,000 requests and 1,000,000
// ledger rows, p50 and p99 against their targets, and each report's time and memory with the
// 驾驶舱's p99, on PostgreSQL; on the embedded PGlite seeding that volume takes many minutes,
// so it runs there only at a volume given. `npm run bench -- [N] [requests at scale, 0 to skip]`;
// BENCH_TRY_SQL='CREATE INDEX …; …' runs statements on the seeded schema first (an index before its migration).
import { performance } from 'node:perf_hooks';
import { startTestGuanjia } from '../helpers/test-guanjia.js';
import { benchScale } from './scale.js';

const N = Number(process.argv[2] ?? 200);
/** the volume of issue 10: requests, and ten ledger rows for each */
const SCALE = Number(process.argv[3] ?? 100_000);
const SCALE_GIVEN = process.argv[3] !== undefined;
const CONCURRENCY = 16;
/** chains of one 用款申请 and CHILDREN 费用报销 each */
const CHAINS = Math.max(1, Math.round(N / 10));
const CHILDREN = 5;

const app = await startTestGuanjia({ workers: false });
const { service } = app.deps;
const actor = (personId: string) => ({ personId, platform: 'console' as const, account: personId });

async function timed(label: string, items: number, run: (i: number) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items) await run(next++);
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  console.log(`${label.padEnd(28)} ${items} in ${seconds.toFixed(2)} s  → ${(items / seconds).toFixed(1)} /s`);
  return seconds;
}

/** Approves every step of the request in turn, as the first assignee who has not yet approved it. */
async function approveAll(requestId: string): Promise<void> {
  for (;;) {
    const request = await app.database.db.request.findUniqueOrThrow({ where: { id: requestId } });
    if (request.status !== 'in_approval') return;
    const step = await app.database.db.step.findFirstOrThrow({ where: { requestId, round: request.round, state: 'active' } });
    const who = step.assignees.find((a) => !step.approvedBy.includes(a))!;
    await service.requests.decide(actor(who), { requestId, stepId: step.id, action: 'approve', comment: '' });
  }
}

/** 用款申请 approved, then its 费用报销 one after another: submitted under it, approved, paid by the cashier. */
async function chain(): Promise<void> {
  const prior = await service.requests.draft(actor('fenglei'), { type: '用款申请', subject: '专用材料费', amount: 100n * BigInt(CHILDREN), purpose: 'bench' });
  await service.requests.submit(actor('fenglei'), prior.id);
  await approveAll(prior.id);
  for (let c = 0; c < CHILDREN; c++) {
    const { id } = await service.requests.draft(actor('fenglei'), { type: '费用报销', amount: 100n, purpose: 'bench', parent: String(prior.no) });
    await service.requests.submit(actor('fenglei'), id);
    await approveAll(id);
    await service.requests.pay(actor('hefang'), { requestId: id, voucherNo: `bench-${prior.no}-${c}` });
  }
}

try {
  console.log(`database: ${app.database.kind}, ${N} requests, ${CONCURRENCY} at a time`);
  const ids: string[] = [];
  await timed('draft (/申请)', N, async () => {
    const { id } = await service.requests.draft(actor('fenglei'), { subject: '办公费', amount: 100n, purpose: 'bench' });
    ids.push(id);
  });
  await timed('submit (freeze + route)', N, (i) => service.requests.submit(actor('fenglei'), ids[i]!));
  await timed('decide (同意, step 1)', N, (i) => service.requests.decide(actor('qianwei'), { requestId: ids[i]!, action: 'approve', comment: '' }));
  const seconds = await timed(`chain (用款 + ${CHILDREN} 报销 paid)`, CHAINS, chain);
  const children = CHAINS * CHILDREN;
  console.log(`${'  报销 submit→approve→pay'.padEnd(28)} ${children} in ${seconds.toFixed(2)} s  → ${(children / seconds).toFixed(1)} /s`);
  const heap = process.memoryUsage();
  console.log(`heap used ${(heap.heapUsed / 2 ** 20).toFixed(0)} MiB, rss ${(heap.rss / 2 ** 20).toFixed(0)} MiB`);
} finally {
  await app.cleanup();
}
if (SCALE > 0 && (app.database.kind === 'postgres' || SCALE_GIVEN))
  await benchScale({
    requests: SCALE,
    ledgerRows: SCALE * 10,
    runs: 100,
    trySql: (process.env.BENCH_TRY_SQL ?? '')
      .split(';')
      .map((sql) => sql.trim())
      .filter(Boolean),
  });
else if (SCALE > 0)
  console.log(
    `\nscale (issue 10): skipped on the embedded PGlite (seeding ${SCALE} requests takes many minutes there); set DATABASE_URL, or give a volume: npm run bench -- ${N} 20000`,
  );
