// The request row lock: every change to a request (submit, withdraw, decide) takes it first, so
// concurrent changes of one request run one after the other and each sees the last one's result.
import { appError } from '../../domain/errors.js';
import type { Tx } from '../db.js';

export async function lockRequest(tx: Tx, requestId: string) {
  const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Request" WHERE "id" = ${requestId} FOR UPDATE`;
  if (!locked) throw appError('REQUEST_NOT_FOUND', `request ${requestId}`, { requestId });
  return tx.request.findUniqueOrThrow({ where: { id: requestId } });
}
