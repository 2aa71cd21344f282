// An alert of the register (电子监察) as a card, for the discipline role's /监察: what was found, about
// whom, on what basis, its state — with 已核实 and 关闭 (which asks for the conclusion). Like the
// 「附到哪一笔？」 card it is an answer, sent once; the register itself is what changes.
import type { Notice } from '../../workflows/service/workflow-service.js';
import type { Card, CardButton, CardTone } from '../card-model.js';
import { ALERT_CARD, ALERT_STATE_LABELS, findingText, RULE_LABELS, SEVERITY_LABELS } from '../replies/supervision-words.js';

type ListItem = Extract<Notice, { kind: 'alerts.list' }>['items'][number];

const TONE: Record<ListItem['severity'], CardTone> = { violation: 'danger', warning: 'warning', filing: 'info' };

export function renderAlertCard(item: ListItem): Card {
  const requestId = item.requestIds?.[0] ?? '';
  const base = { requestId, alertNo: item.alertNo };
  const buttons: CardButton[] = [];
  if (item.state === 'open') buttons.push({ ...base, action: 'acknowledge_alert', label: ALERT_CARD.acknowledge, style: 'primary' });
  if (item.state !== 'closed') {
    buttons.push({ ...base, action: 'close_alert', label: ALERT_CARD.close, style: 'default', needs: ['comment'], commentLabel: ALERT_CARD.closeNote });
  }
  return {
    requestId,
    title: `${SEVERITY_LABELS[item.severity]}·${RULE_LABELS[item.rule]} #${item.alertNo}`,
    status: { code: 'in_approval', label: ALERT_STATE_LABELS[item.state], tone: TONE[item.severity] },
    fields: [
      ...(item.department || item.person ? [{ label: ALERT_CARD.who, value: [item.department, item.person].filter(Boolean).join(' ') }] : []),
      { label: ALERT_CARD.finding, value: findingText(item) },
      { label: ALERT_CARD.basis, value: item.citation },
      { label: ALERT_CARD.raised, value: item.raisedOn },
    ],
    route: [],
    flags: [],
    buttons,
    footer: ALERT_CARD.footer(item.alertNo),
  };
}
