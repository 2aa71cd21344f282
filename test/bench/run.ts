// `npm run bench`: throughput of the core write paths against the configured database
// (DATABASE_URL, or embedded PGlite): drafts, submits (check-and-freeze + route + audit) and
// decisions (lock, rule, ledger, audit). Prints operations per second and heap use; it asserts nothing.
import { performance } from 'node:perf_hooks';
import { startTestGuanjia } from '../helpers/test-guanjia.js';

const N = Number(process.argv[2] ?? 200);
const CONCURRENCY = 16;

const app = await startTestGuanjia({ workers: false });
const { service } = app.deps;
const actor = (personId: string) => ({ personId, platform: 'console' as const, account: personId });

async function timed(label: string, items: number, run: (i: number) => Promise<unknown>): Promise<void> {
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items) await run(next++);
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  console.log(`${label.padEnd(28)} ${items} in ${seconds.toFixed(2)} s  → ${(items / seconds).toFixed(1)} /s`);
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
  const heap = process.memoryUsage();
  console.log(`heap used ${(heap.heapUsed / 2 ** 20).toFixed(0)} MiB, rss ${(heap.rss / 2 ** 20).toFixed(0)} MiB`);
} finally {
  await app.cleanup();
}
