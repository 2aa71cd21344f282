// What a supervision rule finds (电子监察): which rule, how grave (黄牌 warning, 红牌 violation, 备案
// filing), the requests and people it is about, and its basis — the citation is the organisation
// file's, so a province can word it. A finding names its subject (dedupeKey): the register keeps one
// alert per subject however often the rule sees it again.

export const SUPERVISION_RULES = [
  'split_purchase',
  'supplier_concentration',
  'repeated_returns',
  'overdue',
  'late_approver',
  'missing_material',
  'contract_payment',
  'collective_filed',
] as const;
export type SupervisionRule = (typeof SUPERVISION_RULES)[number];

export const SEVERITIES = ['warning', 'violation', 'filing'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ALERT_STATES = ['open', 'acknowledged', 'closed'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** a fact for the card and the register: amounts in 分 as decimal strings, dates as YYYY-MM-DD */
export type FactValue = string | number | boolean | string[] | number[];

export interface Finding {
  rule: SupervisionRule;
  severity: Severity;
  /** one alert per subject: e.g. split_purchase:<request id> */
  dedupeKey: string;
  requestIds: string[];
  requestNos: number[];
  departmentId?: string;
  personId?: string;
  /** in 分 */
  amount?: bigint;
  citation: string;
  facts: Record<string, FactValue>;
}

/** A request as a finding about it alone names it: its requester, department and amount. */
export interface FindingRequest {
  id: string;
  no: number;
  departmentId: string;
  requesterId: string;
  amount: bigint;
}

/** a finding about one request; `subject` makes the dedupe key unique beyond the request (a step, a refusal) */
export function requestFinding(
  rule: SupervisionRule,
  severity: Severity,
  request: FindingRequest,
  citation: string,
  facts: Record<string, FactValue>,
  subject = request.id,
): Finding {
  return {
    rule,
    severity,
    dedupeKey: `${rule}:${subject}`,
    requestIds: [request.id],
    requestNos: [request.no],
    departmentId: request.departmentId,
    personId: request.requesterId,
    amount: request.amount,
    citation,
    facts,
  };
}
