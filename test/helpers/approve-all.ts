// Approves a request through every step of its route, each by an assignee who has not approved yet
// and is not the requester
// (a 三重一大 step with a meeting record), as the approvers would tap 同意 one after another.
import type { Actor, WorkflowService } from '../../workflows/service/workflow-service.js';
import type { Db } from '../../workflows/infra/db.js';

export const consoleActor = (personId: string): Actor => ({ personId, platform: 'console', account: personId });

export async function approveAll(service: WorkflowService, db: Db, requestId: string): Promise<void> {
  for (;;) {
    const request = await db.request.findUniqueOrThrow({ where: { id: requestId } });
    if (request.status !== 'in_approval') return;
    const step = await db.step.findFirstOrThrow({ where: { requestId, round: request.round, state: 'active' } });
    // never the requester (不相容岗位分离): a step may name them, e.g. a 科长 asking for their own 科
    const who = step.assignees.find((a) => !step.approvedBy.includes(a) && a !== request.requesterId)!;
    await service.requests.decide(consoleActor(who), {
      requestId,
      stepId: step.id,
      action: 'approve',
      comment: '',
      meeting: step.collective ? { date: '2026-11-20', minutesNo: '2026-12' } : undefined,
    });
  }
}
