// A card is rendered from one snapshot of its request. Prisma reads a request and its steps in
// separate queries; read outside one snapshot while the last approval commits, a card could show a
// request still 审批中 with no step open — a state that never existed (on WeCom it also spends the
// card's one update code, so the final state then arrives as a second card).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, RequestView } from '../../workflows/service/workflow-service.js';
import { startTestGuanjia, type TestGuanjia } from '../helpers/test-guanjia.js';

let app: TestGuanjia;
beforeAll(async () => {
  app = await startTestGuanjia({ workers: false });
});
afterAll(() => app?.cleanup());

const actor = (personId: string): Actor => ({ personId, platform: 'console', account: personId });

/** A state the lifecycle can be in: in approval with exactly one open step, closed with none. */
function possible(view: RequestView): boolean {
  const open = view.steps.filter((s) => s.state === 'active').length;
  return view.request.status === 'in_approval' ? open === 1 : open === 0;
}

describe('the request view', () => {
  it('never shows a state between two commits, read while the last approval commits', async () => {
    const { service } = app.deps;
    const torn: string[] = [];
    for (let i = 0; i < 12; i++) {
      const { id } = await service.requests.draft(actor('fenglei'), { subject: '办公费', amount: 100n, purpose: `快照 ${i}` });
      await service.requests.submit(actor('fenglei'), id);
      await service.requests.decide(actor('qianwei'), { requestId: id, action: 'approve', comment: '' });
      await service.requests.decide(actor('liuxiaoyan'), { requestId: id, action: 'approve', comment: '' });
      let deciding = true;
      const decided = service.requests.decide(actor('wugang'), { requestId: id, action: 'approve', comment: '' }).finally(() => (deciding = false));
      const reads: Promise<void>[] = [];
      // keep reading until the decision is in, and once more after
      do {
        reads.push(
          service.requests.view(id).then((view) => {
            if (view && !possible(view)) torn.push(`${view.request.status} with ${view.steps.map((s) => s.state).join('/')}`);
          }),
        );
        await Promise.race([decided, new Promise((r) => setImmediate(r))]);
      } while (deciding);
      await decided;
      await Promise.all(reads);
      const final = await service.requests.view(id);
      expect(final?.request.status).toBe('approved');
    }
    expect(torn).toEqual([]);
  });
});
