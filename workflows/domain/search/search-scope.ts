// Who may search what (监督查询的范围): the oversight roles — 财务, 主要领导, 纪检 (may-view.ts) — search
// the whole unit; everyone else only the requests they made. A filter that reaches beyond — another
// department, another requester — is refused, not quietly narrowed: the refusal is audited as a
// security event, since supervisors and the supervised alike are supervised.
import { OVERSIGHT_ROLES } from '../may-view.js';

export type SearchScope = { kind: 'unit' } | { kind: 'own'; personId: string };

export interface Searcher {
  id: string;
  roles: readonly string[];
  departmentId: string;
}

/** What the filters name, resolved to ids: the departments 部门= matched, the people 申请人= matched. */
export interface NamedInFilters {
  departmentIds?: readonly string[];
  requesterIds?: readonly string[];
}

export type ScopeDecision = { ok: true; scope: SearchScope } | { ok: false; beyond: 'department' | 'requester' };

export function searchScope(searcher: Searcher, named: NamedInFilters): ScopeDecision {
  if (searcher.roles.some((r) => OVERSIGHT_ROLES.includes(r))) return { ok: true, scope: { kind: 'unit' } };
  if (named.departmentIds?.some((id) => id !== searcher.departmentId)) return { ok: false, beyond: 'department' };
  if (named.requesterIds?.some((id) => id !== searcher.id)) return { ok: false, beyond: 'requester' };
  return { ok: true, scope: { kind: 'own', personId: searcher.id } };
}
