// The answers of oversight search as notices (effects.ts takes them into NoticeSchema): /查询's count,
// total and first rows, /已办's decisions, /审计's events. Meaning only — codes, 分 as decimal strings,
// dates as the unit's calendar and clock — worded by bot/replies/search-words.ts.
import { z } from 'zod';
import { PLATFORMS } from '../org-file.js';
import { DECISION_ACTIONS, LIGHTS, REQUEST_STATUSES } from '../types.js';
import { SEARCH_LIGHTS } from './search-filters.js';

const Fen = z.string().regex(/^-?\d+$/);

/** the filters searched with, as filtersJson writes them */
const FiltersSchema = z.object({
  department: z.string().optional(),
  requester: z.string().optional(),
  type: z.string().optional(),
  status: z.enum(REQUEST_STATUSES).optional(),
  supplier: z.string().optional(),
  minAmount: Fen.optional(),
  maxAmount: Fen.optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  tags: z.array(z.string()).optional(),
  light: z.enum(SEARCH_LIGHTS).optional(),
});

export const SearchResultNoticeSchema = z.object({
  kind: z.literal('search.result'),
  /** the whole unit (oversight roles), or the searcher's own requests */
  scope: z.enum(['unit', 'own']),
  filters: FiltersSchema,
  /** every match, and their amounts added up */
  count: z.number().int(),
  total: Fen,
  /** the newest matches; date is YYYY-MM-DD in the unit's time zone */
  rows: z.array(
    z.object({
      no: z.number().int(),
      date: z.string(),
      requester: z.string(),
      department: z.string(),
      type: z.string(),
      amount: Fen,
      supplier: z.string(),
      status: z.enum(REQUEST_STATUSES),
      /** the current step and its light, while one is open */
      step: z.string().optional(),
      light: z.enum(LIGHTS).optional(),
    }),
  ),
});

export const DecidedListNoticeSchema = z.object({
  kind: z.literal('decided.list'),
  /** newest first; at is YYYY-MM-DD HH:mm in the unit's time zone */
  items: z.array(
    z.object({
      no: z.number().int(),
      type: z.string(),
      amount: Fen,
      step: z.string(),
      action: z.enum(DECISION_ACTIONS),
      /** the person a deputy acted for */
      onBehalfOf: z.string().optional(),
      at: z.string(),
    }),
  ),
});

export const AuditTrailNoticeSchema = z.object({
  kind: z.literal('audit.trail'),
  no: z.number().int(),
  /** all events of the request, and which page of them this is (from 1) */
  total: z.number().int(),
  page: z.number().int(),
  pages: z.number().int(),
  /** in order; at is YYYY-MM-DD HH:mm:ss in the unit's time zone; action is the audit code (words in bot/replies) */
  events: z.array(
    z.object({
      seq: z.number().int(),
      at: z.string(),
      /** the person's name; absent for the system */
      who: z.string().optional(),
      platform: z.enum(PLATFORMS).optional(),
      action: z.string(),
      /** the step a decision was on */
      step: z.string().optional(),
      /** the first characters of the event's hash */
      hash: z.string(),
    }),
  ),
});
