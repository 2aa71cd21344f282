// Reads the organisation and current policy as the pure rules want them.
import { appError } from '../domain/errors.js';
import { PolicySchema, type Policy } from '../domain/org-file.js';
import type { DelegationView, OrgSnapshot } from '../domain/types.js';
import type { Tx, Db } from './db.js';

// The organisation and its policies change rarely (an organisation file load) and are read by every
// decision, several times: they are kept in memory under the database's organisation stamp
// (OrgStamp, a new random value with every organisation load, which alone writes them), so a read costs one
// primary-key look-up while nothing changed. Every caller shares them: they are read, never changed.
interface OrgCacheEntry {
  org?: Promise<OrgSnapshot>;
  accounts?: Promise<PlatformAccounts>;
  policies: Map<number | 'latest', Promise<CurrentPolicy>>;
}
const CACHE_STAMPS = 8;
const cache = new Map<string, OrgCacheEntry>();

async function cached(tx: Tx | Db): Promise<OrgCacheEntry | undefined> {
  const row = await tx.orgStamp.findUnique({ where: { id: 1 } });
  if (!row) return undefined;
  let entry = cache.get(row.stamp);
  if (!entry) {
    entry = { policies: new Map() };
    cache.set(row.stamp, entry);
    if (cache.size > CACHE_STAMPS) cache.delete(cache.keys().next().value!);
  }
  return entry;
}

/** `load` once per stamp; a failed load is not kept */
function remember<T>(keep: (p: Promise<T>) => void, forget: () => void, load: () => Promise<T>): Promise<T> {
  const promise = load();
  keep(promise);
  promise.catch(forget);
  return promise;
}

export async function loadOrgSnapshot(tx: Tx | Db): Promise<OrgSnapshot> {
  const entry = await cached(tx);
  if (!entry) return readOrgSnapshot(tx);
  return (
    entry.org ??
    remember(
      (p) => (entry.org = p),
      () => (entry.org = undefined),
      () => readOrgSnapshot(tx),
    )
  );
}

/** platform accounts (written only by an organisation load): by `platform` NUL `account id`, and account ids by `platform` NUL `person id` */
export interface PlatformAccounts {
  byAccount: Map<string, { personId: string; active: boolean }>;
  byPerson: Map<string, string>;
}
export const accountKey = (platform: string, id: string) => `${platform}\u0000${id}`;

export async function loadAccounts(tx: Tx | Db): Promise<PlatformAccounts> {
  const entry = await cached(tx);
  if (!entry) return readAccounts(tx);
  return (
    entry.accounts ??
    remember(
      (p) => (entry.accounts = p),
      () => (entry.accounts = undefined),
      () => readAccounts(tx),
    )
  );
}

async function readAccounts(tx: Tx | Db): Promise<PlatformAccounts> {
  const rows = await tx.platformAccount.findMany({ select: { platform: true, accountId: true, personId: true, person: { select: { active: true } } } });
  return {
    byAccount: new Map(rows.map((row) => [accountKey(row.platform, row.accountId), { personId: row.personId, active: row.person.active }])),
    byPerson: new Map(rows.map((row) => [accountKey(row.platform, row.personId), row.accountId])),
  };
}

async function readOrgSnapshot(tx: Tx | Db): Promise<OrgSnapshot> {
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
  const entry = await cached(tx);
  if (!entry) return readPolicy(tx, version);
  const key = version ?? 'latest';
  return (
    entry.policies.get(key) ??
    remember(
      (p) => entry.policies.set(key, p),
      () => entry.policies.delete(key),
      () => readPolicy(tx, version),
    )
  );
}

async function readPolicy(tx: Tx | Db, version?: number): Promise<CurrentPolicy> {
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
