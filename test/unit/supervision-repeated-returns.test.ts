// 多次补正: a request returned `returnsBeforeAlert` times — the same definition for the card's flag and
// the alert.
import { describe, expect, it } from 'vitest';
import { isRepeatedlyReturned, repeatedReturns } from '../../workflows/domain/supervision/repeated-returns.js';

const CITATION = '某单位内部控制制度第八条（多次补正）';
const request = (returnCount: number) => ({ id: 'r7', no: 7, departmentId: 'chengjian', requesterId: 'fenglei', amount: 1_234_500n, returnCount });

describe('isRepeatedlyReturned', () => {
  it('is true from the configured count on', () => {
    expect(isRepeatedlyReturned(1, 2)).toBe(false);
    expect(isRepeatedlyReturned(2, 2)).toBe(true);
    expect(isRepeatedlyReturned(3, 2)).toBe(true);
  });
});

describe('repeatedReturns', () => {
  it('raises nothing below the count', () => {
    expect(repeatedReturns(request(0), 2, CITATION)).toBeNull();
    expect(repeatedReturns(request(1), 2, CITATION)).toBeNull();
  });

  it('raises a 黄牌 at the count, about the request and its requester', () => {
    expect(repeatedReturns(request(2), 2, CITATION)).toEqual({
      rule: 'repeated_returns',
      severity: 'warning',
      dedupeKey: 'repeated_returns:r7',
      requestIds: ['r7'],
      requestNos: [7],
      departmentId: 'chengjian',
      personId: 'fenglei',
      amount: 1_234_500n,
      citation: CITATION,
      facts: { returns: 2, threshold: 2 },
    });
  });

  it('raises above the count with the same subject: the register keeps one alert per request', () => {
    const finding = repeatedReturns(request(5), 2, CITATION);
    expect(finding?.dedupeKey).toBe('repeated_returns:r7');
    expect(finding?.facts).toEqual({ returns: 5, threshold: 2 });
  });

  it('follows the configured count', () => {
    expect(repeatedReturns(request(2), 3, CITATION)).toBeNull();
    expect(repeatedReturns(request(1), 1, CITATION)?.facts.threshold).toBe(1);
  });
});
