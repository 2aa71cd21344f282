// What follows a decided step (下一环节): the next waiting step activates, or the request is approved
// when every step of the round is approved or skipped.
import type { StepState } from './types.js';

export type NextStep =
  | { kind: 'activate'; index: number }
  /** every step approved or skipped: the request is approved */
  | { kind: 'approved' }
  /** nothing to do: a step is still active, or the round stopped (rejected, returned, cancelled) */
  | { kind: 'none'; reason: 'step_active' | 'round_stopped' };

const DONE: readonly StepState[] = ['approved', 'skipped'];
const STOPPED: readonly StepState[] = ['rejected', 'returned', 'cancelled'];

/** Given the states of one round's steps (any order), what happens next. */
export function nextStep(steps: readonly { index: number; state: StepState }[]): NextStep {
  const ordered = [...steps].sort((a, b) => a.index - b.index);
  if (ordered.some((s) => STOPPED.includes(s.state))) return { kind: 'none', reason: 'round_stopped' };
  if (ordered.some((s) => s.state === 'active')) return { kind: 'none', reason: 'step_active' };
  const waiting = ordered.find((s) => !DONE.includes(s.state));
  return waiting ? { kind: 'activate', index: waiting.index } : { kind: 'approved' };
}
