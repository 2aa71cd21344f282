// The SQL of oversight search: the matches' count and total, and the newest SEARCH_ROWS of them with
// requester, department and current step. Each filter is one parameterised fragment that an index
// serves — Request (createdAt), (departmentId, createdAt), (supplier, createdAt), (type, createdAt),
// (requesterId), GIN (tags), and Step (state, light) for 灯= — so 100,000 requests answer in
// milliseconds (issue 10: p99 under 200 ms). The bench times searchRequests (run-search.ts), which
// resolves names, checks the scope and audits around this.
import { Prisma } from '../../../prisma/generated/client.js';
import type { SearchLight } from '../../domain/search/search-filters.js';
import type { RequestStatus } from '../../domain/types.js';
import type { SearchResult, SearchRow } from '../../service/views.js';
import type { Db } from '../db.js';
import { requestStatusOf } from '../rows.js';
import { LIGHTS, type Light } from '../../domain/types.js';

/** how many rows one answer lists (a chat message holds about 2,000 characters) */
export const SEARCH_ROWS = 20;

/** The filters with names resolved to ids and days to instants. */
export interface SearchWhere {
  departmentIds?: readonly string[];
  requesterIds?: readonly string[];
  type?: string;
  status?: RequestStatus;
  supplier?: string;
  minAmount?: bigint;
  maxAmount?: bigint;
  createdFrom?: Date;
  createdBefore?: Date;
  tags?: readonly string[];
  light?: SearchLight;
}

function conditions(w: SearchWhere): Prisma.Sql {
  const c: Prisma.Sql[] = [];
  if (w.departmentIds) c.push(Prisma.sql`r."departmentId" IN (${Prisma.join(w.departmentIds)})`);
  if (w.requesterIds) c.push(Prisma.sql`r."requesterId" IN (${Prisma.join(w.requesterIds)})`);
  if (w.type !== undefined) c.push(Prisma.sql`r."type" = ${w.type}`);
  if (w.status !== undefined) c.push(Prisma.sql`r."status" = ${w.status}`);
  if (w.supplier !== undefined) c.push(Prisma.sql`r."supplier" = ${w.supplier}`);
  if (w.minAmount !== undefined) c.push(Prisma.sql`r."amount" >= ${w.minAmount}`);
  if (w.maxAmount !== undefined) c.push(Prisma.sql`r."amount" <= ${w.maxAmount}`);
  if (w.createdFrom) c.push(Prisma.sql`r."createdAt" >= ${w.createdFrom}`);
  if (w.createdBefore) c.push(Prisma.sql`r."createdAt" < ${w.createdBefore}`);
  // the GIN index serves @> (contains every tag)
  if (w.tags && w.tags.length > 0) c.push(Prisma.sql`r."tags" @> ARRAY[${Prisma.join(w.tags)}]::text[]`);
  // the lit steps are few: Step (state, light) finds them, their requests join in
  if (w.light) c.push(Prisma.sql`r."id" IN (SELECT s."requestId" FROM "Step" s WHERE s."state" = 'active' AND s."light" = ${w.light})`);
  return c.length > 0 ? Prisma.sql`WHERE ${Prisma.join(c, ' AND ')}` : Prisma.empty;
}

interface Row {
  id: string;
  no: number;
  createdAt: Date;
  type: string;
  amount: bigint;
  supplier: string;
  status: string;
  requester: string | null;
  requesterId: string;
  department: string | null;
  departmentId: string;
  step: string | null;
  light: string | null;
}

/** The two statements of a search: the matches' count and total, and the newest rows (EXPLAIN them to see the plans). */
export function searchStatements(where: SearchWhere): { totals: Prisma.Sql; rows: Prisma.Sql } {
  const filter = conditions(where);
  return {
    totals: Prisma.sql`SELECT count(*)::int AS "count", coalesce(sum(r."amount"), 0)::text AS "total" FROM "Request" r ${filter}`,
    rows: Prisma.sql`
      SELECT r."id", r."no", r."createdAt", r."type", r."amount", r."supplier", r."status", r."requesterId", r."departmentId",
             p."name" AS "requester", d."name" AS "department", s."name" AS "step", s."light"
        FROM "Request" r
        LEFT JOIN "Person" p ON p."id" = r."requesterId"
        LEFT JOIN "Department" d ON d."id" = r."departmentId"
        LEFT JOIN LATERAL (
          SELECT st."name", st."light" FROM "Step" st
           WHERE st."requestId" = r."id" AND st."round" = r."round" AND st."state" = 'active'
           ORDER BY st."index" LIMIT 1
        ) s ON true
        ${filter}
       ORDER BY r."createdAt" DESC, r."no" DESC
       LIMIT ${SEARCH_ROWS}`,
  };
}

export async function queryRequests(db: Db, where: SearchWhere): Promise<Omit<SearchResult, 'scope'>> {
  const sql = searchStatements(where);
  const [[totals], rows] = await Promise.all([db.$queryRaw<{ count: number; total: string }[]>(sql.totals), db.$queryRaw<Row[]>(sql.rows)]);
  return { count: totals?.count ?? 0, total: BigInt(totals?.total ?? '0'), rows: rows.map(rowOf) };
}

const lightOf = (text: string | null): Light | null => ((LIGHTS as readonly string[]).includes(text ?? '') ? (text as Light) : null);

function rowOf(r: Row): SearchRow {
  return {
    id: r.id,
    no: Number(r.no),
    createdAt: r.createdAt,
    requester: r.requester ?? r.requesterId,
    department: r.department ?? r.departmentId,
    type: r.type,
    amount: BigInt(r.amount),
    supplier: r.supplier,
    status: requestStatusOf(r),
    step: r.step,
    light: r.step === null ? null : lightOf(r.light),
  };
}
