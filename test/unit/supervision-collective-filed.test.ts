// 三重一大 备案: every collective decision is filed to 纪检 as it is made — meeting date, minutes
// number, matter and amount — once per decided step.
import { describe, expect, it } from 'vitest';
import { collectiveFiled } from '../../workflows/domain/supervision/collective-filed.js';

const CITATION = '某县“三重一大”决策制度实施办法第九条';
const decision = (stepId = 's77') => ({
  stepId,
  request: { id: 'r40', no: 40, departmentId: 'chengjian', requesterId: 'fenglei', amount: 52_000_000n, type: '采购申请' },
  meeting: { date: '2026-03-12', minutesNo: '党工委〔2026〕5号' },
  by: 'mishu',
});

describe('collectiveFiled', () => {
  it('files the decision with its meeting, about the request and its requester', () => {
    expect(collectiveFiled(decision(), CITATION)).toEqual({
      rule: 'collective_filed',
      severity: 'filing',
      dedupeKey: 'collective_filed:s77',
      requestIds: ['r40'],
      requestNos: [40],
      departmentId: 'chengjian',
      personId: 'fenglei',
      amount: 52_000_000n,
      citation: CITATION,
      facts: { type: '采购申请', meetingDate: '2026-03-12', minutesNo: '党工委〔2026〕5号', recordedBy: 'mishu' },
    });
  });

  it('names one subject per decided step: a request decided again in a later round is filed again', () => {
    expect(collectiveFiled(decision('s91'), CITATION).dedupeKey).toBe('collective_filed:s91');
  });
});
