// Arming every open step's timer again reads the steps a page at a time, soonest first: pages that
// end between steps due at the same moment lose none and repeat none, a yellow step's next timer is
// its red one, red and decided steps have none, and every timer read is armed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rearmTimers } from '../../bot/notify/dispatch-outbox.js';
import type { StepTimer } from '../../workflows/service/workflow-service.js';
import { startTestGuanjia, type TestGuanjia } from '../helpers/test-guanjia.js';

let app: TestGuanjia;

beforeAll(async () => {
  app = await startTestGuanjia({ workers: false });
});
afterAll(() => app?.cleanup());

const HOUR = 3_600_000;

describe('open timers, a page at a time', () => {
  it('reads every open step once, soonest first, and arms each', async () => {
    const actor = { personId: 'fenglei', platform: 'console' as const, account: 'fenglei' };
    const { id: requestId } = await app.deps.service.requests.draft(actor, { subject: '办公费', amount: 100n, purpose: '分页重排' });
    const base = Date.now() + 24 * HOUR;
    // 13 steps: three lights, and several due at the same moment (a page may end between them)
    const steps = Array.from({ length: 13 }, (_, i) => ({
      id: `${requestId}.99.${i}`,
      index: i,
      light: ['green', 'yellow', 'red', 'green'][i % 4]!,
      state: i === 12 ? 'approved' : 'active',
      yellowAt: new Date(base + (i % 3) * HOUR),
      dueAt: new Date(base + (5 - (i % 5)) * HOUR),
    }));
    await app.database.db.step.createMany({
      data: steps.map((s) => ({
        id: s.id,
        requestId,
        round: 99,
        index: s.index,
        name: '部门负责人审核',
        role: 'department_head',
        mode: '依次',
        assignees: ['qianwei'],
        approvedBy: [],
        state: s.state,
        limitMinutes: 480,
        activatedAt: new Date(),
        yellowAt: s.yellowAt,
        dueAt: s.dueAt,
        light: s.light,
      })),
    });
    const expected = steps
      .filter((s) => s.state === 'active' && s.light !== 'red')
      .map((s) => (s.light === 'yellow' ? { stepId: s.id, kind: 'red', at: s.dueAt } : { stepId: s.id, kind: 'yellow', at: s.yellowAt }))
      .sort((a, b) => a.at.getTime() - b.at.getTime() || (a.stepId < b.stepId ? -1 : 1));

    const read: StepTimer[] = [];
    for (let after: StepTimer | undefined; ;) {
      const page = await app.deps.service.deadlines.open(4, after);
      read.push(...page);
      if (page.length < 4) break;
      after = page.at(-1);
    }
    const ours = read.filter((t) => t.stepId.startsWith(`${requestId}.99.`));
    expect(ours).toEqual(expected);
    expect(ours).toHaveLength(9);

    await rearmTimers(app.deps);
    const deadline = app.deps.queues.queue('deadline');
    for (const timer of expected) {
      const job = await deadline.getJob(`deadline-${timer.kind}-${timer.stepId}`);
      expect(job?.data).toMatchObject({ stepId: timer.stepId, kind: timer.kind });
    }
    expect(await deadline.getJob(`deadline-yellow-${requestId}.99.2`)).toBeUndefined();
    expect(await deadline.getJob(`deadline-red-${requestId}.99.2`)).toBeUndefined();
  });
});
