// 多次超时: an approver with the configured number of red lights in one calendar month — one alert per
// person and month, listing the requests involved once each.
import { describe, expect, it } from 'vitest';
import { lateApprover, type LateRecord } from '../../workflows/domain/supervision/late-approver.js';

const CITATION = '某单位内部控制制度第十一条（多次超时）';
const red = (stepId: string, no: number) => ({ stepId, requestId: `r${no}`, no });
const record = (redLights: LateRecord['redLights'], over: Partial<LateRecord> = {}): LateRecord => ({ personId: 'lintao', month: '2026-03', redLights, ...over });

describe('lateApprover', () => {
  it('raises nothing below the count', () => {
    expect(lateApprover(record([]), 3, CITATION)).toBeNull();
    expect(lateApprover(record([red('s1', 4), red('s2', 8)]), 3, CITATION)).toBeNull();
  });

  it('raises a 红牌 at exactly the count, about the person and the month', () => {
    expect(lateApprover(record([red('s1', 4), red('s2', 8), red('s3', 6)]), 3, CITATION)).toEqual({
      rule: 'late_approver',
      severity: 'violation',
      dedupeKey: 'late_approver:lintao:2026-03',
      requestIds: ['r4', 'r6', 'r8'],
      requestNos: [4, 6, 8],
      personId: 'lintao',
      citation: CITATION,
      facts: { month: '2026-03', redLights: 3, threshold: 3 },
    });
  });

  it('counts red lights, but lists a request with several of them once, ids and numbers in the same order', () => {
    const finding = lateApprover(record([red('s1', 12), red('s2', 5), red('s3', 12), red('s4', 9)]), 3, CITATION);
    expect(finding?.facts.redLights).toBe(4);
    expect(finding?.requestNos).toEqual([5, 9, 12]);
    expect(finding?.requestIds).toEqual(['r5', 'r9', 'r12']);
  });

  it('keeps the same subject above the count, and a new one for another month or person', () => {
    const four = [red('s1', 4), red('s2', 8), red('s3', 6), red('s4', 7)];
    expect(lateApprover(record(four), 3, CITATION)?.dedupeKey).toBe('late_approver:lintao:2026-03');
    expect(lateApprover(record(four, { month: '2026-04' }), 3, CITATION)?.dedupeKey).toBe('late_approver:lintao:2026-04');
    expect(lateApprover(record(four, { personId: 'wangfang' }), 3, CITATION)?.dedupeKey).toBe('late_approver:wangfang:2026-03');
  });
});
