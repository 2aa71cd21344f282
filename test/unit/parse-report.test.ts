// /报表: which report, for which department, up to which day or for which month — and a usage answer
// that says what was wrong.
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../bot/commands/parse-command.js';

describe('/报表', () => {
  it('reads the budget execution report with a department and a cut-off', () => {
    expect(parseCommand('/报表 预算执行')).toEqual({ name: 'report', report: 'budget' });
    expect(parseCommand('/报表 预算执行 城建办 截至 2026-11-30')).toEqual({ name: 'report', report: 'budget', department: '城建办', asOf: '2026-11-30' });
    expect(parseCommand('/报表 预算执行 全部 截至=2026-06-30')).toEqual({ name: 'report', report: 'budget', department: '全部', asOf: '2026-06-30' });
    expect(parseCommand('/report budget 2026-06-30')).toEqual({ name: 'report', report: 'budget', asOf: '2026-06-30' });
  });

  it('reads the monthly 绩效 report with a month', () => {
    expect(parseCommand('/报表 绩效')).toEqual({ name: 'report', report: 'performance' });
    expect(parseCommand('/报表 绩效 2026-11')).toEqual({ name: 'report', report: 'performance', month: '2026-11' });
    expect(parseCommand('/报表 绩效 2026-3')).toEqual({ name: 'report', report: 'performance', month: '2026-03' });
  });

  it('reads 三公 and 合同 with an optional cut-off', () => {
    expect(parseCommand('/报表 三公')).toEqual({ name: 'report', report: 'three_public' });
    expect(parseCommand('/报表 合同 截至2026-09-30')).toEqual({ name: 'report', report: 'contracts', asOf: '2026-09-30' });
  });

  it('says what is wrong', () => {
    const usage = (text: string) => {
      const command = parseCommand(text);
      expect(command.name).toBe('usage');
      return command.name === 'usage' ? command.problem : '';
    };
    expect(usage('/报表')).toContain('预算执行、绩效、三公 或 合同');
    expect(usage('/报表 决算')).toContain('没有「决算」这张报表');
    expect(usage('/报表 预算执行 截至 2026-02-30')).toContain('「2026-02-30」不存在');
    expect(usage('/报表 预算执行 截至')).toContain('缺少日期');
    expect(usage('/报表 绩效 截至 2026-11-30')).toContain('按月出具');
    expect(usage('/报表 三公 2026-11')).toContain('是月份');
    expect(usage('/报表 绩效 2026-13')).toContain('不存在');
    expect(usage('/报表 预算执行 城建办 社会事务办')).toContain('看不懂「社会事务办」');
  });
});
