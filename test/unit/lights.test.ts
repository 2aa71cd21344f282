import { describe, expect, it } from 'vitest';
import { lightAt } from '../../workflows/domain/lights.js';

const activatedAt = new Date('2026-03-10T09:00:00+08:00');
const yellowAt = new Date('2026-03-11T09:12:00+08:00');
const dueAt = new Date('2026-03-11T10:00:00+08:00');
const active = { activatedAt, yellowAt, dueAt, state: 'active' as const };

describe('lightAt', () => {
  it('is green before the yellow instant', () => {
    expect(lightAt(active, new Date('2026-03-11T09:11:59+08:00'))).toBe('green');
  });

  it('turns yellow at the yellow instant and red at the due instant', () => {
    expect(lightAt(active, yellowAt)).toBe('yellow');
    expect(lightAt(active, new Date('2026-03-11T09:59:59+08:00'))).toBe('yellow');
    expect(lightAt(active, dueAt)).toBe('red');
    expect(lightAt(active, new Date('2026-04-01T00:00:00+08:00'))).toBe('red');
  });

  it('stays green for a step that is not active or has no deadlines', () => {
    expect(lightAt({ ...active, state: 'approved' }, dueAt)).toBe('green');
    expect(lightAt({ ...active, state: 'waiting' }, dueAt)).toBe('green');
    expect(lightAt({ activatedAt, yellowAt: null, dueAt: null, state: 'active' }, dueAt)).toBe('green');
  });
});
