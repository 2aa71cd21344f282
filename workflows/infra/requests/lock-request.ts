// The request row lock: every change to a request (submit, withdraw, decide) takes it first, so
// concurrent changes of one request run one after the other and each sees the last one's result.
import type { Request } from '../../../prisma/generated/client.js';
import { appError } from '../../domain/errors.js';
import type { Tx } from '../db.js';

/** The request's row, locked and read in one statement (the row as it is once the lock is ours). */
export async function lockRequest(tx: Tx, requestId: string): Promise<Request> {
  const [locked] = await tx.$queryRaw<Request[]>`SELECT * FROM "Request" WHERE "id" = ${requestId} FOR UPDATE`;
  if (!locked) throw appError('REQUEST_NOT_FOUND', `request ${requestId}`, { requestId });
  return locked;
}
