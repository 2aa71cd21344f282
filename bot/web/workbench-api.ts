// The shapes of the workbench's HTTP API (/app/api, README「工作台」): what its page (public/*.js,
// type-checked against this file through JSDoc) sends and receives. Every call needs the session
// cookie; every POST also the CSRF token (header X-CSRF-Token) that /app/api/me hands out. Errors are
// 4xx/5xx with { error: { code, message } }, the message in Chinese and meant for the person.
// Money travels in 分 as decimal strings; amounts typed by the person travel as typed (元).
import type { Card, CardAction } from '../card-model.js';
import type { RequestKind } from '../../workflows/domain/org-file.js';
import type { Light, RequestStatus } from '../../workflows/domain/types.js';

export interface ApiErrorBody {
  error: { code: string; message: string };
}

/** GET /app/api/me (and the answer to POST /app/auth/:platform) */
export interface MeView {
  person: { id: string; name: string; department: { id: string; name: string }; roles: string[] };
  /** role names in Chinese (部门负责人, 财务 …) */
  roleLabels: string[];
  /** the platform the session was signed in through */
  platform: string;
  /** may use the oversight search over the unit, the reports for the unit and the 驾驶舱 (财务, 主要领导, 纪检) */
  oversight: boolean;
  /** the CSRF token every POST carries as X-CSRF-Token */
  csrf: string;
}

/** GET /app/api/form: what the 新建申请 form offers */
export interface FormView {
  unitName: string;
  fiscalYear: number;
  types: FormType[];
  /** the person's department's budget lines, with what is left on each */
  lines: FormLine[];
  /** the tags that change a route (三重一大, 工程变更 …), for check boxes */
  tags: string[];
  /** requests this person may link a new one to (关联): their approved commitments and contracts */
  parents: FormParent[];
  /** the largest file an upload may carry (ATTACHMENT_MAX_MB), in bytes */
  maxFileBytes: number;
}

export interface FormType {
  name: string;
  kind: RequestKind;
  /** what the kind means, in Chinese (事前申请, 合同 …) */
  kindLabel: string;
  /** the request it may or must be linked to */
  parent: { required: boolean; kinds: RequestKind[] } | null;
  /** 附件 its type must carry before it is submitted (发票 …) */
  requiredAttachments: string[];
}

export interface FormLine {
  id: string;
  /** 科目（项目） as the line is named */
  name: string;
  subject: string;
  project: string;
  /** 分 */
  available: string;
  /** 调整后指标, 分 */
  total: string;
}

export interface FormParent {
  no: number;
  type: string;
  kind: RequestKind;
  /** 分 */
  amount: string;
  /** what is left to draw on it, 分 */
  remaining: string;
  purpose: string;
  contractNo?: string;
}

/** POST /app/api/preview and POST /app/api/requests: the form as filled in */
export interface DraftBody {
  type: string;
  /** the budget line's id (FormLine.id); may be left out when `parent` is given (the child takes its line) */
  line?: string;
  /** in 元 as typed ("56000", "1,200.50", "￥3.2"), as /申请 takes it; may be left out for a 验收 */
  amount?: string;
  purpose: string;
  supplier?: string;
  tags?: string[];
  /** 关联: the parent's number */
  parent?: string;
  /** 合同: the contract number, when the unit numbers its own */
  contractNo?: string;
  /** 验收 / 付款 under a contract: 期次 */
  instalment?: number;
}

/**
 * 200 of POST /app/api/preview: the draft's card as the chat would show it (budget check, route
 * with the people on it, risk flags), computed by the same core code, nothing kept. A refusal
 * (no such line, not enough left, a bad link …) is 422 with the same Chinese words as in chat.
 */
export interface PreviewView {
  card: Card;
}

/** POST /app/api/requests: the form; `submit` false keeps it as a draft (its page has 提交) */
export interface NewRequestBody extends DraftBody {
  submit: boolean;
  /** 化整为零: the explanation the submit needs when the draft completes the pattern */
  explanation?: string;
}

/** 202 of every POST that goes through the inbound path (the bot's answer arrives as a notice) */
export interface Accepted {
  accepted: true;
  dedupeKey: string;
}

/**
 * GET /app/api/actions/:dedupeKey: whether the action sent with this key has been handled (committed,
 * or refused with its answer in the notices). Not every action has a text answer (a submit's answer
 * in chat is the card itself): the page waits for `done`, then reads the request and the notices.
 */
export interface ActionState {
  done: boolean;
  /** the number of the request the action created (a new request from the form), once done */
  requestNo?: number;
}

/** GET /app/api/requests?box=todo|done|mine */
export type Box = 'todo' | 'done' | 'mine';

export interface ListView {
  box: Box;
  items: ListItem[];
}

export interface ListItem {
  no: number;
  requestId: string;
  type: string;
  /** 分 */
  amount: string;
  status: { code: RequestStatus; label: string };
  /** todo: the step waiting for this person and its light; done: the step decided */
  step?: string;
  light?: Light;
  /** todo: who asked; done: what this person did (同意 / 驳回 …) */
  requester?: string;
  action?: string;
  /** ISO time: todo when it reached this person, done when decided, mine when created */
  at?: string;
}

/** GET /app/api/requests/:no: the request page (403 / 404 in Chinese when this person may not see it) */
export interface RequestPageView {
  /** the card as this person sees it now, with the buttons they may use (attachment links signed for them) */
  card: Card;
  /** every round, decision and comment, oldest first */
  timeline: TimelineEntry[];
  /** for 转交: the people a step may be handed to */
  people: { id: string; name: string; department: string }[];
}

export interface TimelineEntry {
  /** ISO time */
  at: string;
  round: number;
  /** 提交, 同意, 驳回, 退回修改, 转交, 修改 … in Chinese */
  label: string;
  /** who */
  person?: string;
  /** the step it happened at */
  step?: string;
  comment?: string;
  /** a deputy acted for this person */
  onBehalfOf?: string;
}

/** POST /app/api/requests/:no/actions: a button of the card with what its form collected */
export interface ActionBody {
  action: CardAction;
  stepId?: string;
  /** 关联: the number of the request to link the draft to */
  parentRef?: string;
  comment?: string;
  /** a person id (RequestPageView.people) or the target's platform account */
  transferTo?: string;
  meeting?: { date: string; minutesNo: string };
  /** 确认付款: 凭证号 and 付款日期 (YYYY-MM-DD; today when absent) */
  payment?: { voucherNo: string; date?: string };
  /** 修改: only the fields changed; the amount in 元 as typed */
  edit?: { amount?: string; purpose?: string; subject?: string; project?: string; supplier?: string };
  /** 'attach': the held file and the kind; 'detach' (移除): the file's number */
  attach?: { heldId?: string; kind?: string; seq?: number };
  /** 已核实 / 关闭 on an alert card: the alert's number in the register */
  alertNo?: number;
}

/**
 * POST /app/api/upload?requestId=…&kind=…&name=…: the body is the file itself. 202 once stored and
 * queued; 413 when larger than allowed, 400 when empty.
 */
export interface UploadQuery {
  requestId: string;
  kind?: string;
  name?: string;
}

/** GET /app/api/notices?after=<id>: the bot's answers to this person's workbench actions, oldest first */
export interface NoticesView {
  notices: NoticeItem[];
}

export interface NoticeItem {
  id: number;
  text: string;
  /** a report's workbook: the link opens it (signed for this person) */
  file?: { name: string; size: number; url: string };
  /** ISO time */
  at: string;
}

/**
 * POST /app/api/reports: a report, made as `/报表 …` is in chat; it arrives as a notice with its file.
 * kind: 预算执行 | 绩效 | 三公 | 合同; scope: a department's name or 全部; asOf YYYY-MM-DD; month YYYY-MM.
 */
export interface ReportBody {
  kind: '预算执行' | '绩效' | '三公' | '合同';
  scope?: string;
  asOf?: string;
  month?: string;
}

/**
 * POST /app/api/search: the oversight search (/查询), over the unit for the oversight roles and over
 * one's own requests otherwise; refused beyond that and audited exactly as in chat.
 */
export interface SearchBody {
  /** 部门: a department's name */
  department?: string;
  /** 申请人: a person's name */
  requester?: string;
  type?: string;
  /** a status code (draft, in_approval, approved, rejected, returned, withdrawn …) */
  status?: RequestStatus;
  supplier?: string;
  /** 金额 from / to, in 元 as typed */
  minAmount?: string;
  maxAmount?: string;
  /** YYYY-MM-DD, both days included */
  from?: string;
  to?: string;
  tags?: string[];
  light?: 'yellow' | 'red';
}

export interface SearchView {
  scope: 'unit' | 'own';
  count: number;
  /** 分 */
  total: string;
  rows: SearchRowView[];
}

export interface SearchRowView {
  no: number;
  /** ISO time drafted */
  at: string;
  requester: string;
  department: string;
  type: string;
  /** 分 */
  amount: string;
  supplier: string;
  status: { code: RequestStatus; label: string };
  step?: string;
  light?: Light;
}
