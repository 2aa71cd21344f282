// Who may search what: the oversight roles the whole unit, everyone else their own requests — a
// filter beyond that is refused, not narrowed. And the pieces the search resolves: department and
// person names, and 从/到 as days in the unit's time zone.
import { describe, expect, it } from 'vitest';
import { matchDepartment, matchPerson } from '../../workflows/domain/search/match-names.js';
import { mayReadAuditTrail } from '../../workflows/domain/search/may-read-trail.js';
import { dayRange } from '../../workflows/domain/search/search-days.js';
import { filtersJson, SearchFiltersSchema } from '../../workflows/domain/search/search-filters.js';
import { searchScope } from '../../workflows/domain/search/search-scope.js';

const fenglei = { id: 'fenglei', roles: [], departmentId: 'cjb' };

describe('searchScope', () => {
  it.each(['finance', 'principal', 'discipline'])('lets %s search the whole unit, any department or requester', (role) => {
    const searcher = { id: 'x', roles: ['party', role], departmentId: 'ldbz' };
    expect(searchScope(searcher, {})).toEqual({ ok: true, scope: { kind: 'unit' } });
    expect(searchScope(searcher, { departmentIds: ['cjb', 'shb'], requesterIds: ['fenglei'] })).toEqual({ ok: true, scope: { kind: 'unit' } });
  });

  it('keeps everyone else to their own requests', () => {
    expect(searchScope(fenglei, {})).toEqual({ ok: true, scope: { kind: 'own', personId: 'fenglei' } });
    expect(searchScope(fenglei, { departmentIds: ['cjb'], requesterIds: ['fenglei'] })).toEqual({ ok: true, scope: { kind: 'own', personId: 'fenglei' } });
    // a department head or a cashier is not an oversight role
    expect(searchScope({ id: 'qianwei', roles: ['cashier', 'secretary'], departmentId: 'cjb' }, {})).toMatchObject({ scope: { kind: 'own' } });
  });

  it('refuses a filter that reaches beyond: another department, another requester', () => {
    expect(searchScope(fenglei, { departmentIds: ['czs'] })).toEqual({ ok: false, beyond: 'department' });
    expect(searchScope(fenglei, { departmentIds: ['cjb', 'czs'] })).toEqual({ ok: false, beyond: 'department' });
    expect(searchScope(fenglei, { requesterIds: ['qianwei'] })).toEqual({ ok: false, beyond: 'requester' });
    expect(searchScope(fenglei, { requesterIds: ['fenglei', 'fenglei2'] })).toEqual({ ok: false, beyond: 'requester' });
  });

  it('gives the audit trail to the discipline role only', () => {
    expect(mayReadAuditTrail(['discipline'])).toBe(true);
    expect(mayReadAuditTrail(['finance', 'principal', 'party'])).toBe(false);
  });
});

describe('names and days', () => {
  const departments = [
    { id: 'dzb', name: '党政办' },
    { id: 'cjb', name: '城建办' },
    { id: 'shb', name: '社会事务办' },
  ];

  it('finds a department by id, full name or a part only it has', () => {
    expect(matchDepartment('cjb', departments)).toEqual({ ok: true, ids: ['cjb'] });
    expect(matchDepartment('城建办', departments)).toEqual({ ok: true, ids: ['cjb'] });
    expect(matchDepartment('城建', departments)).toEqual({ ok: true, ids: ['cjb'] });
    expect(matchDepartment('办', departments)).toEqual({ ok: false, ambiguous: true, candidates: ['党政办', '城建办', '社会事务办'] });
    expect(matchDepartment('财政所', departments)).toEqual({ ok: false, ambiguous: false, candidates: ['党政办', '城建办', '社会事务办'] });
  });

  it('finds a person by id or full name, namesakes together', () => {
    const people = [
      { id: 'wangwei1', name: '王伟' },
      { id: 'wangwei2', name: '王伟' },
      { id: 'fenglei', name: '冯磊' },
    ];
    expect(matchPerson('王伟', people)).toEqual({ ok: true, ids: ['wangwei1', 'wangwei2'] });
    expect(matchPerson('fenglei', people)).toEqual({ ok: true, ids: ['fenglei'] });
    expect(matchPerson('冯', people)).toMatchObject({ ok: false });
  });

  it('reads 从 and 到 as whole days in the unit’s time zone, both included', () => {
    expect(dayRange('2026-03-01', '2026-03-31', 'Asia/Shanghai')).toEqual({ gte: new Date('2026-02-28T16:00:00Z'), lt: new Date('2026-03-31T16:00:00Z') });
    expect(dayRange(undefined, '2026-12-31', 'Asia/Shanghai')).toEqual({ gte: undefined, lt: new Date('2026-12-31T16:00:00Z') });
    expect(dayRange('2026-03-01', undefined, 'UTC')).toEqual({ gte: new Date('2026-03-01T00:00:00Z'), lt: undefined });
  });

  it('checks filters the service is given, and writes them as JSON for the audit trail', () => {
    expect(SearchFiltersSchema.safeParse({ from: '2026-02-30' }).success).toBe(false);
    expect(SearchFiltersSchema.safeParse({ minAmount: 10n, maxAmount: 5n }).success).toBe(false);
    expect(SearchFiltersSchema.safeParse({ light: 'green' }).success).toBe(false);
    expect(SearchFiltersSchema.safeParse({ department: '城建办', minAmount: 5n, tags: ['应急'] }).success).toBe(true);
    expect(filtersJson({ department: '城建办', minAmount: 5_000_000n, tags: [], light: 'red' })).toEqual({ department: '城建办', minAmount: '5000000', light: 'red' });
  });
});
