// What a request's approval or closing does to money, by its kind (workflows/domain/chain/request-kind.ts):
// commit, spend, wait for the cashier, adjust the lines, or nothing; and giving back what it froze.
import { approvalMovement, freezesOnSubmit } from '../../domain/chain/request-kind.js';
import { eligibleCashiers } from '../../domain/chain/confirm-payment.js';
import { contractNumber, nextContractSeq } from '../../domain/chain/contract-number.js';
import type { Effect } from '../../domain/effects.js';
import { appError } from '../../domain/errors.js';
import type { Policy } from '../../domain/org-file.js';
import type { OrgSnapshot } from '../../domain/types.js';
import type { Tx } from '../db.js';
import { adjustBudget, commitBudget, lockLines, releaseBudget, spendBudget, type FreezeSource } from '../ledger.js';
import { requestKindOf } from '../rows.js';
import { instalmentsOf, typePolicyOf } from './chain-facts.js';

type RequestRow = Awaited<ReturnType<Tx['request']['findUniqueOrThrow']>>;

/** Where the request's frozen amount came from: its parent's commitment, or the line. */
export function freezeSourceOf(request: Pick<RequestRow, 'parentId'>): FreezeSource {
  return request.parentId === null ? { from: 'line' } : { from: 'committed', commitmentId: request.parentId };
}

/** 驳回 / 退回 / 撤回: gives back what submitting froze, to where it came from. */
export async function releaseHeld(tx: Tx, request: RequestRow, note: string): Promise<void> {
  if (!freezesOnSubmit(requestKindOf(request), request.targetLineId)) return;
  await releaseBudget(tx, request.budgetLineId, request.amount, request.id, note, freezeSourceOf(request));
}

/**
 * The last step approved: moves the money as the request's kind says. Returns the effects to send
 * with it (the cashiers' cards) and whether the request now waits for payment.
 */
export async function applyApproval(tx: Tx, request: RequestRow, policy: Policy, org: OrgSnapshot, now: Date): Promise<{ effects: Effect[]; awaitingPayment: boolean }> {
  const moved = await moveOnApproval(tx, request, policy, org, now);
  // the parent's card shows what its children used: bring every copy up to date
  if (request.parentId !== null) moved.effects.push({ kind: 'card.refresh', requestId: request.parentId });
  return moved;
}

async function moveOnApproval(tx: Tx, request: RequestRow, policy: Policy, org: OrgSnapshot, now: Date): Promise<{ effects: Effect[]; awaitingPayment: boolean }> {
  const kind = requestKindOf(request);
  const movement = approvalMovement(kind, typePolicyOf(policy, request.type, kind).payment);
  switch (movement) {
    case 'commit':
      await commitBudget(tx, request.budgetLineId, request.amount, request.id, kind === 'contract' ? '合同' : '事前申请');
      if (kind === 'contract') await createContract(tx, request, now);
      return { effects: [], awaitingPayment: false };
    case 'spend':
      await spendBudget(tx, request.budgetLineId, request.amount, request.id);
      return { effects: [], awaitingPayment: false };
    case 'await_payment': {
      await tx.request.update({ where: { id: request.id }, data: { paymentState: 'due' } });
      const deciders = await decidersOf(tx, request.id);
      const cashiers = eligibleCashiers({ cashiers: org.roles.get('cashier') ?? [], requesterId: request.requesterId, deciders });
      return { effects: cashiers.map((personId) => ({ kind: 'card.send', requestId: request.id, personId })), awaitingPayment: true };
    }
    case 'adjust':
      await adjustLines(tx, request);
      return { effects: [], awaitingPayment: false };
    case 'none':
      return { effects: [], awaitingPayment: false };
  }
}

/** Everyone who decided on any step of the request, and whom they acted for. */
export async function decidersOf(tx: Tx, requestId: string): Promise<string[]> {
  return decidersIn(await tx.decision.findMany({ where: { requestId }, select: { personId: true, onBehalfOf: true } }));
}

/** The people of these decisions, and whom they acted for, once each. */
export function decidersIn(decisions: readonly { personId: string; onBehalfOf: string | null }[]): string[] {
  return [...new Set(decisions.flatMap((d) => (d.onBehalfOf ? [d.personId, d.onBehalfOf] : [d.personId])))];
}

/** 预算调整: 调剂 gives back the frozen amount and moves the allotment from one line to the other; 追加 adds to the line. */
async function adjustLines(tx: Tx, request: RequestRow): Promise<void> {
  if (request.targetLineId === null) {
    await lockLines(tx, [request.budgetLineId]);
    await adjustBudget(tx, request.budgetLineId, request.amount, `追加 No.${request.no}`, request.id);
    return;
  }
  await lockLines(tx, [request.budgetLineId, request.targetLineId]);
  await releaseBudget(tx, request.budgetLineId, request.amount, request.id, `调剂 No.${request.no}`);
  await adjustBudget(tx, request.budgetLineId, -request.amount, `调剂调出 No.${request.no}`, request.id);
  await adjustBudget(tx, request.targetLineId, request.amount, `调剂调入 No.${request.no}`, request.id);
}

/** An approved 合同审批 becomes a contract: the number asked for, or the year's next HT-<year>-<seq>. */
async function createContract(tx: Tx, request: RequestRow, now: Date): Promise<void> {
  const line = await tx.budgetLine.findUniqueOrThrow({ where: { id: request.budgetLineId }, select: { fiscalYear: true } });
  let no = request.contractNo;
  if (no === '') {
    // one issuer at a time, so two contracts approved together get different numbers
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('guanjia.contract-no'))`;
    const issued = await tx.contract.findMany({ where: { fiscalYear: line.fiscalYear }, select: { no: true } });
    no = contractNumber(
      line.fiscalYear,
      nextContractSeq(
        line.fiscalYear,
        issued.map((c) => c.no),
      ),
    );
  } else if (await tx.contract.findUnique({ where: { no } })) {
    throw appError('CONTRACT_NO_TAKEN', `contract ${no} exists`, { contractNo: no });
  }
  const instalments = instalmentsOf(request).map((i) => ({ index: i.index, amount: i.amount.toString(), condition: i.condition }));
  await tx.contract.create({ data: { no, requestId: request.id, fiscalYear: line.fiscalYear, supplier: request.supplier, amount: request.amount, instalments, createdAt: now } });
}
