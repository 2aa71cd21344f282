// Applies an organisation file to the database in one transaction. Idempotent: re-loading updates
// people and policy (a new policy version only when it changed), turns budget amount changes into
// ADJUST rows, and never rewrites history. Nothing is half-loaded.
import { createHash, randomUUID } from 'node:crypto';
import type { Prisma } from '../../prisma/generated/client.js';
import { canonicalJson } from '../domain/audit-chain.js';
import { appError, isAppError } from '../domain/errors.js';
import { formatYuan, parseBudgetYuan } from '../domain/money.js';
import type { OrgFile } from '../domain/org-file.js';
import { deriveBudgetLineId, resolveSuperior } from '../domain/parse-org.js';
import { appendAudit } from './audit.js';
import type { Db, Tx } from './db.js';

export interface OrgLoadResult {
  policyVersion: number;
  policyChanged: boolean;
  budget: { created: number; adjusted: number };
  people: number;
}

export async function loadOrganisation(db: Db, org: OrgFile, source: string, now: Date): Promise<OrgLoadResult> {
  try {
    return await db.$transaction((tx) => applyOrg(tx, org, source, now), { timeout: 60_000, maxWait: 30_000 });
  } catch (error) {
    if (isAppError(error)) throw error;
    if (String(error).includes('BudgetLine_available_nonnegative')) {
      throw appError('ORG_INVALID', 'budget reduced below what is already frozen, committed or spent', {
        problems: ['budget: 调减后的金额低于已冻结、已承诺和已支出之和，请先核对预算执行情况'],
      });
    }
    throw error;
  }
}

async function applyOrg(tx: Tx, org: OrgFile, source: string, now: Date): Promise<OrgLoadResult> {
  for (const [position, d] of org.departments.entries()) {
    const data = { name: d.name, headId: d.head, leaderId: d.leader, position };
    await tx.department.upsert({ where: { id: d.id }, create: { id: d.id, ...data }, update: data });
  }
  const ids = org.people.map((p) => p.id);
  for (const p of org.people) {
    const data = { name: p.name, departmentId: p.department, title: p.title ?? null, superiorId: resolveSuperior(org, p.id) ?? null, active: true };
    await tx.person.upsert({ where: { id: p.id }, create: { id: p.id, ...data }, update: data });
  }
  await tx.person.updateMany({ where: { id: { notIn: ids } }, data: { active: false } });
  await tx.platformAccount.deleteMany({});
  await tx.platformAccount.createMany({
    data: org.people.flatMap((p) =>
      Object.entries({ console: p.id, ...p.accounts, web: p.id }).map(([platform, accountId]) => ({ platform, accountId: String(accountId), personId: p.id })),
    ),
  });
  await tx.roleAssignment.deleteMany({});
  await tx.roleAssignment.createMany({
    data: Object.entries(org.roles).flatMap(([role, holders]) => holders.map((personId, position) => ({ role, personId, position }))),
    skipDuplicates: true,
  });
  await tx.delegation.deleteMany({});
  await tx.delegation.createMany({
    data: org.delegations.map((d) => ({ fromId: d.from, toId: d.to, startsAt: new Date(d.starts), endsAt: new Date(d.ends) })),
  });

  const { version: policyVersion, changed: policyChanged } = await upsertPolicy(tx, org, now);
  // every process reads the organisation anew (org-snapshot.ts keeps it under this stamp)
  const stamp = randomUUID();
  await tx.orgStamp.upsert({ where: { id: 1 }, create: { id: 1, stamp }, update: { stamp } });
  const budget = await applyBudget(tx, org);

  await appendAudit(tx, {
    action: 'org.loaded',
    subject: `org:${org.unit.name}`,
    at: now,
    policyVersion,
    data: { source, policyChanged, people: ids.length, departments: org.departments.length, budget },
  });
  return { policyVersion, policyChanged, budget, people: ids.length };
}

async function upsertPolicy(tx: Tx, org: OrgFile, now: Date): Promise<{ version: number; changed: boolean }> {
  const content = { unit: org.unit, policy: org.policy, groups: org.groups };
  const hash = createHash('sha256').update(canonicalJson(content)).digest('hex');
  const latest = await tx.policyVersion.findFirst({ orderBy: { version: 'desc' } });
  if (latest?.hash === hash) return { version: latest.version, changed: false };
  const version = (latest?.version ?? 0) + 1;
  await tx.policyVersion.create({
    data: { version, hash, policy: org.policy as unknown as Prisma.InputJsonObject, unit: { ...org.unit, groups: org.groups } as Prisma.InputJsonObject, loadedAt: now },
  });
  return { version, changed: true };
}

async function applyBudget(tx: Tx, org: OrgFile): Promise<{ created: number; adjusted: number }> {
  let created = 0;
  let adjusted = 0;
  const departments = new Map(org.departments.map((d) => [d.id, d.name]));
  const belowCommitted: string[] = [];
  for (const [i, line] of org.budget.entries()) {
    const id = line.id ?? deriveBudgetLineId(line, org.unit.fiscalYear);
    const amount = parseBudgetYuan(line.amount);
    const name = [departments.get(line.department) ?? line.department, line.subject, line.project].filter(Boolean).join(' / ');
    const existing = await tx.budgetLine.findUnique({ where: { id } });
    if (!existing) {
      await tx.budgetLine.create({
        data: { id, fiscalYear: org.unit.fiscalYear, departmentId: line.department, subject: line.subject, project: line.project, name, allotted: amount },
      });
      await tx.ledgerEntry.create({ data: { lineId: id, kind: 'ALLOT', amount, note: '年初预算下达' } });
      created++;
      continue;
    }
    // what the file stated before: the allotment and the adjustments no request made (an approved
    // 追加 or 调剂 carries its requestId and stays on top of whatever the file says)
    const stated = await tx.ledgerEntry.aggregate({ where: { lineId: id, kind: 'ADJUST', requestId: null }, _sum: { amount: true } });
    const diff = amount - (existing.allotted + (stated._sum.amount ?? 0n));
    if (existing.name !== name) await tx.budgetLine.update({ where: { id }, data: { name } });
    if (diff === 0n) continue;
    // named per line here; the CHECK constraint (caught in loadOrganisation) still guards a racing freeze
    const budget = existing.allotted + existing.adjusted + diff;
    if (budget < existing.frozen + existing.committed + existing.spent) {
      belowCommitted.push(
        `budget[${i}].amount: 「${name}」调减为 ${formatYuan(budget)} 元，低于已冻结 ${formatYuan(existing.frozen)} 元、已承诺 ${formatYuan(existing.committed)} 元与已支出 ${formatYuan(existing.spent)} 元之和，请先核对预算执行情况`,
      );
      continue;
    }
    await tx.$executeRaw`UPDATE "BudgetLine" SET "adjusted" = "adjusted" + ${diff}, "updatedAt" = now() WHERE "id" = ${id}`;
    await tx.ledgerEntry.create({ data: { lineId: id, kind: 'ADJUST', amount: diff, note: `组织文件调整为 ${formatYuan(amount)} 元` } });
    adjusted++;
  }
  if (belowCommitted.length > 0) throw appError('ORG_INVALID', 'budget reduced below what is frozen, committed or spent', { problems: belowCommitted });
  return { created, adjusted };
}
