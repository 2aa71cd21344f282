// 确认付款: only a cashier (出纳) confirms a payment, never the requester or anyone who decided on the
// request (不相容岗位分离), and the payment date is a real day no later than today.
import type { ErrorCode } from '../errors.js';
import { isMeetingDate } from '../meeting-date.js';

export interface PaymentFacts {
  cashiers: readonly string[];
  requesterId: string;
  /** everyone who decided on any step of the request, and whom they acted for */
  deciders: readonly string[];
}

export type PaymentCheck = { ok: true } | { ok: false; code: ErrorCode; details: Record<string, unknown> };

/** The cashiers who may confirm this payment. */
export function eligibleCashiers(facts: PaymentFacts): string[] {
  return facts.cashiers.filter((id) => id !== facts.requesterId && !facts.deciders.includes(id));
}

export function mayConfirmPayment(facts: PaymentFacts, actorId: string): PaymentCheck {
  if (!facts.cashiers.includes(actorId)) return { ok: false, code: 'PAYMENT_NOT_CASHIER', details: {} };
  if (actorId === facts.requesterId) return { ok: false, code: 'PAYMENT_CONFLICT', details: { as: 'requester' } };
  if (facts.deciders.includes(actorId)) return { ok: false, code: 'PAYMENT_CONFLICT', details: { as: 'approver' } };
  return { ok: true };
}

/** `date` is YYYY-MM-DD, a real day, not after `today` (YYYY-MM-DD in the unit's time zone). */
export function checkPaymentDate(date: string, today: string): PaymentCheck {
  if (!isMeetingDate(date)) return { ok: false, code: 'PAYMENT_DATE_INVALID', details: { date } };
  if (date > today) return { ok: false, code: 'PAYMENT_DATE_INVALID', details: { date, future: true } };
  return { ok: true };
}
