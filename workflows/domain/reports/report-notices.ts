// What a report answer carries for the chat text (bot/replies/report-words.ts words it): the figures
// of its summary, and the workbook kept for the reader. Amounts are 分 as decimal strings (JSON has no
// bigint), rates basis points (240 = 2.40%).
import { z } from 'zod';

const Fen = z.string().regex(/^-?\d+$/);
const Bp = z.number().int();

export const REPORT_KINDS = ['budget', 'performance', 'three_public', 'contracts'] as const;

export const ReportSummarySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('budget'),
    /** 全部 or the department's name */
    scope: z.string(),
    asOf: z.string(),
    budget: Fen,
    spent: Fen,
    frozen: Fen,
    committed: Fen,
    available: Fen,
    executionBp: Bp,
    timeProgressBp: Bp,
    lines: z.number().int(),
    /** the departments furthest behind the 序时进度 (at most three), for the text */
    lagging: z.array(z.object({ department: z.string(), executionBp: Bp })).default([]),
  }),
  z.object({
    kind: z.literal('performance'),
    scope: z.string(),
    month: z.string(),
    handled: z.number().int(),
    onTimeBp: Bp.nullable(),
    yellow: z.number().int(),
    red: z.number().int(),
    returns: z.number().int(),
    alerts: z.number().int(),
    averageMinutes: z.number().nullable(),
  }),
  z.object({
    kind: z.literal('three_public'),
    scope: z.string(),
    asOf: z.string(),
    rows: z.array(z.object({ category: z.string(), cap: Fen, spent: Fen, usedBp: Bp, yoyBp: Bp.nullable() })),
  }),
  z.object({
    kind: z.literal('contracts'),
    scope: z.string(),
    asOf: z.string(),
    count: z.number().int(),
    amount: Fen,
    paid: Fen,
    remaining: Fen,
    paidBp: Bp,
  }),
]);
export type ReportSummary = z.infer<typeof ReportSummarySchema>;

/** a report made for the reader: the summary's figures, and the workbook sent with it (report.file) */
export const ReportReadyNoticeSchema = z.object({
  kind: z.literal('report.ready'),
  reportId: z.string(),
  fileName: z.string(),
  size: z.number().int(),
  summary: ReportSummarySchema,
  /** sent by the monthly push (not asked for) */
  pushed: z.boolean().optional(),
});
