// Read side for the chat: balances, pending items, recent requests, a request with everything its
// card shows. Rows come back as the domain's types (views.ts).
import { availableOf } from '../domain/budget-balance.js';
import { pendingPlacesOf } from '../domain/decide-step.js';
import { delegatorsOf } from '../domain/delegation.js';
import { appError } from '../domain/errors.js';
import type { FieldChange } from '../domain/request-changes.js';
import type { Policy } from '../domain/org-file.js';
import type { LineBalance, RequestAlert, RoundView } from '../service/views.js';
import { decidersIn } from './requests/request-money.js';
import type { BudgetAnswer, ContractView, DirectoryPerson, PayableItem, PendingItem, PolicyInfo, RequestSummary, RequestView } from '../service/views.js';
import type { Db, Tx } from './db.js';
import { eligibleCashiers } from '../domain/chain/confirm-payment.js';
import { makesCommitment } from '../domain/chain/request-kind.js';
import { loadChain, loadLink } from './chain-view.js';
import { commitmentRemainder } from './ledger.js';
import { loadAllDelegations, loadOrgSnapshot, loadPolicy } from './org-snapshot.js';
import { contractOf, linkCandidates } from './requests/chain-facts.js';
import { attachmentView, decisionSnapshot, paymentStateOf, requestKindOf, requestStatusOf, routeOf, stepSnapshot } from './rows.js';

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
    lines: lines.map((l) => ({ ...lineBalanceOf(l), available: availableOf(l) })),
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

export async function readRequestView(db: Tx, requestId: string): Promise<RequestView | null> {
  const request = await db.request.findUnique({
    where: { id: requestId },
    include: {
      steps: { orderBy: [{ round: 'asc' }, { index: 'asc' }] },
      decisions: { orderBy: { id: 'asc' } },
      revisions: { orderBy: { id: 'asc' } },
      attachments: { orderBy: { seq: 'asc' } },
      _count: { select: { children: true } },
    },
  });
  if (!request) return null;
  // a request linked to nothing, with no payment step, is most of them: they cost no chain queries
  const chained = request.parentId !== null || request._count.children > 0;
  // names and cashiers from the organisation as kept in memory (org-snapshot.ts), not read anew per card
  const [line, org, delegations, policy, link, chain] = await Promise.all([
    db.budgetLine.findUnique({ where: { id: request.budgetLineId } }),
    loadOrgSnapshot(db),
    loadAllDelegations(db),
    loadPolicy(db, request.policyVersion),
    loadLink(db, request),
    chained ? loadChain(db, request) : null,
  ]);
  const cashiers = request.paymentState === null ? [] : (org.roles.get('cashier') ?? []);
  const kind = requestKindOf(request);
  const paymentState = paymentStateOf(request);
  const deciders = decidersIn(request.decisions);
  const lineBalance = lineBalanceOf;
  const target = request.targetLineId ? await db.budgetLine.findUnique({ where: { id: request.targetLineId } }) : null;
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
      kind,
      instalment: request.instalment,
      settledAt: request.settledAt,
    },
    line: line && lineBalance(line),
    link,
    chain,
    payment: paymentState && {
      state: paymentState,
      cashiers: eligibleCashiers({ cashiers: [...cashiers], requesterId: request.requesterId, deciders }),
      date: request.paymentDate ?? undefined,
      voucherNo: request.voucherNo ?? undefined,
      paidBy: request.paidById ?? undefined,
      paidAt: request.paidAt ?? undefined,
    },
    contract: request.kind === 'contract' && request.status === 'approved' ? await contractView(db, request.id) : null,
    adjustment: kind !== 'adjustment' || !line ? null : target ? { mode: 'transfer', from: lineBalance(line), to: lineBalance(target) } : { mode: 'add', to: lineBalance(line) },
    settleable: makesCommitment(kind) && request.status === 'approved' && request.settledAt === null,
    linkCandidates: await linkCandidates(db, request, policy.policy),
    linkRequired: request.parentId === null && (policy.policy.requestTypes.find((t) => t.name === request.type)?.parent?.required ?? false),
    steps: request.steps.filter((s) => s.round === request.round).map(stepSnapshot),
    round: request.status === 'returned' ? request.round + 1 : request.round,
    earlierRounds: earlierRounds(request),
    revisions: request.revisions.map((r) => ({ round: r.round, changes: r.changes as unknown as FieldChange[], at: r.at })),
    attachments: request.attachments.map(attachmentView),
    requiredAttachments: policy.policy.requestTypes.find((t) => t.name === request.type)?.requiredAttachments ?? [],
    alerts: (await db.alert.findMany({ where: { requestIds: { has: request.id } }, orderBy: { no: 'asc' } })).map((a) => ({
      no: a.no,
      rule: a.rule as RequestAlert['rule'],
      severity: a.severity as RequestAlert['severity'],
      state: a.state as RequestAlert['state'],
      requestNos: a.requestNos,
      amount: a.amount ?? undefined,
      citation: a.citation,
      facts: a.facts as RequestAlert['facts'],
    })),
    splitPurchaseBlocks: policy.policy.supervision.splitPurchaseBlocks,
    decisions: request.decisions.map(decisionSnapshot),
    names: {
      people: new Map([...org.people.values()].map((p) => [p.id, p.name])),
      departments: new Map([...org.departments.values()].map((d) => [d.id, d.name])),
      lines: await lineNames(db, line, request.revisions),
    },
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
    typeKinds: Object.fromEntries(current.policy.requestTypes.map((t) => [t.name, t.kind])),
    tags: routeTags(current.policy),
    types: current.policy.requestTypes.map((t) => ({
      name: t.name,
      kind: t.kind,
      parent: t.parent ? { required: t.parent.required, kinds: [...t.parent.kinds] } : null,
      requiredAttachments: [...t.requiredAttachments],
    })),
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

/** A budget line row as the view shows it. */
function lineBalanceOf(l: LineBalance): LineBalance {
  return { id: l.id, name: l.name, subject: l.subject, project: l.project, allotted: l.allotted, adjusted: l.adjusted, frozen: l.frozen, committed: l.committed, spent: l.spent };
}

/** The rounds before the current one (a returned request's last round is earlier too: the next one has not started). */
function earlierRounds(request: {
  round: number;
  status: string;
  steps: (Parameters<typeof stepSnapshot>[0] & { round: number })[];
  decisions: Parameters<typeof decisionSnapshot>[0][];
}): RoundView[] {
  const last = request.status === 'returned' ? request.round : request.round - 1;
  const rounds: RoundView[] = [];
  for (let round = 1; round <= last; round++) {
    const steps = request.steps.filter((s) => s.round === round);
    const ids = new Set(steps.map((s) => s.id));
    rounds.push({ round, steps: steps.map(stepSnapshot), decisions: request.decisions.filter((d) => ids.has(d.stepId)).map(decisionSnapshot) });
  }
  return rounds;
}

/** The names of the request's line and of every line a revision moved it from or to (those read only when there are any). */
async function lineNames(db: Tx, line: { id: string; name: string } | null, revisions: { changes: unknown }[]): Promise<Map<string, string>> {
  const names = new Map(line ? [[line.id, line.name]] : []);
  const others = new Set<string>();
  for (const r of revisions) for (const c of r.changes as FieldChange[]) if (c.field === 'line') for (const id of [c.from, c.to]) if (!names.has(id)) others.add(id);
  if (others.size === 0) return names;
  const lines = await db.budgetLine.findMany({ where: { id: { in: [...others] } }, select: { id: true, name: true } });
  for (const l of lines) names.set(l.id, l.name);
  return names;
}

/** An approved contract: its instalments, which are accepted, what is paid on each, what is left. */
async function contractView(db: Tx, requestId: string): Promise<ContractView | null> {
  const contract = await contractOf(db, requestId);
  if (!contract) return null;
  const children = await db.request.findMany({ where: { parentId: requestId, status: 'approved' }, select: { id: true, kind: true, instalment: true } });
  const spends = await db.ledgerEntry.groupBy({ by: ['requestId'], where: { requestId: { in: children.map((c) => c.id) }, kind: 'SPEND' }, _sum: { amount: true } });
  const paidBy = new Map(spends.map((s) => [s.requestId, s._sum.amount ?? 0n]));
  const request = await db.request.findUniqueOrThrow({ where: { id: requestId }, select: { budgetLineId: true } });
  const instalments = contract.instalments.map((i) => {
    const under = children.filter((c) => (c.instalment ?? 1) === i.index);
    return {
      ...i,
      accepted: under.some((c) => c.kind === 'acceptance'),
      paid: under.filter((c) => c.kind !== 'acceptance').reduce((sum, c) => sum + (paidBy.get(c.id) ?? 0n), 0n),
    };
  });
  return {
    no: contract.no,
    supplier: contract.supplier,
    amount: contract.amount,
    instalments,
    paid: instalments.reduce((sum, i) => sum + i.paid, 0n),
    remainder: await commitmentRemainder(db, request.budgetLineId, requestId),
  };
}

/** /待付款: approved payments waiting for a cashier, oldest first; PAYMENT_NOT_CASHIER for anyone who is not one. */
export async function payableFor(db: Db, personId: string): Promise<PayableItem[]> {
  const cashier = await db.roleAssignment.findUnique({ where: { role_personId: { role: 'cashier', personId } } });
  if (!cashier) throw appError('PAYMENT_NOT_CASHIER', `${personId} is not a cashier`, {});
  const rows = await db.request.findMany({ where: { paymentState: 'due' }, orderBy: [{ closedAt: 'asc' }, { no: 'asc' }], take: 200 });
  const names = await personNames(
    db,
    rows.map((r) => r.requesterId),
  );
  const decided = await db.decision.findMany({
    where: { requestId: { in: rows.map((r) => r.id) }, OR: [{ personId }, { onBehalfOf: personId }] },
    select: { requestId: true },
  });
  const conflicts = new Set(decided.map((d) => d.requestId));
  return rows.map((row) => ({
    requestId: row.id,
    no: row.no,
    requester: names.get(row.requesterId) ?? row.requesterId,
    type: row.type,
    amount: row.amount,
    approvedAt: row.closedAt,
    mayConfirm: row.requesterId !== personId && !conflicts.has(row.id),
  }));
}

/** 三重一大's tags, then every tag a step of any type names, each once */
function routeTags(policy: Policy): string[] {
  return [...new Set([...policy.collectiveTags, ...policy.requestTypes.flatMap((t) => t.steps.flatMap((s) => s.tags ?? []))])];
}
