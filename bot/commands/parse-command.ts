// Typed commands, Chinese and English: /申请 /apply, /预算 /budget, /待办 /todo, /进度 /status,
// /撤回 /withdraw, /修改 /edit, /关联 /chain, /结清 /settle, /待付款 /payable, /付款 /pay, /查询 /search,
// /已办 /done, /审计 /audit, /报表 /report, /帮助 /help. DingTalk
// and WeCom have no slash commands, so this is plain text; Slack's real slash commands arrive here as
// the same text. Decisions can be typed too (/同意 /驳回 /退回 /转交), for cards that cannot collect
// a comment.
import { looksLikeContractNo } from '../../workflows/domain/chain/contract-number.js';
import type { USAGE_COMMANDS } from '../../workflows/domain/effects.js';
import { isMeetingDate } from '../../workflows/domain/meeting-date.js';
import type { DecisionAction } from '../../workflows/domain/types.js';
import type { InstalmentInput } from '../../workflows/service/workflow-service.js';
import { parseInstalments } from './parse-instalments.js';
import { parseSearch } from './parse-search.js';
import { parseReport, type ReportCommand } from './parse-report.js';
import type { SearchFilters } from '../../workflows/domain/search/search-filters.js';

export type UsageCommand = (typeof USAGE_COMMANDS)[number];

export interface ApplyCommand {
  name: 'apply';
  type?: string;
  /** left out when the request names a parent (关联=): it takes the parent's line */
  subject?: string;
  /** left out for a 验收 (and refused by the core where an amount is needed) */
  amountText?: string;
  purpose: string;
  supplier?: string;
  project?: string;
  tags: string[];
  /** 关联=: a request number ("12") or a contract number ("HT-2026-003") */
  parent?: string;
  /** 合同号= */
  contractNo?: string;
  /** 分期= */
  instalments?: InstalmentInput[];
  /** 期次= */
  instalment?: number;
  /** 调入=: the receiving line of a 预算调整 调剂 */
  target?: string;
}

export interface EditCommand {
  name: 'edit';
  no: number;
  /** 金额=, in 元 as typed (parseYuan decides whether it is a valid one) */
  amountText?: string;
  /** 事由= */
  purpose?: string;
  /** 科目= */
  subject?: string;
  /** 项目= */
  project?: string;
  /** 供应商= */
  supplier?: string;
}

export type Command =
  | ApplyCommand
  /** /申请 alone: the 新建申请 form on the workbench, instead of the command's usage */
  | { name: 'form' }
  | { name: 'budget'; query?: string }
  | { name: 'todo' }
  | { name: 'status'; no?: number }
  | { name: 'withdraw'; no: number }
  | { name: 'help'; topic?: string }
  /** 关联查询: the chain of a request number ("12") or a contract number */
  | { name: 'chain'; ref: string }
  /** /关联 15 12: link draft 15 to request 12 (what the card's 关联 buttons do) */
  | { name: 'link'; no: number; ref: string }
  /** 修改 a draft or a returned request: /修改 12 金额=1500 事由=补充报价单后重新申请 (any subset of the fields) */
  | EditCommand
  /** 结清 an approved commitment */
  | { name: 'settle'; no: number }
  /** 待付款: the cashier's list */
  | { name: 'payable' }
  /** 确认付款 by text: /付款 12 凭证号=记-0381 日期=2026-11-30 */
  | { name: 'pay'; no: number; voucherNo: string; date?: string }
  /** /附件 编号 [种类]: the held file, or the next one, goes to that request as that kind */
  | { name: 'attach'; no: number; kind?: string }
  /** /删除附件 编号 附件号 */
  | { name: 'detach'; no: number; seq: number }
  /** /提交 编号 [说明]: submit a draft (the 化整为零 explanation when one is asked for) */
  | { name: 'submit'; no: number; explanation?: string }
  /** /监察: the open alerts */
  | { name: 'alerts' }
  /** /核实 告警编号, /关闭 告警编号 结论 */
  | { name: 'alert'; action: 'acknowledge' | 'close'; alertNo: number; note: string }
  /** 监督查询: /查询 部门=… 状态=… 金额>=… 从=… #标签 灯=红 */
  | { name: 'search'; filters: SearchFilters }
  /** /已办: the steps the sender decided */
  | { name: 'decided' }
  /** /审计 编号 [页]: the request's audit events (纪检) */
  | { name: 'trail'; no: number; page: number }
  /** 报表: /报表 预算执行 [部门|全部] [截至 YYYY-MM-DD], /报表 绩效 [YYYY-MM], /报表 三公, /报表 合同 */
  | ReportCommand
  /** decisions by text, for platforms whose cards cannot collect a comment: /驳回 12 理由 */
  | { name: 'decide'; action: DecisionAction; no: number; comment: string; transferTo?: string; meeting?: { date: string; minutesNo: string } }
  | { name: 'unknown'; text: string }
  | { name: 'usage'; command: UsageCommand; problem: string };

const DECISIONS: Record<string, DecisionAction> = {
  同意: 'approve',
  approve: 'approve',
  驳回: 'reject',
  reject: 'reject',
  退回: 'return',
  return: 'return',
  转交: 'transfer',
  transfer: 'transfer',
};

const ALIASES: Record<string, Exclude<Command['name'], 'unknown' | 'usage' | 'decide' | 'link' | 'alert' | 'form'> | 'acknowledge' | 'close'> = {
  申请: 'apply',
  apply: 'apply',
  预算: 'budget',
  budget: 'budget',
  待办: 'todo',
  todo: 'todo',
  进度: 'status',
  status: 'status',
  撤回: 'withdraw',
  withdraw: 'withdraw',
  修改: 'edit',
  edit: 'edit',
  关联: 'chain',
  chain: 'chain',
  结清: 'settle',
  settle: 'settle',
  待付款: 'payable',
  payable: 'payable',
  付款: 'pay',
  pay: 'pay',
  附件: 'attach',
  attach: 'attach',
  提交: 'submit',
  submit: 'submit',
  监察: 'alerts',
  alerts: 'alerts',
  核实: 'acknowledge',
  acknowledge: 'acknowledge',
  关闭: 'close',
  close: 'close',
  删除附件: 'detach',
  撤下附件: 'detach',
  detach: 'detach',
  查询: 'search',
  search: 'search',
  已办: 'decided',
  done: 'decided',
  审计: 'trail',
  audit: 'trail',
  报表: 'report',
  report: 'report',
  帮助: 'help',
  help: 'help',
};

/** Commands that may be written without the slash (they cannot be mistaken for ordinary words). */
const SLASHLESS = ['帮助', '预算', '待办', '已办', '待付款', '进度', 'help'];

/** `knownTypes` are the request type names of the policy, so `/申请 采购申请 …` picks the type. */
export function parseCommand(raw: string, knownTypes: readonly string[] = []): Command {
  // DingTalk group messages keep the @mention in the text; full-width slashes and spaces are common.
  const text = raw
    .replace(/^\s*(@\S+\s+)+/, '')
    .replace(/\u3000/g, ' ')
    .trim();
  const match = /^[/／]?(\S+)\s*([\s\S]*)$/.exec(text);
  if (!match) return { name: 'unknown', text };
  const hasSlash = /^[/／]/.test(text);
  const decision = hasSlash ? DECISIONS[(match[1] ?? '').toLowerCase()] : undefined;
  if (decision) return parseDecision(decision, (match[2] ?? '').trim());
  const name = ALIASES[(match[1] ?? '').toLowerCase()];
  if (!name || (!hasSlash && !SLASHLESS.includes(match[1] ?? ''))) return { name: 'unknown', text };
  const args = (match[2] ?? '').trim();
  const tokens = args ? args.split(/\s+/) : [];
  switch (name) {
    case 'apply':
      return tokens.length === 0 ? { name: 'form' } : parseApply(tokens, knownTypes);
    case 'budget':
      return { name: 'budget', query: args || undefined };
    case 'todo':
      return { name: 'todo' };
    case 'help':
      return { name: 'help', topic: args || undefined };
    case 'status': {
      if (!args) return { name: 'status' };
      const no = parseRequestNo(args);
      return no ? { name: 'status', no } : { name: 'usage', command: 'status', problem: `「${args}」不是申请编号` };
    }
    case 'withdraw':
    case 'settle': {
      const no = parseRequestNo(args);
      return no ? { name, no } : { name: 'usage', command: name, problem: args ? `「${args}」不是申请编号` : '缺少申请编号' };
    }
    case 'chain': {
      const [first = '', second, ...more] = args.split(/\s+/);
      const draftNo = parseRequestNo(first);
      const parentRef = second === undefined ? undefined : parseRef(second);
      if (draftNo && parentRef && more.length === 0) return { name: 'link', no: draftNo, ref: parentRef };
      const ref = parseRef(args);
      return ref ? { name: 'chain', ref } : { name: 'usage', command: 'chain', problem: args ? `「${args}」不是申请编号或合同编号` : '缺少申请编号或合同编号' };
    }
    case 'payable':
      return { name: 'payable' };
    case 'pay':
      return parsePay(tokens);
    case 'edit':
      return parseEdit(tokens);
    case 'attach': {
      const [noText = '', kind, ...more] = tokens;
      const no = parseRequestNo(noText);
      if (!no) return { name: 'usage', command: 'attach', problem: noText ? `「${noText}」不是申请编号` : '缺少申请编号' };
      if (more.length > 0) return { name: 'usage', command: 'attach', problem: '附件种类中不能有空格' };
      return { name: 'attach', no, kind: kind?.slice(0, 40) };
    }
    case 'submit': {
      const [noText = '', ...rest] = tokens;
      const no = parseRequestNo(noText);
      if (!no) return { name: 'usage', command: 'submit', problem: noText ? `「${noText}」不是申请编号` : '缺少申请编号' };
      const explanation = rest.join(' ').trim();
      return { name: 'submit', no, explanation: explanation || undefined };
    }
    case 'alerts':
      return { name: 'alerts' };
    case 'acknowledge':
    case 'close': {
      const [noText = '', ...rest] = tokens;
      const alertNo = parseRequestNo(noText);
      if (!alertNo) return { name: 'usage', command: name, problem: noText ? `「${noText}」不是告警编号` : '缺少告警编号' };
      const note = rest.join(' ').trim();
      if (name === 'close' && !note) return { name: 'usage', command: 'close', problem: '请写明核查结论' };
      return { name: 'alert', action: name, alertNo, note };
    }
    case 'detach': {
      const [noText = '', seqText = '', ...more] = tokens;
      const no = parseRequestNo(noText);
      const seq = /^\d{1,4}$/.test(seqText) ? Number(seqText) : 0;
      if (!no || seq < 1 || more.length > 0) return { name: 'usage', command: 'detach', problem: !no ? '缺少申请编号' : '缺少附件序号（卡片上附件前的数字）' };
      return { name: 'detach', no, seq };
    }
    case 'search': {
      const parsed = parseSearch(tokens);
      return parsed.ok ? { name: 'search', filters: parsed.filters } : { name: 'usage', command: 'search', problem: parsed.problem };
    }
    case 'decided':
      return { name: 'decided' };
    case 'report': {
      const parsed = parseReport(args);
      return parsed.ok ? parsed.command : { name: 'usage', command: 'report', problem: parsed.problem };
    }
    case 'trail': {
      const [noText = '', pageText = '1', ...more] = tokens;
      const no = parseRequestNo(noText);
      if (!no) return { name: 'usage', command: 'trail', problem: noText ? `「${noText}」不是申请编号` : '缺少申请编号' };
      if (!/^(?:第)?\d{1,4}(?:页)?$/.test(pageText) || more.length > 0)
        return { name: 'usage', command: 'trail', problem: `看不懂「${[pageText, ...more].join(' ')}」，页码请写数字` };
      return { name: 'trail', no, page: Math.max(1, Number(pageText.replace(/\D/g, ''))) };
    }
  }
}

/** "12", "No.12", "#12", "no12" → 12 */
export function parseRequestNo(text: string): number | undefined {
  const m = /^(?:no\.?|#|＃)?\s*(\d{1,9})$/i.exec(text.trim());
  return m ? Number(m[1]) : undefined;
}

/** A request number ("12", "No.12") as "12", or a contract number as written; undefined otherwise. */
function parseRef(text: string): string | undefined {
  const no = parseRequestNo(text);
  if (no) return String(no);
  const ref = text.trim();
  return ref && !/\s/.test(ref) && looksLikeContractNo(ref) ? ref : undefined;
}

const VOUCHER = /^(?:凭证号|凭证|voucher)[=:：](.*)$/i;
const PAY_DATE = /^(?:日期|付款日期|date)[=:：](.*)$/i;

function parsePay(tokens: string[]): Command {
  const [noText = '', ...rest] = tokens;
  const no = parseRequestNo(noText);
  if (!no) return { name: 'usage', command: 'pay', problem: noText ? `「${noText}」不是申请编号` : '缺少申请编号' };
  let voucherNo: string | undefined;
  let date: string | undefined;
  for (const token of rest) {
    const v = VOUCHER.exec(token);
    const d = PAY_DATE.exec(token);
    if (v) voucherNo = v[1];
    else if (d) date = d[1];
    else return { name: 'usage', command: 'pay', problem: `看不懂「${token}」，凭证号请写成 凭证号=…，日期写成 日期=YYYY-MM-DD` };
  }
  if (!voucherNo) return { name: 'usage', command: 'pay', problem: '缺少凭证号' };
  if (date !== undefined && !isMeetingDate(date)) return { name: 'usage', command: 'pay', problem: `付款日期「${date}」不存在，应为实际日期（YYYY-MM-DD）` };
  return { name: 'pay', no, voucherNo, date };
}

/** the fields of /修改, by what they set */
type EditKey = 'amountText' | 'purpose' | 'subject' | 'project' | 'supplier';
const EDIT_KEYS: [RegExp, EditKey, string][] = [
  [/^(?:金额|amount)[=＝:：](.*)$/i, 'amountText', '金额'],
  [/^(?:事由|purpose)[=＝:：](.*)$/i, 'purpose', '事由'],
  [/^(?:科目|subject)[=＝:：](.*)$/i, 'subject', '科目'],
  [/^(?:项目|project)[=＝:：](.*)$/i, 'project', '项目'],
  [/^(?:供应商|supplier)[=＝:：](.*)$/i, 'supplier', '供应商'],
];

/**
 * /修改 编号 金额=… 事由=… 科目=… 项目=… 供应商=… (any subset, any order). A value runs to the next
 * space, except 事由's: it takes every word up to the next `key=` token, so 「事由=补充 报价单」 is
 * one 事由. Empty values are refused rather than read as "clear it".
 */
function parseEdit(tokens: string[]): Command {
  const usage = (problem: string): Command => ({ name: 'usage', command: 'edit', problem });
  const [noText = '', ...rest] = tokens;
  const no = parseRequestNo(noText);
  if (!no) return usage(noText ? `「${noText}」不是申请编号` : '缺少申请编号');
  const fields: Partial<Record<EditKey, string>> = {};
  const labels: Partial<Record<EditKey, string>> = {};
  let open: EditKey | undefined;
  for (const token of rest) {
    const key = EDIT_KEYS.map(([pattern, name, label]) => [pattern.exec(token), name, label] as const).find(([m]) => m);
    if (key) {
      const [m, name, label] = key;
      if (fields[name] !== undefined) return usage(`「${label}」写了两次`);
      fields[name] = m![1]!;
      labels[name] = label;
      open = name;
    } else if (open === 'purpose') fields.purpose = `${fields.purpose} ${token}`.trim();
    else if (open !== undefined) return usage(`${labels[open]}不能含空格（看不懂「${token}」）；只有 事由 可以写几个词`);
    else return usage(AMOUNT_LIKE.test(token) ? `看不懂「${token}」，金额请写成 金额=${token}` : `看不懂「${token}」，要修改的内容请写成 金额=… 事由=… 科目=… 项目=… 供应商=…`);
  }
  const given = Object.keys(fields) as EditKey[];
  if (given.length === 0) return usage('请写明要修改的内容');
  const empty = given.find((k) => fields[k]!.trim() === '');
  if (empty) return usage(`「${labels[empty]}=」后缺少内容`);
  return { name: 'edit', no, ...fields };
}

const MEETING_DATE = /^(?:会议|meeting)[=:：](\S+)$/i;
const MINUTES_NO = /^(?:纪要|minutes)[=:：](\S+)$/i;

function parseDecision(action: DecisionAction, args: string): Command {
  const [noText = '', ...rest] = args ? args.split(/\s+/) : [];
  const no = parseRequestNo(noText);
  if (!no) return { name: 'usage', command: action, problem: noText ? `「${noText}」不是申请编号` : '缺少申请编号' };
  let transferTo: string | undefined;
  if (action === 'transfer') {
    transferTo = rest.shift();
    if (!transferTo) return { name: 'usage', command: action, problem: '缺少转交对象' };
  }
  let date: string | undefined;
  let minutesNo: string | undefined;
  const words: string[] = [];
  for (const token of rest) {
    const d = MEETING_DATE.exec(token);
    const m = MINUTES_NO.exec(token);
    if (d && !isMeetingDate(d[1]!)) return { name: 'usage', command: action, problem: `会议日期「${d[1]}」不存在，应为实际日期（YYYY-MM-DD）` };
    if (d) date = d[1];
    else if (m) minutesNo = m[1];
    else words.push(token);
  }
  const comment = words.join(' ');
  if ((action === 'reject' || action === 'return') && !comment) return { name: 'usage', command: action, problem: '请写明理由' };
  const meeting = date && minutesNo ? { date, minutesNo } : undefined;
  return { name: 'decide', action, no, comment, transferTo, meeting };
}

/** keyed tokens of /申请, by what they set */
type ApplyKey = 'supplier' | 'project' | 'parent' | 'contractNo' | 'instalments' | 'instalment' | 'target';
const APPLY_KEYS: [RegExp, ApplyKey][] = [
  [/^(?:供应商|supplier)[=:：](.+)$/i, 'supplier'],
  [/^(?:项目|project)[=:：](.+)$/i, 'project'],
  [/^(?:关联|link)[=:：](.*)$/i, 'parent'],
  [/^(?:合同号|合同编号|contract)[=:：](.+)$/i, 'contractNo'],
  [/^(?:分期|instalments)[=:：](.*)$/i, 'instalments'],
  [/^(?:期次|instalment)[=:：](.*)$/i, 'instalment'],
  [/^(?:调入|target)[=:：](.+)$/i, 'target'],
];

/** What an amount typed in a command looks like (parseYuan decides whether it is a valid one). */
const AMOUNT_LIKE = /^[¥￥]?\d[\d,，]*(?:\.\d*)?元?$/;

function parseApply(tokens: string[], knownTypes: readonly string[]): Command {
  const rest = [...tokens];
  let type: string | undefined;
  if (rest[0] && knownTypes.includes(rest[0])) type = rest.shift();
  const tags: string[] = [];
  const keyed: Partial<Record<ApplyKey, string>> = {};
  const positional: string[] = [];
  for (const token of rest) {
    const key = APPLY_KEYS.map(([pattern, name]) => [pattern.exec(token), name] as const).find(([m]) => m);
    if (key) keyed[key[1]] = key[0]![1]!.trim();
    else if (/^[#＃]\S+/.test(token)) tags.push(token.slice(1));
    else positional.push(token);
  }
  const usage = (problem: string): Command => ({ name: 'usage', command: 'apply', problem });

  let parent: string | undefined;
  if (keyed.parent !== undefined) {
    parent = parseRef(keyed.parent);
    if (!parent) return usage(`${keyed.parent ? `关联「${keyed.parent}」不是申请编号或合同编号` : '关联= 后缺少申请编号或合同编号'}，例如 关联=12 或 关联=HT-2026-003`);
  }
  let instalments: InstalmentInput[] | undefined;
  if (keyed.instalments !== undefined) {
    const spec = parseInstalments(keyed.instalments);
    if (!spec.ok) return usage(spec.problem);
    instalments = spec.instalments;
  }
  let instalment: number | undefined;
  if (keyed.instalment !== undefined) {
    instalment = /^\d{1,3}$/.test(keyed.instalment) ? Number(keyed.instalment) : 0;
    if (instalment < 1) return usage(`期次「${keyed.instalment}」应为第几期的数字，例如 期次=1`);
  }

  let subject: string | undefined;
  let amountText: string | undefined;
  let purpose: string[];
  if (parent !== undefined) {
    // 关联: the child takes the parent's line, so the subject may be left out, and a 验收 has no amount
    if (positional[0] !== undefined && AMOUNT_LIKE.test(positional[0])) [amountText, ...purpose] = positional;
    else if (positional[1] !== undefined && AMOUNT_LIKE.test(positional[1])) [subject, amountText, ...purpose] = positional;
    else purpose = positional;
  } else {
    [subject, amountText, ...purpose] = positional;
    if (!subject || !amountText) return usage(!subject ? '缺少科目和金额' : '缺少金额');
    if (AMOUNT_LIKE.test(subject)) return usage('缺少科目（不关联其他申请时须写科目）');
  }
  return {
    name: 'apply',
    type,
    subject,
    amountText,
    purpose: purpose.join(' '),
    supplier: keyed.supplier,
    project: keyed.project,
    tags,
    parent,
    contractNo: keyed.contractNo,
    instalments,
    instalment,
    target: keyed.target,
  };
}
