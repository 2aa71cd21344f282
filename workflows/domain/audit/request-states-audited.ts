// A request's status is the one its audit events led to: created by request.drafted, in approval
// after a (re)submission, approved / rejected / returned by the deciding decision, withdrawn or
// cancelled by request.withdrawn / request.cancelled. A request no event created, a status its last
// event does not explain, a payment marked paid without payment.confirmed or a 结清 without
// request.settled was written beside the chain. Pure.
import type { RequestStatus } from '../types.js';

export interface RequestState {
  id: string;
  no: number;
  status: string;
  paymentState: string | null;
  settled: boolean;
}

/** an audit event about a request that changes what this check looks at */
export interface RequestEvent {
  requestId: string;
  seq: bigint;
  action: string;
  /** decision events: what the decision did */
  outcome?: string;
}

export type RequestFinding =
  | { code: 'request.unaudited'; no: number; status: string }
  | { code: 'request.state_unaudited'; no: number; status: string; audited: RequestStatus; seq: string }
  | { code: 'request.payment_unaudited'; no: number }
  | { code: 'request.settle_unaudited'; no: number };

/** the status an event leaves the request in, or undefined when it does not change it */
export function statusAfter(event: Pick<RequestEvent, 'action' | 'outcome'>): RequestStatus | undefined {
  switch (event.action) {
    case 'request.drafted':
      return 'draft';
    case 'request.submitted':
    case 'request.resubmitted':
      return 'in_approval';
    case 'request.withdrawn':
      return 'withdrawn';
    case 'request.cancelled':
      return 'cancelled';
  }
  if (event.action.startsWith('decision.') && (event.outcome === 'approved' || event.outcome === 'rejected' || event.outcome === 'returned')) return event.outcome;
  return undefined;
}

/** `settledNos`: the numbers every request.settled event names */
export function checkRequestStatesAudited(requests: readonly RequestState[], events: readonly RequestEvent[], settledNos: ReadonlySet<number>): RequestFinding[] {
  const byRequest = new Map<string, RequestEvent[]>();
  for (const e of events) byRequest.set(e.requestId, [...(byRequest.get(e.requestId) ?? []), e]);
  const findings: RequestFinding[] = [];
  for (const r of requests) {
    const own = (byRequest.get(r.id) ?? []).sort((a, b) => (a.seq < b.seq ? -1 : 1));
    if (!own.some((e) => e.action === 'request.drafted')) {
      findings.push({ code: 'request.unaudited', no: r.no, status: r.status });
      continue;
    }
    const last = own.filter((e) => statusAfter(e) !== undefined).at(-1)!;
    const audited = statusAfter(last)!;
    if (audited !== r.status) findings.push({ code: 'request.state_unaudited', no: r.no, status: r.status, audited, seq: last.seq.toString() });
    if (r.paymentState === 'paid' && !own.some((e) => e.action === 'payment.confirmed')) findings.push({ code: 'request.payment_unaudited', no: r.no });
    if (r.settled && !settledNos.has(r.no)) findings.push({ code: 'request.settle_unaudited', no: r.no });
  }
  return findings;
}
