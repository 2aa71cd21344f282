// The chat text of a report: the figures a 所长 reads first, then the name of the workbook that follows.
import { describe, expect, it } from 'vitest';
import { renderNotice } from '../../bot/replies/render-notice.js';
import type { Notice } from '../../workflows/domain/effects.js';
import type { ReportSummary } from '../../workflows/domain/reports/report-notices.js';

const ready = (summary: ReportSummary, pushed = false): Notice => ({
  kind: 'report.ready',
  reportId: 'r1',
  fileName: 'x.xlsx',
  size: 14_200,
  summary,
  ...(pushed ? { pushed } : {}),
});

describe('report summaries', () => {
  it('sets the 执行率 beside the 序时进度, with the departments furthest behind', () => {
    const text = renderNotice(
      ready({
        kind: 'budget',
        scope: '全部',
        asOf: '2026-11-30',
        budget: '858000000',
        spent: '120000',
        frozen: '35000',
        committed: '0',
        available: '857845000',
        executionBp: 1,
        timeProgressBp: 9032,
        lines: 21,
        lagging: [
          { department: '纪工委', executionBp: 0 },
          { department: '城建办', executionBp: 2 },
        ],
      }),
    );
    expect(text.split('\n')).toEqual([
      '预算执行情况表（全部，截至 2026-11-30，21 条指标）',
      '调整后指标 8,580,000.00 元，已支出 1,200.00 元，执行率 0.01%；序时进度 90.32%，差异 −90.31 个百分点。',
      '在途冻结 350.00 元，已承诺 0.00 元，可用 8,578,450.00 元。',
      '执行较慢：纪工委 0.00%、城建办 0.02%。',
      '明细见表格「x.xlsx」（14 KB）。',
    ]);
  });

  it('words the month’s 绩效, with no figure shown as a code when nothing was handled', () => {
    expect(
      renderNotice(
        ready({ kind: 'performance', scope: '城建办', month: '2026-11', handled: 12, onTimeBp: 9167, yellow: 2, red: 1, returns: 3, alerts: 1, averageMinutes: 95 }, true),
      ),
    ).toBe(
      '【月度报表】2026年11月审批绩效（城建办）\n办理审批环节 12 个，按时办结率 91.67%，平均每个环节用时 1.6 工作小时；黄灯 2 次，红灯 1 次，退回修改 3 次，监察告警 1 条。\n明细见表格「x.xlsx」（14 KB）。',
    );
    expect(
      renderNotice(ready({ kind: 'performance', scope: '全部', month: '2026-01', handled: 0, onTimeBp: null, yellow: 0, red: 0, returns: 0, alerts: 0, averageMinutes: null })),
    ).toContain('按时办结率 —，平均每个环节用时 —');
  });

  it('lists 三公 against the caps, with 同比 only where last year is known', () => {
    const text = renderNotice(
      ready({
        kind: 'three_public',
        scope: '全部',
        asOf: '2026-11-30',
        rows: [
          { category: '公务接待', cap: '3000000', spent: '1200000', usedBp: 4000, yoyBp: -1250 },
          { category: '公务用车购置及运行', cap: '6000000', spent: '0', usedBp: 0, yoyBp: null },
        ],
      }),
    );
    expect(text).toContain('公务接待：已支出 12,000.00 元 / 控制数 30,000.00 元（40.00%，同比 −12.50%）');
    expect(text).toContain('公务用车购置及运行：已支出 0.00 元 / 控制数 60,000.00 元（0.00%）');
    expect(renderNotice(ready({ kind: 'three_public', scope: '全部', asOf: '2026-11-30', rows: [] }))).toContain('尚未标注三公科目');
  });
});
