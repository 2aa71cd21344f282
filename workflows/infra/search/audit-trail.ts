// /审计 编号: a request's audit events in order (who, from which platform, what, when, the hash that
// chains them), for the discipline role only (may-read-trail.ts). Anyone else asking is refused and the
// attempt audited as security.refused; a reading is itself audited (audit.viewed). AuditEvent
// (subject, seq) serves the read.
import { appError } from '../../domain/errors.js';
import { mayReadAuditTrail } from '../../domain/search/may-read-trail.js';
import { PLATFORMS, type Platform } from '../../domain/org-file.js';
import type { Actor, AuditTrail } from '../../service/views.js';
import { recordAudit } from '../audit.js';
import type { Ctx } from '../context.js';

/** a request with more events than this is shown up to here (a request has tens) */
const MAX_EVENTS = 2000;

export async function auditTrail({ db, now }: Ctx, actor: Actor, no: number): Promise<AuditTrail> {
  const [request, roles] = await Promise.all([
    db.request.findUnique({ where: { no }, select: { id: true, policyVersion: true } }),
    db.roleAssignment.findMany({ where: { personId: actor.personId }, select: { role: true } }),
  ]);
  const audited = { actorId: actor.personId, platform: actor.platform, account: actor.account, at: now, policyVersion: request?.policyVersion ?? null };
  if (!mayReadAuditTrail(roles.map((r) => r.role))) {
    await recordAudit(db, { ...audited, action: 'security.refused', subject: request ? `request:${request.id}` : `request-no:${no}`, data: { code: 'AUDIT_TRAIL_DENIED', no } });
    throw appError('AUDIT_TRAIL_DENIED', `${actor.personId} may not read the audit trail of ${no}`, { no });
  }
  if (!request) throw appError('REQUEST_NOT_FOUND', `no ${no}`, { no });
  const subject = `request:${request.id}`;
  const rows = await db.auditEvent.findMany({
    where: { subject },
    orderBy: { seq: 'asc' },
    take: MAX_EVENTS,
    select: { seq: true, at: true, actorId: true, platform: true, action: true, data: true, hash: true },
  });
  const actorIds = [...new Set(rows.flatMap((r) => (r.actorId ? [r.actorId] : [])))];
  const names = new Map((await db.person.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } })).map((p) => [p.id, p.name]));
  await recordAudit(db, { ...audited, action: 'audit.viewed', subject, data: { no, events: rows.length } });
  return {
    requestId: request.id,
    no,
    events: rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      actorId: r.actorId,
      who: r.actorId === null ? null : (names.get(r.actorId) ?? r.actorId),
      platform: (PLATFORMS as readonly string[]).includes(r.platform ?? '') ? (r.platform as Platform) : null,
      action: r.action,
      step: stepOf(r.data),
      hash: r.hash,
    })),
  };
}

/** decision events name their step in their data */
function stepOf(data: unknown): string | null {
  const step = typeof data === 'object' && data !== null ? (data as { step?: unknown }).step : undefined;
  return typeof step === 'string' ? step : null;
}
