// The filters of oversight search (/查询, 监督查询): what a person may ask of the requests of the unit.
// The chat layer parses the typed words (bot/commands/parse-search.ts) and hands the core codes and
// 分 here; the core checks them once more (the service API has other callers) and records them, in
// their JSON form, with every search it runs (query.run).
import { z } from 'zod';
import { isMeetingDate } from '../meeting-date.js';
import { REQUEST_STATUSES, type RequestStatus } from '../types.js';

/** 灯=: only the lights worth looking for (a green step is every step on time) */
export const SEARCH_LIGHTS = ['yellow', 'red'] as const;
export type SearchLight = (typeof SEARCH_LIGHTS)[number];

export interface SearchFilters {
  /** 部门=: a department's name or id */
  department?: string;
  /** 申请人=: a person's name or id */
  requester?: string;
  /** 类型=: a request type of the policy */
  type?: string;
  /** 状态= */
  status?: RequestStatus;
  /** 供应商=: the supplier exactly as written on the requests */
  supplier?: string;
  /** 金额>= and 金额<=, in 分 */
  minAmount?: bigint;
  maxAmount?: bigint;
  /** 从= and 到=: YYYY-MM-DD, both days included, in the unit's time zone, on the day a request was drafted */
  from?: string;
  to?: string;
  /** #标签: requests carrying every one of them */
  tags?: string[];
  /** 灯=: the light of the request's current step */
  light?: SearchLight;
}

const Day = z.string().refine(isMeetingDate, 'not a calendar day (YYYY-MM-DD)');
const Text = z.string().trim().min(1).max(100);
const Fen = z.bigint().positive();

export const SearchFiltersSchema = z
  .object({
    department: Text.optional(),
    requester: Text.optional(),
    type: Text.optional(),
    status: z.enum(REQUEST_STATUSES).optional(),
    supplier: Text.optional(),
    minAmount: Fen.optional(),
    maxAmount: Fen.optional(),
    from: Day.optional(),
    to: Day.optional(),
    tags: z.array(Text).max(10).optional(),
    light: z.enum(SEARCH_LIGHTS).optional(),
  })
  .strict()
  .refine((f) => f.minAmount === undefined || f.maxAmount === undefined || f.minAmount <= f.maxAmount, 'minAmount above maxAmount')
  .refine((f) => f.from === undefined || f.to === undefined || f.from <= f.to, 'from after to');

/** The filters as JSON (amounts in 分 as decimal strings), for the audit trail and the answer's heading. */
export type SearchFiltersJson = { [K in keyof SearchFilters]?: SearchFilters[K] extends bigint | undefined ? string : SearchFilters[K] };

export function filtersJson(filters: SearchFilters): SearchFiltersJson {
  const json: SearchFiltersJson = {};
  for (const [key, value] of Object.entries(filters) as [keyof SearchFilters, SearchFilters[keyof SearchFilters]][]) {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    (json as Record<string, unknown>)[key] = typeof value === 'bigint' ? value.toString() : value;
  }
  return json;
}
