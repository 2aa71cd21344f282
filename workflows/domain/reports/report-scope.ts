// Who a report covers (报表范围), as for /查询: the oversight roles — 财务, 主要领导, 纪检 — see the unit
// or any one department; everyone else sees their own department. Naming another department, or 全部,
// is refused rather than quietly narrowed (the refusal is audited by the caller).
import { OVERSIGHT_ROLES } from '../may-view.js';

export interface ReportReader {
  roles: readonly string[];
  departmentId: string;
}

export type ReportScopeDecision = { ok: true; kind: 'unit' } | { ok: true; kind: 'department'; departmentId: string } | { ok: false; beyond: 'unit' | 'department' };

/**
 * `named`: absent (the reader's default), 'unit' (全部), or the department id the report was asked for.
 */
export function reportScope(reader: ReportReader, named?: 'unit' | { departmentId: string }): ReportScopeDecision {
  const oversight = reader.roles.some((r) => OVERSIGHT_ROLES.includes(r));
  if (named === undefined) return oversight ? { ok: true, kind: 'unit' } : { ok: true, kind: 'department', departmentId: reader.departmentId };
  if (named === 'unit') return oversight ? { ok: true, kind: 'unit' } : { ok: false, beyond: 'unit' };
  if (oversight || named.departmentId === reader.departmentId) return { ok: true, kind: 'department', departmentId: named.departmentId };
  return { ok: false, beyond: 'department' };
}

/** Whether the reader may open the 驾驶舱 (the unit's figures only). */
export function mayOpenDashboard(reader: Pick<ReportReader, 'roles'>): boolean {
  return reader.roles.some((r) => OVERSIGHT_ROLES.includes(r));
}
