// Reads the organisation and current policy as the pure rules want them.
import { appError } from '../domain/errors.js';
import { PolicySchema, type Policy } from '../domain/org-file.js';
import type { DelegationView, OrgSnapshot } from '../domain/types.js';
import { isTransaction, type Tx, type Db } from './db.js';

// The organisation, its delegations and its policies change rarely (an organisation file load) and are
// read by every decision, several times: they are kept in memory under the database's organisation
// stamp (OrgStamp, a new random value with every organisation load, which alone writes them), so a
// read costs one primary-key look-up while nothing changed. Every caller shares them: they are read,
// never changed.
/** what was read under one stamp, by name: 'org', 'accounts', 'delegations', 'policy:<version>' or 'policy:latest' */
type OrgCacheEntry = Map<string, Promise<unknown>>;
const CACHE_STAMPS = 8;
const cache = new Map<string, OrgCacheEntry>();

/**
 * The stamp as one transaction sees it: read once per transaction (a decision asks for the
 * organisation, the policy and the accounts), every time outside one.
 */
const stampOfTx = new WeakMap<Tx, Promise<{ stamp: string } | null>>();

function readStamp(tx: Tx | Db): Promise<{ stamp: string } | null> {
  const read = () => tx.orgStamp.findUnique({ where: { id: 1 }, select: { stamp: true } });
  if (!isTransaction(tx)) return read();
  let kept = stampOfTx.get(tx);
  if (!kept) stampOfTx.set(tx, (kept = read()));
  return kept;
}

/**
 * The stamp as a statement of the transaction read it beside its own work (the request lock does):
 * the transaction's reads of the organisation then use it without reading it again.
 */
export function keepOrgStamp(tx: Tx, stamp: string | null): void {
  if (!stampOfTx.has(tx)) stampOfTx.set(tx, Promise.resolve(stamp === null ? null : { stamp }));
}

async function cached(tx: Tx | Db): Promise<OrgCacheEntry | undefined> {
  const row = await readStamp(tx);
  if (!row) return undefined;
  let entry = cache.get(row.stamp);
  if (!entry) {
    entry = new Map();
    cache.set(row.stamp, entry);
    if (cache.size > CACHE_STAMPS) cache.delete(cache.keys().next().value!);
  }
  return entry;
}

/** `read` once per stamp, kept under `name`; a failed read is not kept */
async function perStamp<T>(tx: Tx | Db, name: string, read: () => Promise<T>): Promise<T> {
  const entry = await cached(tx);
  if (!entry) return read();
  const kept = entry.get(name) as Promise<T> | undefined;
  if (kept) return kept;
  const promise = read();
  entry.set(name, promise);
  promise.catch(() => entry.delete(name));
  return promise;
}

export function loadOrgSnapshot(tx: Tx | Db): Promise<OrgSnapshot> {
  return perStamp(tx, 'org', () => readOrgSnapshot(tx));
}

/** platform accounts (written only by an organisation load): by `platform` NUL `account id`, and account ids by `platform` NUL `person id` */
export interface PlatformAccounts {
  byAccount: Map<string, { personId: string; active: boolean }>;
  byPerson: Map<string, string>;
}
export const accountKey = (platform: string, id: string) => `${platform}\u0000${id}`;

export function loadAccounts(tx: Tx | Db): Promise<PlatformAccounts> {
  return perStamp(tx, 'accounts', () => readAccounts(tx));
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

export function loadPolicy(tx: Tx | Db, version?: number): Promise<CurrentPolicy> {
  return perStamp(tx, `policy:${version ?? 'latest'}`, () => readPolicy(tx, version));
}

async function readPolicy(tx: Tx | Db, version?: number): Promise<CurrentPolicy> {
  const row = version ? await tx.policyVersion.findUnique({ where: { version } }) : await tx.policyVersion.findFirst({ orderBy: { version: 'desc' } });
  if (!row) throw appError('ORG_INVALID', 'no organisation loaded', { problems: ['尚未加载组织文件'] });
  const unit = row.unit as { name: string; fiscalYear: number; groups: CurrentPolicy['groups'] };
  return { version: row.version, policy: PolicySchema.parse(row.policy), unitName: unit.name, fiscalYear: unit.fiscalYear, groups: unit.groups };
}

/** every delegation (代理), written only by an organisation load like the people they name */
export function loadAllDelegations(tx: Tx | Db): Promise<readonly DelegationView[]> {
  return perStamp(tx, 'delegations', () => tx.delegation.findMany({ select: { fromId: true, toId: true, startsAt: true, endsAt: true } }));
}

/** the delegations from any of `personIds` (whether active or not is the caller's to judge) */
export async function loadDelegations(tx: Tx | Db, personIds: readonly string[]): Promise<DelegationView[]> {
  return (await loadAllDelegations(tx)).filter((d) => personIds.includes(d.fromId));
}

export function personName(org: OrgSnapshot, id: string): string {
  return org.people.get(id)?.name ?? id;
}
