// Who may look at a request (查看权限): its requester, anyone who has or had a step of it (or stands in
// for such a person during a delegation), the oversight roles — 财务, 主要领导, 纪检 — who see
// the whole unit, and the cashiers (出纳) a request with a payment step goes to: they pay against
// its 发票.
export const OVERSIGHT_ROLES: readonly string[] = ['finance', 'principal', 'discipline'];

export interface Viewer {
  id: string;
  roles: readonly string[];
  /** people the viewer stands in for now (active delegations to them) */
  standsFor: readonly string[];
}

export function mayViewRequest(viewer: Viewer, request: { requesterId: string; assignees: readonly (readonly string[])[]; payment?: boolean }): boolean {
  if (request.requesterId === viewer.id) return true;
  if (viewer.roles.some((r) => OVERSIGHT_ROLES.includes(r))) return true;
  if (request.payment && viewer.roles.includes('cashier')) return true;
  const people = new Set([viewer.id, ...viewer.standsFor]);
  return request.assignees.some((step) => step.some((id) => people.has(id)));
}
