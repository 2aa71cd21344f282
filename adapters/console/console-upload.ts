// POST /console/api/upload: a file dropped or chosen on a card (附件). The raw body is the file; who
// sends it, onto which request and as what kind ride in the query. The bytes go into the FileStore
// before anything is queued, so an upload answered 202 is durable; the worker then fetches them back
// through ConsolePort.fetchFile and the core checks, attaches and answers in the conversation, as
// for a file sent on any platform. Too large or empty is refused here, at once, in the core's words.
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { EnqueueInbound } from '../../bot/enqueue-inbound.js';
import { refusalText } from '../../bot/replies/error-text.js';
import { FileStoreError, type FileStore } from '../../workflows/service/file-store.js';
import type { WorkflowService } from '../../workflows/service/workflow-service.js';
import type { ConsoleChanges } from './console-changes.js';
import { ApiError, idempotencyKey, parse, verifyPerson } from './console-http.js';
import { UploadQuerySchema } from './console-schemas.js';
import { withAs, type ConsoleAccess } from './console-signin.js';

export interface UploadDeps {
  service: WorkflowService;
  enqueue: EnqueueInbound;
  changes: ConsoleChanges;
  clock: () => Date;
  files: FileStore;
  /** the largest attachment accepted, in bytes */
  maxFileBytes: number;
  /** who the upload is from */
  access: Pick<ConsoleAccess, 'as'>;
}

/** The upload's handlers: read the body (at most one byte more than allowed), then store and queue it. */
export function uploadHandlers(deps: UploadDeps): RequestHandler[] {
  // any Content-Type: the page sends the file's own (application/pdf, image/jpeg, …) or none
  const rawBody = express.raw({ type: () => true, limit: deps.maxFileBytes + 1 });
  const tooLarge = (req: Request, size: number | undefined) =>
    new ApiError(413, 'ATTACHMENT_TOO_LARGE', refusalText('ATTACHMENT_TOO_LARGE', { name: nameOf(req), size, maxBytes: deps.maxFileBytes }));

  const readBody = (req: Request, res: Response, next: NextFunction) =>
    rawBody(req, res, (error?: unknown) => {
      const e = error as { type?: string; length?: number } | undefined;
      // body-parser reads a refused body to its end before this runs, so the client gets the answer
      next(e?.type === 'entity.too.large' ? tooLarge(req, e.length ?? declaredLength(req)) : error);
    });

  const store = async (req: Request, res: Response) => {
    const query = parse(UploadQuerySchema, withAs(req.query, await deps.access.as(req, res, req.query.as)));
    await verifyPerson(deps.service, query.as);
    const bytes = Buffer.isBuffer(req.body) ? new Uint8Array(req.body.buffer, req.body.byteOffset, req.body.byteLength) : new Uint8Array(0);
    if (bytes.byteLength === 0) throw new ApiError(400, 'ATTACHMENT_EMPTY', refusalText('ATTACHMENT_EMPTY', { name: query.name }));
    if (bytes.byteLength > deps.maxFileBytes) throw tooLarge(req, bytes.byteLength);
    let key: string;
    try {
      ({ key } = await deps.files.put(bytes));
    } catch (error) {
      if (error instanceof FileStoreError) throw new ApiError(503, 'FILE_STORE_FAILED', refusalText('FILE_STORE_FAILED', { name: query.name }));
      throw error;
    }
    const messageId = await deps.service.consoleMessages.post(query.as, { direction: 'in', authorId: query.as, text: query.name ? `📎 ${query.name}` : '📎' });
    await deps.changes.announce(query.as, messageId);
    const dedupeKey = `console:${idempotencyKey(req) ?? `upload-${messageId}`}`;
    await deps.enqueue({
      kind: 'file',
      platform: 'console',
      account: query.as,
      dedupeKey,
      at: deps.clock().toISOString(),
      conversation: { kind: 'direct', id: query.as },
      file: { ref: key, name: query.name, size: bytes.byteLength },
      target: query.requestId ? { requestId: query.requestId, kind: query.kind } : undefined,
    });
    res.status(202).json({ accepted: true, dedupeKey });
  };

  return [readBody, store];
}

/** the file name as the query gives it, for a refusal that comes before the query is checked */
function nameOf(req: Request): string {
  const name = req.query.name;
  return typeof name === 'string' ? name.slice(0, 300) : '';
}

function declaredLength(req: Request): number | undefined {
  const length = Number(req.get('content-length'));
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}
