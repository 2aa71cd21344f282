// Renders a request, as the service reports it, into the neutral card for one viewer: the same
// facts for everyone, buttons only for what that viewer may do now.
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { availableOf } from '../../workflows/domain/budget-balance.js';
import { pendingPlacesOf } from '../../workflows/domain/decide-step.js';
import { formatYuan } from '../../workflows/domain/money.js';
import type { RequestStatus } from '../../workflows/domain/types.js';
import type { RequestView, StepSnapshot } from '../../workflows/service/workflow-service.js';
import type { Card, CardBudgetEffect, CardButton, CardFlag, CardRouteStep } from '../card-model.js';
import { ACTION_LABELS, LIGHT_LABELS, routeNoteText, STATUS_LABELS, STEP_LABELS } from '../replies/labels.js';

dayjs.extend(utc);
dayjs.extend(timezone);

const CLOSED: readonly RequestStatus[] = ['approved', 'rejected', 'withdrawn', 'cancelled'];
const yuan = (fen: bigint) => `${formatYuan(fen)} 元`;

export function renderRequestCard(view: RequestView, viewerId: string, now: Date, tz: string): Card {
  const { request } = view;
  const name = (id: string) => view.names.people.get(id) ?? id;
  const department = view.names.departments.get(request.departmentId) ?? request.departmentId;
  const fields = [
    { label: '编号', value: `No.${request.no}` },
    { label: '类型', value: request.type },
    { label: '申请人', value: `${name(request.requesterId)}（${department}）` },
    { label: '金额', value: yuan(request.amount) },
    { label: '事由', value: request.purpose || '（未填写）' },
  ];
  if (request.supplier) fields.push({ label: '供应商', value: request.supplier });
  if (request.submittedAt) fields.push({ label: '提交时间', value: dayjs(request.submittedAt).tz(tz).format('YYYY-MM-DD HH:mm') });

  const flags: CardFlag[] = [];
  if (request.returnCount >= view.returnsBeforeAlert) flags.push({ code: 'repeated_returns', text: `已退回 ${request.returnCount} 次（多次补正）`, tone: 'warning' });
  if (request.route.steps.some((s) => s.collective)) flags.push({ code: 'collective', text: '三重一大事项：须集体决策并录入会议纪要', tone: 'info' });
  if (view.steps.some((s) => s.state === 'active' && s.light === 'red')) flags.push({ code: 'overdue', text: '当前环节已超时（红灯）', tone: 'danger' });

  const buttons = buttonsFor(view, viewerId, now);
  const hadPart = view.steps.some((s) => s.assignees.includes(viewerId)) || view.decisions.some((d) => d.personId === viewerId);
  const footer = buttons.length > 0 ? undefined : CLOSED.includes(request.status) ? '已办结，卡片仅供查看' : hadPart ? '您在本申请中暂无待办操作' : undefined;
  return {
    requestId: request.id,
    title: `${request.type} · ${yuan(request.amount)}`,
    status: { code: request.status, ...STATUS_LABELS[request.status] },
    fields,
    budget: view.line ? budgetEffect(view, view.line) : undefined,
    route: request.status === 'draft' ? previewRoute(view, name) : liveRoute(view, name, tz),
    flags,
    buttons,
    footer,
  };
}

function budgetEffect(view: RequestView, line: NonNullable<RequestView['line']>): CardBudgetEffect {
  const { request } = view;
  const available = availableOf(line);
  switch (request.status) {
    case 'draft':
    case 'returned': {
      const after = available - request.amount;
      return {
        line: line.name,
        before: yuan(available),
        after: yuan(after < 0n ? 0n : after),
        ok: after >= 0n,
        problem: after < 0n ? `超出可用额度 ${yuan(-after)}，无法提交` : undefined,
      };
    }
    case 'in_approval':
      return { line: line.name, before: yuan(available + request.amount), after: yuan(available), note: '已冻结本笔', ok: true };
    case 'approved':
      return { line: line.name, after: yuan(available), note: '本笔已支出', ok: true };
    default:
      return { line: line.name, after: yuan(available), note: '本笔已释放', ok: true };
  }
}

const whoOf = (assignees: readonly string[], mode: string, name: (id: string) => string) => `${assignees.map(name).join('、')}${assignees.length > 1 ? `（${mode}）` : ''}`;

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
      detail: '与上一环节为同一人，只需审批一次',
    });
  }
  return steps;
}

function liveRoute(view: RequestView, name: (id: string) => string, tz: string): CardRouteStep[] {
  return view.steps.map((s) => {
    const detail = view.decisions
      .filter((d) => d.stepId === s.id)
      .map((d) => `${name(d.personId)}${d.onBehalfOf ? `（代 ${name(d.onBehalfOf)}）` : ''} ${ACTION_LABELS[d.action]}${d.comment ? `：${d.comment}` : ''}`)
      .join('；');
    const partial = s.mode === '会签' && s.state === 'active' && s.approvedBy.length > 0 ? `（已同意 ${s.approvedBy.length}/${s.assignees.length}）` : '';
    const open = s.state === 'active';
    return {
      name: s.name,
      who: whoOf(s.assignees, s.mode, name),
      state: s.state,
      stateLabel: `${STEP_LABELS[s.state].label}${partial}`,
      tone: open ? LIGHT_LABELS[s.light].tone : STEP_LABELS[s.state].tone,
      light: open ? s.light : null,
      lightLabel: open ? LIGHT_LABELS[s.light].label : undefined,
      due: open && s.dueAt ? `${dayjs(s.dueAt).tz(tz).format('MM-DD HH:mm')} 前办结` : undefined,
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
      // over budget: no submit button at all (the core refuses it anyway)
      const fits = !view.line || availableOf(view.line) >= request.amount;
      const submit: CardButton =
        request.status === 'draft' ? { ...base, action: 'submit', label: '提交', style: 'primary' } : { ...base, action: 'resubmit', label: '重新提交', style: 'primary' };
      return [...(fits ? [submit] : []), { ...base, action: 'cancel', label: request.status === 'draft' ? '取消' : '取消申请', style: 'default' }];
    }
    case 'in_approval': {
      const buttons: CardButton[] = [];
      const active = view.steps.find((s) => s.state === 'active');
      if (active && canActOn(active, view, viewerId, now)) {
        const step = { ...base, stepId: active.id };
        buttons.push(
          { ...step, action: 'approve', label: '同意', style: 'primary', needs: active.collective ? ['comment', 'meeting'] : ['comment'] },
          { ...step, action: 'reject', label: '驳回', style: 'danger', needs: ['comment'] },
          { ...step, action: 'return', label: '退回修改', style: 'default', needs: ['comment'] },
          { ...step, action: 'transfer', label: '转交', style: 'default', needs: ['transferTo', 'comment'] },
        );
      }
      if (isRequester) buttons.push({ ...base, action: 'withdraw', label: '撤回', style: 'default' });
      return buttons;
    }
    default:
      return [];
  }
}

function canActOn(step: StepSnapshot, view: RequestView, viewerId: string, now: Date): boolean {
  return pendingPlacesOf({ ...step, requesterId: view.request.requesterId }, viewerId, view.delegations, now).length > 0;
}
