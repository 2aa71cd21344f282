// Workbooks made for a reader. The bytes go to the FileStore first (content-addressed, so a retry
// stores nothing twice); then one transaction keeps the Report row, audits report.generated with the
// SHA-256, answers the reader with the summary and the file, and marks the command's delivery handled
// — a retried command after that commit does nothing again. Only the reader it was made for may open
// the link, and every download is audited.
import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../../prisma/generated/client.js';
import { appError } from '../../domain/errors.js';
import { FileStoreError, type FileStore, type StoredFile } from '../../service/file-store.js';
import type { Actor, OpenedFile, ReportFileInput, StoredReport } from '../../service/views.js';
import { appendAudit } from '../audit.js';
import type { Ctx } from '../context.js';
import type { Tx } from '../db.js';
import { answer, emit } from '../outbox.js';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function saveReport(ctx: Ctx, files: FileStore, actor: Actor, file: ReportFileInput): Promise<StoredReport> {
  const stored = await storeBytes(files, file);
  return ctx.db.$transaction(async (tx) => {
    const report = await keepReport(tx, ctx.now, stored, actor.personId, file, { platform: actor.platform, account: actor.account });
    await answer(tx, actor, ctx.now, readyNotice(report, file, false));
    if (actor.replyTo) await emit(tx, { kind: 'report.file', reportId: report.id, fileName: report.fileName, sha256: stored.sha256, to: actor.replyTo });
    return report;
  });
}

export async function openReport({ db, now }: Ctx, files: FileStore, personId: string, reportId: string): Promise<OpenedFile> {
  const report = await db.report.findUnique({ where: { id: reportId } });
  if (!report || report.personId !== personId) {
    await db.$transaction((tx) => appendAudit(tx, { action: 'security.refused', subject: `report:${reportId}`, actorId: personId, at: now, data: { code: 'REPORT_NOT_FOUND' } }));
    throw appError('REPORT_NOT_FOUND', `report ${reportId} for ${personId}`, {});
  }
  let bytes: Uint8Array | null;
  try {
    bytes = await files.get(report.sha256);
  } catch (error) {
    if (error instanceof FileStoreError) throw appError('FILE_STORE_FAILED', error.message, { name: report.fileName });
    throw error;
  }
  if (!bytes) throw appError('FILE_STORE_FAILED', `${report.sha256} is not in the store`, { name: report.fileName });
  await db.$transaction((tx) =>
    appendAudit(tx, {
      action: 'report.downloaded',
      subject: `report:${report.id}`,
      actorId: personId,
      at: now,
      data: { kind: report.kind, fileName: report.fileName, sha256: report.sha256 },
    }),
  );
  return { name: report.fileName, mime: XLSX_MIME, bytes };
}

/** Puts the workbook's bytes in the store; FILE_STORE_FAILED when the store cannot take them. */
export async function storeBytes(files: FileStore, file: Pick<ReportFileInput, 'bytes' | 'fileName'>): Promise<StoredFile> {
  try {
    return await files.put(file.bytes);
  } catch (error) {
    if (error instanceof FileStoreError) throw appError('FILE_STORE_FAILED', error.message, { name: file.fileName });
    throw error;
  }
}

/** The Report row and its report.generated audit event. */
export async function keepReport(
  tx: Tx,
  now: Date,
  stored: StoredFile,
  personId: string,
  file: ReportFileInput,
  via: { platform?: string; account?: string },
): Promise<StoredReport> {
  const id = randomUUID();
  await tx.report.create({
    data: { id, kind: file.kind, personId, fileName: file.fileName, size: stored.size, sha256: stored.sha256, params: file.params as Prisma.InputJsonObject, createdAt: now },
  });
  await appendAudit(tx, {
    action: 'report.generated',
    subject: `report:${id}`,
    actorId: personId,
    platform: via.platform,
    account: via.account,
    at: now,
    data: { kind: file.kind, params: file.params, fileName: file.fileName, size: stored.size, sha256: stored.sha256 },
  });
  return { id, fileName: file.fileName, size: stored.size };
}

export function readyNotice(report: StoredReport, file: ReportFileInput, pushed: boolean) {
  return { kind: 'report.ready' as const, reportId: report.id, fileName: report.fileName, size: report.size, summary: file.summary, ...(pushed ? { pushed } : {}) };
}
