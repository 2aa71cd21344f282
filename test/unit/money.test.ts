import { describe, expect, it } from 'vitest';
import { isAppError } from '../../workflows/domain/errors.js';
import { formatYuan, parseBudgetYuan, parseYuan } from '../../workflows/domain/money.js';

describe('parseYuan', () => {
  it.each([
    ['1200', 120_000n],
    ['1200.5', 120_050n],
    ['1,200.50', 120_050n],
    ['1200.50元', 120_050n],
    ['￥0.01', 1n],
    [' 3 ', 300n],
    ['1,200', 120_000n],
    ['12,345.50', 1_234_550n],
    ['1，200', 120_000n],
    ['1,234,567.8', 123_456_780n],
    ['100,000,000', 10_000_000_000n],
  ])('reads %s as %s 分', (input, fen) => {
    expect(parseYuan(input)).toBe(fen);
  });

  it.each(['abc', '-5', '0', '0.00', '1e99', '12.345', '1.2.3', '', '99999999999999', 'NaN', 'Infinity', '1 200'])('refuses %j with AMOUNT_INVALID', (input) => {
    try {
      parseYuan(input);
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('AMOUNT_INVALID');
    }
  });

  // 千分位 separators only between groups of three digits: "12,50" is a typo, not 1,250.00
  it.each(['12,50', '1,2345', '1,20', ',100', '100,', '1,,200', '1200,000', '12，50', '1,200,00', '0,100', '1.200,50'])(
    'refuses the misplaced separator in %j with AMOUNT_INVALID',
    (input) => {
      expect(() => parseYuan(input)).toThrow(expect.objectContaining({ code: 'AMOUNT_INVALID' }));
    },
  );

  it('allows zero only for budget amounts', () => {
    expect(parseBudgetYuan('0')).toBe(0n);
    expect(parseBudgetYuan('0.00')).toBe(0n);
    expect(parseBudgetYuan('50000')).toBe(5_000_000n);
    expect(() => parseBudgetYuan('-1')).toThrow();
  });
});

describe('formatYuan', () => {
  it.each([
    [0n, '0.00'],
    [1n, '0.01'],
    [120_050n, '1,200.50'],
    [123_456_789_01n, '123,456,789.01'],
    [-250n, '-2.50'],
  ])('prints %s 分 as %s', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });

  it('round-trips every parsed amount', () => {
    for (const fen of [1n, 99n, 100n, 1_000_001n, 99_999_999_999n]) expect(parseYuan(formatYuan(fen))).toBe(fen);
  });
});
