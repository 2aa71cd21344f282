// Reads the organisation and current policy as the pure rules want them.
import { appError } from '../domain/errors.js';
import { PolicySchema, type Policy } from '../domain/org-file.js';
import type { DelegationView, OrgSnapshot } from '../domain/types.js';
import type { Tx, Db } from './db.js';

export async function loadOrgSnapshot(tx: Tx | Db): Promise<OrgSnapshot> {
  const [people, departments, roles] = await Promise.all([
    tx.person.findMany(),
    tx.department.findMany(),
    tx.roleAssignment.findMany({ orderBy: [{ role: 'asc' }, { position: 'asc' }] }),
  ]);
  const roleMap = new Map<string, string[]>();
  for (const r of roles) roleMap.set(r.role, [...(roleMap.get(r.role) ?? []), r.personId]);
  return {
    people: new Map(people.map((p) => [p.id, { id: p.id, name: p.name, departmentId: p.departmentId, superiorId: p.superiorId, active: p.active }])),
    departments: new Map(departments.map((d) => [d.id, { id: d.id, name: d.name, headId: d.headId, leaderId: d.leaderId }])),
    roles: roleMap,
  };
}

export interface CurrentPolicy {
  version: number;
  policy: Policy;
  unitName: string;
  fiscalYear: number;
  groups: { supervision: Record<string, string | undefined> };
}

export async function loadPolicy(tx: Tx | Db, version?: number): Promise<CurrentPolicy> {
  const row = version ? await tx.policyVersion.findUnique({ where: { version } }) : await tx.policyVersion.findFirst({ orderBy: { version: 'desc' } });
  if (!row) throw appError('ORG_INVALID', 'no organisation loaded', { problems: ['尚未加载组织文件'] });
  const unit = row.unit as { name: string; fiscalYear: number; groups: CurrentPolicy['groups'] };
  return { version: row.version, policy: PolicySchema.parse(row.policy), unitName: unit.name, fiscalYear: unit.fiscalYear, groups: unit.groups };
}

export async function loadDelegations(tx: Tx | Db, personIds: readonly string[]): Promise<DelegationView[]> {
  return tx.delegation.findMany({ where: { fromId: { in: [...personIds] } } });
}

export function personName(org: OrgSnapshot, id: string): string {
  return org.people.get(id)?.name ?? id;
}
