// 附件: a file someone sent goes onto their draft or returned request. The bytes are checked (type
// from the content, size), stored under their SHA-256 before anything is recorded (a stored file
// nothing names is harmless; a row naming a file that is not there would not be), then the row, its
// `attachment.added` audit event with the hash, the card refresh and the answer commit together.
// Which request: the one named (a card's upload), else the one /附件 named in the last half hour,
// else the sender's only open request; with several open the file is held and they are asked.
import { randomUUID } from 'node:crypto';
import { checkFile } from '../../domain/attachments/allowed-file.js';
import { mayAttach } from '../../domain/attachments/may-attach.js';
import { kindFor, kindsOffered, missingKinds } from '../../domain/attachments/required-attachments.js';
import { appError } from '../../domain/errors.js';
import { FileStoreError, type FileStore, type StoredFile } from '../../service/file-store.js';
import type { AttachChoice, ReceivedFile } from '../../service/views.js';
import { appendAudit } from '../audit.js';
import type { Actor, Ctx } from '../context.js';
import type { Tx } from '../db.js';
import { detectFileType } from '../files/detect-file.js';
import { answer, emit } from '../outbox.js';
import { loadPolicy } from '../org-snapshot.js';
import { lockRequest } from './lock-request.js';

/** how long a held file or a /附件 waiting for its file stays good */
export const ATTACH_WINDOW_MS = 30 * 60_000;

export interface FileCtx extends Ctx {
  files: FileStore;
  maxFileBytes: number;
}

export interface IncomingFile {
  /** the name it was sent with; pictures often have none */
  name?: string;
  bytes: Uint8Array;
  /** chosen on a card: this request (and kind) */
  requestId?: string;
  kind?: string;
}

interface CheckedFile extends StoredFile {
  name: string;
  mime: string;
  ext: string;
}

export async function receiveFile(ctx: FileCtx, actor: Actor, input: IncomingFile): Promise<ReceivedFile> {
  const file = await checkAndStore(ctx, input.name, input.bytes);
  return ctx.db.$transaction(async (tx) => {
    if (input.requestId) return attachNow(ctx, tx, actor, input.requestId, input.kind, [file]);
    const since = new Date(ctx.now.getTime() - ATTACH_WINDOW_MS);
    const intent = await tx.attachIntent.findUnique({ where: { personId: actor.personId } });
    if (intent && intent.createdAt >= since) {
      await tx.attachIntent.delete({ where: { personId: actor.personId } });
      return attachNow(ctx, tx, actor, intent.requestId, intent.kind, [file]);
    }
    const open = await tx.request.findMany({ where: { requesterId: actor.personId, status: { in: ['draft', 'returned'] } }, orderBy: { no: 'asc' } });
    if (open.length === 0) throw appError('ATTACHMENT_NO_TARGET', `${actor.personId} has nothing open`, { name: file.name });
    if (open.length === 1) return attachNow(ctx, tx, actor, open[0]!.id, undefined, [file]);
    const heldId = randomUUID();
    await tx.heldFile.create({
      data: { id: heldId, personId: actor.personId, name: file.name, mime: file.mime, ext: file.ext, size: file.size, sha256: file.sha256, createdAt: ctx.now },
    });
    const choices = await choicesFor(tx, open);
    await answer(tx, actor, ctx.now, { kind: 'attachment.choose', name: file.name, heldId, choices });
    return { state: 'held', heldId, choices };
  });
}

/**
 * /附件 编号 [种类]: files held in the last half hour go there now; with none, the next file sent
 * goes there (ATTACHMENT_KIND when the type takes no such kind).
 */
export async function directFiles(ctx: Ctx, actor: Actor, requestId: string, kind: string | undefined): Promise<ReceivedFile> {
  return ctx.db.$transaction(async (tx) => {
    const since = new Date(ctx.now.getTime() - ATTACH_WINDOW_MS);
    const held = await tx.heldFile.findMany({ where: { personId: actor.personId, createdAt: { gte: since } }, orderBy: { createdAt: 'asc' } });
    if (held.length > 0)
      return attachNow(
        ctx,
        tx,
        actor,
        requestId,
        kind,
        held.map(heldAsChecked),
        held.map((h) => h.id),
      );
    const request = await lockRequest(tx, requestId);
    mayAttach(request, actor.personId);
    const facts = await attachFacts(tx, request);
    const fileKind = kindFor(facts.required, facts.missing, kind, request.no);
    await tx.attachIntent.upsert({
      where: { personId: actor.personId },
      create: { personId: actor.personId, requestId, kind: fileKind, createdAt: ctx.now },
      update: { requestId, kind: fileKind, createdAt: ctx.now },
    });
    await answer(tx, actor, ctx.now, { kind: 'attachment.expecting', no: request.no, fileKind });
    return { state: 'expecting', no: request.no, kind: fileKind };
  });
}

/** 'attach' tapped on the "which request?" answer: that held file goes there */
export async function placeHeldFile(ctx: Ctx, actor: Actor, heldId: string, requestId: string, kind: string | undefined): Promise<ReceivedFile> {
  return ctx.db.$transaction(async (tx) => {
    const held = await tx.heldFile.findUnique({ where: { id: heldId } });
    if (!held || held.personId !== actor.personId) throw appError('ATTACHMENT_NOT_FOUND', `held file ${heldId}`, {});
    return attachNow(ctx, tx, actor, requestId, kind, [heldAsChecked(held)], [held.id]);
  });
}

/** Takes a file off a draft or returned request; one an earlier round saw stays listed as taken off. */
export async function removeFile(ctx: Ctx, actor: Actor, requestId: string, seq: number): Promise<{ no: number }> {
  return ctx.db.$transaction(async (tx) => {
    const request = await lockRequest(tx, requestId);
    const round = mayAttach(request, actor.personId);
    const file = await tx.attachment.findUnique({ where: { requestId_seq: { requestId, seq } } });
    if (!file || file.removedRound !== null) throw appError('ATTACHMENT_NOT_FOUND', `${request.no} has no file ${seq}`, { no: request.no, seq });
    await tx.attachment.update({ where: { id: file.id }, data: { removedRound: round, removedAt: ctx.now } });
    await appendAudit(tx, {
      action: 'attachment.removed',
      subject: `request:${requestId}`,
      actorId: actor.personId,
      platform: actor.platform,
      account: actor.account,
      at: ctx.now,
      data: { no: request.no, seq, kind: file.kind, name: file.name, sha256: file.sha256, round },
    });
    const facts = await attachFacts(tx, request);
    await emit(tx, { kind: 'card.refresh', requestId });
    await answer(tx, actor, ctx.now, { kind: 'attachment.removed', no: request.no, seq, name: file.name, missing: facts.missing });
    return { no: request.no };
  });
}

async function attachNow(ctx: Ctx, tx: Tx, actor: Actor, requestId: string, kind: string | undefined, files: CheckedFile[], heldIds: string[] = []): Promise<ReceivedFile> {
  const request = await lockRequest(tx, requestId);
  const round = mayAttach(request, actor.personId);
  const facts = await attachFacts(tx, request);
  const fileKind = kindFor(facts.required, facts.missing, kind, request.no);
  const last = await tx.attachment.findFirst({ where: { requestId }, orderBy: { seq: 'desc' }, select: { seq: true } });
  let seq = last?.seq ?? 0;
  const added: { seq: number; kind: string; name: string; size: number }[] = [];
  for (const file of files) {
    seq += 1;
    await tx.attachment.create({
      data: {
        id: randomUUID(),
        requestId,
        seq,
        round,
        kind: fileKind,
        name: file.name,
        mime: file.mime,
        ext: file.ext,
        size: file.size,
        sha256: file.sha256,
        addedById: actor.personId,
        addedAt: ctx.now,
      },
    });
    // the hash in the audit chain vouches for the stored file's content (audit:verify re-hashes it)
    await appendAudit(tx, {
      action: 'attachment.added',
      subject: `request:${requestId}`,
      actorId: actor.personId,
      platform: actor.platform,
      account: actor.account,
      at: ctx.now,
      data: { no: request.no, seq, round, kind: fileKind, name: file.name, mime: file.mime, size: file.size, sha256: file.sha256 },
    });
    added.push({ seq, kind: fileKind, name: file.name, size: file.size });
  }
  if (heldIds.length > 0) await tx.heldFile.deleteMany({ where: { id: { in: heldIds } } });
  const missing = facts.missing.filter((k) => k !== fileKind);
  await emit(tx, { kind: 'card.refresh', requestId });
  await answer(tx, actor, ctx.now, { kind: 'attachment.added', no: request.no, files: added, missing });
  const first = added[0]!;
  return { state: 'attached', no: request.no, seq: first.seq, kind: fileKind, name: first.name, size: first.size };
}

/** the type's required kinds, and those with no file that counts now */
async function attachFacts(tx: Tx, request: { id: string; type: string }): Promise<{ required: string[]; missing: string[] }> {
  const [policy, files] = await Promise.all([loadPolicy(tx), tx.attachment.findMany({ where: { requestId: request.id }, select: { kind: true, removedRound: true } })]);
  const required = policy.policy.requestTypes.find((t) => t.name === request.type)?.requiredAttachments ?? [];
  return { required, missing: missingKinds(required, files) };
}

async function choicesFor(tx: Tx, open: { id: string; no: number; type: string }[]): Promise<AttachChoice[]> {
  const choices: AttachChoice[] = [];
  for (const request of open) {
    const facts = await attachFacts(tx, request);
    choices.push({ requestId: request.id, no: request.no, type: request.type, kinds: kindsOffered(facts.required), missing: facts.missing });
  }
  return choices;
}

async function checkAndStore(ctx: FileCtx, name: string | undefined, bytes: Uint8Array): Promise<CheckedFile> {
  const detected = bytes.byteLength > 0 && bytes.byteLength <= ctx.maxFileBytes ? await detectFileType(bytes) : null;
  const shown = cleanName(name);
  const ext = checkFile(detected, bytes.byteLength, ctx.maxFileBytes, shown ?? '');
  let stored: StoredFile;
  try {
    stored = await ctx.files.put(bytes);
  } catch (error) {
    if (error instanceof FileStoreError) throw appError('FILE_STORE_FAILED', error.message, { name: shown ?? '' });
    throw error;
  }
  return { ...stored, name: shown ?? `${ext === 'jpg' || ext === 'png' ? 'image' : 'file'}-${stored.sha256.slice(0, 8)}.${ext}`, mime: detected!.mime, ext };
}

function heldAsChecked(held: { name: string; mime: string; ext: string; size: number; sha256: string }): CheckedFile {
  return { key: held.sha256, sha256: held.sha256, size: held.size, name: held.name, mime: held.mime, ext: held.ext };
}

/** the name as shown and offered on download: no path, no control characters, at most 120 characters */
function cleanName(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const base = name.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = Array.from(base.replace(/[\u0000-\u001f\u007f"<>|*?:]/g, '').trim())
    .slice(-120)
    .join('');
  return clean === '' || clean === '.' || clean === '..' ? undefined : clean;
}
