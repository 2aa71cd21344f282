// Typed commands, Chinese and English: /申请 /apply, /预算 /budget, /待办 /todo, /进度 /status,
// /撤回 /withdraw, /帮助 /help. DingTalk and WeCom have no slash commands, so this is plain text;
// Slack's real slash commands arrive here as the same text. Decisions can be typed too
// (/同意 /驳回 /退回 /转交), for cards that cannot collect a comment.
import { isMeetingDate } from '../../workflows/domain/meeting-date.js';
import type { DecisionAction } from '../../workflows/domain/types.js';

export type Command =
  | { name: 'apply'; type?: string; subject: string; amountText: string; purpose: string; supplier?: string; project?: string; tags: string[] }
  | { name: 'budget'; query?: string }
  | { name: 'todo' }
  | { name: 'status'; no?: number }
  | { name: 'withdraw'; no: number }
  | { name: 'help'; topic?: string }
  /** decisions by text, for platforms whose cards cannot collect a comment: /驳回 12 理由 */
  | { name: 'decide'; action: DecisionAction; no: number; comment: string; transferTo?: string; meeting?: { date: string; minutesNo: string } }
  | { name: 'unknown'; text: string }
  | { name: 'usage'; command: 'apply' | 'status' | 'withdraw' | DecisionAction; problem: string };

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

const ALIASES: Record<string, Exclude<Command['name'], 'unknown' | 'usage' | 'decide'>> = {
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
  帮助: 'help',
  help: 'help',
};

const KEYED = /^(供应商|supplier|项目|project)[=:：](.+)$/i;

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
  if (!name || (!hasSlash && !['帮助', '预算', '待办', '进度', 'help'].includes(match[1] ?? ''))) return { name: 'unknown', text };
  const args = (match[2] ?? '').trim();
  const tokens = args ? args.split(/\s+/) : [];
  switch (name) {
    case 'apply':
      return parseApply(tokens, knownTypes);
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
    case 'withdraw': {
      const no = parseRequestNo(args);
      return no ? { name: 'withdraw', no } : { name: 'usage', command: 'withdraw', problem: args ? `「${args}」不是申请编号` : '缺少申请编号' };
    }
  }
}

/** "12", "No.12", "#12", "no12" → 12 */
export function parseRequestNo(text: string): number | undefined {
  const m = /^(?:no\.?|#|＃)?\s*(\d{1,9})$/i.exec(text.trim());
  return m ? Number(m[1]) : undefined;
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

function parseApply(tokens: string[], knownTypes: readonly string[]): Command {
  const rest = [...tokens];
  let type: string | undefined;
  if (rest[0] && knownTypes.includes(rest[0])) type = rest.shift();
  const tags: string[] = [];
  let supplier: string | undefined;
  let project: string | undefined;
  const positional: string[] = [];
  for (const token of rest) {
    const keyed = KEYED.exec(token);
    if (keyed) {
      if (/^(供应商|supplier)$/i.test(keyed[1]!)) supplier = keyed[2];
      else project = keyed[2];
    } else if (/^[#＃]\S+/.test(token)) tags.push(token.slice(1));
    else positional.push(token);
  }
  const [subject, amountText, ...purpose] = positional;
  if (!subject || !amountText) {
    return { name: 'usage', command: 'apply', problem: !subject ? '缺少科目和金额' : '缺少金额' };
  }
  return { name: 'apply', type, subject, amountText, purpose: purpose.join(' '), supplier, project, tags };
}
