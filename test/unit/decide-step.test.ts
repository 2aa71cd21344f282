import { describe, expect, it } from 'vitest';
import { actableAssignees, decideStep, hasApproved, pendingPlacesOf, type DecisionResult } from '../../workflows/domain/decide-step.js';
import { delegatorsOf, deputiesOf, isDelegationActive } from '../../workflows/domain/delegation.js';
import type { DecisionCommand, DelegationView, StepView } from '../../workflows/domain/types.js';

const now = new Date('2026-07-08T10:00:00+08:00');

function step(extra: Partial<StepView> = {}): StepView {
  return { id: 's1', requestId: 'r1', round: 1, index: 0, state: 'active', mode: '或签', assignees: ['a', 'b'], approvedBy: [], collective: false, requesterId: 'req', ...extra };
}

function cmd(actorId: string, action: DecisionCommand['action'] = 'approve', extra: Partial<DecisionCommand> = {}): DecisionCommand {
  return { action, actorId, comment: '', ...extra };
}

const deputy = (fromId: string, toId: string, starts = '2026-07-06T00:00:00+08:00', ends = '2026-07-11T00:00:00+08:00'): DelegationView => ({
  fromId,
  toId,
  startsAt: new Date(starts),
  endsAt: new Date(ends),
});

function refusal(result: DecisionResult): string {
  if (result.ok) throw new Error(`expected a refusal, got ${result.outcome.kind}`);
  expect(result.reason).toMatch(/[\u4e00-\u9fff]/);
  return result.code;
}

describe('decideStep — authority (越权禁止)', () => {
  it('refuses any action on a step that is not active', () => {
    for (const state of ['waiting', 'approved', 'rejected', 'cancelled'] as const) {
      expect(refusal(decideStep(step({ state }), cmd('a'), [], now))).toBe('STEP_CLOSED');
    }
  });

  it('refuses someone who is not an assignee', () => {
    expect(refusal(decideStep(step(), cmd('mallory'), [], now))).toBe('NOT_ASSIGNEE');
  });

  it('lets a registered deputy act within the delegation window, on behalf of the assignee', () => {
    const result = decideStep(step(), cmd('d'), [deputy('b', 'd')], now);
    expect(result).toEqual({ ok: true, actingFor: 'b', onBehalfOf: true, outcome: { kind: 'step_approved', approvedBy: ['b'] } });
  });

  it('treats the window as [startsAt, endsAt)', () => {
    const d = deputy('b', 'd', '2026-07-08T10:00:00+08:00', '2026-07-08T12:00:00+08:00');
    expect(decideStep(step(), cmd('d'), [d], now).ok).toBe(true);
    expect(refusal(decideStep(step(), cmd('d'), [d], new Date('2026-07-08T12:00:00+08:00')))).toBe('NOT_ASSIGNEE');
    expect(refusal(decideStep(step(), cmd('d'), [d], new Date('2026-07-08T09:59:59+08:00')))).toBe('NOT_ASSIGNEE');
  });

  it('ignores a delegation from someone who is not an assignee', () => {
    expect(refusal(decideStep(step(), cmd('d'), [deputy('zz', 'd')], now))).toBe('NOT_ASSIGNEE');
  });
});

describe('decideStep — approve', () => {
  it('或签: any one assignee approves the step', () => {
    expect(decideStep(step(), cmd('b'), [], now)).toEqual({
      ok: true,
      actingFor: 'b',
      onBehalfOf: false,
      outcome: { kind: 'step_approved', approvedBy: ['b'] },
    });
  });

  it('依次: the single assignee approves the step', () => {
    const result = decideStep(step({ mode: '依次', assignees: ['a'] }), cmd('a'), [], now);
    expect(result.ok && result.outcome).toEqual({ kind: 'step_approved', approvedBy: ['a'] });
  });

  it('会签: partial until everyone has approved', () => {
    const s = step({ mode: '会签', assignees: ['a', 'b', 'c'] });
    const first = decideStep(s, cmd('b'), [], now);
    expect(first.ok && first.outcome).toEqual({ kind: 'partial', approvedBy: ['b'] });
    const second = decideStep({ ...s, approvedBy: ['b'] }, cmd('a'), [], now);
    expect(second.ok && second.outcome).toEqual({ kind: 'partial', approvedBy: ['b', 'a'] });
    const last = decideStep({ ...s, approvedBy: ['b', 'a'] }, cmd('c'), [], now);
    expect(last.ok && last.outcome).toEqual({ kind: 'step_approved', approvedBy: ['b', 'a', 'c'] });
  });

  it('会签: a second tap by someone who already approved is refused', () => {
    const s = step({ mode: '会签', approvedBy: ['a'] });
    expect(refusal(decideStep(s, cmd('a'), [], now))).toBe('ALREADY_DECIDED');
    expect(refusal(decideStep(s, cmd('a', 'reject'), [], now))).toBe('ALREADY_DECIDED');
  });

  it('会签: a deputy of two assignees stands in for the next one still pending', () => {
    const s = step({ mode: '会签', assignees: ['a', 'b', 'c'], approvedBy: ['a'] });
    const result = decideStep(s, cmd('d'), [deputy('a', 'd'), deputy('b', 'd')], now);
    expect(result).toMatchObject({ ok: true, actingFor: 'b', onBehalfOf: true, outcome: { kind: 'partial', approvedBy: ['a', 'b'] } });
  });

  it('三重一大: approving a collective step needs a meeting record', () => {
    const s = step({ collective: true, assignees: ['sec'] });
    expect(refusal(decideStep(s, cmd('sec'), [], now))).toBe('MEETING_REQUIRED');
    expect(refusal(decideStep(s, cmd('sec', 'approve', { meeting: { date: '2026-7-1', minutesNo: '3' } }), [], now))).toBe('MEETING_REQUIRED');
    expect(refusal(decideStep(s, cmd('sec', 'approve', { meeting: { date: '2026-07-01', minutesNo: ' ' } }), [], now))).toBe('MEETING_REQUIRED');
    // a date that does not exist on the calendar is no meeting record
    expect(refusal(decideStep(s, cmd('sec', 'approve', { meeting: { date: '2026-02-30', minutesNo: '3' } }), [], now))).toBe('MEETING_REQUIRED');
    expect(refusal(decideStep(s, cmd('sec', 'approve', { meeting: { date: '2026-13-45', minutesNo: '3' } }), [], now))).toBe('MEETING_REQUIRED');
    const ok = decideStep(s, cmd('sec', 'approve', { meeting: { date: '2026-07-01', minutesNo: '党工委〔2026〕12号' } }), [], now);
    expect(ok.ok && ok.outcome.kind).toBe('step_approved');
  });

  it('三重一大: rejecting a collective step needs no meeting record', () => {
    const result = decideStep(step({ collective: true }), cmd('a', 'reject'), [], now);
    expect(result.ok && result.outcome).toEqual({ kind: 'rejected' });
  });
});

describe('decideStep — reject, return, transfer', () => {
  it('rejects and returns', () => {
    const rejected = decideStep(step(), cmd('a', 'reject'), [], now);
    expect(rejected.ok && rejected.outcome).toEqual({ kind: 'rejected' });
    const returned = decideStep(step(), cmd('a', 'return'), [], now);
    expect(returned.ok && returned.outcome).toEqual({ kind: 'returned' });
  });

  it('transfers the actor’s place to the target', () => {
    const result = decideStep(step(), cmd('a', 'transfer', { transferTo: 'x' }), [], now);
    expect(result.ok && result.outcome).toEqual({ kind: 'transferred', assignees: ['x', 'b'] });
  });

  it('a deputy transfers the place of the assignee they stand in for', () => {
    const result = decideStep(step(), cmd('d', 'transfer', { transferTo: 'x' }), [deputy('b', 'd')], now);
    expect(result.ok && result.outcome).toEqual({ kind: 'transferred', assignees: ['a', 'x'] });
  });

  it('refuses a transfer to nobody, to oneself, to an assignee or to the requester', () => {
    const bad = (transferTo: string | undefined, s = step()) => refusal(decideStep(s, cmd('a', 'transfer', transferTo === undefined ? {} : { transferTo }), [], now));
    expect(bad(undefined)).toBe('TRANSFER_TARGET_INVALID');
    expect(bad(' ')).toBe('TRANSFER_TARGET_INVALID');
    expect(bad('a')).toBe('TRANSFER_TARGET_INVALID');
    expect(bad('b')).toBe('TRANSFER_TARGET_INVALID');
    expect(bad('req', step({ requesterId: 'req' }))).toBe('TRANSFER_TARGET_INVALID');
  });
});

describe('decideStep — 不相容岗位分离 through delegation and transfer', () => {
  // 部门负责人 head is away and has named staff member `req` as deputy; `req` then files a request
  const own = () => step({ assignees: ['head'], requesterId: 'req' });
  const away = [deputy('head', 'req')];

  it('refuses the requester acting on their own request as a deputy, whatever the action', () => {
    expect(refusal(decideStep(own(), cmd('req'), away, now))).toBe('SELF_APPROVAL');
    expect(refusal(decideStep(own(), cmd('req', 'reject', { comment: '不同意' }), away, now))).toBe('SELF_APPROVAL');
    expect(refusal(decideStep(own(), cmd('req', 'return', { comment: '补充' }), away, now))).toBe('SELF_APPROVAL');
    expect(refusal(decideStep(own(), cmd('req', 'transfer', { transferTo: 'x' }), away, now))).toBe('SELF_APPROVAL');
  });

  it('gives the requester no place to act for, so their card shows no decision buttons', () => {
    expect(actableAssignees(own(), 'req', away, now)).toEqual([]);
    expect(pendingPlacesOf(own(), 'req', away, now)).toEqual([]);
    // the same delegation still works on someone else's request
    expect(actableAssignees(step({ assignees: ['head'], requesterId: 'other' }), 'req', away, now)).toEqual(['head']);
  });

  it('refuses the requester after the step was transferred to someone who delegated to them', () => {
    const transferred = decideStep(own(), cmd('head', 'transfer', { transferTo: 'b' }), [], now);
    if (!transferred.ok || transferred.outcome.kind !== 'transferred') throw new Error('expected a transfer');
    const after = step({ assignees: transferred.outcome.assignees, requesterId: 'req' });
    expect(refusal(decideStep(after, cmd('req'), [deputy('b', 'req')], now))).toBe('SELF_APPROVAL');
  });

  it('refuses the requester even where they are named on the step themself', () => {
    expect(refusal(decideStep(step({ assignees: ['req', 'b'], requesterId: 'req' }), cmd('req'), [], now))).toBe('SELF_APPROVAL');
    expect(actableAssignees(step({ assignees: ['req', 'b'], requesterId: 'req' }), 'req', [], now)).toEqual([]);
  });

  it('still lets the head and another deputy decide', () => {
    expect(decideStep(own(), cmd('head'), away, now)).toMatchObject({ ok: true, actingFor: 'head', onBehalfOf: false });
    expect(decideStep(own(), cmd('d'), [deputy('head', 'd')], now)).toMatchObject({ ok: true, actingFor: 'head', onBehalfOf: true });
  });
});

describe('delegation and 会签 helpers (one definition each)', () => {
  it('a delegation is active in [startsAt, endsAt)', () => {
    const d = deputy('b', 'd', '2026-07-08T10:00:00+08:00', '2026-07-08T12:00:00+08:00');
    expect(isDelegationActive(d, new Date('2026-07-08T10:00:00+08:00'))).toBe(true);
    expect(isDelegationActive(d, new Date('2026-07-08T11:59:59+08:00'))).toBe(true);
    expect(isDelegationActive(d, new Date('2026-07-08T12:00:00+08:00'))).toBe(false);
    expect(isDelegationActive(d, new Date('2026-07-08T09:59:59+08:00'))).toBe(false);
  });

  it('finds whom a person stands in for, and who stands in for the assignees', () => {
    const ds = [deputy('a', 'd'), deputy('b', 'd'), deputy('c', 'e', '2026-01-01T00:00:00+08:00', '2026-01-02T00:00:00+08:00'), deputy('a', 'b')];
    expect(delegatorsOf('d', ds, now)).toEqual(['a', 'b']);
    expect(delegatorsOf('e', ds, now)).toEqual([]);
    // deputies who are not on the step themselves
    expect(deputiesOf(['a', 'b'], ds, now)).toEqual(['d']);
    expect(deputiesOf(['c'], ds, now)).toEqual([]);
  });

  it('会签: a place is taken once its assignee approved; other modes have no partial approvals', () => {
    const s = step({ mode: '会签', assignees: ['a', 'b'], approvedBy: ['a'] });
    expect(hasApproved(s, 'a')).toBe(true);
    expect(hasApproved(s, 'b')).toBe(false);
    expect(pendingPlacesOf(s, 'a', [], now)).toEqual([]);
    expect(pendingPlacesOf(s, 'd', [deputy('a', 'd'), deputy('b', 'd')], now)).toEqual(['b']);
    expect(hasApproved(step({ mode: '或签', approvedBy: ['a'] }), 'a')).toBe(false);
  });
});
