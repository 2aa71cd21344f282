// 超时亮灯: a step's timers fire here. Yellow (90% of the limit) reminds the assignees; red (100%)
// tells their superiors and raises 办件超时 in the alert register (and the supervision group's digest). Firing is idempotent:
// a timer for a step already decided, or already at that light, changes nothing.
import { Prisma } from '../../prisma/generated/client.js';
import type { StepTimer } from '../service/views.js';
import { appendAudit } from './audit.js';
import type { Ctx } from './context.js';
import { emit, type Effect } from './outbox.js';
import { loadOrgSnapshot, loadPolicy, personName } from './org-snapshot.js';
import { superviseRedLight } from './supervision/supervise.js';

export type DeadlineKind = 'yellow' | 'red';

export async function fireDeadline(ctx: Ctx, stepId: string, kind: DeadlineKind): Promise<boolean> {
  return ctx.db.$transaction(async (tx) => {
    const [step] = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Step" WHERE "id" = ${stepId} FOR UPDATE`;
    if (!step) return false;
    const row = await tx.step.findUniqueOrThrow({ where: { id: stepId }, include: { request: true } });
    const due = kind === 'yellow' ? row.yellowAt : row.dueAt;
    // a little tolerance: the queue's clock and ours may differ by a moment
    if (row.state !== 'active' || !due || due.getTime() > ctx.now.getTime() + 2_000) return false;
    if (row.light === 'red' || row.light === kind) return false;
    await tx.step.update({ where: { id: stepId }, data: { light: kind } });
    const org = await loadOrgSnapshot(tx);
    const request = row.request;
    const assignees = row.assignees.map((id) => personName(org, id));
    const about = { no: request.no, requester: personName(org, request.requesterId), type: request.type, step: row.name, assignees };
    const effects: Effect[] = [{ kind: 'card.refresh', requestId: request.id }];
    for (const personId of row.assignees) {
      effects.push({ kind: 'notice', personId, notice: { kind: 'light.changed', ...about, light: kind, audience: 'assignee' } });
    }
    if (kind === 'red') {
      const superiors = new Set<string>();
      for (const personId of row.assignees) {
        const superior = org.people.get(personId)?.superiorId;
        if (superior && !row.assignees.includes(superior)) superiors.add(superior);
      }
      for (const superior of superiors) {
        effects.push({ kind: 'notice', personId: superior, notice: { kind: 'light.changed', ...about, light: 'red', audience: 'superior' } });
      }
      // the register (电子监察) keeps it, and the digest line it always had; 多次超时 when this makes N this month
      const policy = await loadPolicy(tx, request.policyVersion);
      await superviseRedLight(tx, row, request, policy.policy, ctx.now, ctx.tz, { code: 'overdue', ...about });
    }
    await appendAudit(tx, {
      action: `deadline.${kind}`,
      subject: `request:${request.id}`,
      at: ctx.now,
      policyVersion: request.policyVersion,
      data: { no: request.no, stepId, step: row.name, assignees: row.assignees },
    });
    await emit(tx, ...effects);
    return true;
  });
}

/**
 * Every open step's next timer, soonest first, for re-arming after Redis lost them. One timer a step
 * at a time — yellow, and once yellow is lit, red (the yellow one arms it) — so re-arming costs one
 * job per open step.
 */
/** Open steps' next timers, soonest first (then by step), `take` of them after `after`. */
export async function openStepTimers(ctx: Pick<Ctx, 'db'>, take: number, after?: StepTimer): Promise<StepTimer[]> {
  // the next timer of a step: yellow while it is green, red once it is yellow
  const at = Prisma.sql`CASE WHEN "light" = 'yellow' THEN "dueAt" ELSE "yellowAt" END`;
  const steps = await ctx.db.$queryRaw<{ id: string; light: string; yellowAt: Date; dueAt: Date }[]>`
    SELECT "id", "light", "yellowAt", "dueAt" FROM "Step"
    WHERE "state" = 'active' AND "light" <> 'red' AND "yellowAt" IS NOT NULL AND "dueAt" IS NOT NULL
      ${after ? Prisma.sql`AND (${at}, "id") > (${after.at}, ${after.stepId})` : Prisma.empty}
    ORDER BY ${at}, "id" LIMIT ${take}`;
  return steps.map(timerOf);
}

/** A step's next timer, or null once it is decided or red. */
export async function nextStepTimer(ctx: Pick<Ctx, 'db'>, stepId: string): Promise<StepTimer | null> {
  const step = await ctx.db.step.findUnique({ where: { id: stepId }, select: { id: true, state: true, light: true, yellowAt: true, dueAt: true } });
  if (!step || step.state !== 'active' || step.light === 'red' || !step.yellowAt || !step.dueAt) return null;
  return timerOf(step);
}

function timerOf(step: { id: string; light: string; yellowAt: Date | null; dueAt: Date | null }): StepTimer {
  return step.light === 'yellow' ? { stepId: step.id, kind: 'red', at: step.dueAt! } : { stepId: step.id, kind: 'yellow', at: step.yellowAt! };
}
