// `npm run bench`: throughput of the core write paths against the configured database
// (DATABASE_URL, or embedded PGlite): drafts, submits (check-and-freeze + route + audit) and
// decisions (lock, rule, ledger, audit). Prints operations per second and heap use; it asserts nothing.
import { performance } from 'node:perf_hooks';
import { decideRequest } from '../../workflows/infra/requests/decide-request.js';
import { createDraft } from '../../workflows/infra/requests/create-draft.js';
import { submitRequest } from '../../workflows/infra/requests/submit-request.js';
import { startTestGuanjia } from '../helpers/test-guanjia.js';

const N = Number(process.argv[2] ?? 200);
const CONCURRENCY = 16;

const app = await startTestGuanjia({ workers: false });
const ctx = () => ({ db: app.deps.db, now: new Date(), tz: app.config.TZ });
const actor = (personId: string) => ({ personId, platform: 'console', account: personId });

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
    const { id } = await createDraft(ctx(), { requesterId: 'fenglei', subject: '办公费', amount: 100n, purpose: 'bench', platform: 'console', account: 'fenglei' });
    ids.push(id);
  });
  await timed('submit (freeze + route)', N, (i) => submitRequest(ctx(), ids[i]!, actor('fenglei')));
  await timed('decide (同意, step 1)', N, (i) => decideRequest(ctx(), { requestId: ids[i]!, action: 'approve', comment: '' }, actor('qianwei')));
  const heap = process.memoryUsage();
  console.log(`heap used ${(heap.heapUsed / 2 ** 20).toFixed(0)} MiB, rss ${(heap.rss / 2 ** 20).toFixed(0)} MiB`);
} finally {
  await app.cleanup();
}
