// Who may change a request's files, and when: only its requester, and only while it is a draft or
// returned (退回修改). Once submitted the files are frozen: approvers decide on what they saw. The
// round a new file counts from is the one the request goes into when it is (re)submitted.
import { appError } from '../errors.js';
import type { RequestStatus } from '../types.js';

export interface AttachableRequest {
  no: number;
  requesterId: string;
  status: RequestStatus | string;
  round: number;
}

/** NOT_REQUESTER or ATTACHMENT_FROZEN unless the person may add or take off files now; the round the files count from */
export function mayAttach(request: AttachableRequest, personId: string): number {
  if (request.requesterId !== personId) throw appError('NOT_REQUESTER', `only the requester attaches to ${request.no}`, { no: request.no });
  if (request.status !== 'draft' && request.status !== 'returned')
    throw appError('ATTACHMENT_FROZEN', `request ${request.no} is ${request.status}`, { no: request.no, status: request.status });
  return openRound(request);
}

/** the round being prepared: a draft's first, a returned request's next */
export function openRound(request: { status: RequestStatus | string; round: number }): number {
  return request.status === 'returned' ? request.round + 1 : request.round;
}
