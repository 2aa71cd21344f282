// What a person may link a new request to (关联), for the workbench's form: the approved, unsettled
// commitments (事前申请, 合同) of their department or their own, newest first, with what is left of each.
import { makesCommitment } from '../../domain/chain/request-kind.js';
import { REQUEST_KINDS } from '../../domain/org-file.js';
import type { LinkableRequest } from '../../service/views.js';
import type { Db } from '../db.js';
import { commitmentRemainder } from '../ledger.js';
import { requestKindOf } from '../rows.js';

const SHOWN = 30;

export async function linkableFor(db: Db, personId: string): Promise<LinkableRequest[]> {
  const person = await db.person.findUnique({ where: { id: personId }, select: { departmentId: true } });
  if (!person) return [];
  const rows = await db.request.findMany({
    where: {
      status: 'approved',
      settledAt: null,
      kind: { in: REQUEST_KINDS.filter(makesCommitment) },
      OR: [{ departmentId: person.departmentId }, { requesterId: personId }],
    },
    include: { contract: { select: { no: true } } },
    orderBy: { no: 'desc' },
    take: SHOWN,
  });
  const linkable: LinkableRequest[] = [];
  for (const row of rows) {
    const remaining = await commitmentRemainder(db, row.budgetLineId, row.id);
    if (remaining <= 0n && requestKindOf(row) !== 'contract') continue;
    linkable.push({ no: row.no, type: row.type, kind: requestKindOf(row), amount: row.amount, remaining, purpose: row.purpose, contractNo: row.contract?.no });
  }
  return linkable;
}
