// One error vocabulary: a code, an internal message, and details that the chat layer turns into
// a Chinese reply (bot/replies/error-text.ts). Never show `message` to a user.

export const ERROR_CODES = [
  'AMOUNT_INVALID',
  'NO_BUDGET_LINE',
  'BUDGET_INSUFFICIENT',
  'COMMITMENT_INSUFFICIENT',
  'LEDGER_MISMATCH',
  'UNKNOWN_PERSON',
  'UNKNOWN_REQUEST_TYPE',
  'NOT_ASSIGNEE',
  'SELF_APPROVAL',
  'STEP_CLOSED',
  'ALREADY_DECIDED',
  'REQUEST_NOT_FOUND',
  'NOT_REQUESTER',
  'INVALID_STATE',
  'MEETING_REQUIRED',
  'TRANSFER_TARGET_INVALID',
  'TRANSFER_TARGET_REQUIRED',
  'COMMENT_REQUIRED',
  'NO_APPROVER',
  'BAD_INPUT',
  /** the embedded database's directory is open in another process */
  'DATABASE_IN_USE',
  // chains (关联), contracts, payment, adjustments
  'LINK_NOT_FOUND',
  'LINK_REQUIRED',
  'LINK_NOT_ALLOWED',
  'LINK_KIND',
  'LINK_CYCLE',
  'LINK_NOT_APPROVED',
  'LINK_SETTLED',
  'LINK_OTHER_LINE',
  'LINK_OTHER_DEPARTMENT',
  'AMOUNT_REQUIRED',
  'INSTALMENTS_INVALID',
  'INSTALMENT_REQUIRED',
  'INSTALMENT_UNKNOWN',
  'INSTALMENT_EXCEEDED',
  'ACCEPTANCE_MISSING',
  'ACCEPTANCE_DUPLICATE',
  'CONTRACT_NO_TAKEN',
  'SETTLE_NOT_ALLOWED',
  'SETTLE_NOT_COMMITMENT',
  'SETTLE_OPEN_CHILDREN',
  'PAYMENT_NOT_DUE',
  'PAYMENT_NOT_CASHIER',
  'PAYMENT_CONFLICT',
  'PAYMENT_VOUCHER_REQUIRED',
  'PAYMENT_DATE_INVALID',
  'ADJUST_TARGET_INVALID',
  // 修改
  'NOTHING_CHANGED',
  // 附件
  'ATTACHMENT_TYPE',
  'ATTACHMENT_TOO_LARGE',
  'ATTACHMENT_EMPTY',
  'ATTACHMENT_FROZEN',
  'ATTACHMENT_KIND',
  'ATTACHMENT_NO_TARGET',
  'ATTACHMENT_NOT_FOUND',
  'ATTACHMENTS_MISSING',
  'FILE_STORE_FAILED',
  'FILE_LINK_INVALID',
  // 电子监察
  'SPLIT_PURCHASE_BLOCKED',
  'SPLIT_EXPLANATION_REQUIRED',
  'ALERT_NOT_FOUND',
  'ALERT_NOT_DISCIPLINE',
  'ALERT_STATE',
  'ALERT_NOTE_REQUIRED',
  // 监督查询
  'SEARCH_SCOPE',
  'SEARCH_UNKNOWN',
  'AUDIT_TRAIL_DENIED',
  // 报表
  'REPORT_SCOPE',
  'REPORT_UNKNOWN_DEPARTMENT',
  'REPORT_NOT_FOUND',
  'DASHBOARD_DENIED',
  'BUDGET_IMPORT_INVALID',
  'ORG_INVALID',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export function appError(code: ErrorCode, message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError(code, message, details);
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
