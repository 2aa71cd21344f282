// The alert register (电子监察) as supervisors use it: /监察 lists what is open for the discipline and
// principal roles; the discipline role moves an alert open → acknowledged (已核实) → closed with a
// note. Each change is audited and answered; refusals of authority are audited as security events.
import { appError, isAppError } from '../../domain/errors.js';
import type { AlertState, FactValue, Severity, SupervisionRule } from '../../domain/supervision/finding.js';
import type { AlertView } from '../../service/views.js';
import { appendAudit, recordAudit } from '../audit.js';
import type { Actor, Ctx } from '../context.js';
import type { Db, Tx } from '../db.js';
import { answer, emit } from '../outbox.js';
import { loadOrgSnapshot, personName } from '../org-snapshot.js';

/** who reads the register: 纪检 and 主要领导; only 纪检 changes it */
const READERS = ['discipline', 'principal'];
const SHOWN = 30;

export async function listAlerts(db: Db, actor: Actor, states: readonly AlertState[] = ['open', 'acknowledged']): Promise<{ alerts: AlertView[]; mayChange: boolean }> {
  await assertRole(db, actor, READERS, { view: true });
  const rows = await db.alert.findMany({ where: { state: { in: [...states] } }, orderBy: { no: 'desc' }, take: SHOWN });
  const org = await loadOrgSnapshot(db);
  const mayChange = (await db.roleAssignment.count({ where: { personId: actor.personId, role: 'discipline' } })) > 0;
  const named = (row: (typeof rows)[number]) =>
    alertView(
      row,
      (id) => personName(org, id),
      (id) => org.departments.get(id)?.name ?? id,
    );
  return { alerts: rows.map(named), mayChange };
}

export async function acknowledgeAlert(ctx: Ctx, actor: Actor, alertNo: number): Promise<AlertView> {
  return changeAlert(ctx, actor, alertNo, 'acknowledged', '');
}

export async function closeAlert(ctx: Ctx, actor: Actor, alertNo: number, note: string): Promise<AlertView> {
  if (!note.trim()) throw appError('ALERT_NOTE_REQUIRED', `closing ${alertNo} needs a note`, { no: alertNo });
  return changeAlert(ctx, actor, alertNo, 'closed', note.trim().slice(0, 500));
}

async function changeAlert(ctx: Ctx, actor: Actor, alertNo: number, to: 'acknowledged' | 'closed', note: string): Promise<AlertView> {
  await assertRole(ctx.db, actor, ['discipline'], { no: alertNo }, ctx.now);
  return ctx.db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Alert" WHERE "no" = ${alertNo} FOR UPDATE`;
    if (!locked) throw appError('ALERT_NOT_FOUND', `alert ${alertNo}`, { no: alertNo });
    const alert = await tx.alert.findUniqueOrThrow({ where: { id: locked.id } });
    const allowed = to === 'acknowledged' ? alert.state === 'open' : alert.state !== 'closed';
    if (!allowed) throw appError('ALERT_STATE', `alert ${alertNo} is ${alert.state}`, { no: alertNo, state: alert.state });
    const updated = await tx.alert.update({
      where: { id: alert.id },
      data:
        to === 'acknowledged'
          ? { state: 'acknowledged', acknowledgedById: actor.personId, acknowledgedAt: ctx.now }
          : {
              state: 'closed',
              closedById: actor.personId,
              closedAt: ctx.now,
              note,
              acknowledgedById: alert.acknowledgedById ?? actor.personId,
              acknowledgedAt: alert.acknowledgedAt ?? ctx.now,
            },
    });
    await appendAudit(tx, {
      action: `alert.${to}`,
      subject: `alert:${alert.id}`,
      actorId: actor.personId,
      platform: actor.platform,
      account: actor.account,
      at: ctx.now,
      data: { no: alert.no, rule: alert.rule, from: alert.state, note },
    });
    const org = await loadOrgSnapshot(tx);
    const view = alertView(
      updated,
      (id) => personName(org, id),
      (id) => org.departments.get(id)?.name ?? id,
    );
    const by = personName(org, actor.personId);
    await emit(tx, { kind: 'group.digest', group: 'supervision', notice: { kind: 'alert.updated', alertNo: alert.no, rule: view.rule, state: to, by, note } });
    await answer(tx, actor, ctx.now, { kind: 'alert.updated', alertNo: alert.no, rule: view.rule, state: to, by, note });
    return view;
  });
}

async function assertRole(db: Db | Tx, actor: Actor, roles: readonly string[], details: Record<string, unknown>, now?: Date): Promise<void> {
  const held = await db.roleAssignment.findMany({ where: { personId: actor.personId, role: { in: [...roles] } } });
  if (held.length > 0) return;
  const error = appError('ALERT_NOT_DISCIPLINE', `${actor.personId} holds none of ${roles.join(', ')}`, details);
  if (now) {
    await recordAudit(db as Db, {
      action: 'security.refused',
      subject: `alert:${String(details.no ?? '')}`,
      actorId: actor.personId,
      platform: actor.platform,
      account: actor.account,
      at: now,
      data: { code: error.code },
    }).catch((e: unknown) => {
      if (!isAppError(e)) throw e;
    });
  }
  throw error;
}

export function alertView(
  row: {
    id: string;
    no: number;
    rule: string;
    severity: string;
    state: string;
    requestIds: string[];
    requestNos: number[];
    departmentId: string | null;
    personId: string | null;
    amount: bigint | null;
    citation: string;
    facts: unknown;
    raisedAt: Date;
    acknowledgedById: string | null;
    closedById: string | null;
    note: string;
  },
  person: (id: string) => string,
  department: (id: string) => string,
): AlertView {
  return {
    id: row.id,
    no: row.no,
    requestIds: row.requestIds,
    rule: row.rule as SupervisionRule,
    severity: row.severity as Severity,
    state: row.state as AlertState,
    requestNos: row.requestNos,
    department: row.departmentId ? department(row.departmentId) : undefined,
    person: row.personId ? person(row.personId) : undefined,
    amount: row.amount ?? undefined,
    citation: row.citation,
    facts: row.facts as Record<string, FactValue>,
    raisedAt: row.raisedAt,
    acknowledgedBy: row.acknowledgedById ? person(row.acknowledgedById) : undefined,
    closedBy: row.closedById ? person(row.closedById) : undefined,
    note: row.note,
  };
}
