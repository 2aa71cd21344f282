// The service's oversight answers (/查询, /已办, /审计) as notices: dates in the unit's time zone, 分 as
// decimal strings, the audit trail one page at a time — at most 20 lines, so an answer fits in one
// chat message (DingTalk and WeCom texts hold about 2,000 characters).
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { filtersJson, type SearchFilters } from '../../workflows/domain/search/search-filters.js';
import type { AuditTrail, DecidedItem, Notice, SearchResult } from '../../workflows/service/workflow-service.js';

dayjs.extend(utc);
dayjs.extend(timezone);

/** audit events on one page of /审计 */
export const TRAIL_PAGE = 20;
/** how much of an event's hash /审计 shows */
const HASH_PREFIX = 8;

const at = (date: Date, tz: string, format: string) => dayjs(date).tz(tz).format(format);

export function searchNotice(result: SearchResult, filters: SearchFilters, tz: string): Notice {
  return {
    kind: 'search.result',
    scope: result.scope,
    filters: filtersJson(filters),
    count: result.count,
    total: result.total.toString(),
    rows: result.rows.map((r) => ({
      no: r.no,
      date: at(r.createdAt, tz, 'YYYY-MM-DD'),
      requester: r.requester,
      department: r.department,
      type: r.type,
      amount: r.amount.toString(),
      supplier: r.supplier,
      status: r.status,
      step: r.step ?? undefined,
      light: r.light ?? undefined,
    })),
  };
}

export function decidedNotice(items: DecidedItem[], tz: string): Notice {
  return {
    kind: 'decided.list',
    items: items.map((d) => ({
      no: d.no,
      type: d.type,
      amount: d.amount.toString(),
      step: d.step,
      action: d.action,
      onBehalfOf: d.onBehalfOf ?? undefined,
      at: at(d.at, tz, 'YYYY-MM-DD HH:mm'),
    })),
  };
}

/** page `page` of the trail (the last one when it asks beyond) */
export function trailNotice(trail: AuditTrail, page: number, tz: string): Notice {
  const pages = Math.max(1, Math.ceil(trail.events.length / TRAIL_PAGE));
  const shown = Math.min(Math.max(1, page), pages);
  return {
    kind: 'audit.trail',
    no: trail.no,
    total: trail.events.length,
    page: shown,
    pages,
    events: trail.events.slice((shown - 1) * TRAIL_PAGE, shown * TRAIL_PAGE).map((e) => ({
      seq: Number(e.seq),
      at: at(e.at, tz, 'YYYY-MM-DD HH:mm:ss'),
      who: e.who ?? undefined,
      platform: e.platform ?? undefined,
      action: e.action,
      step: e.step ?? undefined,
      hash: e.hash.slice(0, HASH_PREFIX),
    })),
  };
}
