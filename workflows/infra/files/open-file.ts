// Opening an attachment through its link: the link was signed for one person (bot/files checks the
// signature and the expiry); here the person must still be someone who may see the request — its
// requester, anyone who has or had a step of it, the oversight roles — and every open is audited.
import { appError } from '../../domain/errors.js';
import { FileStoreError, type FileStore } from '../../service/file-store.js';
import type { OpenedFile } from '../../service/views.js';
import { appendAudit } from '../audit.js';
import type { Db } from '../db.js';
import { assertMayView } from '../requests/show-request.js';

export async function openAttachment(db: Db, files: FileStore, personId: string, attachmentId: string, now: Date): Promise<OpenedFile> {
  const file = await db.attachment.findUnique({ where: { id: attachmentId }, include: { request: { select: { no: true } } } });
  if (!file) throw appError('ATTACHMENT_NOT_FOUND', `attachment ${attachmentId}`, {});
  try {
    await assertMayView(db, { personId }, file.requestId, now);
  } catch (error) {
    await db.$transaction((tx) =>
      appendAudit(tx, { action: 'security.refused', subject: `request:${file.requestId}`, actorId: personId, at: now, data: { code: 'ATTACHMENT_NOT_VIEWER', seq: file.seq } }),
    );
    throw error;
  }
  let bytes: Uint8Array | null;
  try {
    bytes = await files.get(file.sha256);
  } catch (error) {
    if (error instanceof FileStoreError) throw appError('FILE_STORE_FAILED', error.message, { name: file.name });
    throw error;
  }
  if (!bytes) throw appError('FILE_STORE_FAILED', `${file.sha256} is not in the store`, { name: file.name });
  await db.$transaction((tx) =>
    appendAudit(tx, {
      action: 'attachment.viewed',
      subject: `request:${file.requestId}`,
      actorId: personId,
      at: now,
      data: { no: file.request.no, seq: file.seq, kind: file.kind, name: file.name, sha256: file.sha256 },
    }),
  );
  return { name: file.name, mime: file.mime, bytes };
}
