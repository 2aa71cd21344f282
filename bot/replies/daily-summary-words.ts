// The words of the daily supervision summary (监察日报) sent to the 监督群 on working days: a title and
// one line per fact, which each platform lays out as its group messages do (a DingTalk Markdown
// list, a WeCom text of lines, the console's group). Rule names are supervision-words.ts's.
import type { Notice } from '../../workflows/domain/effects.js';
import { formatYuan } from '../../workflows/domain/money.js';
import { RULE_LABELS } from './supervision-words.js';

const yuan = (fen: string | undefined) => (fen && /^-?\d+$/.test(fen) ? `${formatYuan(BigInt(fen))} 元` : '');
const nos = (list: readonly number[]) => list.map((n) => `No.${n}`).join('、');

type SummaryNotice = Extract<Notice, { kind: 'supervision.summary' }>;

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
/** 「2026-12-04（周五）」 */
const dayText = (ymd: string) => `${ymd}（${WEEKDAYS[new Date(`${ymd}T00:00:00Z`).getUTCDay()] ?? ''}）`;

/**
 * 监察日报, as a titled list for the 监督群: 「【监察日报】2026-12-04（周五）」, then the new alerts by rule
 * and by department, each red light still open, each 三重一大 filing, and where to look further.
 */
export function dailySummaryMessage(n: SummaryNotice): { title: string; lines: string[] } {
  const lines: string[] = [];
  const { newAlerts, redLights, filings } = n;
  if (newAlerts.total === 0) lines.push(`新增告警：无（${n.since} 以来）`);
  else {
    lines.push(`新增告警 ${newAlerts.total} 条（${n.since} 以来）：${newAlerts.byRule.map((r) => `${RULE_LABELS[r.rule]} ${r.count}`).join('、')}`);
    lines.push(`按部门：${newAlerts.byDepartment.map((d) => `${d.department ?? '未指明部门'} ${d.count}`).join('、')}`);
  }
  if (redLights.total === 0) lines.push('红灯未办：无');
  else {
    lines.push(`红灯未办 ${redLights.total} 个：`);
    for (const r of redLights.items) {
      lines.push(`No.${r.no}「${r.step}」${r.assignees.length > 0 ? `办理人 ${r.assignees.join('、')}` : ''}${r.since ? `，${r.since} 起超时` : ''}`);
    }
    if (redLights.total > redLights.items.length) lines.push(`另有 ${redLights.total - redLights.items.length} 个红灯，发送 /查询 灯=红 查看`);
  }
  if (filings.total === 0) lines.push(`三重一大备案：无（${filings.from} 以来）`);
  else {
    lines.push(`三重一大备案 ${filings.total} 件（${filings.from} 以来）：`);
    for (const f of filings.items) {
      const matter = [nos(f.requestNos), f.type, yuan(f.amount)].filter(Boolean).join(' ');
      const meeting = [f.meetingDate && `会议 ${f.meetingDate}`, f.minutesNo && `纪要 ${f.minutesNo}`].filter(Boolean).join('，');
      lines.push(`#${f.alertNo} ${matter}${meeting ? `，${meeting}` : ''}`);
    }
    if (filings.total > filings.items.length) lines.push(`另有 ${filings.total - filings.items.length} 件，发送 /监察 查看`);
  }
  lines.push('详情：发送 /监察 查看待处理告警，/查询 灯=红 查看超时事项。');
  return { title: `【监察日报】${dayText(n.day)}`, lines };
}
