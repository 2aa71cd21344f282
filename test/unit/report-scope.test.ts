// Who a report covers: 财务, 主要领导, 纪检 the unit or any department; anyone else their own
// department — naming another, or 全部, is refused rather than quietly narrowed.
import { describe, expect, it } from 'vitest';
import { mayOpenDashboard, reportScope } from '../../workflows/domain/reports/report-scope.js';

const staff = { roles: [], departmentId: 'cjb' };
const party = { roles: ['party', 'secretary'], departmentId: 'dzb' };
const finance = { roles: ['finance'], departmentId: 'czs' };

describe('reportScope', () => {
  it('gives the oversight roles the unit by default, and any department they name', () => {
    expect(reportScope(finance)).toEqual({ ok: true, kind: 'unit' });
    expect(reportScope(finance, 'unit')).toEqual({ ok: true, kind: 'unit' });
    expect(reportScope({ roles: ['discipline'], departmentId: 'jgw' }, { departmentId: 'cjb' })).toEqual({ ok: true, kind: 'department', departmentId: 'cjb' });
  });

  it('gives everyone else their own department', () => {
    expect(reportScope(staff)).toEqual({ ok: true, kind: 'department', departmentId: 'cjb' });
    expect(reportScope(staff, { departmentId: 'cjb' })).toEqual({ ok: true, kind: 'department', departmentId: 'cjb' });
    expect(reportScope(party)).toEqual({ ok: true, kind: 'department', departmentId: 'dzb' });
  });

  it('refuses more than that', () => {
    expect(reportScope(staff, 'unit')).toEqual({ ok: false, beyond: 'unit' });
    expect(reportScope(staff, { departmentId: 'shb' })).toEqual({ ok: false, beyond: 'department' });
    expect(reportScope(party, { departmentId: 'cjb' })).toEqual({ ok: false, beyond: 'department' });
  });
});

describe('mayOpenDashboard', () => {
  it('is for the oversight roles only', () => {
    expect(mayOpenDashboard(finance)).toBe(true);
    expect(mayOpenDashboard({ roles: ['principal'] })).toBe(true);
    expect(mayOpenDashboard(party)).toBe(false);
    expect(mayOpenDashboard(staff)).toBe(false);
  });
});
