// 电子监察 on a request's card: the register's open alerts about it, as red or yellow flags with their
// basis — above all 化整为零, which makes the draft's 提交 ask for a written explanation. Alerts with
// flags of their own (红灯, 多次补正) and filings (三重一大 备案) are not repeated here.
import type { RequestAlert, RequestView } from '../../workflows/service/workflow-service.js';
import type { CardFlag } from '../card-model.js';
import { alertFlagText } from '../replies/supervision-words.js';

export { SPLIT_EXPLANATION_LABEL } from '../replies/supervision-words.js';

const FLAGGED: readonly RequestAlert['rule'][] = ['split_purchase', 'supplier_concentration', 'missing_material', 'contract_payment', 'late_approver'];

export function supervisionFlags(view: RequestView): CardFlag[] {
  return view.alerts
    .filter((a) => a.state !== 'closed' && FLAGGED.includes(a.rule))
    .map((a) => ({ code: 'supervision', text: alertFlagText(a), tone: a.severity === 'violation' ? 'danger' : 'warning' }));
}

/** the open 化整为零 alert this request raised (the one its submit must explain) */
export function openSplitAlert(view: RequestView): RequestAlert | undefined {
  return view.alerts.find((a) => a.rule === 'split_purchase' && a.state !== 'closed' && a.requestNos[a.requestNos.length - 1] === view.request.no);
}
