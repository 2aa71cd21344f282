// The request row lock: every change to a request (submit, withdraw, decide) takes it first, so
// concurrent changes of one request run one after the other and each sees the last one's result.
// The same statement reads the organisation's stamp, which nearly every change reads next (the
// organisation, its policy and delegations are kept in memory under it: org-snapshot.ts).
import { Prisma, type Request } from '../../../prisma/generated/client.js';
import { appError } from '../../domain/errors.js';
import type { Tx } from '../db.js';
import type { LineStanding } from '../ledger.js';
import { keepOrgStamp } from '../org-snapshot.js';

/** The request's row, locked and read in one statement (the row as it is once the lock is ours). */
export async function lockRequest(tx: Tx, requestId: string): Promise<Request> {
  return (await lockAndRead(tx, requestId, Prisma.empty, Prisma.empty)).request;
}

/**
 * As lockRequest, with its budget line's balances in the same statement: as they stood when the
 * statement began, without the line's lock (a submit looks at them before its other work; the
 * freeze, under the line's lock, stays the authority).
 */
export async function lockRequestWithLine(tx: Tx, requestId: string): Promise<{ request: Request; line: LineStanding | null }> {
  const { request, joined } = await lockAndRead(
    tx,
    requestId,
    Prisma.sql`, l."id" AS "line.id", l."name" AS "line.name", l."allotted" AS "line.allotted", l."adjusted" AS "line.adjusted",
      l."frozen" AS "line.frozen", l."committed" AS "line.committed", l."spent" AS "line.spent"`,
    Prisma.sql`LEFT JOIN "BudgetLine" l ON l."id" = r."budgetLineId"`,
  );
  const line = Object.fromEntries(Object.entries(joined).map(([key, value]) => [key.slice('line.'.length), value]));
  return { request, line: line.id === null ? null : (line as unknown as LineStanding) };
}

/** The locked row, apart from the columns `more` adds (named with a dot) and the stamp, which the transaction keeps. */
async function lockAndRead(tx: Tx, requestId: string, more: Prisma.Sql, join: Prisma.Sql): Promise<{ request: Request; joined: Record<string, unknown> }> {
  const [locked] = await tx.$queryRaw<Record<string, unknown>[]>`
    SELECT r.*, (SELECT "stamp" FROM "OrgStamp" WHERE "id" = 1) AS "org.stamp"${more}
    FROM "Request" r ${join} WHERE r."id" = ${requestId} FOR UPDATE OF r`;
  if (!locked) throw appError('REQUEST_NOT_FOUND', `request ${requestId}`, { requestId });
  const request: Record<string, unknown> = {};
  const joined: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(locked)) {
    if (key === 'org.stamp') keepOrgStamp(tx, value as string | null);
    else if (key.includes('.')) joined[key] = value;
    else request[key] = value;
  }
  return { request: request as unknown as Request, joined };
}
