// Matches a request to its budget line: the requester's department × 科目 (× project when given),
// or a line id typed directly. Fail closed: no match is an error, never a skipped check.
import { appError } from '../../domain/errors.js';
import type { Tx, Db } from '../db.js';

export async function findBudgetLine(tx: Tx | Db, q: { departmentId: string; fiscalYear: number; subjectOrId: string; project?: string }) {
  const byId = await tx.budgetLine.findUnique({ where: { id: q.subjectOrId } });
  if (byId && byId.departmentId === q.departmentId && byId.fiscalYear === q.fiscalYear) return byId;
  const candidates = await tx.budgetLine.findMany({
    where: { departmentId: q.departmentId, fiscalYear: q.fiscalYear, subject: q.subjectOrId },
    orderBy: { id: 'asc' },
  });
  const matching = q.project ? candidates.filter((l) => l.project === q.project) : candidates;
  if (matching.length === 1) return matching[0]!;
  const known = await tx.budgetLine.findMany({ where: { departmentId: q.departmentId, fiscalYear: q.fiscalYear }, orderBy: { id: 'asc' } });
  if (matching.length > 1) {
    throw appError('NO_BUDGET_LINE', `several lines match ${q.subjectOrId}`, {
      subject: q.subjectOrId,
      ambiguous: true,
      known: matching.map((l) => `${l.subject}${l.project ? `（${l.project}）` : ''} [${l.id}]`),
    });
  }
  throw appError('NO_BUDGET_LINE', `no budget line ${q.subjectOrId} for ${q.departmentId}`, {
    subject: q.subjectOrId,
    project: q.project ?? '',
    known: known.map((l) => `${l.subject}${l.project ? `（${l.project}）` : ''}`),
  });
}
