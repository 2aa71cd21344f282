// What the service API's oversight calls hand the chat layer (/查询, /已办, /审计): plain data in
// domain types, never database rows. views.ts re-exports them.
import type { SearchFilters, SearchLight } from '../domain/search/search-filters.js';
import type { Platform } from '../domain/org-file.js';
import type { DecisionAction, Light, RequestStatus } from '../domain/types.js';

export type { SearchFilters, SearchLight };

/** One request found by /查询. */
export interface SearchRow {
  id: string;
  no: number;
  createdAt: Date;
  requester: string;
  department: string;
  type: string;
  amount: bigint;
  supplier: string;
  status: RequestStatus;
  /** the current (active) step and its light; null when no step is open */
  step: string | null;
  light: Light | null;
}

export interface SearchResult {
  /** what the searcher's roles let the search cover */
  scope: 'unit' | 'own';
  /** every match, and their amounts added up (分) */
  count: number;
  total: bigint;
  /** the newest matches, at most SEARCH_ROWS */
  rows: SearchRow[];
}

/** A decision the person made (/已办). */
export interface DecidedItem {
  requestId: string;
  no: number;
  type: string;
  amount: bigint;
  /** where the request stands now */
  status: RequestStatus;
  step: string;
  action: DecisionAction;
  /** the name of the person a deputy acted for; null when they acted for themselves */
  onBehalfOf: string | null;
  at: Date;
}

/** One audit event of a request, as /审计 shows it. */
export interface AuditTrailEvent {
  seq: bigint;
  at: Date;
  actorId: string | null;
  /** the actor's name (their id when they are gone); null for the system */
  who: string | null;
  platform: Platform | null;
  action: string;
  /** the step a decision was on */
  step: string | null;
  hash: string;
}

export interface AuditTrail {
  requestId: string;
  no: number;
  /** in order (by seq) */
  events: AuditTrailEvent[];
}
