// /查询 as the service runs it: the filters checked, 部门= and 申请人= resolved to ids, the scope rule
// applied (search-scope.ts: a filter beyond it is refused and audited as security.refused), the query
// run, and the search itself audited as query.run with its filters, scope and row count — supervisors
// are supervised. searchRequests is also what the bench times for the p99 of /查询.
import { appError } from '../../domain/errors.js';
import { matchDepartment, matchPerson } from '../../domain/search/match-names.js';
import { dayRange } from '../../domain/search/search-days.js';
import { filtersJson, SearchFiltersSchema, type SearchFilters } from '../../domain/search/search-filters.js';
import { searchScope } from '../../domain/search/search-scope.js';
import type { Actor, SearchResult } from '../../service/views.js';
import { recordAudit } from '../audit.js';
import type { Ctx } from '../context.js';
import type { Db } from '../db.js';
import { loadPolicy } from '../org-snapshot.js';
import { queryRequests, type SearchWhere } from './query-requests.js';

/** the audit subject of every search */
export const SEARCH_SUBJECT = 'query:requests';

export async function searchRequests({ db, now, tz }: Ctx, actor: Actor, given: SearchFilters): Promise<SearchResult> {
  const parsed = SearchFiltersSchema.safeParse(given);
  if (!parsed.success) throw appError('BAD_INPUT', `bad search filters: ${parsed.error.message}`, { problem: parsed.error.issues[0]?.message ?? '' });
  // names trimmed, as the chat layer sends them
  const filters: SearchFilters = parsed.data;
  // one round of reads: who asks, and what the filters name
  const [person, roles, departmentIds, requesterIds, knownTypes] = await Promise.all([
    db.person.findUnique({ where: { id: actor.personId }, select: { departmentId: true, active: true } }),
    db.roleAssignment.findMany({ where: { personId: actor.personId }, select: { role: true } }),
    filters.department === undefined ? undefined : departmentsNamed(db, filters.department),
    filters.requester === undefined ? undefined : peopleNamed(db, filters.requester),
    filters.type === undefined ? undefined : loadPolicy(db).then((p) => p.policy.requestTypes.map((t) => t.name)),
  ]);
  if (!person?.active) throw appError('UNKNOWN_PERSON', `unknown person ${actor.personId}`, { personId: actor.personId });
  const decision = searchScope({ id: actor.personId, roles: roles.map((r) => r.role), departmentId: person.departmentId }, { departmentIds, requesterIds });
  const audited = { subject: SEARCH_SUBJECT, actorId: actor.personId, platform: actor.platform, account: actor.account, at: now };
  if (!decision.ok) {
    await recordAudit(db, { ...audited, action: 'security.refused', data: { code: 'SEARCH_SCOPE', beyond: decision.beyond, filters: filtersJson(filters) } });
    throw appError('SEARCH_SCOPE', `${actor.personId} may not search beyond their own requests (${decision.beyond})`, {
      beyond: decision.beyond,
      department: filters.department,
      requester: filters.requester,
    });
  }
  if (filters.type !== undefined && knownTypes && !knownTypes.includes(filters.type)) {
    throw appError('UNKNOWN_REQUEST_TYPE', `unknown type ${filters.type}`, { type: filters.type, known: knownTypes });
  }

  const scope = decision.scope;
  const days = dayRange(filters.from, filters.to, tz);
  const where: SearchWhere = {
    departmentIds,
    requesterIds: scope.kind === 'own' ? [scope.personId] : requesterIds,
    type: filters.type,
    status: filters.status,
    supplier: filters.supplier,
    minAmount: filters.minAmount,
    maxAmount: filters.maxAmount,
    createdFrom: days.gte,
    createdBefore: days.lt,
    tags: filters.tags,
    light: filters.light,
  };
  const found = await queryRequests(db, where);
  await recordAudit(db, { ...audited, action: 'query.run', data: { filters: filtersJson(filters), scope: scope.kind, count: found.count, total: found.total.toString() } });
  return { scope: scope.kind, ...found };
}

async function departmentsNamed(db: Db, text: string): Promise<string[]> {
  const match = matchDepartment(text, await db.department.findMany({ select: { id: true, name: true }, orderBy: { id: 'asc' } }));
  if (!match.ok) throw appError('SEARCH_UNKNOWN', `no department ${text}`, { field: 'department', value: text, ambiguous: match.ambiguous, candidates: match.candidates });
  return match.ids;
}

async function peopleNamed(db: Db, text: string): Promise<string[]> {
  const match = matchPerson(text, await db.person.findMany({ where: { OR: [{ id: text.trim() }, { name: text.trim() }] }, select: { id: true, name: true } }));
  if (!match.ok) throw appError('SEARCH_UNKNOWN', `no person ${text}`, { field: 'requester', value: text, candidates: [] });
  return match.ids;
}
