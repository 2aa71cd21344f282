// 关键数据未上传: a request approved without every attachment its type requires; a file taken off does
// not count.
import { describe, expect, it } from 'vitest';
import { missingMaterial } from '../../workflows/domain/supervision/missing-material.js';

const CITATION = '某省会计基础工作规范第四十八条';
const request = { id: 'r21', no: 21, departmentId: 'chengjian', requesterId: 'fenglei', amount: 860_000n, type: '报销申请' };
const REQUIRED = ['发票', '验收单'];
const file = (kind: string, removedRound: number | null = null) => ({ kind, removedRound });

describe('missingMaterial', () => {
  it('raises nothing when every required kind has a file', () => {
    expect(missingMaterial(request, REQUIRED, [file('验收单'), file('发票'), file('其他')], CITATION)).toBeNull();
  });

  it('raises nothing when the type requires nothing', () => {
    expect(missingMaterial(request, [], [], CITATION)).toBeNull();
  });

  it('raises a 红牌 naming the missing kinds in the policy order', () => {
    expect(missingMaterial(request, REQUIRED, [file('其他')], CITATION)).toEqual({
      rule: 'missing_material',
      severity: 'violation',
      dedupeKey: 'missing_material:r21',
      requestIds: ['r21'],
      requestNos: [21],
      departmentId: 'chengjian',
      personId: 'fenglei',
      amount: 860_000n,
      citation: CITATION,
      facts: { type: '报销申请', missing: ['发票', '验收单'] },
    });
  });

  it('does not count a file that was taken off', () => {
    const finding = missingMaterial(request, REQUIRED, [file('发票', 2), file('验收单')], CITATION);
    expect(finding?.facts.missing).toEqual(['发票']);
  });

  it('counts a kind present once more after an earlier copy was taken off', () => {
    expect(missingMaterial(request, REQUIRED, [file('发票', 2), file('发票'), file('验收单')], CITATION)).toBeNull();
  });
});
