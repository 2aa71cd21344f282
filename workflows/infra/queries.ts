// Read side for the chat: balances, pending items, recent requests, a request with everything its
// card shows. Rows come back as the domain's types (views.ts).
import { availableOf } from '../domain/budget-balance.js';
import { pendingPlacesOf } from '../domain/decide-step.js';
import { delegatorsOf } from '../domain/delegation.js';
import { appError } from '../domain/errors.js';
import type { BudgetAnswer, DirectoryPerson, PendingItem, PolicyInfo, RequestSummary, RequestView } from '../service/views.js';
import type { Db, Tx } from './db.js';
import { loadPolicy } from './org-snapshot.js';
import { decisionSnapshot, requestStatusOf, routeOf, stepSnapshot } from './rows.js';

/** /预算: the person's department by default; a department (id or name) or a subject when named. */
export async function budgetBalances(db: Db, personId: string, query: string | undefined): Promise<BudgetAnswer> {
  const [{ fiscalYear }, person, departments] = await Promise.all([loadPolicy(db), db.person.findUniqueOrThrow({ where: { id: personId } }), db.department.findMany()]);
  const department = query ? departments.find((d) => d.id === query || d.name === query || d.name.includes(query)) : undefined;
  const departmentId = department?.id ?? (query ? undefined : person.departmentId);
  const subject = department || !query ? undefined : query;
  const lines = await db.budgetLine.findMany({
    where: { fiscalYear, ...(departmentId ? { departmentId } : {}), ...(subject ? { subject: { contains: subject } } : {}) },
    orderBy: [{ departmentId: 'asc' }, { id: 'asc' }],
  });
  return {
    fiscalYear,
    lines: lines.map((l) => ({
      id: l.id,
      name: l.name,
      allotted: l.allotted,
      adjusted: l.adjusted,
      frozen: l.frozen,
      committed: l.committed,
      spent: l.spent,
      available: availableOf(l),
    })),
  };
}

/** Steps waiting for this person: as an assignee, or as a deputy of one during the delegation (never their own request). */
export async function pendingFor(db: Db, personId: string, now: Date): Promise<PendingItem[]> {
  const delegations = await db.delegation.findMany({ where: { toId: personId } });
  const people = [personId, ...delegatorsOf(personId, delegations, now)];
  const steps = await db.step.findMany({
    where: { state: 'active', assignees: { hasSome: people } },
    include: { request: true },
    orderBy: { activatedAt: 'asc' },
  });
  const names = await personNames(
    db,
    steps.map((s) => s.request.requesterId),
  );
  return steps
    .map((row) => ({ row, step: stepSnapshot(row) }))
    .filter(({ row, step }) => pendingPlacesOf({ ...step, requesterId: row.request.requesterId }, personId, delegations, now).length > 0)
    .map(({ row, step }) => ({
      requestId: row.requestId,
      no: row.request.no,
      requester: names.get(row.request.requesterId) ?? row.request.requesterId,
      type: row.request.type,
      amount: row.request.amount,
      step: step.name,
      light: step.light,
    }));
}

export async function requestIdOf(db: Db, no: number): Promise<string> {
  const request = await db.request.findUnique({ where: { no }, select: { id: true } });
  if (!request) throw appError('REQUEST_NOT_FOUND', `no ${no}`, { no });
  return request.id;
}

export async function recentRequestsOf(db: Db, personId: string, take = 5): Promise<RequestSummary[]> {
  const rows = await db.request.findMany({ where: { requesterId: personId }, orderBy: { no: 'desc' }, take });
  return rows.map((r) => ({ id: r.id, no: r.no, type: r.type, amount: r.amount, status: requestStatusOf(r) }));
}

/**
 * Everything a card of this request shows, read from one snapshot (REPEATABLE READ): Prisma reads a
 * request and its steps in separate queries, and a card rendered from a request read before a
 * decision and steps read after it would show a state that never existed (and, on WeCom, spend the
 * card's one update code on it).
 */
export async function loadRequestView(db: Db, requestId: string): Promise<RequestView | null> {
  return db.$transaction((tx) => readRequestView(tx, requestId), { isolationLevel: 'RepeatableRead' });
}

async function readRequestView(db: Tx, requestId: string): Promise<RequestView | null> {
  const request = await db.request.findUnique({
    where: { id: requestId },
    include: { steps: { orderBy: [{ round: 'asc' }, { index: 'asc' }] }, decisions: { orderBy: { id: 'asc' } } },
  });
  if (!request) return null;
  const [line, people, departments, delegations, policy] = await Promise.all([
    db.budgetLine.findUnique({ where: { id: request.budgetLineId } }),
    db.person.findMany({ select: { id: true, name: true } }),
    db.department.findMany({ select: { id: true, name: true } }),
    db.delegation.findMany(),
    loadPolicy(db, request.policyVersion),
  ]);
  return {
    request: {
      id: request.id,
      no: request.no,
      type: request.type,
      amount: request.amount,
      status: requestStatusOf(request),
      requesterId: request.requesterId,
      departmentId: request.departmentId,
      purpose: request.purpose,
      supplier: request.supplier,
      submittedAt: request.submittedAt,
      returnCount: request.returnCount,
      route: routeOf(request),
    },
    line: line && { id: line.id, name: line.name, allotted: line.allotted, adjusted: line.adjusted, frozen: line.frozen, committed: line.committed, spent: line.spent },
    steps: request.steps.filter((s) => s.round === request.round).map(stepSnapshot),
    decisions: request.decisions.map(decisionSnapshot),
    names: { people: new Map(people.map((p) => [p.id, p.name])), departments: new Map(departments.map((d) => [d.id, d.name])) },
    delegations,
    returnsBeforeAlert: policy.policy.supervision.returnsBeforeAlert,
  };
}

export async function policyInfo(db: Db): Promise<PolicyInfo> {
  const current = await loadPolicy(db);
  return {
    version: current.version,
    unitName: current.unitName,
    fiscalYear: current.fiscalYear,
    requestTypes: current.policy.requestTypes.map((t) => t.name),
    supervisionGroup: current.groups.supervision,
  };
}

/** Active people with their department and role codes (部门负责人 and 分管领导 as department_head / department_leader). */
export async function directory(db: Db): Promise<DirectoryPerson[]> {
  const [people, departments, roles] = await Promise.all([
    db.person.findMany({ where: { active: true }, orderBy: { id: 'asc' } }),
    db.department.findMany(),
    db.roleAssignment.findMany({ orderBy: [{ role: 'asc' }, { position: 'asc' }] }),
  ]);
  const departmentName = new Map(departments.map((d) => [d.id, d.name]));
  return people.map((p) => {
    const held = [
      ...departments.filter((d) => d.headId === p.id).map(() => 'department_head'),
      ...departments.filter((d) => d.leaderId === p.id).map(() => 'department_leader'),
      ...roles.filter((r) => r.personId === p.id).map((r) => r.role),
    ];
    return {
      id: p.id,
      name: p.name,
      department: { id: p.departmentId, name: departmentName.get(p.departmentId) ?? p.departmentId },
      title: p.title ?? undefined,
      roles: [...new Set(held)],
    };
  });
}

async function personNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const people = await db.person.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true } });
  return new Map(people.map((p) => [p.id, p.name]));
}
