// 预算影响: what a request does to its budget line (预算指标), by what it does with money
// (workflows/domain/chain/request-kind.ts). A child drawing on a commitment leaves the line alone, a 验收
// moves no money, a 调剂 takes from one line for another, a 追加 adds to a line.
import { availableOf } from '../../workflows/domain/budget-balance.js';
import { makesCommitment } from '../../workflows/domain/chain/request-kind.js';
import type { AdjustmentView, LineBalance, RequestView } from '../../workflows/service/views.js';
import type { CardBudgetEffect } from '../card-model.js';
import {
  adjustedNote,
  adjustFrozenNote,
  adjustToNote,
  BUDGET_NOTES,
  drawnApprovedNote,
  overAvailable,
  overParentRemainder,
  receivingLineText,
  yuan,
} from '../replies/card-words.js';

/** The line a submit would take the amount from, or null when it takes nothing from any line. */
export function lineTakenFrom(view: RequestView): LineBalance | null {
  const { request } = view;
  if (view.link || request.kind === 'acceptance') return null;
  if (request.kind === 'adjustment' && view.adjustment) return view.adjustment.from ?? null;
  return view.line;
}

/** Whether submitting would take more from a line than it has available (the core refuses it). */
export function lacksBudget(view: RequestView): boolean {
  const line = lineTakenFrom(view);
  return line !== null && availableOf(line) < view.request.amount;
}

export function budgetEffect(view: RequestView): CardBudgetEffect | undefined {
  const { request } = view;
  if (request.kind === 'acceptance') return undefined;
  if (request.kind === 'adjustment' && view.adjustment) return adjustmentEffect(view, view.adjustment);
  if (!view.line) return undefined;
  return view.link?.draws ? drawnEffect(view, view.line) : lineEffect(view, view.line);
}

/** A request that takes from its own line: frozen on submit, then committed, spent or left frozen for the cashier. */
function lineEffect(view: RequestView, line: LineBalance): CardBudgetEffect {
  const { request } = view;
  const available = availableOf(line);
  switch (request.status) {
    case 'draft':
    case 'returned':
      return takeOnSubmit(line.name, available, request.amount);
    case 'in_approval':
      return { line: line.name, before: yuan(available + request.amount), after: yuan(available), note: BUDGET_NOTES.frozen, ok: true };
    case 'approved':
      return { line: line.name, after: yuan(available), note: approvedNote(view), ok: true };
    default:
      return { line: line.name, after: yuan(available), note: BUDGET_NOTES.released, ok: true };
  }
}

function approvedNote(view: RequestView): string {
  if (makesCommitment(view.request.kind)) return view.request.settledAt ? BUDGET_NOTES.settled : BUDGET_NOTES.committed;
  return view.payment?.state === 'due' ? BUDGET_NOTES.awaitingPayment : BUDGET_NOTES.spent;
}

/** A child drawing on its parent's commitment: the line's available does not change. */
function drawnEffect(view: RequestView, line: LineBalance): CardBudgetEffect {
  const { request } = view;
  const after = yuan(availableOf(line));
  switch (request.status) {
    case 'draft':
    case 'returned': {
      const short = view.link!.remainder < 0n;
      return { line: line.name, after, note: BUDGET_NOTES.fromParent, ok: !short, problem: short ? overParentRemainder(-view.link!.remainder) : undefined };
    }
    case 'in_approval':
      return { line: line.name, after, note: BUDGET_NOTES.fromParent, ok: true };
    case 'approved':
      return { line: line.name, after, note: drawnApprovedNote(approvedNote(view)), ok: true };
    default:
      return { line: line.name, after, note: BUDGET_NOTES.releasedToParent, ok: true };
  }
}

/** 调剂 shows the giving line going down and names the receiving one; 追加 shows the receiving line going up. */
function adjustmentEffect(view: RequestView, adjustment: AdjustmentView): CardBudgetEffect {
  const { request } = view;
  const to = adjustment.to;
  const toAvailable = availableOf(to);
  const open = request.status === 'draft' || request.status === 'returned' || request.status === 'in_approval';
  if (!adjustment.from) {
    if (open) return { line: to.name, before: yuan(toAvailable), after: yuan(toAvailable + request.amount), note: BUDGET_NOTES.addOnApproval, ok: true };
    return { line: to.name, after: yuan(toAvailable), note: request.status === 'approved' ? BUDGET_NOTES.added : BUDGET_NOTES.notAdded, ok: true };
  }
  const from = adjustment.from;
  const available = availableOf(from);
  const receiving = receivingLineText(to.name, toAvailable, toAvailable + request.amount);
  switch (request.status) {
    case 'draft':
    case 'returned':
      return { ...takeOnSubmit(from.name, available, request.amount), note: adjustToNote(receiving) };
    case 'in_approval':
      return { line: from.name, before: yuan(available + request.amount), after: yuan(available), note: adjustFrozenNote(receiving), ok: true };
    case 'approved':
      return { line: from.name, after: yuan(available), note: adjustedNote(to.name, toAvailable), ok: true };
    default:
      return { line: from.name, after: yuan(available), note: BUDGET_NOTES.released, ok: true };
  }
}

/** a draft's check: the line's available before and after, and by how much it falls short */
function takeOnSubmit(line: string, available: bigint, amount: bigint): CardBudgetEffect {
  const after = available - amount;
  return {
    line,
    before: yuan(available),
    after: yuan(after < 0n ? 0n : after),
    ok: after >= 0n,
    problem: after < 0n ? overAvailable(-after) : undefined,
  };
}
