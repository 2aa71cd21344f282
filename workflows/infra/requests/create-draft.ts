// /申请: a draft request with the budget check and the route preview, before anything is frozen.
import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../../prisma/generated/client.js';
import { appError } from '../../domain/errors.js';
import { resolveRoute } from '../../domain/resolve-route.js';
import { appendAudit } from '../audit.js';
import type { Ctx } from '../context.js';
import { emit } from '../outbox.js';
import { loadOrgSnapshot, loadPolicy } from '../org-snapshot.js';
import { findBudgetLine } from './find-budget-line.js';

export interface DraftInput {
  requesterId: string;
  type?: string;
  subject: string;
  project?: string;
  amount: bigint;
  purpose: string;
  supplier?: string;
  category?: string;
  tags?: string[];
  platform: string;
  account: string;
}

/** Creates the draft and sends its preview card to the requester. Returns the request id. */
export async function createDraft({ db, now }: Ctx, input: DraftInput): Promise<{ id: string; no: number }> {
  return db.$transaction(async (tx) => {
    const org = await loadOrgSnapshot(tx);
    const person = org.people.get(input.requesterId);
    if (!person?.active) throw appError('UNKNOWN_PERSON', `unknown person ${input.requesterId}`, { personId: input.requesterId });
    const current = await loadPolicy(tx);
    const type = input.type ?? current.policy.requestTypes[0]!.name;
    const line = await findBudgetLine(tx, { departmentId: person.departmentId, fiscalYear: current.fiscalYear, subjectOrId: input.subject, project: input.project });
    const tags = input.tags ?? [];
    const route = resolveRoute(current.policy, org, { type, amount: input.amount, requesterId: person.id, departmentId: person.departmentId, tags }, current.version);
    const id = randomUUID();
    const created = await tx.request.create({
      data: {
        id,
        type,
        amount: input.amount,
        requesterId: person.id,
        departmentId: person.departmentId,
        budgetLineId: line.id,
        purpose: input.purpose,
        supplier: input.supplier ?? '',
        category: input.category ?? line.subject,
        tags,
        status: 'draft',
        policyVersion: current.version,
        route: route as unknown as Prisma.InputJsonObject,
        createdAt: now,
      },
    });
    await appendAudit(tx, {
      action: 'request.drafted',
      subject: `request:${id}`,
      actorId: person.id,
      platform: input.platform,
      account: input.account,
      at: now,
      policyVersion: current.version,
      data: { no: created.no, type, amount: input.amount, line: line.id },
    });
    await emit(tx, { kind: 'card.send', requestId: id, personId: person.id });
    return { id, no: created.no };
  });
}
