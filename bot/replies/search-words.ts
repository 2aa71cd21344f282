// The words of oversight search (监督查询): what /查询 accepts for 状态= and 灯=, how its answer, /已办
// and /审计 read, and a label for each audit action code. One line per request or event: chat
// messages hold about 2,000 characters (DingTalk, WeCom), and an answer lists at most 20 lines.
import type { Notice } from '../../workflows/domain/effects.js';
import { formatYuan } from '../../workflows/domain/money.js';
import type { Platform } from '../../workflows/domain/org-file.js';
import type { SearchLight } from '../../workflows/domain/search/search-filters.js';
import type { RequestStatus } from '../../workflows/domain/types.js';
import { ACTION_LABELS, LIGHT_LABELS, STATUS_LABELS } from './labels.js';

type SearchResultNotice = Extract<Notice, { kind: 'search.result' }>;
type DecidedListNotice = Extract<Notice, { kind: 'decided.list' }>;
type AuditTrailNotice = Extract<Notice, { kind: 'audit.trail' }>;

export const SEARCH_USAGE =
  '/查询 部门=城建办 状态=审批中 金额>=50000 从=2026-01-01 到=2026-06-30（条件可任选：部门= 申请人= 类型= 状态= 供应商= 金额>= 金额<= 从= 到= #标签 灯=黄|红）';

/** what 状态= accepts: the labels cards show, and the short forms people type */
export const STATUS_WORDS: Readonly<Record<string, RequestStatus>> = {
  ...Object.fromEntries(Object.entries(STATUS_LABELS).map(([code, { label }]) => [label, code as RequestStatus])),
  ...Object.fromEntries(Object.keys(STATUS_LABELS).map((code) => [code, code as RequestStatus])),
  草稿: 'draft',
  待提交: 'draft',
  审批中: 'in_approval',
  通过: 'approved',
  已通过: 'approved',
  已批准: 'approved',
  驳回: 'rejected',
  已驳回: 'rejected',
  退回: 'returned',
  已退回: 'returned',
  撤回: 'withdrawn',
  已撤回: 'withdrawn',
  取消: 'cancelled',
  已取消: 'cancelled',
};

/** the 状态= values named when one is not understood */
export const STATUS_CHOICES = '草稿、审批中、已通过、已驳回、已退回、已撤回、已取消';

/** what 灯= accepts */
export const LIGHT_WORDS: Readonly<Record<string, SearchLight>> = { 黄: 'yellow', 黄灯: 'yellow', yellow: 'yellow', 红: 'red', 红灯: 'red', red: 'red' };

export const PLATFORM_LABELS: Record<Platform, string> = { console: '控制台', dingtalk: '钉钉', wecom: '企业微信', slack: 'Slack', web: '工作台' };

/** The audit trail's action codes in words; a code not listed here is shown as it is. */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  'request.drafted': '起草',
  'request.submitted': '提交审批',
  'request.resubmitted': '修改后重新提交',
  'request.edited': '修改申请',
  'request.linked': '关联上级申请',
  'request.withdrawn': '撤回',
  'request.cancelled': '取消',
  'request.settled': '结清',
  'decision.approve': ACTION_LABELS.approve,
  'decision.reject': ACTION_LABELS.reject,
  'decision.return': ACTION_LABELS.return,
  'decision.transfer': ACTION_LABELS.transfer,
  'decision.refused': '审批操作未执行（环节已处理或缺少内容）',
  'security.refused': '越权操作被拒绝',
  'deadline.yellow': '亮黄灯（即将超时）',
  'deadline.red': '亮红灯（已超时）',
  'attachment.added': '附加附件',
  'attachment.removed': '撤下附件',
  'attachment.viewed': '查看附件',
  'payment.confirmed': '出纳确认付款',
  'audit.viewed': '查看审计记录',
  'query.run': '监督查询',
  'alert.raised': '监察告警',
  'alert.acknowledged': '告警已核实',
  'alert.closed': '告警已关闭',
  'report.generated': '生成报表',
  'report.downloaded': '下载报表',
  'report.pushed': '月度报表推送',
  'report.dashboard': '查看驾驶舱',
  'budget.imported': '导入预算表',
};

export const auditActionLabel = (code: string) => AUDIT_ACTION_LABELS[code] ?? code;

/** a long supplier or step name cut so one request stays one line */
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const yuan = (fen: string) => `${formatYuan(BigInt(fen))} 元`;

/** 「部门=城建办 状态=审批中 金额≥50,000.00 #应急」 */
export function filtersText(f: SearchResultNotice['filters']): string {
  const parts = [
    f.department !== undefined ? `部门=${f.department}` : '',
    f.requester !== undefined ? `申请人=${f.requester}` : '',
    f.type !== undefined ? `类型=${f.type}` : '',
    f.status !== undefined ? `状态=${STATUS_LABELS[f.status].label}` : '',
    f.supplier !== undefined ? `供应商=${f.supplier}` : '',
    f.minAmount !== undefined && f.minAmount === f.maxAmount ? `金额=${formatYuan(BigInt(f.minAmount))}` : '',
    f.minAmount !== undefined && f.minAmount !== f.maxAmount ? `金额≥${formatYuan(BigInt(f.minAmount))}` : '',
    f.maxAmount !== undefined && f.minAmount !== f.maxAmount ? `金额≤${formatYuan(BigInt(f.maxAmount))}` : '',
    f.from !== undefined ? `从 ${f.from}` : '',
    f.to !== undefined ? `到 ${f.to}` : '',
    ...(f.tags ?? []).map((t) => `#${t}`),
    f.light !== undefined ? `${LIGHT_LABELS[f.light].emoji}${f.light === 'red' ? '红灯' : '黄灯'}` : '',
  ];
  return parts.filter(Boolean).join(' ');
}

export function searchResultText(n: SearchResultNotice): string {
  const scope = n.scope === 'unit' ? '全单位' : '本人的申请';
  const conditions = filtersText(n.filters);
  const heading = `【监督查询】${scope}${conditions ? ` · ${conditions}` : ''}`;
  if (n.count === 0) return `${heading}\n没有符合条件的申请。`;
  const rows = n.rows.map((r) => {
    const step = r.step ? `·${cut(r.step, 10)}${r.light ? LIGHT_LABELS[r.light].emoji : ''}` : '';
    const supplier = r.supplier ? ` ${cut(r.supplier, 10)}` : '';
    return `No.${r.no} ${r.date} ${r.requester}（${r.department}）${cut(r.type, 8)} ${yuan(r.amount)}${supplier} ${STATUS_LABELS[r.status].label}${step}`;
  });
  const shown = n.rows.length < n.count ? `，最新 ${n.rows.length} 件如下` : '';
  const more = n.rows.length < n.count ? `\n……另有 ${n.count - n.rows.length} 件未列出，可加条件缩小范围。` : '';
  return `${heading}\n共 ${n.count} 件，合计 ${yuan(n.total)}${shown}：\n${rows.join('\n')}${more}\n发送 /进度 编号 查看详情。`;
}

export function decidedListText(n: DecidedListNotice): string {
  if (n.items.length === 0) return '您还没有审批过事项。';
  const rows = n.items.map(
    (d) => `No.${d.no} ${cut(d.type, 8)} ${yuan(d.amount)}「${cut(d.step, 12)}」${ACTION_LABELS[d.action]}${d.onBehalfOf ? `（代 ${d.onBehalfOf}）` : ''} · ${d.at}`,
  );
  return `【我已办的事项（最近 ${n.items.length} 件）】\n${rows.join('\n')}\n发送 /进度 编号 查看详情。`;
}

export function auditTrailText(n: AuditTrailNotice): string {
  if (n.total === 0) return `申请 No.${n.no} 还没有审计记录。`;
  const rows = n.events.map((e) => {
    const what = `${auditActionLabel(e.action)}${e.step ? `「${cut(e.step, 12)}」` : ''}`;
    return `#${e.seq} ${e.at} ${e.who ?? '系统'}${e.platform ? `（${PLATFORM_LABELS[e.platform]}）` : ''} ${what} · ${e.hash}`;
  });
  const page = n.pages > 1 ? `（第 ${n.page}/${n.pages} 页）` : '';
  const next = n.page < n.pages ? `\n发送 /审计 ${n.no} ${n.page + 1} 查看下一页。` : '';
  return `【审计记录 No.${n.no}】共 ${n.total} 条${page}，按时间顺序：\n${rows.join('\n')}\n每条记录含前一条的哈希（末列为哈希前 8 位），改动任何一条都能由 audit:verify 查出。${next}`;
}
