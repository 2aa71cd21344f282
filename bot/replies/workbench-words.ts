// The workbench's (工作台) words around signing in: why a request under /app was refused. An unknown
// or inactive account reads exactly as it does in chat.
import type { EditableField } from '../../workflows/domain/request-changes.js';
import { CHANGE_LABELS } from './card-words.js';
import { UNKNOWN_ACCOUNT_TEXT } from './error-text.js';

const REOPEN = '请从钉钉或企业微信重新打开工作台。';

export const WORKBENCH_ERROR_TEXT = {
  NOT_SIGNED_IN: `您还没有登录工作台。${REOPEN}`,
  SESSION_INVALID: `登录信息无效，为安全起见没有受理。${REOPEN}`,
  SESSION_EXPIRED: `登录已过期（为安全起见，工作台登录一段时间后需要重新进入）。${REOPEN}`,
  CSRF_INVALID: '页面已失效，这次操作没有执行。请刷新页面后重试。',
  ACCOUNT_UNKNOWN: UNKNOWN_ACCOUNT_TEXT,
  CODE_MISSING: `缺少登录凭证（免登授权码）。${REOPEN}`,
  CODE_REFUSED: `登录凭证无效、已使用过或已过期，没有登录。${REOPEN}`,
  STATE_INVALID: '这次登录不是从本工作台发起的，或已超时，为安全起见没有登录。请从企业微信重新打开工作台。',
  PLATFORM_UNAVAILABLE: '管家没有接入这个平台，不能用它登录。请从单位使用的钉钉或企业微信打开工作台。',
  IDENTITY_UNREACHABLE: '暂时无法向钉钉或企业微信确认您的身份（平台接口无法访问）。请稍后重试；如多次失败，请联系管理员。',
  BAD_REQUEST: '请求格式有误，没有受理。请刷新页面后重试。',
  INTERNAL: '管家暂时无法处理这个请求，已记录问题。请稍后重试；如多次失败，请联系管理员。',
} as const;

export type WorkbenchErrorCode = keyof typeof WORKBENCH_ERROR_TEXT;

/** a form or call the page sent that does not fit (the page checks first, so this is rare): what was wrong, field by field */
export function badInputText(problems: readonly string[]): string {
  return `提交的内容有误，没有受理：${problems.join('；')}。请检查后重试。`;
}

/** the request page's history (the decisions themselves read as on the card: 同意, 驳回, 退回修改, 转交) */
export const TIMELINE_WORDS = {
  submitted: '提交',
  resubmitted: '重新提交',
  edited: '修改',
  changed: (fields: readonly EditableField[]) => `改了${fields.map((f) => CHANGE_LABELS[f]).join('、')}`,
};

/** the page a browser sees when the WeCom sign-in it was sent through fails */
export const WORKBENCH_PAGE_WORDS = {
  signInFailed: '没有登录工作台',
};

/** the live preview of a draft that has no number yet */
export const PREVIEW_WORDS = {
  thisRequest: '本申请',
};
