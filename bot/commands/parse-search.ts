// /查询's conditions as people type them — 部门=城建办 状态=审批中 金额>=50000 从=2026-01-01 #应急 灯=红 —
// into the core's filters (codes and 分). Anything not understood is a usage answer naming the word,
// never a search with the word dropped: a supervisor must not read "nothing found" for a typo.
import { isAppError } from '../../workflows/domain/errors.js';
import { isMeetingDate } from '../../workflows/domain/meeting-date.js';
import { parseYuan } from '../../workflows/domain/money.js';
import type { SearchFilters } from '../../workflows/domain/search/search-filters.js';
import { LIGHT_WORDS, STATUS_CHOICES, STATUS_WORDS } from '../replies/search-words.js';

export type SearchParse = { ok: true; filters: SearchFilters } | { ok: false; problem: string };

type TextKey = 'department' | 'requester' | 'type' | 'status' | 'supplier' | 'from' | 'to' | 'light';
const KEYS: [RegExp, TextKey, string][] = [
  [/^(?:部门|department|dept)[=＝:：](.*)$/i, 'department', '部门'],
  [/^(?:申请人|经办人|requester)[=＝:：](.*)$/i, 'requester', '申请人'],
  [/^(?:类型|type)[=＝:：](.*)$/i, 'type', '类型'],
  [/^(?:状态|status)[=＝:：](.*)$/i, 'status', '状态'],
  [/^(?:供应商|supplier)[=＝:：](.*)$/i, 'supplier', '供应商'],
  [/^(?:从|起|from)[=＝:：](.*)$/i, 'from', '从'],
  [/^(?:到|至|to)[=＝:：](.*)$/i, 'to', '到'],
  [/^(?:灯|light)[=＝:：](.*)$/i, 'light', '灯'],
];
/** 金额>=… 金额<=… 金额=…, with the full-width and ≥ ≤ forms */
const AMOUNT = /^(?:金额|amount)\s*(>=|＞＝|>＝|≥|<=|＜＝|<＝|≤|=|＝|>|＞|<|＜)(.*)$/i;

export function parseSearch(tokens: readonly string[]): SearchParse {
  const problem = (text: string): SearchParse => ({ ok: false, problem: text });
  const text: Partial<Record<TextKey, string>> = {};
  const tags: string[] = [];
  let minAmount: bigint | undefined;
  let maxAmount: bigint | undefined;
  for (const token of tokens) {
    if (/^[#＃]/.test(token)) {
      const tag = token.slice(1);
      if (!tag) return problem('「#」后缺少标签');
      if (!tags.includes(tag)) tags.push(tag);
      continue;
    }
    const amount = AMOUNT.exec(token);
    if (amount) {
      const [op = '', value = ''] = [amount[1], amount[2]?.trim()];
      if (/^[>＞<＜]$/.test(op)) return problem(`金额请写成 金额>=${value || '…'} 或 金额<=${value || '…'}（含等于）`);
      const fen = yuanOrUndefined(value);
      if (fen === undefined) return problem(value ? `金额「${value}」无效，应为大于 0 的元数，例如 50000 或 1200.50` : `「金额${op}」后缺少金额`);
      const atLeast = /^(>=|＞＝|>＝|≥|=|＝)$/.test(op);
      const atMost = /^(<=|＜＝|<＝|≤|=|＝)$/.test(op);
      if ((atLeast && minAmount !== undefined) || (atMost && maxAmount !== undefined)) return problem('金额的下限或上限写了两次');
      if (atLeast) minAmount = fen;
      if (atMost) maxAmount = fen;
      continue;
    }
    const key = KEYS.map(([pattern, name, label]) => [pattern.exec(token), name, label] as const).find(([m]) => m);
    if (!key) return problem(`看不懂「${token}」，查询条件请写成 部门=… 状态=… 金额>=… 从=YYYY-MM-DD #标签 等`);
    const [m, name, label] = key;
    const value = m![1]!.trim();
    if (!value) return problem(`「${label}=」后缺少内容`);
    if (text[name] !== undefined) return problem(`「${label}」写了两次`);
    text[name] = value;
  }

  const status = text.status === undefined ? undefined : wordIn(STATUS_WORDS, text.status);
  if (text.status !== undefined && !status) return problem(`没有「${text.status}」这种状态，可写：${STATUS_CHOICES}`);
  const light = text.light === undefined ? undefined : wordIn(LIGHT_WORDS, text.light);
  if (text.light !== undefined && !light) return problem(`灯只能查 黄 或 红（「${text.light}」不行）`);
  for (const [day, label] of [
    [text.from, '从'],
    [text.to, '到'],
  ] as const) {
    if (day !== undefined && !isMeetingDate(day)) return problem(`${label}=「${day}」不是实际存在的日期，应写成 YYYY-MM-DD，例如 2026-03-01`);
  }
  if (text.from !== undefined && text.to !== undefined && text.from > text.to) return problem(`开始日期 ${text.from} 晚于结束日期 ${text.to}`);
  if (minAmount !== undefined && maxAmount !== undefined && minAmount > maxAmount) return problem('金额下限大于上限');

  const filters: SearchFilters = {
    department: text.department,
    requester: text.requester,
    type: text.type,
    status,
    supplier: text.supplier,
    minAmount,
    maxAmount,
    from: text.from,
    to: text.to,
    tags: tags.length > 0 ? tags : undefined,
    light,
  };
  return { ok: true, filters: Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as SearchFilters };
}

/** the code a typed word stands for (English in any case); never a property every object has */
function wordIn<T>(words: Readonly<Record<string, T>>, typed: string): T | undefined {
  const key = typed.toLowerCase();
  return Object.hasOwn(words, key) ? words[key] : Object.hasOwn(words, typed) ? words[typed] : undefined;
}

function yuanOrUndefined(text: string): bigint | undefined {
  try {
    return parseYuan(text);
  } catch (error) {
    if (isAppError(error)) return undefined;
    throw error;
  }
}
