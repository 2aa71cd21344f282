// Throughput of the core write paths, called through the service in the bench's own process against
// the configured database: drafts, submits (check-and-freeze + route + audit) and decisions (lock,
// rule, ledger, audit); then chains: a 用款申请 approved, and several 费用报销 under it, each submitted
// (freezing out of the commitment), approved step by step and paid by the cashier.
import { performance } from 'node:perf_hooks';
import { startTestGuanjia } from '../helpers/test-guanjia.js';
import { perSecond, type BenchOptions, type Row } from './bench-kit.js';

const CONCURRENCY = 16;
const CHILDREN = 5;

export async function benchCore(options: BenchOptions): Promise<Row[]> {
  const N = options.n;
  /** chains of one 用款申请 and CHILDREN 费用报销 each */
  const CHAINS = Math.max(1, Math.round(N / 10));
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
    return items / seconds;
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
    console.log(`core paths through the service: database ${app.database.kind}, ${N} requests, ${CONCURRENCY} at a time`);
    const ids: string[] = [];
    const draft = await timed('draft (/申请)', N, async () => {
      const { id } = await service.requests.draft(actor('fenglei'), { subject: '办公费', amount: 100n, purpose: 'bench' });
      ids.push(id);
    });
    const submit = await timed('submit (freeze + route)', N, (i) => service.requests.submit(actor('fenglei'), ids[i]!));
    const decide = await timed('decide (同意, step 1)', N, (i) => service.requests.decide(actor('qianwei'), { requestId: ids[i]!, action: 'approve', comment: '' }));
    const chains = await timed(`chain (用款 + ${CHILDREN} 报销 paid)`, CHAINS, chain);
    console.log(`${'  报销 submit→approve→pay'.padEnd(28)} ${CHAINS * CHILDREN} → ${(chains * CHILDREN).toFixed(1)} /s`);
    const heap = process.memoryUsage();
    console.log(`heap used ${(heap.heapUsed / 2 ** 20).toFixed(0)} MiB, rss ${(heap.rss / 2 ** 20).toFixed(0)} MiB (the bench process)`);
    const row = (figure: string, value: number): Row => ({ figure, ours: perSecond(value), baseline: '—', ratio: '—', goal: '—' });
    return [
      row('service: draft (/申请)', draft),
      row('service: submit (freeze + route)', submit),
      row('service: decide (同意, step 1)', decide),
      row(`service: 报销 submit → approve → pay (in chains)`, chains * CHILDREN),
    ];
  } finally {
    await app.cleanup();
  }
}
