// Code → the Chinese reply a user sees. Every reply says what happened and what to do next; raw
// error messages never reach a chat.
import type { AppError, ErrorCode } from '../../workflows/domain/errors.js';
import { STATUS_LABELS } from './labels.js';

type Details = Record<string, unknown>;
const s = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const list = (v: unknown) => (Array.isArray(v) && v.length > 0 ? v.map(String).join('、') : '（无）');
/** " No.12 " between Chinese words; noEnd before punctuation */
const no = (d: Details) => (d.no ? ` No.${s(d.no)} ` : '');
const noEnd = (d: Details) => (d.no ? ` No.${s(d.no)}` : '');
const ACTION_OF_TARGET: Record<string, string> = { in_approval: '提交', withdrawn: '撤回', cancelled: '取消' };

const TEXT: Record<ErrorCode, (d: Details) => string> = {
  AMOUNT_INVALID: (d) => `金额「${s(d.input)}」无效。请填写大于 0 的金额，单位为元，最多两位小数，例如 1200、1200.50 或 1,200.50（逗号只能每三位一个）。`,
  NO_BUDGET_LINE: (d) =>
    d.ambiguous
      ? `「${s(d.subject)}」对应多条预算指标：${list(d.known)}。请用 项目=… 指明，或直接写预算指标编号。`
      : `本部门没有「${s(d.subject)}${d.project ? `（${s(d.project)}）` : ''}」预算指标，无法提交。本部门现有指标：${list(d.known)}。如需新增指标，请联系财政所。`,
  BUDGET_INSUFFICIENT: (d) =>
    `预算不足，无法提交：「${s(d.line)}」可用 ${s(d.available)} 元，本次申请 ${s(d.requested)} 元，还差 ${s(d.missing)} 元。请调整金额，或先申请预算调整。`,
  COMMITMENT_INSUFFICIENT: (d) =>
    `关联的${s(d.type) || '事前申请'}${noEnd(d)}剩余可用 ${s(d.remainder)} 元，本次 ${s(d.requested)} 元，超出 ${s(d.missing)} 元，无法支付。请把金额调整到剩余额度以内；超出部分请另行提交申请。`,
  LEDGER_MISMATCH: (d) =>
    `预算指标「${s(d.line)}」${s(d.column)}的金额（${s(d.held)} 元）少于本次要处理的 ${s(d.requested)} 元，预算台账与申请不符，操作没有执行。请联系财政所核对预算台账后再试。`,
  UNKNOWN_PERSON: () => UNKNOWN_ACCOUNT_TEXT,
  UNKNOWN_REQUEST_TYPE: (d) => `没有「${s(d.type)}」这种申请类型。可用的类型：${list(d.known)}。`,
  NOT_ASSIGNEE: (d) => `您不是申请${no(d)}当前环节的审批人，无权处理。此次操作已记录。`,
  SELF_APPROVAL: (d) =>
    `不能审批自己的申请（不相容岗位分离）：申请${no(d)}是您本人提交的，须由其他审批人处理，代理或转交也不例外。此次操作已记录。如需撤回，请发送「/撤回 ${s(d.no)}」。`,
  STEP_CLOSED: (d) => `申请${no(d)}的这个环节已经处理过或已失效，卡片上的按钮不再生效。发送「/进度 ${s(d.no)}」查看最新状态。`,
  ALREADY_DECIDED: (d) => `您已同意过申请${no(d)}的「${s(d.stepName)}」环节，正在等待其他会签人。`,
  REQUEST_NOT_FOUND: (d) => `找不到申请${noEnd(d)}。发送「/进度」查看您最近的申请。`,
  NOT_REQUESTER: (d) => (d.view ? `您不是申请${no(d)}的申请人或审批人，不能查看。需要查看时，请找财政所、纪工委或主要领导。` : `只有申请人本人可以操作申请${noEnd(d)}。`),
  INVALID_STATE: (d) =>
    `申请${no(d)}当前为「${s((STATUS_LABELS as Record<string, { label: string } | undefined>)[s(d.from)]?.label ?? d.from)}」，不能${ACTION_OF_TARGET[s(d.to)] ?? '这样操作'}。发送「/进度${d.no ? ` ${s(d.no)}` : ''}」查看详情。`,
  MEETING_REQUIRED: (d) => `这是「三重一大」集体决策事项：同意前请填写会议日期和会议纪要编号。卡片上不能填写时，可发送：/同意 ${s(d.no) || '编号'} 会议=YYYY-MM-DD 纪要=纪要编号`,
  TRANSFER_TARGET_REQUIRED: (d) => `转交时请指明转交给谁（也可以发送：/转交 ${s(d.no) || '编号'} 人员 [意见]）。`,
  COMMENT_REQUIRED: (d) => {
    const verb = d.action === 'reject' ? '驳回' : '退回';
    return `${verb}时请填写意见，说明原因（也可以发送：/${verb} ${s(d.no) || '编号'} 理由）。`;
  },
  TRANSFER_TARGET_INVALID: () => '转交对象无效：请选择组织架构中的其他在岗人员（不能是自己或已在本环节的人）。',
  NO_APPROVER: (d) => `找不到「${s(d.step)}」环节的审批人，申请无法提交。请联系管理员检查组织文件中的角色设置。`,
  BAD_INPUT: (d) => `输入有误：${s(d.problem) || '请检查后重试'}。`,
  ORG_INVALID: (d) => `组织文件有误：\n${list(d.problems)}`,
};

export function errorText(error: AppError): string {
  return refusalText(error.code, error.details);
}

/** A refusal as carried by a notice (the code may come from an older or newer version). */
export function refusalText(code: ErrorCode, details: Details): string {
  return (TEXT[code] ?? (() => INTERNAL_ERROR_TEXT))(details);
}

export const UNKNOWN_ACCOUNT_TEXT = '您尚未在组织架构中登记，无法使用管家。请联系单位管理员（党政办）把您的账号加入组织文件。';

/** For unexpected failures: never the raw message. */
export const INTERNAL_ERROR_TEXT = '管家暂时无法处理这条消息，已记录问题。请稍后重试；如多次失败，请联系管理员。';
