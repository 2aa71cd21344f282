// (being written for issue 11)
import type { FileStore } from '../../service/file-store.js';
import type { ReportFileInput } from '../../service/views.js';
import type { Ctx } from '../context.js';

export async function pushReports(_ctx: Ctx, _files: FileStore, _month: string, _reports: { personId: string; file: ReportFileInput }[]): Promise<boolean> {
  throw new Error('not built yet');
}
export async function pushRecipients(_ctx: Ctx): Promise<string[]> {
  throw new Error('not built yet');
}
export async function nextReportPush(_ctx: Ctx): Promise<{ month: string; at: Date }> {
  throw new Error('not built yet');
}
