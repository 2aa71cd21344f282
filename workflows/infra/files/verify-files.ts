// audit:verify's second half. Each `attachment.added` audit event carries the file's SHA-256, and the
// chain vouches for the events; so for each one, the attachment row must still name that hash and
// the store must still hold bytes that hash to it. A row no event accounts for is named too.
import { createHash } from 'node:crypto';
import type { FileStore } from '../../service/file-store.js';
import type { FileProblem } from '../../service/views.js';
import type { Db } from '../db.js';

const PAGE = 500;

export async function verifyStoredFiles(db: Db, files: FileStore): Promise<{ checked: number; problems: FileProblem[] }> {
  const problems: FileProblem[] = [];
  const seen = new Set<string>();
  let checked = 0;
  let after = 0n;
  for (;;) {
    const events = await db.auditEvent.findMany({ where: { action: 'attachment.added', seq: { gt: after } }, orderBy: { seq: 'asc' }, take: PAGE });
    if (events.length === 0) break;
    after = events[events.length - 1]!.seq;
    for (const event of events) {
      const data = event.data as { no?: number; seq?: number; name?: string; sha256?: string };
      const requestId = event.subject.replace(/^request:/, '');
      if (typeof data.seq !== 'number' || typeof data.sha256 !== 'string') continue;
      checked += 1;
      seen.add(`${requestId}:${data.seq}`);
      const named = { no: data.no ?? 0, seq: data.seq, name: data.name ?? '', sha256: data.sha256 };
      const row = await db.attachment.findUnique({ where: { requestId_seq: { requestId, seq: data.seq } }, select: { sha256: true } });
      if (!row || row.sha256 !== data.sha256) {
        problems.push({ ...named, problem: 'changed' });
        continue;
      }
      const bytes = await files.get(data.sha256);
      if (!bytes) problems.push({ ...named, problem: 'missing' });
      else if (createHash('sha256').update(bytes).digest('hex') !== data.sha256) problems.push({ ...named, problem: 'changed' });
    }
  }
  // rows no audit event accounts for (inserted behind the application's back)
  const rows = await db.attachment.findMany({ select: { requestId: true, seq: true, name: true, sha256: true, request: { select: { no: true } } } });
  for (const row of rows) {
    if (!seen.has(`${row.requestId}:${row.seq}`)) problems.push({ no: row.request.no, seq: row.seq, name: row.name, sha256: row.sha256, problem: 'unrecorded' });
  }
  return { checked, problems };
}
