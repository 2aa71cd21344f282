// Lights (警示灯) of a step: green within the limit, yellow from the reminder share, red when overdue.
import type { Light, StepState } from './types.js';

export interface LightInput {
  activatedAt: Date | null;
  yellowAt: Date | null;
  dueAt: Date | null;
  state: StepState;
}

/** Only an active step lights up; a step without deadlines stays green. */
export function lightAt(step: LightInput, now: Date): Light {
  if (step.state !== 'active' || step.activatedAt === null) return 'green';
  const t = now.getTime();
  if (step.dueAt !== null && t >= step.dueAt.getTime()) return 'red';
  if (step.yellowAt !== null && t >= step.yellowAt.getTime()) return 'yellow';
  return 'green';
}
