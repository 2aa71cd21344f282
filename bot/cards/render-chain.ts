// The chain facts of a card (关联): the sentence naming the commitment a request draws on, the rows of
// the whole chain (请示 → 合同 → 验收 → 付款) with what each committed, spent and has left, and the
// contract and payment fields. The words are bot/replies/card-words.ts'.
import type { ChainNode, ChainView, ContractView, LinkCandidate, LinkView, PaymentView, RequestView } from '../../workflows/service/views.js';
import type { CardChain, CardField } from '../card-model.js';
import {
  chainRowLine,
  chainSummaryText,
  commitmentOpenText,
  commitmentSettledText,
  contractRef,
  drawingLinkText,
  FIELD_LABELS,
  INSTALMENT_SEPARATOR,
  instalmentLineText,
  linkCandidateText,
  linkText,
  paymentDueText,
  paymentPaidText,
  requestRef,
  unlinkedText,
} from '../replies/card-words.js';
import { PAYMENT_LABELS, STATUS_LABELS } from '../replies/labels.js';

/**
 * 「关联：No.12 用款申请 1,200.00（已用 0.00 → 800.00，剩余 400.00），不再占用指标」, or for a 验收, which
 * draws nothing, 「关联：合同 HT-2026-001，验收第 1 期」.
 */
export function linkSentence(link: LinkView, request: RequestView['request']): string {
  const parent = link.parentKind === 'contract' && link.contractNo ? contractRef(link.contractNo) : requestRef(link.parentNo, link.parentType);
  if (!link.draws) return linkText(parent, request.kind === 'acceptance' ? { instalment: request.instalment } : undefined, link.settled);
  return drawingLinkText(parent, link, link.settled);
}

/**
 * A draft or returned request without a parent whose type may or must have one: what it could be
 * linked to, and whether it must be before it can be submitted. Undefined when there is nothing to say.
 */
export function unlinkedSentence(view: RequestView): string | undefined {
  const open = view.request.status === 'draft' || view.request.status === 'returned';
  if (!open || view.link || (!view.linkRequired && view.linkCandidates.length === 0)) return undefined;
  return unlinkedText(view.linkCandidates.map(candidateText), view.request.no, view.linkRequired);
}

/** 「No.12 用款申请（剩余 400.00 元）」 or 「合同 HT-2026-001（剩余 …）」 */
function candidateText(c: LinkCandidate): string {
  return linkCandidateText(c.contractNo ? contractRef(c.contractNo) : requestRef(c.no, c.type), c.remainder);
}

/** One row per request of the chain, the card's own marked current, and the chain's totals. */
export function chainOf(chain: ChainView, currentId: string): CardChain {
  return {
    rows: chain.nodes.map((node) => ({ no: node.no, text: chainRowText(node), current: node.id === currentId, depth: node.depth })),
    summary: chainSummaryText(chain.totals),
  };
}

/** 「No.12 用款申请 1,200.00 元 · 已通过 · 已用 800.00，剩余 400.00」, 「No.15 费用报销 800.00 元 · 已付款」 */
export function chainRowText(node: ChainNode): string {
  const state = node.status === 'approved' && node.paymentState ? PAYMENT_LABELS[node.paymentState].label : STATUS_LABELS[node.status].label;
  return chainRowLine(node, state, commitmentText(node));
}

/** what a commitment (事前申请, 合同) has been drawn on and has left; '' for anything else */
function commitmentText(node: ChainNode): string {
  if (node.committed <= 0n) return '';
  const used = node.committed - node.left - node.released;
  return node.settled ? commitmentSettledText(used, node.released) : commitmentOpenText(used, node.left);
}

/** 合同编号 and 分期 of an approved 合同审批 (each 期次: amount, condition, accepted or not, paid) */
export function contractFields(contract: ContractView): CardField[] {
  return [
    { label: FIELD_LABELS.contractNo, value: contract.no },
    { label: FIELD_LABELS.instalments, value: contract.instalments.map(instalmentLineText).join(INSTALMENT_SEPARATOR) },
  ];
}

/** 「待出纳付款（可办理：何芳）」 or 「已付款：2026-12-01 凭证号 记-118（出纳 何芳）」 */
export function paymentText(payment: PaymentView, name: (id: string) => string): string {
  if (payment.state === 'due') return paymentDueText(payment.cashiers.map(name));
  return paymentPaidText(payment.date, payment.voucherNo, payment.paidBy ? name(payment.paidBy) : undefined);
}
