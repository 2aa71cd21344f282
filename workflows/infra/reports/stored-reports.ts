// (being written for issue 11)
import type { Actor, OpenedFile, ReportFileInput, StoredReport } from '../../service/views.js';
import type { FileStore } from '../../service/file-store.js';
import type { Ctx } from '../context.js';

export async function saveReport(_ctx: Ctx, _files: FileStore, _actor: Actor, _file: ReportFileInput): Promise<StoredReport> {
  throw new Error('not built yet');
}
export async function openReport(_ctx: Ctx, _files: FileStore, _personId: string, _reportId: string): Promise<OpenedFile> {
  throw new Error('not built yet');
}
