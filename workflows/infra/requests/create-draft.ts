// /申请: a draft request with the budget check and the route preview, before anything is frozen.
import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../../prisma/generated/client.js';
import { appError } from '../../domain/errors.js';
import { resolveRoute } from '../../domain/resolve-route.js';
import { appendAudit } from '../audit.js';
import type { Actor, DraftInput } from '../../service/views.js';
import type { Ctx } from '../context.js';
import { answer, emit } from '../outbox.js';
import { loadOrgSnapshot, loadPolicy } from '../org-snapshot.js';
import { findBudgetLine } from './find-budget-line.js';

export type { DraftInput };

/** Creates the draft and sends its preview card to the requester (the actor). Returns the request id. */
export async function createDraft({ db, now }: Ctx, actor: Actor, input: DraftInput): Promise<{ id: string; no: number }> {
  return db.$transaction(async (tx) => {
    const org = await loadOrgSnapshot(tx);
    const person = org.people.get(actor.personId);
    if (!person?.active) throw appError('UNKNOWN_PERSON', `unknown person ${actor.personId}`, { personId: actor.personId });
    const current = await loadPolicy(tx);
    if (input.type !== undefined && !current.policy.requestTypes.some((t) => t.name === input.type)) {
      throw appError('UNKNOWN_REQUEST_TYPE', `unknown type ${input.type}`, { type: input.type, known: current.policy.requestTypes.map((t) => t.name) });
    }
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
        category: line.subject,
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
      platform: actor.platform,
      account: actor.account,
      at: now,
      policyVersion: current.version,
      data: { no: created.no, type, amount: input.amount, line: line.id },
    });
    await emit(tx, { kind: 'card.send', requestId: id, personId: person.id });
    // the draft card is the answer
    await answer(tx, actor, now);
    return { id, no: created.no };
  });
}
