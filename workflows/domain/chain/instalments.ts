// 分期: a contract's instalments, each an amount or a percentage of the contract with a condition
// (e.g. 验收合格后). Percentages are turned into amounts exact to the 分: each rounds down, and the
// last instalment given as a percentage takes what rounding left over, so the instalments always
// add up to the contract amount exactly.
import { appError } from '../errors.js';

export interface InstalmentInput {
  /** in 分 */
  amount?: bigint;
  /** percent of the contract amount in hundredths (30% → 3000, 12.5% → 1250) */
  percentBasis?: number;
  condition: string;
}

export interface Instalment {
  /** 期次, from 1 */
  index: number;
  amount: bigint;
  condition: string;
}

export function planInstalments(total: bigint, input: readonly InstalmentInput[]): Instalment[] {
  if (input.length === 0) return [{ index: 1, amount: total, condition: '' }];
  const invalid = (problem: string) => appError('INSTALMENTS_INVALID', problem, { problem, total: total.toString() });
  const amounts = input.map((item) => {
    if ((item.amount === undefined) === (item.percentBasis === undefined)) throw invalid('each instalment needs an amount or a percentage');
    if (item.amount !== undefined) {
      if (item.amount <= 0n) throw invalid('instalment amount must be positive');
      return item.amount;
    }
    const basis = item.percentBasis!;
    if (!Number.isInteger(basis) || basis <= 0 || basis > 10000) throw invalid('percentage out of range');
    return (total * BigInt(basis)) / 10000n;
  });
  // Each percentage rounds down, losing less than 1 分, so a plan that adds up falls short by less than
  // one 分 per percentage: the last percentage takes that. Percentages alone must make 100% exactly
  // (50% + 49.99% of 100 分 would otherwise round to a plan that seems to add up).
  const percents = input.filter((i) => i.percentBasis !== undefined);
  if (percents.length === input.length && percents.reduce((sum, i) => sum + i.percentBasis!, 0) !== 10000) throw invalid('percentages must add up to 100%');
  const lastPercent = input.map((i) => i.percentBasis !== undefined).lastIndexOf(true);
  const short = total - amounts.reduce((a, b) => a + b, 0n);
  if (lastPercent >= 0 && short > 0n && short < BigInt(percents.length)) amounts[lastPercent]! += short;
  const planned = amounts.reduce((a, b) => a + b, 0n);
  if (planned !== total)
    throw appError('INSTALMENTS_INVALID', `instalments add up to ${planned}, contract is ${total}`, { plannedFen: planned.toString(), totalFen: total.toString() });
  if (amounts.some((a) => a <= 0n)) throw invalid('an instalment rounds to nothing');
  return input.map((item, i) => ({ index: i + 1, amount: amounts[i]!, condition: item.condition.trim() }));
}
