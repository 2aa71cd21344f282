// The words of 电子监察: each rule's name, the severities (黄牌, 红牌, 备案), the alert states, and one
// digest line per alert saying what was found, about whom, and on what basis.
import type { Alert, Notice } from '../../workflows/domain/effects.js';
import { formatYuan } from '../../workflows/domain/money.js';
import type { AlertState, Severity, SupervisionRule } from '../../workflows/domain/supervision/finding.js';

export const RULE_LABELS: Record<SupervisionRule, string> = {
  split_purchase: '化整为零',
  supplier_concentration: '供应商集中',
  repeated_returns: '多次补正',
  overdue: '办件超时',
  late_approver: '多次超时',
  missing_material: '关键材料未上传',
  contract_payment: '超合同或未验收付款',
  collective_filed: '三重一大备案',
};

export const SEVERITY_LABELS: Record<Severity, string> = { warning: '黄牌', violation: '红牌', filing: '备案' };

export const ALERT_STATE_LABELS: Record<AlertState, string> = { open: '待核实', acknowledged: '已核实', closed: '已关闭' };

type RegisterAlert = Extract<Alert, { code: 'supervision' }>;

const yuan = (fen: unknown) => (typeof fen === 'string' && /^-?\d+$/.test(fen) ? `${formatYuan(BigInt(fen))} 元` : '');
const nos = (list: readonly number[]) => list.map((n) => `No.${n}`).join('、');
const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** what the rule found, in a sentence */
export function findingText(a: Pick<RegisterAlert, 'rule' | 'requestNos' | 'amount' | 'facts'>): string {
  const f = a.facts;
  switch (a.rule) {
    case 'split_purchase':
      return `${nos(a.requestNos)}：同一部门${text(f.fiscalYear)}年度「${text(f.category)}」${f.supplier ? `（${text(f.supplier)}）` : ''}分 ${text(f.count)} 笔申请，每笔低于采购限额，合计 ${yuan(f.total)}，达到限额 ${yuan(f.threshold)}`;
    case 'supplier_concentration':
      return `供应商「${text(f.supplier)}」${text(f.fiscalYear)}年度累计审批通过 ${yuan(f.total)}，达到 ${yuan(f.threshold)}（${nos(a.requestNos)}）`;
    case 'repeated_returns':
      return `${nos(a.requestNos)} 已被退回 ${text(f.returns)} 次`;
    case 'overdue':
      return `${nos(a.requestNos)}「${text(f.step)}」已超过办理时限，办理人：${Array.isArray(f.assignees) ? f.assignees.join('、') : ''}`;
    case 'late_approver':
      return `${text(f.month)} 已有 ${text(f.redLights)} 个环节超时（红灯）：${nos(a.requestNos)}`;
    case 'missing_material':
      return `${nos(a.requestNos)}（${text(f.type)}）审批通过时缺少：${Array.isArray(f.missing) ? f.missing.join('、') : ''}`;
    case 'contract_payment':
      return `${nos(a.requestNos)} 申请付款${f.contractNo ? `（合同 ${text(f.contractNo)}${f.instalment ? ` 第 ${text(f.instalment)} 期` : ''}）` : ''}${CONTRACT_REFUSALS[text(f.refusal)] ?? '被拒绝'}${a.amount ? `，金额 ${yuan(a.amount)}` : ''}`;
    case 'collective_filed':
      return `${nos(a.requestNos)}（${text(f.type)}${a.amount ? ` ${yuan(a.amount)}` : ''}）经集体决策：会议 ${text(f.meetingDate)}，纪要 ${text(f.minutesNo)}，录入人 ${text(f.recordedBy)}`;
  }
}

const CONTRACT_REFUSALS: Record<string, string> = {
  INSTALMENT_EXCEEDED: '，超过该期合同约定金额，已被拒绝',
  ACCEPTANCE_MISSING: '，该期尚未验收合格，已被拒绝',
  COMMITMENT_INSUFFICIENT: '，超过合同剩余金额，已被拒绝',
};

/** one digest line: 「【红牌·化整为零 #3】城建办 冯磊 No.3、No.5：…（依据：…）」 */
export function alertLine(a: RegisterAlert): string {
  const who = [a.department, a.person].filter(Boolean).join(' ');
  return `【${SEVERITY_LABELS[a.severity]}·${RULE_LABELS[a.rule]} #${a.alertNo}】${who ? `${who} ` : ''}${findingText(a)}（依据：${a.citation}）`;
}

type ListNotice = Extract<Notice, { kind: 'alerts.list' }>;
type UpdatedNotice = Extract<Notice, { kind: 'alert.updated' }>;

/** /监察: one line per alert, then what to type */
export function alertsListText(notice: ListNotice): string {
  if (notice.items.length === 0) return '【监察告警】目前没有待处理的告警。';
  const rows = notice.items.map((a) => {
    const who = [a.department, a.person].filter(Boolean).join(' ');
    return `#${a.alertNo} ${SEVERITY_LABELS[a.severity]}·${RULE_LABELS[a.rule]}（${ALERT_STATE_LABELS[a.state]}，${a.raisedOn}）${who ? `${who} ` : ''}${findingText({ ...a, amount: a.amount })}`;
  });
  return `【监察告警 ${notice.items.length} 条】\n${rows.join('\n')}\n纪检人员：/核实 编号 标记已核实；/关闭 编号 核查结论 关闭告警。发送 /审计 申请编号 查看审计记录。`;
}

export function alertUpdatedText(notice: UpdatedNotice): string {
  return notice.state === 'acknowledged'
    ? `【监察告警 #${notice.alertNo}·${RULE_LABELS[notice.rule]}】${notice.by} 已核实。`
    : `【监察告警 #${notice.alertNo}·${RULE_LABELS[notice.rule]}】${notice.by} 已关闭：${notice.note}`;
}

/** a flag on a request's card: 「红牌·化整为零 #3：No.3、No.5：…（依据：…）」 */
export function alertFlagText(a: {
  no: number;
  rule: SupervisionRule;
  severity: Severity;
  requestNos: number[];
  amount?: bigint;
  citation: string;
  facts: Record<string, unknown>;
}): string {
  return `${SEVERITY_LABELS[a.severity]}·${RULE_LABELS[a.rule]} #${a.no}：${findingText({ ...a, amount: a.amount?.toString() })}（依据：${a.citation}）`;
}

/** the box the submit button asks to fill when the draft is flagged 化整为零 */
export const SPLIT_EXPLANATION_LABEL = '涉嫌化整为零，请说明理由（报送监督群）';

/** the alert card's words */
export const ALERT_CARD = {
  acknowledge: '已核实',
  close: '关闭',
  closeNote: '核查结论（必填）',
  who: '涉及',
  finding: '发现',
  basis: '依据',
  raised: '告警时间',
  footer: (no: number) => `也可以发送：/核实 ${no}；/关闭 ${no} 核查结论。发送 /审计 申请编号 查看审计记录。`,
} as const;
