// Takes a checkpoint of the audit chain. Under the chain's lock, so nothing is appended meanwhile, it
// reads the head (seq N, its hash), signs it, and writes the checkpoint as the chain's next event
// (N + 1, `audit.checkpoint`: the chain records that it was anchored) and as a group notice for the
// 监督群, in one transaction. After the commit the line is appended to the checkpoint file and synced
// (with any line a crash after an earlier commit lost): every line in the file then has its event
// right after the head it signed, which verification checks. A daily checkpoint is taken once per day, however many processes try (the day is looked
// for under the same lock).
import type { KeyObject } from 'node:crypto';
import { CheckpointSchema, isCheckpointSigned, signCheckpoint, type Checkpoint } from '../../domain/audit/checkpoint.js';
import { localMinute, nextCheckpointSlot, type CheckpointSlot } from '../../domain/audit/checkpoint-schedule.js';
import { appendAudit, lockAuditChain } from '../audit.js';
import type { Ctx } from '../context.js';
import type { Db } from '../db.js';
import { emit } from '../outbox.js';
import { appendCheckpointLine, readCheckpointLines } from './checkpoint-file.js';
import { loadSigningKey } from './checkpoint-key.js';
import type { CheckpointSettings } from '../../service/checkpoint-settings.js';

export const CHECKPOINT_ACTION = 'audit.checkpoint';

/** The checkpoint taken, or null when `day`'s was taken already. */
export async function takeCheckpoint(ctx: Ctx, settings: CheckpointSettings, day?: string): Promise<Checkpoint | null> {
  const { privateKey, publicKey } = await loadSigningKey(settings.keyFile);
  const checkpoint = await ctx.db.$transaction(async (tx) => {
    const head = await lockAuditChain(tx);
    if (day !== undefined) {
      const taken = await tx.auditEvent.findFirst({ where: { action: CHECKPOINT_ACTION, data: { path: ['day'], equals: day } }, select: { seq: true } });
      if (taken) return null;
    }
    const signed = signCheckpoint({ seq: head.seq.toString(), hash: head.hash, at: ctx.now.toISOString(), ...(day ? { day } : {}) }, privateKey);
    await appendAudit(tx, { action: CHECKPOINT_ACTION, subject: 'audit:chain', at: ctx.now, data: signed });
    const { v: _v, ...notice } = signed;
    await emit(tx, { kind: 'group.notice', group: 'supervision', notice: { kind: 'audit.checkpoint', ...notice, local: localMinute(ctx.now, ctx.tz) } });
    return signed;
  });
  if (checkpoint) await fileCheckpoints(ctx.db, settings.file, publicKey);
  return checkpoint;
}

/**
 * Appends to the file every checkpoint the chain records, signed with our key, that the file lacks:
 * the one just taken, and one whose line a crash between the commit and the write lost.
 */
async function fileCheckpoints(db: Db, file: string, publicKey: KeyObject): Promise<void> {
  const filed = new Set((await readCheckpointLines(file)).flatMap((l) => ('checkpoint' in l ? [l.checkpoint.sig] : [])));
  const events = await db.auditEvent.findMany({ where: { action: CHECKPOINT_ACTION }, select: { data: true }, orderBy: { seq: 'asc' } });
  for (const event of events) {
    const parsed = CheckpointSchema.safeParse(event.data);
    if (parsed.success && !filed.has(parsed.data.sig) && isCheckpointSigned(parsed.data, publicKey)) await appendCheckpointLine(file, parsed.data);
  }
}

/** The next daily checkpoint: after `after` (a day just taken) and after the last day the chain records one for. */
export async function nextCheckpoint(ctx: Ctx, settings: Pick<CheckpointSettings, 'time'>, after?: string): Promise<CheckpointSlot> {
  const [last] = await ctx.db.$queryRaw<{ day: string | null }[]>`
    SELECT max("data"->>'day') AS "day" FROM "AuditEvent" WHERE "action" = ${CHECKPOINT_ACTION}`;
  const latest = [after, last?.day ?? undefined]
    .filter((d): d is string => d !== undefined)
    .sort()
    .at(-1);
  return nextCheckpointSlot(ctx.now, settings.time, ctx.tz, latest);
}
