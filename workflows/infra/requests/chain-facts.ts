// What the chain rules (workflows/domain/chain) need to know, read from the database: a reference
// resolved to a request, a parent's facts (status, line, what is left of its commitment, its
// ancestry), a contract's instalments and what is paid and accepted under it.
import { checkInstalmentAcceptance, checkInstalmentPayment, type InstalmentCheck } from '../../domain/chain/instalment-payment.js';
import { planInstalments, type Instalment, type InstalmentInput } from '../../domain/chain/instalments.js';
import { checkParentLink, type ChildFacts, type ParentFacts } from '../../domain/chain/link-parent.js';
import { appError } from '../../domain/errors.js';
import type { Policy, RequestKind, RequestTypePolicy } from '../../domain/org-file.js';
import type { Db, Tx } from '../db.js';
import { commitmentRemainder } from '../ledger.js';
import { requestKindOf, requestStatusOf } from '../rows.js';

/** The policy of a request type; a type the policy no longer has keeps its stored kind and no payment step. */
export function typePolicyOf(policy: Policy, type: string, kind: RequestKind = 'direct'): Pick<RequestTypePolicy, 'kind' | 'parent' | 'payment' | 'acceptanceBeforePayment'> {
  return policy.requestTypes.find((t) => t.name === type) ?? { kind, parent: undefined, payment: false, acceptanceBeforePayment: false };
}

/** "12", "No.12", "#12" → that request; anything else names a contract (HT-2026-003). */
export async function resolveRequestRef(db: Tx | Db, ref: string): Promise<string> {
  const text = ref.trim();
  const number = /^(?:no\.?|#|＃)?\s*(\d{1,9})$/i.exec(text);
  if (number) {
    const request = await db.request.findUnique({ where: { no: Number(number[1]) }, select: { id: true } });
    if (!request) throw appError('REQUEST_NOT_FOUND', `no ${number[1]}`, { no: Number(number[1]) });
    return request.id;
  }
  const contract = await db.contract.findFirst({ where: { no: { equals: text, mode: 'insensitive' } }, select: { requestId: true } });
  if (!contract) throw appError('LINK_NOT_FOUND', `no contract ${text}`, { ref: text });
  return contract.requestId;
}

type RequestRow = Awaited<ReturnType<Tx['request']['findUniqueOrThrow']>>;

/** The parent as the link rule sees it. */
export async function parentFacts(tx: Tx, parent: RequestRow): Promise<ParentFacts> {
  const ancestry = [parent.id];
  let up = parent.parentId;
  while (up !== null && !ancestry.includes(up) && ancestry.length < 50) {
    ancestry.push(up);
    up = (await tx.request.findUnique({ where: { id: up }, select: { parentId: true } }))?.parentId ?? null;
  }
  return {
    id: parent.id,
    no: parent.no,
    type: parent.type,
    kind: requestKindOf(parent),
    status: requestStatusOf(parent),
    budgetLineId: parent.budgetLineId,
    departmentId: parent.departmentId,
    requesterId: parent.requesterId,
    settled: parent.settledAt !== null,
    remainder: await commitmentRemainder(tx, parent.budgetLineId, parent.id),
    ancestry,
  };
}

/**
 * Throws the link rule's refusal, if any. A draft may wait for its required parent (the card offers
 * the candidates); submitting may not. A 验收 is nothing without its contract, so it never waits.
 */
export async function assertLink(tx: Tx, child: ChildFacts, parent: RequestRow | null, policy: Policy, type: string, { draft = false } = {}): Promise<void> {
  const facts = parent ? await parentFacts(tx, parent) : null;
  const check = checkParentLink(child, facts, typePolicyOf(policy, type).parent);
  if (check.ok || (draft && check.code === 'LINK_REQUIRED' && child.kind !== 'acceptance')) return;
  throw appError(check.code, `link refused: ${check.code}`, check.details);
}

/**
 * The requests a draft without a parent could be linked to: approved, unsettled commitments of an
 * allowed kind on its line, from its department or its requester, with enough left (newest first).
 */
export async function linkCandidates(
  db: Tx | Db,
  request: RequestRow,
  policy: Policy,
): Promise<{ id: string; no: number; type: string; contractNo?: string; remainder: bigint }[]> {
  const rule = typePolicyOf(policy, request.type, requestKindOf(request)).parent;
  if (!rule || request.parentId !== null || (request.status !== 'draft' && request.status !== 'returned')) return [];
  const rows = await db.request.findMany({
    where: {
      status: 'approved',
      settledAt: null,
      kind: { in: [...rule.kinds] },
      budgetLineId: request.budgetLineId,
      OR: [{ departmentId: request.departmentId }, { requesterId: request.requesterId }],
    },
    include: { contract: { select: { no: true } } },
    orderBy: { no: 'desc' },
    take: 20,
  });
  const candidates = [];
  for (const row of rows) {
    const remainder = await commitmentRemainder(db, row.budgetLineId, row.id);
    if (requestKindOf(request) === 'acceptance' || remainder >= request.amount)
      candidates.push({ id: row.id, no: row.no, type: row.type, contractNo: row.contract?.no, remainder });
    if (candidates.length === 5) break;
  }
  return candidates;
}

/** The instalments of a contract, as planned when it was approved. */
export async function contractOf(tx: Tx | Db, requestId: string): Promise<{ no: string; instalments: Instalment[]; supplier: string; amount: bigint } | null> {
  const row = await tx.contract.findUnique({ where: { requestId } });
  if (!row) return null;
  const instalments = (row.instalments as { index: number; amount: string; condition: string }[]).map((i) => ({
    index: i.index,
    amount: BigInt(i.amount),
    condition: i.condition,
  }));
  return { no: row.no, instalments, supplier: row.supplier, amount: row.amount };
}

/**
 * A payment or an acceptance under a contract: which instalment it is for, checked against what is
 * already paid or accepted under the contract (the caller holds the budget line's lock, so two of
 * them cannot both pass).
 */
export async function checkUnderContract(
  tx: Tx,
  child: { id?: string; kind: RequestKind; amount: bigint; instalment: number | null },
  contractRequestId: string,
  acceptanceBeforePayment: boolean,
): Promise<InstalmentCheck | null> {
  if (child.kind === 'prior' || child.kind === 'contract' || child.kind === 'adjustment') return null;
  const contract = await contractOf(tx, contractRequestId);
  if (!contract) return null;
  const siblings = await tx.request.findMany({
    where: { parentId: contractRequestId, status: { in: ['in_approval', 'approved'] }, ...(child.id ? { id: { not: child.id } } : {}) },
    select: { kind: true, amount: true, instalment: true, status: true },
  });
  const facts = {
    contractNo: contract.no,
    instalments: contract.instalments,
    instalment: child.instalment ?? undefined,
    amount: child.amount,
    payments: siblings.filter((s) => s.kind !== 'acceptance').map((s) => ({ instalment: s.instalment, amount: s.amount })),
    acceptances: siblings.filter((s) => s.kind === 'acceptance').map((s) => ({ instalment: s.instalment, approved: s.status === 'approved' })),
  };
  return child.kind === 'acceptance' ? checkInstalmentAcceptance(facts) : checkInstalmentPayment(facts, acceptanceBeforePayment);
}

export function assertInstalment(check: InstalmentCheck | null): number | null {
  if (check === null) return null;
  if (!check.ok) throw appError(check.code, `instalment refused: ${check.code}`, check.details);
  return check.instalment;
}

/** The instalments a contract request asks for, stored as entered (amounts as strings), planned against its amount. */
export function instalmentsOf(row: { amount: bigint; instalments: unknown }): Instalment[] {
  const stored = (row.instalments ?? []) as { amount?: string; percentBasis?: number; condition: string }[];
  const input: InstalmentInput[] = stored.map((i) => ({ amount: i.amount === undefined ? undefined : BigInt(i.amount), percentBasis: i.percentBasis, condition: i.condition }));
  return planInstalments(row.amount, input);
}
