import { describe, expect, it } from 'vitest';
import { isAppError } from '../../workflows/domain/errors.js';
import { assertTransition, canTransition, isTerminal } from '../../workflows/domain/lifecycle.js';
import { REQUEST_STATUSES, type RequestStatus } from '../../workflows/domain/types.js';

const ALLOWED: [RequestStatus, RequestStatus][] = [
  ['draft', 'in_approval'],
  ['draft', 'cancelled'],
  ['in_approval', 'approved'],
  ['in_approval', 'rejected'],
  ['in_approval', 'returned'],
  ['in_approval', 'withdrawn'],
  ['returned', 'in_approval'],
  ['returned', 'cancelled'],
];

describe('request lifecycle', () => {
  it('allows exactly the listed transitions', () => {
    for (const from of REQUEST_STATUSES) {
      for (const to of REQUEST_STATUSES) {
        const expected = ALLOWED.some(([f, t]) => f === from && t === to);
        expect(canTransition(from, to), `${from} → ${to}`).toBe(expected);
      }
    }
  });

  it('throws INVALID_STATE with the allowed targets', () => {
    expect(() => assertTransition('draft', 'in_approval')).not.toThrow();
    try {
      assertTransition('approved', 'in_approval');
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('INVALID_STATE');
      expect(isAppError(error) && error.details).toEqual({ from: 'approved', to: 'in_approval', allowed: [] });
    }
  });

  it('knows the terminal statuses', () => {
    expect(REQUEST_STATUSES.filter(isTerminal)).toEqual(['approved', 'rejected', 'withdrawn', 'cancelled']);
  });
});
