// Renders a request, as it stands in the database, into the neutral card for one viewer: the same
// facts for everyone, buttons only for what that viewer may do now.
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { actableAssignees } from '../../workflows/domain/decide-step.js';
import { formatYuan } from '../../workflows/domain/money.js';
import type { Light, ResolvedRoute } from '../../workflows/domain/types.js';
import { availableOf } from '../../workflows/infra/ledger.js';
import type { RequestView } from '../../workflows/infra/queries.js';
import type { Card, CardBudgetEffect, CardButton, CardRouteStep, CardTone } from '../card-model.js';

dayjs.extend(utc);
dayjs.extend(timezone);

export const STATUS_LABELS: Record<string, { label: string; tone: CardTone }> = {
  draft: { label: '待提交', tone: 'neutral' },
  in_approval: { label: '审批中', tone: 'info' },
  approved: { label: '已通过', tone: 'success' },
  rejected: { label: '已驳回', tone: 'danger' },
  returned: { label: '已退回修改', tone: 'warning' },
  withdrawn: { label: '已撤回', tone: 'neutral' },
  cancelled: { label: '已取消', tone: 'neutral' },
};

const STEP_LABELS: Record<string, string> = {
  waiting: '未开始',
  active: '待审批',
  approved: '已同意',
  rejected: '已驳回',
  returned: '已退回',
  skipped: '已跳过',
  cancelled: '已终止',
};

const ACTION_LABELS: Record<string, string> = { approve: '同意', reject: '驳回', return: '退回修改', transfer: '转交' };

export function renderRequestCard(view: RequestView, viewerId: string, now: Date, tz: string): Card {
  const { request, org } = view;
  const name = (id: string) => org.people.get(id)?.name ?? id;
  const requester = org.people.get(request.requesterId);
  const department = org.departments.get(request.departmentId)?.name ?? request.departmentId;
  const fields = [
    { label: '编号', value: `No.${request.no}` },
    { label: '类型', value: request.type },
    { label: '申请人', value: `${requester?.name ?? request.requesterId}（${department}）` },
    { label: '金额', value: `${formatYuan(request.amount)} 元` },
    { label: '事由', value: request.purpose || '（未填写）' },
  ];
  if (request.supplier) fields.push({ label: '供应商', value: request.supplier });
  if (request.submittedAt) fields.push({ label: '提交时间', value: dayjs(request.submittedAt).tz(tz).format('YYYY-MM-DD HH:mm') });

  const flags: string[] = [];
  if (request.returnCount >= 2) flags.push(`已退回 ${request.returnCount} 次（多次补正）`);
  const route = request.status === 'draft' ? previewRoute(request.route as unknown as ResolvedRoute, name) : liveRoute(view, name);
  if ((request.route as unknown as ResolvedRoute).steps?.some((s) => s.collective)) flags.push('三重一大事项：须集体决策并录入会议纪要');
  if (view.steps.some((s) => s.state === 'active' && s.light === 'red')) flags.push('当前环节已超时（红灯）');

  const buttons = buttonsFor(view, viewerId, now);
  const status = STATUS_LABELS[request.status] ?? { label: request.status, tone: 'neutral' as const };
  const hadPart = view.steps.some((s) => s.assignees.includes(viewerId)) || view.request.decisions.some((d) => d.personId === viewerId);
  const footer =
    buttons.length > 0
      ? undefined
      : ['approved', 'rejected', 'withdrawn', 'cancelled'].includes(request.status)
        ? '已办结，卡片仅供查看'
        : hadPart
          ? '您在本申请中暂无待办操作'
          : undefined;
  return {
    requestId: request.id,
    title: `${request.type} · ${formatYuan(request.amount)} 元`,
    status,
    fields,
    budget: view.line ? budgetEffect(view) : undefined,
    route,
    flags,
    buttons,
    footer,
  };
}

function budgetEffect(view: RequestView): CardBudgetEffect {
  const { request } = view;
  const line = view.line!;
  const available = availableOf(line);
  const frozenNow = request.status === 'in_approval';
  if (request.status === 'draft' || request.status === 'returned') {
    const after = available - request.amount;
    return {
      line: line.name,
      before: formatYuan(available),
      after: formatYuan(after < 0n ? 0n : after),
      ok: after >= 0n,
      problem: after < 0n ? `超出可用额度 ${formatYuan(-after)} 元，无法提交` : undefined,
    };
  }
  if (frozenNow) return { line: line.name, before: formatYuan(available + request.amount), after: `${formatYuan(available)}（已冻结本笔）`, ok: true };
  if (request.status === 'approved') return { line: line.name, before: '—', after: `${formatYuan(available)}（本笔已支出）`, ok: true };
  return { line: line.name, before: '—', after: `${formatYuan(available)}（本笔已释放）`, ok: true };
}

function previewRoute(route: ResolvedRoute, name: (id: string) => string): CardRouteStep[] {
  const steps: CardRouteStep[] = route.steps.map((s) => ({
    name: s.name,
    who: `${s.assignees.map(name).join('、')}${s.assignees.length > 1 ? `（${s.mode}）` : ''}`,
    state: '未开始',
    light: null,
    detail: s.note,
  }));
  for (const m of route.merged) {
    steps.push({ name: m.name, who: name(m.personId), state: '已合并', light: null, detail: '与上一环节为同一人，只需审批一次' });
  }
  return steps;
}

function liveRoute(view: RequestView, name: (id: string) => string): CardRouteStep[] {
  return view.steps.map((s) => {
    const decisions = view.request.decisions.filter((d) => d.stepId === s.id);
    const detail = decisions
      .map((d) => `${name(d.personId)}${d.onBehalfOf ? `（代 ${name(d.onBehalfOf)}）` : ''} ${ACTION_LABELS[d.action] ?? d.action}${d.action === 'transfer' ? '' : ''}${d.comment ? `：${d.comment}` : ''}`)
      .join('；');
    const partial = s.mode === '会签' && s.state === 'active' && s.approvedBy.length > 0 ? `（已同意 ${s.approvedBy.length}/${s.assignees.length}）` : '';
    return {
      name: s.name,
      who: `${s.assignees.map(name).join('、')}${s.assignees.length > 1 ? `（${s.mode}）` : ''}`,
      state: `${STEP_LABELS[s.state] ?? s.state}${partial}`,
      light: s.state === 'active' ? (s.light as Light) : null,
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
      const submit: CardButton = request.status === 'draft' ? { ...base, action: 'submit', label: '提交', style: 'primary' } : { ...base, action: 'resubmit', label: '重新提交', style: 'primary' };
      return [...(fits ? [submit] : []), { ...base, action: 'cancel', label: request.status === 'draft' ? '取消' : '取消申请', style: 'default' }];
    }
    case 'in_approval': {
      const buttons: CardButton[] = [];
      const active = view.steps.find((s) => s.state === 'active');
      if (active && canActOn(active, viewerId, view.delegations, now)) {
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

function canActOn(step: RequestView['steps'][number], viewerId: string, delegations: RequestView['delegations'], now: Date): boolean {
  const actingFor = actableAssignees(step, viewerId, delegations, now);
  return actingFor.some((id) => !(step.mode === '会签' && step.approvedBy.includes(id)));
}
