// The words of a request card (bot/cards): field labels, budget notes, flags, footers, the 关联
// sentence, chain rows and summary, payment and contract fields, route details and button labels.
// The renderers decide what a card shows; this catalogue says it. Amounts come in as 分 (bigint) and
// are formatted here; names, types and dates come in as the text to show.
import { formatYuan } from '../../workflows/domain/money.js';
import type { EditableField } from '../../workflows/domain/request-changes.js';
import type { CardChange, CardFlag } from '../card-model.js';
import { ACTION_LABELS, PAYMENT_LABELS, STATUS_LABELS } from './labels.js';

/** "1,200.00 元" */
export const yuan = (fen: bigint): string => `${formatYuan(fen)} 元`;

/** between names: 「李明、王芳」 */
export const NAME_SEPARATOR = '、';

// ── the head and fields ──────────────────────────────────────────────────────────────────────────

/** 「用款申请 · 1,200.00 元」 */
export const cardTitle = (type: string, amount: bigint): string => `${type} · ${yuan(amount)}`;

export const FIELD_LABELS = {
  no: '编号',
  type: '类型',
  requester: '申请人',
  amount: '金额',
  payment: '付款',
  instalment: '期次',
  purpose: '事由',
  supplier: '供应商',
  contractNo: '合同编号',
  instalments: '分期',
  submittedAt: '提交时间',
} as const;

/** 「No.12」 */
export const requestNoText = (no: number): string => `No.${no}`;
/** 「采购办公设备（合同）」: the type as the organisation names it, with what it does with money */
export const typeWithKind = (type: string, kind: string): string => `${type}（${kind}）`;
/** 「冯磊（综合办）」 */
export const requesterText = (name: string, department: string): string => `${name}（${department}）`;
/** 「第 2 期」 */
export const instalmentText = (instalment: number): string => `第 ${instalment} 期`;
/** the 事由 of a request that has none */
export const NO_PURPOSE = '（未填写）';

// ── 预算影响 ─────────────────────────────────────────────────────────────────────────────────────

/** What a request did to its budget line, in the note after the amounts. */
export const BUDGET_NOTES = {
  frozen: '已冻结本笔',
  committed: '本笔已承诺',
  settled: '已结清，剩余已退回',
  awaitingPayment: '已冻结，待出纳付款',
  spent: '本笔已支出',
  released: '本笔已释放',
  fromParent: '从关联申请的承诺中支出，不再占用指标',
  releasedToParent: '本笔已释放，退回关联申请的承诺',
  addOnApproval: '追加，审批通过后增加',
  added: '本笔已追加',
  notAdded: '未追加',
} as const;

/** an approved child's note: 「本笔已支出；从关联申请的承诺中支出，不再占用指标」 */
export const drawnApprovedNote = (approvedNote: string): string => `${approvedNote}；${BUDGET_NOTES.fromParent}`;
/** 「超出关联申请的剩余额度 200.00 元」 */
export const overParentRemainder = (missing: bigint): string => `超出关联申请的剩余额度 ${yuan(missing)}`;
/** 「超出可用额度 1,200.00 元，无法提交」 */
export const overAvailable = (missing: bigint): string => `超出可用额度 ${yuan(missing)}，无法提交`;

/** 调剂: the receiving line, 「培训费（可用 1,000.00 元 → 3,000.00 元）」 */
export const receivingLineText = (line: string, before: bigint, after: bigint): string => `${line}（可用 ${yuan(before)} → ${yuan(after)}）`;
/** 调剂 not yet submitted: 「调剂到 培训费（可用 …）」 */
export const adjustToNote = (receiving: string): string => `调剂到 ${receiving}`;
/** 调剂 in approval: 「已冻结，调剂到 培训费（可用 …）」 */
export const adjustFrozenNote = (receiving: string): string => `已冻结，调剂到 ${receiving}`;
/** 调剂 approved: 「已调剂到 培训费（可用 3,000.00 元）」 */
export const adjustedNote = (line: string, available: bigint): string => `已调剂到 ${line}（可用 ${yuan(available)}）`;

/** "48,800.00 元 → 47,600.00 元（已冻结本笔）": amounts already with their unit */
export const budgetChangeText = (before: string | undefined, after: string, note: string | undefined): string =>
  `${before ? `${before} → ` : ''}${after}${note ? `（${note}）` : ''}`;

// ── 风险提示 and footers ─────────────────────────────────────────────────────────────────────────

/** The flags whose words carry no number. */
export const FLAG_TEXTS: Record<Exclude<CardFlag['code'], 'repeated_returns' | 'supervision'>, string> = {
  collective: '三重一大事项：须集体决策并录入会议纪要',
  overdue: '当前环节已超时（红灯）',
  payment_due: '已审批，待出纳确认付款',
  settled: '已结清',
};

/** 「已退回 2 次（多次补正）」 */
export const repeatedReturnsText = (returns: number): string => `已退回 ${returns} 次（多次补正）`;

/** For the requester of an approved commitment with something left: 「剩余额度不再需要时，可发送 /结清 12，…」 */
export const settleHint = (no: number): string => `剩余额度不再需要时，可发送 /结清 ${no}，剩余退回预算指标`;

export const FOOTERS = {
  closed: '已办结，卡片仅供查看',
  nothingToDo: '您在本申请中暂无待办操作',
} as const;

// ── the route ────────────────────────────────────────────────────────────────────────────────────

/** 「李明」, or for several 「李明、王芳（会签）」 */
export const assigneesText = (names: readonly string[], mode: string): string => `${names.join(NAME_SEPARATOR)}${names.length > 1 ? `（${mode}）` : ''}`;

/** a preview step folded into the one before it */
export const MERGED_DETAIL = '与上一环节为同一人，只需审批一次';

/** 「李明 同意：情况属实」, 「王芳（代 李明） 驳回」 */
export const decisionText = (who: string, onBehalfOf: string | undefined, action: string, comment: string): string =>
  `${who}${onBehalfOf ? `（代 ${onBehalfOf}）` : ''} ${action}${comment ? `：${comment}` : ''}`;

/** between the decisions of one step */
export const DECISION_SEPARATOR = '；';

/** 会签 progress after the step's state: 「（已同意 1/3）」 */
export const countersignProgress = (approved: number, total: number): string => `（已同意 ${approved}/${total}）`;

/** 「12-02 17:30 前办结」 */
export const dueText = (time: string): string => `${time} 前办结`;

// ── buttons ──────────────────────────────────────────────────────────────────────────────────────

/** The buttons that are not a decision on a step (those are ACTION_LABELS). */
export const BUTTON_LABELS = {
  submit: '提交',
  resubmit: '重新提交',
  /** a draft, never submitted */
  cancel: '取消',
  /** a returned request */
  cancelRequest: '取消申请',
  withdraw: '撤回',
  pay: '确认付款',
  edit: '修改',
} as const;

/** 「关联 No.12」 */
export const linkButtonLabel = (no: number): string => `关联 No.${no}`;

// ── 修改 and earlier rounds ───────────────────────────────────────────────────────────────────────

/** what a 修改 changed, by field */
export const CHANGE_LABELS: Record<EditableField, string> = {
  amount: '金额',
  purpose: '事由',
  line: '预算指标',
  supplier: '供应商',
};

/** a value a 修改 emptied, or filled in where there was none */
export const NO_VALUE = '（无）';

/** how an earlier round ended */
export const ROUND_ENDINGS = {
  returned: ACTION_LABELS.return,
  rejected: STATUS_LABELS.rejected.label,
  approved: STATUS_LABELS.approved.label,
  withdrawn: STATUS_LABELS.withdrawn.label,
} as const;

/** 「第 1 轮 · 退回修改」 */
export const roundTitle = (round: number, ending: string): string => `第 ${round} 轮 · ${ending}`;

/** a decision of an earlier round, 「11-30 10:12 钱伟 退回修改：请补充报价单」: the time, then decisionText */
export const roundDecisionLine = (time: string, decision: string): string => `${time} ${decision}`;

/** 「金额 1,200.00 元 → 1,500.00 元」 */
export const changeText = (c: CardChange): string => `${c.label} ${c.from} → ${c.to}`;

/** one line for platforms with room for text only: 「本轮修改：金额 1,200.00 元 → 1,500.00 元；事由 …」 */
export const changesLine = (changes: readonly CardChange[]): string => `本轮修改：${changes.map(changeText).join('；')}`;

/** after a round's decisions, what the requester changed before the next: 「修改：金额 …」 */
export const roundChangesLine = (changes: readonly CardChange[]): string => `修改：${changes.map(changeText).join('；')}`;

/** where the earlier rounds are not shown: 「已退回 1 次，发送 /进度 7 查看」 */
export const earlierRoundsHint = (returns: number, no: string): string => `已退回 ${returns} 次，发送 /进度 ${no} 查看`;

/** where a card cannot hold the 修改 form, for the requester: 「要修改，请发送 /修改 7 金额=… 事由=…（只写要改的项）」 */
export const editHint = (no: string): string => `要修改，请发送 /修改 ${no} 金额=… 事由=…（只写要改的项）`;

/** the number in 「No.12」 (requestNoText), for a command the reader types */
export const requestNoOf = (text: string): string | undefined => /^No\.(\d+)$/.exec(text)?.[1];

// ── 关联 ─────────────────────────────────────────────────────────────────────────────────────────

/** 「合同 HT-2026-001」 */
export const contractRef = (contractNo: string): string => `合同 ${contractNo}`;
/** 「No.12 用款申请」 */
export const requestRef = (no: number, type: string): string => `No.${no} ${type}`;

const settledSuffix = (settled: boolean) => (settled ? '，已结清' : '');

/**
 * A link that draws nothing: 「关联：合同 HT-2026-001，验收第 1 期」. `acceptance` is set for a 验收
 * (its instalment, or null), undefined for anything else.
 */
export function linkText(parent: string, acceptance: { instalment: number | null } | undefined, settled: boolean): string {
  const accepted = acceptance ? `，验收${acceptance.instalment !== null ? `第 ${acceptance.instalment} 期` : ''}` : '';
  return `关联：${parent}${accepted}${settledSuffix(settled)}`;
}

/** A link that draws on the commitment: 「关联：No.12 用款申请 1,200.00（已用 0.00 → 800.00，剩余 400.00），不再占用指标」 */
export function drawingLinkText(parent: string, money: { parentAmount: bigint; usedBefore: bigint; usedAfter: bigint; remainder: bigint }, settled: boolean): string {
  const used = money.usedBefore === money.usedAfter ? `已用 ${formatYuan(money.usedAfter)}` : `已用 ${formatYuan(money.usedBefore)} → ${formatYuan(money.usedAfter)}`;
  return `关联：${parent} ${formatYuan(money.parentAmount)}（${used}，剩余 ${formatYuan(money.remainder)}），不再占用指标${settledSuffix(settled)}`;
}

/** 「No.12 用款申请（剩余 400.00 元）」 */
export const linkCandidateText = (ref: string, remainder: bigint): string => `${ref}（剩余 ${yuan(remainder)}）`;

/**
 * A draft without a parent: what it may be linked to (candidates already in words), and whether it
 * must be before it can be submitted.
 */
export function unlinkedText(candidates: readonly string[], requestNo: number, required: boolean): string {
  const list = candidates.join(NAME_SEPARATOR);
  const how = `（点「关联 No.…」，或发送 /关联 ${requestNo} 编号）`;
  if (!required) return `关联：可关联 ${list}${how}`;
  return `关联：尚未关联，本类型须关联后才能提交；${list ? `可关联 ${list}${how}` : '目前没有可关联的申请'}`;
}

// ── the chain ────────────────────────────────────────────────────────────────────────────────────

/** 「全链：已承诺 50,000.00 元，已支出 800.00 元，剩余 400.00 元（已退回 …）」 */
export function chainSummaryText(t: { committed: bigint; spent: bigint; left: bigint; released: bigint }): string {
  return `全链：已承诺 ${yuan(t.committed)}，已支出 ${yuan(t.spent)}，剩余 ${yuan(t.left)}${t.released > 0n ? `（已退回 ${yuan(t.released)}）` : ''}`;
}

/** 「No.12 用款申请 1,200.00 元 · 已通过 · 已用 800.00，剩余 400.00」: the parts of a row that are present */
export function chainRowLine(row: { no: number; type: string; contractNo?: string; instalment?: number | null; amount: bigint }, state: string, commitment: string): string {
  const head = [`No.${row.no}`, row.type, row.contractNo, row.instalment != null ? instalmentText(row.instalment) : undefined, yuan(row.amount)].filter(Boolean).join(' ');
  return [head, state, commitment].filter(Boolean).join(' · ');
}

/** what a commitment has been drawn on and has left: 「已用 800.00，剩余 400.00」 */
export const commitmentOpenText = (used: bigint, left: bigint): string => `已用 ${formatYuan(used)}，剩余 ${formatYuan(left)}`;
/** a settled commitment: 「已用 800.00，已结清（退回 400.00）」 */
export const commitmentSettledText = (used: bigint, released: bigint): string => `已用 ${formatYuan(used)}，已结清${released > 0n ? `（退回 ${formatYuan(released)}）` : ''}`;

// ── contract and payment ─────────────────────────────────────────────────────────────────────────

/** 「第 1 期 30,000.00 元（签订后） · 已验收 · 已付 30,000.00 元」 */
export function instalmentLineText(i: { index: number; amount: bigint; condition?: string; accepted: boolean; paid: bigint }): string {
  return `${instalmentText(i.index)} ${yuan(i.amount)}${i.condition ? `（${i.condition}）` : ''} · ${i.accepted ? '已验收' : '未验收'} · 已付 ${yuan(i.paid)}`;
}

/** between the instalments of a contract */
export const INSTALMENT_SEPARATOR = '；';

/** 「待出纳付款（可办理：何芳）」, or with nobody to pay it, what to do */
export function paymentDueText(cashiers: readonly string[]): string {
  const who = cashiers.length > 0 ? `可办理：${cashiers.join(NAME_SEPARATOR)}` : '暂无可办理的出纳，请联系管理员在组织文件中设置出纳';
  return `${PAYMENT_LABELS.due.label}（${who}）`;
}

/** 「已付款：2026-12-01 凭证号 记-118（出纳 何芳）」 */
export function paymentPaidText(date: string | undefined, voucherNo: string | undefined, paidBy: string | undefined): string {
  const details = [date, voucherNo ? `凭证号 ${voucherNo}` : undefined].filter(Boolean).join(' ');
  return `${PAYMENT_LABELS.paid.label}${details ? `：${details}` : ''}${paidBy ? `（出纳 ${paidBy}）` : ''}`;
}
