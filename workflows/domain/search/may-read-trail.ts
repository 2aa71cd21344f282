// Who may read a request's audit trail (/审计 编号): the discipline role (纪检), as the organisation
// file promises them (「查看审计记录」). Finance and the principals see every request's card, not the
// trail of who did what from which account; anyone else asking is refused and the attempt audited.
export const TRAIL_ROLES: readonly string[] = ['discipline'];

export function mayReadAuditTrail(roles: readonly string[]): boolean {
  return roles.some((r) => TRAIL_ROLES.includes(r));
}
