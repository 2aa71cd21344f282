// The chain facts of a card (关联): the sentence naming the commitment a request draws on, the rows of
// the whole chain (请示 → 合同 → 验收 → 付款) with what each committed, spent and has left, and the
// contract and payment fields.
import { formatYuan } from '../../workflows/domain/money.js';
import type { ChainNode, ChainView, ContractView, LinkCandidate, LinkView, PaymentView, RequestView } from '../../workflows/service/views.js';
import type { CardChain, CardField } from '../card-model.js';
import { PAYMENT_LABELS, STATUS_LABELS } from '../replies/labels.js';

const yuan = (fen: bigint) => `${formatYuan(fen)} 元`;

/**
 * 「关联：No.12 用款申请 1,200.00（已用 0.00 → 800.00，剩余 400.00），不再占用指标」, or for a 验收, which
 * draws nothing, 「关联：合同 HT-2026-001，验收第 1 期」.
 */
export function linkSentence(link: LinkView, request: RequestView['request']): string {
  const parent = link.parentKind === 'contract' && link.contractNo ? `合同 ${link.contractNo}` : `No.${link.parentNo} ${link.parentType}`;
  const settled = link.settled ? '，已结清' : '';
  if (!link.draws) {
    const acceptance = request.kind === 'acceptance' ? `，验收${request.instalment !== null ? `第 ${request.instalment} 期` : ''}` : '';
    return `关联：${parent}${acceptance}${settled}`;
  }
  const used = link.usedBefore === link.usedAfter ? `已用 ${formatYuan(link.usedAfter)}` : `已用 ${formatYuan(link.usedBefore)} → ${formatYuan(link.usedAfter)}`;
  return `关联：${parent} ${formatYuan(link.parentAmount)}（${used}，剩余 ${formatYuan(link.remainder)}），不再占用指标${settled}`;
}

/**
 * A draft or returned request without a parent whose type may or must have one: what it could be
 * linked to, and whether it must be before it can be submitted. Undefined when there is nothing to say.
 */
export function unlinkedSentence(view: RequestView): string | undefined {
  const open = view.request.status === 'draft' || view.request.status === 'returned';
  if (!open || view.link || (!view.linkRequired && view.linkCandidates.length === 0)) return undefined;
  const candidates = view.linkCandidates.map(candidateText).join('、');
  const how = `（点「关联 No.…」，或发送 /关联 ${view.request.no} 编号）`;
  if (!view.linkRequired) return `关联：可关联 ${candidates}${how}`;
  return `关联：尚未关联，本类型须关联后才能提交；${candidates ? `可关联 ${candidates}${how}` : '目前没有可关联的申请'}`;
}

/** 「No.12 用款申请（剩余 400.00 元）」 or 「合同 HT-2026-001（剩余 …）」 */
function candidateText(c: LinkCandidate): string {
  return `${c.contractNo ? `合同 ${c.contractNo}` : `No.${c.no} ${c.type}`}（剩余 ${yuan(c.remainder)}）`;
}

/** One row per request of the chain, the card's own marked current, and the chain's totals. */
export function chainOf(chain: ChainView, currentId: string): CardChain {
  const t = chain.totals;
  return {
    rows: chain.nodes.map((node) => ({ no: node.no, text: chainRowText(node), current: node.id === currentId, depth: node.depth })),
    summary: `全链：已承诺 ${yuan(t.committed)}，已支出 ${yuan(t.spent)}，剩余 ${yuan(t.left)}${t.released > 0n ? `（已退回 ${yuan(t.released)}）` : ''}`,
  };
}

/** 「No.12 用款申请 1,200.00 元 · 已通过 · 已用 800.00，剩余 400.00」, 「No.15 费用报销 800.00 元 · 已付款」 */
export function chainRowText(node: ChainNode): string {
  const head = [`No.${node.no}`, node.type, node.contractNo, node.instalment != null ? `第 ${node.instalment} 期` : undefined, yuan(node.amount)].filter(Boolean).join(' ');
  const state = node.status === 'approved' && node.paymentState ? PAYMENT_LABELS[node.paymentState].label : STATUS_LABELS[node.status].label;
  return [head, state, commitmentText(node)].filter(Boolean).join(' · ');
}

/** what a commitment (事前申请, 合同) has been drawn on and has left; '' for anything else */
function commitmentText(node: ChainNode): string {
  if (node.committed <= 0n) return '';
  const used = node.committed - node.left - node.released;
  if (node.settled) return `已用 ${formatYuan(used)}，已结清${node.released > 0n ? `（退回 ${formatYuan(node.released)}）` : ''}`;
  return `已用 ${formatYuan(used)}，剩余 ${formatYuan(node.left)}`;
}

/** 合同编号 and 分期 of an approved 合同审批 (each 期次: amount, condition, accepted or not, paid) */
export function contractFields(contract: ContractView): CardField[] {
  const instalments = contract.instalments.map(
    (i) => `第 ${i.index} 期 ${yuan(i.amount)}${i.condition ? `（${i.condition}）` : ''} · ${i.accepted ? '已验收' : '未验收'} · 已付 ${yuan(i.paid)}`,
  );
  return [
    { label: '合同编号', value: contract.no },
    { label: '分期', value: instalments.join('；') },
  ];
}

/** 「待出纳付款（可办理：何芳）」 or 「已付款：2026-12-01 凭证号 记-118（出纳 何芳）」 */
export function paymentText(payment: PaymentView, name: (id: string) => string): string {
  if (payment.state === 'due') {
    const who = payment.cashiers.length > 0 ? `可办理：${payment.cashiers.map(name).join('、')}` : '暂无可办理的出纳，请联系管理员在组织文件中设置出纳';
    return `${PAYMENT_LABELS.due.label}（${who}）`;
  }
  const details = [payment.date, payment.voucherNo ? `凭证号 ${payment.voucherNo}` : undefined].filter(Boolean).join(' ');
  return `${PAYMENT_LABELS.paid.label}${details ? `：${details}` : ''}${payment.paidBy ? `（出纳 ${name(payment.paidBy)}）` : ''}`;
}
