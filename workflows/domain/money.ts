// Money is integer 分 (fen) everywhere; 元 strings appear only at the edges.
import { appError } from './errors.js';

/** Largest amount we accept: 10 亿元 in 分. Anything above is a typo, not a request. */
export const MAX_FEN = 100_000_000_000n;

/** 元 with at most two decimals; 千分位 separators (`,` or full-width `，`) only between groups of three digits. */
const YUAN_PATTERN = /^(\d{1,12}|[1-9]\d{0,2}(?:[,，]\d{3}){1,3})(?:\.(\d{1,2}))?$/;

/**
 * Parses a user-typed 元 amount ("1200", "1,200.5", "1200.50元", "￥3.2") into 分.
 * Refuses negatives, zero, exponents, more than two decimals, misplaced separators ("12,50") and
 * absurd sizes with AMOUNT_INVALID.
 */
export function parseYuan(input: string): bigint {
  const cleaned = input
    .trim()
    .replace(/^[¥￥]/, '')
    .replace(/元$/, '');
  const match = YUAN_PATTERN.exec(cleaned);
  if (!match) throw appError('AMOUNT_INVALID', `not an amount: ${input}`, { input });
  const fen = BigInt((match[1] ?? '0').replace(/[,，]/g, '')) * 100n + BigInt((match[2] ?? '').padEnd(2, '0') || '0');
  if (fen <= 0n) throw appError('AMOUNT_INVALID', `amount must be positive: ${input}`, { input });
  if (fen > MAX_FEN) throw appError('AMOUNT_INVALID', `amount too large: ${input}`, { input });
  return fen;
}

/** Formats 分 as 元 with two decimals and thousands separators: 123456n → "1,234.56". */
export function formatYuan(fen: bigint): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const yuan = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${yuan}.${cents}`;
}

/** Parses a budget amount from the organisation file: like parseYuan, but zero is allowed. */
export function parseBudgetYuan(input: string): bigint {
  return /^\s*0+(\.0{1,2})?\s*$/.test(input) ? 0n : parseYuan(input);
}
