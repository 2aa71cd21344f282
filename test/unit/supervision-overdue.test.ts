// 办件超时: one alert per step past its time limit, naming who had it.
import { describe, expect, it } from 'vitest';
import { overdue, type OverdueStep } from '../../workflows/domain/supervision/overdue.js';

const CITATION = '某单位内部控制制度第十条（办理时限）';
const step = (assignees: string[]): OverdueStep => ({
  stepId: 's41',
  step: '财务审核',
  assignees,
  dueAt: new Date('2026-03-11T10:00:00+08:00'),
  request: { id: 'r9', no: 9, departmentId: 'chengjian', amount: 5_600_000n },
});

describe('overdue', () => {
  it('raises a 黄牌 about the step, its request and its one assignee', () => {
    expect(overdue(step(['lintao']), CITATION)).toEqual({
      rule: 'overdue',
      severity: 'warning',
      dedupeKey: 'overdue:s41',
      requestIds: ['r9'],
      requestNos: [9],
      departmentId: 'chengjian',
      personId: 'lintao',
      amount: 5_600_000n,
      citation: CITATION,
      facts: { step: '财务审核', assignees: ['lintao'], dueAt: '2026-03-11T02:00:00.000Z' },
    });
  });

  it('names no single person when the step had several assignees, but lists them all', () => {
    const finding = overdue(step(['lintao', 'wangfang']), CITATION);
    expect(finding.personId).toBeUndefined();
    expect(finding.facts.assignees).toEqual(['lintao', 'wangfang']);
  });

  it('copies the assignees, so a later change to the step does not alter the finding', () => {
    const assignees = ['lintao'];
    const finding = overdue(step(assignees), CITATION);
    assignees.push('wangfang');
    expect(finding.facts.assignees).toEqual(['lintao']);
  });

  it('names one subject per step', () => {
    expect(overdue({ ...step(['lintao']), stepId: 's42' }, CITATION).dedupeKey).toBe('overdue:s42');
  });
});
