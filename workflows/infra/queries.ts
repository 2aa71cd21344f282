// Read side for the chat: balances, pending items, a request with everything its card shows.
import { availableOf } from './ledger.js';
import type { Db } from './db.js';
import { loadOrgSnapshot } from './org-snapshot.js';

export async function budgetBalances(db: Db, q: { departmentId?: string; subject?: string; fiscalYear?: number }) {
  const lines = await db.budgetLine.findMany({
    where: {
      ...(q.departmentId ? { departmentId: q.departmentId } : {}),
      ...(q.subject ? { subject: { contains: q.subject } } : {}),
      ...(q.fiscalYear ? { fiscalYear: q.fiscalYear } : {}),
    },
    orderBy: [{ departmentId: 'asc' }, { id: 'asc' }],
  });
  return lines.map((l) => ({ ...l, available: availableOf(l) }));
}

/** Steps waiting for this person: as an assignee, or as a deputy of one during the delegation. */
export async function pendingFor(db: Db, personId: string, now: Date) {
  const delegators = await db.delegation.findMany({ where: { toId: personId, startsAt: { lte: now }, endsAt: { gt: now } } });
  const people = [personId, ...delegators.map((d) => d.fromId)];
  const steps = await db.step.findMany({
    where: { state: 'active', assignees: { hasSome: people } },
    include: { request: true },
    orderBy: { activatedAt: 'asc' },
  });
  return steps.filter((s) => !(s.mode === '会签' && s.approvedBy.includes(personId)));
}

export async function findRequestByNo(db: Db, no: number) {
  return db.request.findUnique({ where: { no } });
}

export async function recentRequestsOf(db: Db, personId: string, take = 5) {
  return db.request.findMany({ where: { requesterId: personId }, orderBy: { no: 'desc' }, take });
}

/** Everything a card of this request shows, in one read. */
export async function loadRequestView(db: Db, requestId: string) {
  const request = await db.request.findUnique({
    where: { id: requestId },
    include: { steps: { orderBy: [{ round: 'asc' }, { index: 'asc' }] }, decisions: { orderBy: { id: 'asc' } } },
  });
  if (!request) return null;
  const [line, org, delegations] = await Promise.all([
    db.budgetLine.findUnique({ where: { id: request.budgetLineId } }),
    loadOrgSnapshot(db),
    db.delegation.findMany(),
  ]);
  return { request, line, org, delegations, steps: request.steps.filter((s) => s.round === request.round) };
}

export type RequestView = NonNullable<Awaited<ReturnType<typeof loadRequestView>>>;
