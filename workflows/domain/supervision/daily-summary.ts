// The daily supervision summary (监察日报) as a notice: the alerts raised since the last summary counted
// by rule and by department, the red lights still open (longest overdue first), and the 三重一大
// decisions filed since the previous working day began. Meaning only — names resolved, 分 as decimal
// strings, times as the unit's clock — worded by bot/replies/supervision-words.ts.
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { z } from 'zod';
import { SUPERVISION_RULES, type SupervisionRule } from './finding.js';

dayjs.extend(utc);
dayjs.extend(timezone);

const Fen = z.string().regex(/^-?\d+$/);
/** red lights and filings listed one by one; the rest counted */
export const SUMMARY_SHOWN = 20;

export const DailySummaryNoticeSchema = z.object({
  kind: z.literal('supervision.summary'),
  /** YYYY-MM-DD: the working day the summary is for */
  day: z.string(),
  /** YYYY-MM-DD HH:mm: new alerts are those raised after this (the previous summary, or 24 hours before) */
  since: z.string(),
  newAlerts: z.object({
    total: z.number().int(),
    byRule: z.array(z.object({ rule: z.enum(SUPERVISION_RULES), count: z.number().int() })),
    /** department absent: an alert about no one department (e.g. 多次超时, about a person) */
    byDepartment: z.array(z.object({ department: z.string().optional(), count: z.number().int() })),
  }),
  /** steps still waiting past their time limit; since is YYYY-MM-DD HH:mm, when the light turned red */
  redLights: z.object({
    total: z.number().int(),
    items: z.array(z.object({ no: z.number().int(), step: z.string(), assignees: z.array(z.string()), since: z.string().optional() })),
  }),
  /** 三重一大 decisions filed from the start of `from` (YYYY-MM-DD, the previous working day) */
  filings: z.object({
    from: z.string(),
    total: z.number().int(),
    items: z.array(
      z.object({
        alertNo: z.number().int(),
        requestNos: z.array(z.number().int()),
        type: z.string().optional(),
        amount: Fen.optional(),
        meetingDate: z.string().optional(),
        minutesNo: z.string().optional(),
      }),
    ),
  }),
});
export type DailySummaryNotice = z.infer<typeof DailySummaryNoticeSchema>;

export interface DailySummaryRows {
  day: string;
  since: Date;
  /** the previous working day */
  filedFrom: string;
  newAlerts: readonly { rule: string; departmentId: string | null }[];
  redLights: readonly { no: number; step: string; assignees: readonly string[]; dueAt: Date | null }[];
  filings: readonly { no: number; requestNos: readonly number[]; amount: bigint | null; facts: unknown }[];
}

export interface SummaryNames {
  person(id: string): string;
  department(id: string): string;
}

const RULE_ORDER = new Map<string, number>(SUPERVISION_RULES.map((rule, i) => [rule, i]));
const isRule = (rule: string): rule is SupervisionRule => RULE_ORDER.has(rule);
const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

export function shapeDailySummary(rows: DailySummaryRows, names: SummaryNames, tz: string): DailySummaryNotice {
  const clock = (at: Date) => dayjs(at).tz(tz).format('YYYY-MM-DD HH:mm');

  const byRule = new Map<SupervisionRule, number>();
  const byDepartment = new Map<string, number>();
  for (const alert of rows.newAlerts) {
    if (isRule(alert.rule)) byRule.set(alert.rule, (byRule.get(alert.rule) ?? 0) + 1);
    const key = alert.departmentId ?? '';
    byDepartment.set(key, (byDepartment.get(key) ?? 0) + 1);
  }
  const departments = [...byDepartment.entries()]
    .map(([id, count]) => ({ department: id ? names.department(id) : undefined, count }))
    // most alerts first; those about no department last
    .sort(
      (a, b) => (a.department === undefined ? 1 : 0) - (b.department === undefined ? 1 : 0) || b.count - a.count || (a.department ?? '').localeCompare(b.department ?? '', 'zh'),
    );

  const red = [...rows.redLights].sort((a, b) => (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity) || a.no - b.no);
  const filings = [...rows.filings].sort((a, b) => a.no - b.no);

  return {
    kind: 'supervision.summary',
    day: rows.day,
    since: clock(rows.since),
    newAlerts: {
      total: rows.newAlerts.length,
      byRule: [...byRule.entries()].sort((a, b) => RULE_ORDER.get(a[0])! - RULE_ORDER.get(b[0])!).map(([rule, count]) => ({ rule, count })),
      byDepartment: departments,
    },
    redLights: {
      total: red.length,
      items: red.slice(0, SUMMARY_SHOWN).map((s) => ({ no: s.no, step: s.step, assignees: s.assignees.map(names.person), since: s.dueAt ? clock(s.dueAt) : undefined })),
    },
    filings: {
      from: rows.filedFrom,
      total: filings.length,
      items: filings.slice(0, SUMMARY_SHOWN).map((f) => {
        const facts = (typeof f.facts === 'object' && f.facts !== null ? f.facts : {}) as Record<string, unknown>;
        return {
          alertNo: f.no,
          requestNos: [...f.requestNos],
          type: text(facts.type),
          amount: f.amount?.toString(),
          meetingDate: text(facts.meetingDate),
          minutesNo: text(facts.minutesNo),
        };
      }),
    },
  };
}
