// The catalogue: every notice the core or the chat layer emits, in the words users read. Notices
// are rendered when they are delivered, so a notice and its wording never drift apart.
import type { Notice } from '../../workflows/domain/effects.js';
import type { ErrorCode } from '../../workflows/domain/errors.js';
import { formatYuan } from '../../workflows/domain/money.js';
import { INTERNAL_ERROR_TEXT, UNKNOWN_ACCOUNT_TEXT, refusalText } from './error-text.js';
import { missingText, sizeText } from './attachment-words.js';
import { alertLine, alertsListText, alertUpdatedText } from './supervision-words.js';
import { dailySummaryMessage } from './daily-summary-words.js';
import { checkpointMessage } from './audit-checkpoint-words.js';
import { HELP_TEXT, usageText } from './help-text.js';
import { reportReadyText } from './report-words.js';
import { auditTrailText, decidedListText, searchResultText } from './search-words.js';
import { APPLY_FORM, APPLY_FORM_TEXT } from './workbench-link-words.js';
import { KIND_LABELS, LIGHT_LABELS, OUTCOME_TEXT, PAYMENT_LABELS, STATUS_LABELS } from './labels.js';

const yuan = (fen: string) => `${formatYuan(BigInt(fen))} 元`;
/** "No.12 冯磊 的用款申请「部门负责人审核」" */
const stepRef = (n: { no: number; requester: string; type: string; step: string }) => `No.${n.no} ${n.requester} 的${n.type}「${n.step}」`;

export function renderNotice(notice: Notice): string {
  switch (notice.kind) {
    case 'help':
      return HELP_TEXT;
    case 'apply.form':
      // delivered as a link to the form (bot/notify/deliver.ts); these words only where no address is known
      return `【${APPLY_FORM.title}】${APPLY_FORM_TEXT}`;
    case 'command.unknown':
      return `没看懂「${notice.text.slice(0, 40)}」。\n\n${HELP_TEXT}`;
    case 'command.usage':
      return usageText(notice.command, notice.problem);
    case 'refused':
      return refusalText(notice.code as ErrorCode, notice.details);
    case 'legacy.text':
      return notice.text;
    case 'failed':
      return INTERNAL_ERROR_TEXT;
    case 'account.unknown':
      return UNKNOWN_ACCOUNT_TEXT;
    case 'decision.made':
      return `No.${notice.no}：${OUTCOME_TEXT[notice.outcome]}`;
    case 'request.decided':
      if (notice.outcome === 'approved') return `您的申请 No.${notice.no}（${yuan(notice.amount)}）已审批通过${notice.awaitingPayment ? '，等待出纳付款' : ''}。`;
      return `您的申请 No.${notice.no} 被 ${notice.by} ${notice.outcome === 'returned' ? '退回修改' : '驳回'}${notice.comment ? `：${notice.comment}` : '。'}${
        notice.outcome === 'returned' ? `\n请按意见修改：发送 /修改 ${notice.no} 金额=… 事由=…（只写要改的项），改好后在卡片上点「重新提交」。` : ''
      }`;
    case 'request.closed':
      return notice.status === 'withdrawn' ? `申请 No.${notice.no} 已撤回，冻结的预算已释放。` : `申请 No.${notice.no} 已取消（尚未提交，没有冻结预算）。`;
    case 'step.transferred':
      return `${notice.by} 将申请 No.${notice.no} 的「${notice.step}」转交给您处理。`;
    case 'light.changed': {
      if (notice.light === 'yellow') return `【催办·黄灯】${stepRef(notice)} 即将超时，请尽快处理。`;
      if (notice.audience === 'assignee') return `【超时·红灯】${stepRef(notice)} 已超过办理时限，请立即处理。`;
      return `【超时·红灯】${stepRef(notice)} 由 ${notice.assignees.join('、')} 办理，已超过时限，请督促。`;
    }
    case 'alert.raised': {
      const { alert } = notice;
      if (alert.code === 'overdue') return `【红灯】${stepRef(alert)} 已超时，办理人：${alert.assignees.join('、')}`;
      if (alert.code === 'supervision') return alertLine(alert);
      return `【多次补正】No.${alert.no} ${alert.requester} 的${alert.type}已被退回 ${alert.returns} 次`;
    }
    case 'budget.balances': {
      if (notice.lines.length === 0) return `没有找到「${notice.query ?? ''}」相关的预算指标。可以发送 /预算 查看本部门，或 /预算 部门名称。`;
      const body = notice.lines.map(
        (l) =>
          `· ${l.name}：可用 ${formatYuan(BigInt(l.available))} 元（指标 ${formatYuan(BigInt(l.total))}，冻结 ${formatYuan(BigInt(l.frozen))}${
            l.committed && BigInt(l.committed) !== 0n ? `，已承诺 ${formatYuan(BigInt(l.committed))}` : ''
          }，已支出 ${formatYuan(BigInt(l.spent))}）`,
      );
      const more = notice.more > 0 ? `\n……另有 ${notice.more} 条，请缩小范围` : '';
      return `【${notice.fiscalYear} 年预算余额】\n${body.join('\n')}${more}`;
    }
    case 'pending.list': {
      if (notice.items.length === 0) return '您目前没有待审批的事项。';
      const rows = notice.items.map((s) => `${LIGHT_LABELS[s.light].emoji} No.${s.no} ${s.requester} ${s.type} ${yuan(s.amount)} —「${s.step}」`);
      return `【待办 ${notice.items.length} 件】\n${rows.join('\n')}\n发送 /进度 编号 可重新收到卡片。`;
    }
    case 'requests.recent': {
      if (notice.items.length === 0) return '您还没有发起过申请。发送 /申请 科目 金额 事由 开始，例如：/申请 办公费 1200 购买打印纸';
      const rows = notice.items.map((r) => `No.${r.no} ${r.type} ${yuan(r.amount)} — ${STATUS_LABELS[r.status].label}`);
      return `【我最近的申请】\n${rows.join('\n')}\n发送 /进度 编号 查看详情。`;
    }
    case 'chain.view':
      return chainText(notice);
    case 'payable.list': {
      if (notice.items.length === 0) return '目前没有等待付款的事项。';
      const rows = notice.items.map(
        (p) =>
          `No.${p.no} ${p.requester} ${p.type} ${yuan(p.amount)}${p.approvedOn ? ` · ${p.approvedOn} 审批通过` : ''}${p.mayConfirm ? '' : ' · 您经办或审批过，须由其他出纳确认'}`,
      );
      return `【待付款 ${notice.items.length} 件】\n${rows.join('\n')}\n确认付款请在卡片上点「确认付款」，或发送 /付款 编号 凭证号=… [日期=YYYY-MM-DD]。`;
    }
    case 'request.settled':
      return BigInt(notice.released) > 0n ? `No.${notice.no} 已结清，剩余 ${yuan(notice.released)}已退回预算指标。` : `No.${notice.no} 已结清，没有剩余额度需要退回。`;
    case 'payment.confirmed':
      return `No.${notice.no}（${yuan(notice.amount)}）已确认付款：付款日期 ${notice.date}，凭证号 ${notice.voucherNo}，出纳 ${notice.by}。`;
    case 'attachment.added': {
      const files = notice.files.map((f) => `${f.kind}（${f.name}，${sizeText(f.size)}）`).join('；');
      const still = notice.missing.length > 0 ? `\n还${missingText(notice.missing)}，附齐后才能提交。` : '\n要件已齐，可以在卡片上点「提交」。';
      return `已附加到 No.${notice.no}：${files}${still}`;
    }
    case 'attachment.choose': {
      const rows = notice.choices.flatMap((c) => c.kinds.map((k) => `/附件 ${c.no} ${k}${c.missing.includes(k) ? '（缺）' : ''} — No.${c.no} ${c.type}`));
      return `收到「${notice.name}」。您有 ${notice.choices.length} 笔待提交的申请，请告诉管家附到哪一笔、作为哪类附件，回复其中一条：\n${rows.join('\n')}\n（半小时内有效；之后请重新发送文件。）`;
    }
    case 'attachment.expecting':
      return `好的，请在半小时内发送文件，将作为「${notice.fileKind}」附加到 No.${notice.no}。`;
    case 'search.result':
      return searchResultText(notice);
    case 'decided.list':
      return decidedListText(notice);
    case 'audit.trail':
      return auditTrailText(notice);
    case 'alerts.list':
      return alertsListText(notice);
    case 'alert.updated':
      return alertUpdatedText(notice);
    case 'alert.explained':
      return `【化整为零·说明 #${notice.alertNo}】${notice.person} 提交 No.${notice.no} 时说明：${notice.explanation}`;
    case 'attachment.removed':
      return `已从 No.${notice.no} 撤下附件 ${notice.seq}（${notice.name}）。${notice.missing.length > 0 ? `现在${missingText(notice.missing)}。` : ''}`;
    case 'supervision.summary': {
      const { title, lines } = dailySummaryMessage(notice);
      return [title, ...lines].join('\n');
    }
    case 'report.ready':
      return reportReadyText(notice);
    case 'audit.checkpoint': {
      const { title, lines } = checkpointMessage(notice);
      return [title, ...lines].join('\n');
    }
  }
}

type ChainNotice = Extract<Notice, { kind: 'chain.view' }>;

/** 关联查询: one line per request, indented under its parent (请示 → 合同 → 验收 → 付款), then the totals. */
function chainText(notice: ChainNotice): string {
  if (notice.nodes.length === 0) return `No.${notice.focusNo} 没有关联的申请。`;
  const rows = notice.nodes.map((n) => {
    const indent = n.depth > 0 ? `${'　'.repeat(n.depth - 1)}└ ` : '';
    const what = [
      `No.${n.no}${n.no === notice.focusNo ? '（本件）' : ''} ${n.type}（${KIND_LABELS[n.kind]}）`,
      n.contractNo ? `合同 ${n.contractNo}` : '',
      n.instalment ? `第 ${n.instalment} 期` : '',
    ];
    const facts = [STATUS_LABELS[n.status].label, yuan(n.amount), n.date];
    const committed = BigInt(n.committed);
    if (committed > 0n) facts.push(`已承诺 ${formatYuan(committed)}`);
    if (BigInt(n.spent) > 0n) facts.push(`已支出 ${formatYuan(BigInt(n.spent))}`);
    if (committed > 0n && !n.settled) facts.push(`剩余 ${formatYuan(BigInt(n.left))}`);
    if (n.settled) facts.push(BigInt(n.released) > 0n ? `已结清，退回 ${formatYuan(BigInt(n.released))}` : '已结清');
    if (n.paymentState) facts.push(PAYMENT_LABELS[n.paymentState].label);
    return `${indent}${what.filter(Boolean).join(' ')} · ${facts.join(' · ')}`;
  });
  const t = notice.totals;
  const released = BigInt(t.released) > 0n ? `，已退回指标 ${yuan(t.released)}` : '';
  return `【关联查询 No.${notice.focusNo}】\n${rows.join('\n')}\n合计：已承诺 ${yuan(t.committed)}，已支出 ${yuan(t.spent)}，剩余 ${yuan(t.left)}${released}\n发送 /进度 编号 查看某一件的详情。`;
}

/** How many budget lines one /预算 answer lists before it asks to narrow the query. */
export const BUDGET_LINES_SHOWN = 30;

/** The heading of a supervision group digest. */
export function digestTitle(lines: number): string {
  return `【监督提醒】${lines} 条`;
}

/** A message of its own to a group (the daily summary): a title and its lines, as group robots take them. */
export function groupMessage(notice: Notice): { title: string; lines: string[] } {
  if (notice.kind === 'supervision.summary') return dailySummaryMessage(notice);
  if (notice.kind === 'audit.checkpoint') return checkpointMessage(notice);
  const [title = '', ...lines] = renderNotice(notice).split('\n');
  return { title, lines };
}
