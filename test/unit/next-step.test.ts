import { describe, expect, it } from 'vitest';
import { nextStep } from '../../workflows/domain/next-step.js';
import type { StepState } from '../../workflows/domain/types.js';

const steps = (...states: StepState[]) => states.map((state, index) => ({ index, state }));

describe('nextStep', () => {
  it('activates the first waiting step after the approved ones', () => {
    expect(nextStep(steps('approved', 'waiting', 'waiting'))).toEqual({ kind: 'activate', index: 1 });
    expect(nextStep(steps('approved', 'skipped', 'waiting'))).toEqual({ kind: 'activate', index: 2 });
  });

  it('orders by index, not by array position', () => {
    expect(
      nextStep([
        { index: 2, state: 'waiting' },
        { index: 0, state: 'approved' },
        { index: 1, state: 'waiting' },
      ]),
    ).toEqual({ kind: 'activate', index: 1 });
  });

  it('approves the request when every step is approved or skipped', () => {
    expect(nextStep(steps('approved', 'skipped', 'approved'))).toEqual({ kind: 'approved' });
  });

  it('does nothing while a step is active or after the round stopped', () => {
    expect(nextStep(steps('approved', 'active', 'waiting'))).toEqual({ kind: 'none', reason: 'step_active' });
    expect(nextStep(steps('approved', 'rejected', 'waiting'))).toEqual({ kind: 'none', reason: 'round_stopped' });
    expect(nextStep(steps('returned', 'cancelled'))).toEqual({ kind: 'none', reason: 'round_stopped' });
  });
});
