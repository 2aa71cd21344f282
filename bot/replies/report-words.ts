// The chat text of a report (/报表 and the monthly push): a few lines of the figures a 所长 reads
// first, then the workbook, which comes as a file right after.
import type { Notice } from '../../workflows/service/workflow-service.js';
import { formatYuan } from '../../workflows/domain/money.js';

type ReportReady = Extract<Notice, { kind: 'report.ready' }>;

const yuan = (fen: string) => `${formatYuan(BigInt(fen))} 元`;

/** basis points as a percentage: 240 → 2.40% */
export function percentText(bp: number | null): string {
  return bp === null ? '—' : `${(bp / 100).toFixed(2)}%`;
}

/** a difference in percentage points, signed: −8873 → −88.73 个百分点 */
function pointsText(bp: number): string {
  return `${bp > 0 ? '+' : bp < 0 ? '−' : ''}${(Math.abs(bp) / 100).toFixed(2)} 个百分点`;
}

function monthText(month: string): string {
  const [y, m] = month.split('-');
  return `${y}年${Number(m)}月`;
}

export function reportReadyText(notice: ReportReady): string {
  const { summary } = notice;
  const head = notice.pushed ? '【月度报表】' : '';
  const file = `明细见表格「${notice.fileName}」（${Math.max(1, Math.round(notice.size / 1024))} KB）。`;
  switch (summary.kind) {
    case 'budget': {
      const lagging = summary.lagging.length > 0 ? `\n执行较慢：${summary.lagging.map((l) => `${l.department} ${percentText(l.executionBp)}`).join('、')}。` : '';
      return (
        `${head}预算执行情况表（${summary.scope}，截至 ${summary.asOf}，${summary.lines} 条指标）\n` +
        `调整后指标 ${yuan(summary.budget)}，已支出 ${yuan(summary.spent)}，执行率 ${percentText(summary.executionBp)}；` +
        `序时进度 ${percentText(summary.timeProgressBp)}，差异 ${pointsText(summary.executionBp - summary.timeProgressBp)}。\n` +
        `在途冻结 ${yuan(summary.frozen)}，已承诺 ${yuan(summary.committed)}，可用 ${yuan(summary.available)}。` +
        `${lagging}\n${file}`
      );
    }
    case 'performance': {
      const hours = summary.averageMinutes === null ? '—' : `${(summary.averageMinutes / 60).toFixed(1)} 工作小时`;
      return (
        `${head}${monthText(summary.month)}审批绩效（${summary.scope}）\n` +
        `办理审批环节 ${summary.handled} 个，按时办结率 ${percentText(summary.onTimeBp)}，平均每个环节用时 ${hours}；` +
        `黄灯 ${summary.yellow} 次，红灯 ${summary.red} 次，退回修改 ${summary.returns} 次，监察告警 ${summary.alerts} 条。\n${file}`
      );
    }
    case 'three_public': {
      const rows = summary.rows.map(
        (r) =>
          `${r.category}：已支出 ${yuan(r.spent)} / 控制数 ${yuan(r.cap)}（${percentText(r.usedBp)}${r.yoyBp === null ? '' : `，同比 ${r.yoyBp >= 0 ? '+' : '−'}${(Math.abs(r.yoyBp) / 100).toFixed(2)}%`}）`,
      );
      return `${head}三公经费统计（${summary.scope}，截至 ${summary.asOf}）\n${rows.length > 0 ? rows.join('\n') : '组织文件尚未标注三公科目（policy.reports.threePublic）。'}\n${file}`;
    }
    case 'contracts':
      return (
        `${head}合同执行情况表（${summary.scope}，截至 ${summary.asOf}）\n` +
        `合同 ${summary.count} 份，金额 ${yuan(summary.amount)}，已付 ${yuan(summary.paid)}（${percentText(summary.paidBp)}），未付 ${yuan(summary.remaining)}。\n${file}`
      );
  }
}
