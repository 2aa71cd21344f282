// The words for the core's codes: request and step states, roles, lights, decisions. Every card,
// reply and page takes them from here, so the same thing is called the same everywhere.
import type { DecisionOutcome } from '../../workflows/domain/effects.js';
import type { RequestKind, StepRole } from '../../workflows/domain/org-file.js';
import type { DecisionAction, Light, RequestStatus, RouteNote, StepState } from '../../workflows/domain/types.js';
import type { CardTone } from '../card-model.js';

export const STATUS_LABELS: Record<RequestStatus, { label: string; tone: CardTone }> = {
  draft: { label: '待提交', tone: 'neutral' },
  in_approval: { label: '审批中', tone: 'info' },
  approved: { label: '已通过', tone: 'success' },
  rejected: { label: '已驳回', tone: 'danger' },
  returned: { label: '已退回修改', tone: 'warning' },
  withdrawn: { label: '已撤回', tone: 'neutral' },
  cancelled: { label: '已取消', tone: 'neutral' },
};

export const STEP_LABELS: Record<StepState | 'merged', { label: string; tone: CardTone }> = {
  waiting: { label: '未开始', tone: 'neutral' },
  active: { label: '待审批', tone: 'info' },
  approved: { label: '已同意', tone: 'success' },
  rejected: { label: '已驳回', tone: 'danger' },
  returned: { label: '已退回', tone: 'warning' },
  skipped: { label: '已跳过', tone: 'neutral' },
  cancelled: { label: '已终止', tone: 'neutral' },
  merged: { label: '已合并', tone: 'neutral' },
};

/** What a request type does with money, as the organisation file names it (the file's words are the same). */
export const KIND_LABELS: Record<RequestKind, string> = {
  direct: '直接支出',
  prior: '事前申请',
  contract: '合同',
  acceptance: '验收',
  payment: '付款',
  reimbursement: '报销',
  adjustment: '预算调整',
};

export const PAYMENT_LABELS: Record<'due' | 'paid', { label: string; tone: CardTone }> = {
  due: { label: '待出纳付款', tone: 'warning' },
  paid: { label: '已付款', tone: 'success' },
};

/** Roles of the organisation file, and the two a department gives (部门负责人, 分管领导). */
export const ROLE_LABELS: Record<StepRole | 'discipline' | 'cashier' | 'collective', string> = {
  department_head: '部门负责人',
  department_leader: '分管领导',
  finance: '财务人员',
  principal: '主要领导',
  party: '党工委成员',
  secretary: '会议记录人',
  discipline: '纪检监察',
  cashier: '出纳',
  collective: '集体决策',
};

export function roleLabel(role: string): string {
  return (ROLE_LABELS as Record<string, string>)[role] ?? role;
}

/** The one place lights get their emoji and words (emoji need an emoji font on the reader's machine). */
export const LIGHT_LABELS: Record<Light, { emoji: string; label: string; tone: CardTone }> = {
  green: { emoji: '🟢', label: '绿灯：正常', tone: 'success' },
  yellow: { emoji: '🟡', label: '黄灯：即将超时', tone: 'warning' },
  red: { emoji: '🔴', label: '红灯：已超时', tone: 'danger' },
};

export const ACTION_LABELS: Record<DecisionAction, string> = { approve: '同意', reject: '驳回', return: '退回修改', transfer: '转交' };

export const OUTCOME_TEXT: Record<DecisionOutcome, string> = {
  approved: '已同意，申请审批完成。',
  step_approved: '已同意，已转下一环节。',
  partial: '已同意（会签），等待其他会签人。',
  rejected: '已驳回，预算已释放。',
  returned: '已退回申请人修改，预算已释放。',
  transferred: '已转交。',
};

/** Why the route differs from the policy, in words (old routes stored the sentence itself). */
export function routeNoteText(note: RouteNote | string): string {
  if (typeof note === 'string') return note;
  switch (note.kind) {
    case 'recused':
      return `申请人本人为${roleLabel(note.role)}，已回避`;
    case 'escalated': {
      const reason = note.reason === 'requester_holds' ? `申请人本人为${roleLabel(note.from)}` : `未设${roleLabel(note.from)}`;
      return `${reason}，上移至${roleLabel(note.to)}${note.several ? '（或签）' : ''}`;
    }
    case 'collective': {
      const why = note.why === 'amount' ? '金额达到三重一大标准' : '事项标记为三重一大';
      return `${why}，须经集体决策并录入会议纪要${note.recorders ? `；${routeNoteText(note.recorders)}` : ''}`;
    }
  }
}
