// /申请: a draft request with the budget check and the route preview, before anything is frozen.
// A child names its parent (关联=12, 关联=HT-2026-003): the link rule is checked here, so a bad link is
// refused with its reason at once, and again at submit. A 合同 plans its instalments, a 验收 or a
// payment under a contract names its instalment, and a 预算调整 names the receiving line (调剂).
import { randomInt, randomUUID } from 'node:crypto';
import type { Prisma } from '../../../prisma/generated/client.js';
import { planInstalments } from '../../domain/chain/instalments.js';
import { appError } from '../../domain/errors.js';
import { resolveRoute } from '../../domain/resolve-route.js';
import { appendAudit } from '../audit.js';
import type { Actor, DraftInput, RequestView } from '../../service/views.js';
import { readRequestView } from '../queries.js';
import type { Ctx } from '../context.js';
import type { Tx } from '../db.js';
import { answer, emit } from '../outbox.js';
import { loadOrgSnapshot, loadPolicy } from '../org-snapshot.js';
import { assertInstalment, assertLink, checkUnderContract, contractOf, resolveRequestRef, typePolicyOf } from './chain-facts.js';
import { findBudgetLine } from './find-budget-line.js';
import { superviseDraft } from '../supervision/supervise.js';

export type { DraftInput };

/** Creates the draft and sends its preview card to the requester (the actor). Returns the request id. */
export async function createDraft(ctx: Ctx, actor: Actor, input: DraftInput): Promise<{ id: string; no: number }> {
  return ctx.db.$transaction((tx) => draftIn(tx, ctx.now, actor, input, false));
}

/**
 * The draft as its card would show it, without keeping it: the same code as createDraft, in a
 * transaction that is rolled back once the view is read. It takes no request number (a number
 * drawn and given back would leave a gap in the register) and writes no audit event; the refusals
 * are the same AppErrors as the draft's.
 */
export async function previewDraft(ctx: Ctx, actor: Actor, input: DraftInput): Promise<RequestView> {
  try {
    await ctx.db.$transaction(async (tx) => {
      const { id } = await draftIn(tx, ctx.now, actor, input, true);
      throw new Preview((await readRequestView(tx, id))!);
    });
  } catch (error) {
    if (error instanceof Preview) return error.view;
    throw error;
  }
  throw new Error('unreachable: the preview transaction always rolls back');
}

/** carries the view out of the transaction it rolls back */
class Preview extends Error {
  constructor(readonly view: RequestView) {
    super('draft preview (rolled back)');
  }
}

async function draftIn(tx: Tx, now: Date, actor: Actor, input: DraftInput, preview: boolean): Promise<{ id: string; no: number }> {
  {
    const org = await loadOrgSnapshot(tx);
    const person = org.people.get(actor.personId);
    if (!person?.active) throw appError('UNKNOWN_PERSON', `unknown person ${actor.personId}`, { personId: actor.personId });
    const current = await loadPolicy(tx);
    if (input.type !== undefined && !current.policy.requestTypes.some((t) => t.name === input.type)) {
      throw appError('UNKNOWN_REQUEST_TYPE', `unknown type ${input.type}`, { type: input.type, known: current.policy.requestTypes.map((t) => t.name) });
    }
    const type = input.type ?? current.policy.requestTypes[0]!.name;
    const typePolicy = typePolicyOf(current.policy, type);
    const kind = typePolicy.kind;

    const parent = input.parent === undefined ? null : await tx.request.findUniqueOrThrow({ where: { id: await resolveRequestRef(tx, input.parent) } });
    if (input.subject === undefined && !parent) throw appError('NO_BUDGET_LINE', 'no subject', { subject: '', known: [] });
    const line =
      input.subject === undefined
        ? await tx.budgetLine.findUniqueOrThrow({ where: { id: parent!.budgetLineId } })
        : await findBudgetLine(tx, { departmentId: person.departmentId, fiscalYear: current.fiscalYear, subjectOrId: input.subject, project: input.project });

    const contract = parent ? await contractOf(tx, parent.id) : null;
    if (kind === 'acceptance' && !parent) throw appError('LINK_REQUIRED', `${type} needs its contract`, { kinds: typePolicy.parent?.kinds ?? ['contract'] });
    const amount = input.amount ?? (kind === 'acceptance' ? acceptedAmount(contract, input.instalment) : undefined);
    if (amount === undefined) throw appError('AMOUNT_REQUIRED', `${type} needs an amount`, { type });
    if (amount <= 0n && kind !== 'acceptance') throw appError('AMOUNT_INVALID', `amount ${amount}`, { input: String(amount) });

    await assertLink(tx, { kind, requesterId: person.id, departmentId: person.departmentId, budgetLineId: line.id, amount }, parent, current.policy, type, { draft: true });
    const instalment = parent
      ? assertInstalment(await checkUnderContract(tx, { kind, amount, instalment: input.instalment ?? null }, parent.id, typePolicy.acceptanceBeforePayment))
      : null;
    const contractTerms = kind === 'contract' ? await contractTermsOf(tx, input, amount) : null;
    const targetLineId = kind === 'adjustment' && input.target !== undefined ? await targetLineOf(tx, input.target, line.id, person.departmentId, current.fiscalYear) : null;

    const tags = input.tags ?? [];
    const route = resolveRoute(current.policy, org, { type, amount, requesterId: person.id, departmentId: person.departmentId, tags }, current.version);
    const id = randomUUID();
    const created = await tx.request.create({
      data: {
        id,
        type,
        kind,
        amount,
        requesterId: person.id,
        departmentId: person.departmentId,
        budgetLineId: line.id,
        purpose: input.purpose,
        supplier: input.supplier ?? (contract?.supplier || ''),
        category: line.subject,
        tags,
        status: 'draft',
        policyVersion: current.version,
        route: route as unknown as Prisma.InputJsonObject,
        parentId: parent?.id ?? null,
        instalment,
        targetLineId,
        contractNo: contractTerms?.contractNo ?? '',
        instalments: contractTerms ? (contractTerms.instalments as Prisma.InputJsonArray) : undefined,
        createdAt: now,
        // a preview is never kept: a number of its own outside the register's range, so none is drawn from it
        ...(preview ? { no: -randomInt(1, 2 ** 31 - 1) } : {}),
      },
    });
    if (preview) {
      await superviseDraft(tx, created, current.policy, now, { preview });
      return { id, no: created.no };
    }
    await appendAudit(tx, {
      action: 'request.drafted',
      subject: `request:${id}`,
      actorId: person.id,
      platform: actor.platform,
      account: actor.account,
      at: now,
      policyVersion: current.version,
      data: { no: created.no, type, kind, amount, line: line.id, parent: parent?.no ?? null, instalment, target: targetLineId },
    });
    // 化整为零: the draft that makes the sum reach the procurement threshold is flagged on its card
    await superviseDraft(tx, created, current.policy, now);
    await emit(tx, { kind: 'card.send', requestId: id, personId: person.id });
    // the draft card is the answer; the delivery that made it names it (the workbench's form opens it next)
    await answer(tx, actor, now);
    if (actor.delivery) await tx.inboundKey.updateMany({ where: { key: actor.delivery }, data: { requestNo: created.no } });
    return { id, no: created.no };
  }
}

/** A 验收 without an amount accepts its instalment's amount (the whole contract when it has one instalment). */
function acceptedAmount(contract: Awaited<ReturnType<typeof contractOf>>, instalment: number | undefined): bigint | undefined {
  if (!contract) return undefined;
  const index = instalment ?? (contract.instalments.length === 1 ? 1 : undefined);
  return contract.instalments.find((i) => i.index === index)?.amount;
}

/** A contract's number (given, or issued on approval) and instalments, checked now so a bad plan is refused at once. */
async function contractTermsOf(tx: Tx, input: DraftInput, amount: bigint) {
  planInstalments(amount, input.instalments ?? []);
  const contractNo = input.contractNo?.trim() ?? '';
  if (contractNo && (await tx.contract.findUnique({ where: { no: contractNo } }))) throw appError('CONTRACT_NO_TAKEN', `contract ${contractNo} exists`, { contractNo });
  const instalments = (input.instalments ?? []).map((i) => ({ amount: i.amount?.toString(), percentBasis: i.percentBasis, condition: i.condition }));
  return { contractNo, instalments };
}

/** 调剂: the receiving line, by id or by subject in the requester's department (as the giving line is found); never the giving line itself. */
async function targetLineOf(tx: Tx, target: string, fromLineId: string, departmentId: string, fiscalYear: number): Promise<string> {
  const line = await findBudgetLine(tx, { departmentId, fiscalYear, subjectOrId: target }).catch(() => null);
  if (!line) {
    const known = await tx.budgetLine.findMany({ where: { departmentId, fiscalYear }, orderBy: { id: 'asc' } });
    throw appError('ADJUST_TARGET_INVALID', `no line ${target}`, { target, problem: 'unknown', known: known.map((l) => l.subject) });
  }
  if (line.id === fromLineId) throw appError('ADJUST_TARGET_INVALID', 'same line', { target, problem: 'same_line' });
  return line.id;
}
