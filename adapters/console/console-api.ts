// The shapes of the console's HTTP API (/console/api, see README「The console API」): what the page
// (public/*.js, type-checked against this file through JSDoc) sends and receives.
import type { Card } from '../../bot/card-model.js';
import type { ActionBody } from '../../bot/web/workbench-api.js';
import type { DashboardWords } from '../../bot/replies/dashboard-words.js';

/** Every error: 4xx/5xx with a Chinese message meant for the person. */
export interface ApiErrorBody {
  error: { code: string; message: string };
}

/** GET /org */
export interface OrgView {
  unit: { name: string; fiscalYear: number };
  people: PersonView[];
  groups: { id: 'supervision'; name: string }[];
  /**
   * true: the development mode, the page picks who it acts as (「切换身份」) and names them in `as`;
   * false: the console needs a workbench sign-in: the page asks GET /app/api/me who it is (and the CSRF
   * token every POST sends as X-CSRF-Token); any other `as` is refused (403 NOT_YOURSELF)
   */
  personas: boolean;
}

export interface PersonView {
  id: string;
  name: string;
  department: { id: string; name: string };
  title?: string;
  /** role names, already in Chinese (部门负责人, 财务 …) */
  roles: string[];
  /** may open the 驾驶舱 (财务, 主要领导, 纪检) */
  dashboard: boolean;
}

/** One message of GET /conversations/:personId and GET /groups/supervision */
export interface MessageView {
  id: number;
  direction: 'in' | 'out';
  authorId?: string;
  text?: string;
  /** the card in its current state, with the buttons this person may use now */
  card?: Card;
  /** a file the bot sent (a report's workbook): the text names it, the page offers the link as 下载 */
  file?: MessageFile;
  createdAt: string;
  updatedAt: string;
}

export interface MessageFile {
  name: string;
  /** bytes */
  size: number;
  /** opens the file (signed for this reader) */
  url: string;
}

export interface ConversationView {
  messages: MessageView[];
}

/** POST /messages */
export interface SendMessageBody {
  as: string;
  text: string;
}

/** POST /actions: a tap on a card's button, with what its form collected (as the workbench takes it), on a message of this person's conversation. */
export interface PressButtonBody extends ActionBody {
  as: string;
  messageId: number;
  requestId: string;
}

/**
 * POST /upload?as=…&requestId=…&kind=…&name=…: the body is the file itself (any Content-Type).
 * 202 Accepted once it is stored and queued; the bot answers in the conversation. 413 when larger
 * than allowed, 400 when empty, each with the refusal in Chinese.
 */
export interface UploadQuery {
  as: string;
  requestId?: string;
  kind?: string;
  name?: string;
}

/** 202 of POST /messages, POST /actions and POST /upload */
export interface Accepted {
  accepted: true;
  dedupeKey: string;
}

/** data of a GET /events Server-Sent Event: a message was added or re-rendered */
export interface ChangeEvent {
  /** a person id, or 'group:supervision' */
  conversation: string;
  messageId: number;
}

/**
 * GET /dashboard?as=…: the 驾驶舱's figures (oversight roles; 403 DASHBOARD_DENIED with the refusal in
 * Chinese otherwise) and the words to show them with. Money in 分 as decimal strings, rates in basis
 * points (240 = 2.40%), days YYYY-MM-DD.
 */
export interface DashboardView {
  unitName: string;
  fiscalYear: number;
  asOf: string;
  timeProgressBp: number;
  /** the months of the fiscal year up to `asOf` (YYYY-MM): the lights chart's axis */
  months: string[];
  departments: { departmentId: string; department: string; budget: string; spent: string; executionBp: number }[];
  lights: { department: string; month: string; yellow: number; red: number }[];
  alerts: { rule: string; label: string; total: number; open: number }[];
  suppliers: { supplier: string; amount: string; count: number }[];
  /** usedBp: spent / cap (null without a cap) */
  threePublic: { category: string; cap: string; spent: string; frozen: string; committed: string; usedBp: number | null }[];
  words: DashboardWords;
}
