// Renders a request, as the service reports it, into the neutral card for one viewer: the same
// facts for everyone, buttons only for what that viewer may do now.
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { hasApproved, pendingPlacesOf } from '../../workflows/domain/decide-step.js';
import { isRepeatedlyReturned } from '../../workflows/domain/supervision/repeated-returns.js';
import type { RequestStatus } from '../../workflows/domain/types.js';
import type { RequestView, StepSnapshot } from '../../workflows/service/workflow-service.js';
import type { Card, CardButton, CardField, CardFlag, CardRouteStep } from '../card-model.js';
import {
  assigneesText,
  BUTTON_LABELS,
  cardTitle,
  countersignProgress,
  DECISION_SEPARATOR,
  decisionText,
  dueText,
  FIELD_LABELS,
  FLAG_TEXTS,
  FOOTERS,
  instalmentText,
  linkButtonLabel,
  MERGED_DETAIL,
  NO_PURPOSE,
  repeatedReturnsText,
  requesterText,
  requestNoText,
  settleHint,
  typeWithKind,
  yuan,
} from '../replies/card-words.js';
import { formatYuan } from '../../workflows/domain/money.js';
import { ACTION_LABELS, KIND_LABELS, LIGHT_LABELS, routeNoteText, STATUS_LABELS, STEP_LABELS } from '../replies/labels.js';
import type { FileLinks } from '../deps.js';
import { requestPagePath } from '../web/workbench-links.js';
import { attachmentsOf, missingOf } from './render-attachments.js';
import { openSplitAlert, SPLIT_EXPLANATION_LABEL, supervisionFlags } from './render-alerts.js';
import { budgetEffect, lacksBudget } from './budget-effect.js';
import { chainOf, contractFields, linkSentence, paymentText, unlinkedSentence } from './render-chain.js';
import { changesOf, historyOf } from './render-rounds.js';

dayjs.extend(utc);
dayjs.extend(timezone);

const CLOSED: readonly RequestStatus[] = ['approved', 'rejected', 'withdrawn', 'cancelled'];

/** 关联 choices offered as buttons on a draft */
const LINK_BUTTONS = 3;

/**
 * `links` signs the attachment links for the viewer, and its base (where the server is reached) gives the
 * card its link to the request's page on the workbench; without it (previews, tests of other parts) both are left out
 */
export function renderRequestCard(view: RequestView, viewerId: string, now: Date, tz: string, links?: FileLinks): Card {
  const { request } = view;
  const name = (id: string) => view.names.people.get(id) ?? id;
  const buttons = buttonsFor(view, viewerId, now);
  return {
    requestId: request.id,
    title: cardTitle(request.type, request.amount),
    status: { code: request.status, ...STATUS_LABELS[request.status] },
    fields: fieldsOf(view, name, tz),
    budget: budgetEffect(view),
    link: view.link ? linkSentence(view.link, request) : unlinkedSentence(view),
    chain: view.chain ? chainOf(view.chain, request.id) : undefined,
    // a returned request shows the route its next round will take (worked out again after each 修改); the round that was returned is in its history
    route: request.status === 'draft' || request.status === 'returned' ? previewRoute(view, name) : liveRoute(view, name, tz),
    changes: changesOf(view),
    history: historyOf(view, tz),
    attachments: attachmentsOf(view, viewerId, links),
    flags: flagsOf(view),
    buttons,
    footer: footerOf(view, viewerId, buttons),
    open: links?.base ? `${links.base}${requestPagePath(request.no)}` : undefined,
  };
}

function fieldsOf(view: RequestView, name: (id: string) => string, tz: string): CardField[] {
  const { request } = view;
  const department = view.names.departments.get(request.departmentId) ?? request.departmentId;
  const kind = KIND_LABELS[request.kind];
  const fields: CardField[] = [
    { label: FIELD_LABELS.no, value: requestNoText(request.no) },
    { label: FIELD_LABELS.type, value: request.kind === 'direct' || request.type === kind ? request.type : typeWithKind(request.type, kind) },
    { label: FIELD_LABELS.requester, value: requesterText(name(request.requesterId), department) },
    { label: FIELD_LABELS.amount, value: yuan(request.amount) },
  ];
  if (view.payment) fields.push({ label: FIELD_LABELS.payment, value: paymentText(view.payment, name) });
  if (request.instalment !== null) fields.push({ label: FIELD_LABELS.instalment, value: instalmentText(request.instalment) });
  fields.push({ label: FIELD_LABELS.purpose, value: request.purpose || NO_PURPOSE });
  const supplier = request.supplier || view.contract?.supplier;
  if (supplier) fields.push({ label: FIELD_LABELS.supplier, value: supplier });
  if (view.contract) fields.push(...contractFields(view.contract));
  if (request.submittedAt) fields.push({ label: FIELD_LABELS.submittedAt, value: dayjs(request.submittedAt).tz(tz).format('YYYY-MM-DD HH:mm') });
  return fields;
}

function flagsOf(view: RequestView): CardFlag[] {
  const { request } = view;
  const flags: CardFlag[] = [];
  if (isRepeatedlyReturned(request.returnCount, view.returnsBeforeAlert)) flags.push({ code: 'repeated_returns', text: repeatedReturnsText(request.returnCount), tone: 'warning' });
  if (request.route.steps.some((s) => s.collective)) flags.push({ code: 'collective', text: FLAG_TEXTS.collective, tone: 'info' });
  if (view.steps.some((s) => s.state === 'active' && s.light === 'red')) flags.push({ code: 'overdue', text: FLAG_TEXTS.overdue, tone: 'danger' });
  if (view.payment?.state === 'due') flags.push({ code: 'payment_due', text: FLAG_TEXTS.payment_due, tone: 'warning' });
  if (request.settledAt) flags.push({ code: 'settled', text: FLAG_TEXTS.settled, tone: 'neutral' });
  flags.push(...supervisionFlags(view));
  return flags;
}

function footerOf(view: RequestView, viewerId: string, buttons: CardButton[]): string | undefined {
  if (buttons.length > 0) return undefined;
  const { request } = view;
  if (view.settleable && request.requesterId === viewerId) return settleHint(request.no);
  const hadPart = view.steps.some((s) => s.assignees.includes(viewerId)) || view.decisions.some((d) => d.personId === viewerId);
  // approved but waiting for the cashier is not finished yet
  if (CLOSED.includes(request.status) && view.payment?.state !== 'due') return FOOTERS.closed;
  return hadPart ? FOOTERS.nothingToDo : undefined;
}

const whoOf = (assignees: readonly string[], mode: string, name: (id: string) => string) => assigneesText(assignees.map(name), mode);

function previewRoute(view: RequestView, name: (id: string) => string): CardRouteStep[] {
  const { route } = view.request;
  const steps: CardRouteStep[] = route.steps.map((s) => ({
    name: s.name,
    who: whoOf(s.assignees, s.mode, name),
    state: 'waiting',
    stateLabel: STEP_LABELS.waiting.label,
    tone: STEP_LABELS.waiting.tone,
    light: null,
    detail: s.note === undefined ? undefined : routeNoteText(s.note),
  }));
  for (const m of route.merged) {
    steps.push({
      name: m.name,
      who: name(m.personId),
      state: 'merged',
      stateLabel: STEP_LABELS.merged.label,
      tone: STEP_LABELS.merged.tone,
      light: null,
      detail: MERGED_DETAIL,
    });
  }
  return steps;
}

function liveRoute(view: RequestView, name: (id: string) => string, tz: string): CardRouteStep[] {
  return view.steps.map((s) => {
    const detail = view.decisions
      .filter((d) => d.stepId === s.id)
      .map((d) => decisionText(name(d.personId), d.onBehalfOf ? name(d.onBehalfOf) : undefined, ACTION_LABELS[d.action], d.comment))
      .join(DECISION_SEPARATOR);
    // 会签 progress: hasApproved holds only on a 会签 step, so some approval counted means a 会签 under way
    const partial = s.state === 'active' && s.approvedBy.some((id) => hasApproved(s, id)) ? countersignProgress(s.approvedBy.length, s.assignees.length) : '';
    const open = s.state === 'active';
    return {
      name: s.name,
      who: whoOf(s.assignees, s.mode, name),
      state: s.state,
      stateLabel: `${STEP_LABELS[s.state].label}${partial}`,
      tone: open ? LIGHT_LABELS[s.light].tone : STEP_LABELS[s.state].tone,
      light: open ? s.light : null,
      lightLabel: open ? LIGHT_LABELS[s.light].label : undefined,
      due: open && s.dueAt ? dueText(dayjs(s.dueAt).tz(tz).format('MM-DD HH:mm')) : undefined,
      detail: detail || undefined,
    };
  });
}

function buttonsFor(view: RequestView, viewerId: string, now: Date): CardButton[] {
  const { request } = view;
  const base = { requestId: request.id };
  const isRequester = request.requesterId === viewerId;
  switch (request.status) {
    case 'draft':
    case 'returned': {
      if (!isRequester) return [];
      // over budget: no submit button at all (the core refuses it anyway); only when the request would take
      // from the line itself, not when it draws on a parent's commitment, is a 验收 or a 追加
      // nor while its type must be linked and it is not (LINK_REQUIRED)
      // nor while a required attachment is missing (ATTACHMENTS_MISSING)
      // 化整为零: refused outright where the policy says so, else submitted with a written explanation
      const split = openSplitAlert(view);
      const fits = !lacksBudget(view) && !(view.linkRequired && !view.link) && missingOf(view).length === 0 && !(split && view.splitPurchaseBlocks);
      const explain: Partial<CardButton> = split ? { needs: ['comment'], commentLabel: SPLIT_EXPLANATION_LABEL } : {};
      const submit: CardButton =
        request.status === 'draft'
          ? { ...base, action: 'submit', label: BUTTON_LABELS.submit, style: 'primary', ...explain }
          : { ...base, action: 'resubmit', label: BUTTON_LABELS.resubmit, style: 'primary', ...explain };
      // 关联 as a choice: one button per fitting commitment (WeCom shows six buttons at most)
      const links: CardButton[] = view.link
        ? []
        : view.linkCandidates.slice(0, LINK_BUTTONS).map((c) => ({ ...base, action: 'link', label: linkButtonLabel(c.no), style: 'default', parentRef: String(c.no) }));
      // 修改: the form is filled with what the request says now
      const edit: CardButton = { ...base, action: 'edit', label: BUTTON_LABELS.edit, style: 'default', needs: ['edit'], edit: editValues(view) };
      return [
        ...(fits ? [submit] : []),
        ...links,
        edit,
        { ...base, action: 'cancel', label: request.status === 'draft' ? BUTTON_LABELS.cancel : BUTTON_LABELS.cancelRequest, style: 'default' },
      ];
    }
    case 'in_approval': {
      const buttons: CardButton[] = [];
      const active = view.steps.find((s) => s.state === 'active');
      if (active && canActOn(active, view, viewerId, now)) {
        const step = { ...base, stepId: active.id };
        buttons.push(
          { ...step, action: 'approve', label: ACTION_LABELS.approve, style: 'primary', needs: active.collective ? ['comment', 'meeting'] : ['comment'] },
          { ...step, action: 'reject', label: ACTION_LABELS.reject, style: 'danger', needs: ['comment'] },
          { ...step, action: 'return', label: ACTION_LABELS.return, style: 'default', needs: ['comment'] },
          { ...step, action: 'transfer', label: ACTION_LABELS.transfer, style: 'default', needs: ['transferTo', 'comment'] },
        );
      }
      if (isRequester) buttons.push({ ...base, action: 'withdraw', label: BUTTON_LABELS.withdraw, style: 'default' });
      return buttons;
    }
    case 'approved': {
      const payment = view.payment;
      if (payment?.state === 'due' && payment.cashiers.includes(viewerId)) return [{ ...base, action: 'pay', label: BUTTON_LABELS.pay, style: 'primary', needs: ['payment'] }];
      return [];
    }
    default:
      return [];
  }
}

/** 修改's form, prefilled: the amount in 元 as one would type it (no thousands separators) */
function editValues(view: RequestView): NonNullable<CardButton['edit']> {
  const { request } = view;
  return { amount: formatYuan(request.amount).replace(/,/g, ''), purpose: request.purpose, ...lineOf(view.line), supplier: request.supplier };
}

/** the budget line's 科目 and 项目, as /申请 names them */
function lineOf(line: RequestView['line']): { subject: string; project: string } {
  return line ? { subject: line.subject, project: line.project } : { subject: '', project: '' };
}

function canActOn(step: StepSnapshot, view: RequestView, viewerId: string, now: Date): boolean {
  return pendingPlacesOf({ ...step, requesterId: view.request.requesterId }, viewerId, view.delegations, now).length > 0;
}
