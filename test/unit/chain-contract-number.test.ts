// 合同编号 HT-<year>-<seq>, counted per fiscal year; a reference names a contract or a request.
import { describe, expect, it } from 'vitest';
import { contractNumber, looksLikeContractNo, nextContractSeq } from '../../workflows/domain/chain/contract-number.js';

describe('contractNumber', () => {
  it('pads the sequence to three digits and lets it grow past them', () => {
    expect(contractNumber(2026, 1)).toBe('HT-2026-001');
    expect(contractNumber(2026, 42)).toBe('HT-2026-042');
    expect(contractNumber(2026, 999)).toBe('HT-2026-999');
    expect(contractNumber(2027, 1000)).toBe('HT-2027-1000');
  });
});

describe('nextContractSeq', () => {
  it('starts a year at 1', () => {
    expect(nextContractSeq(2026, [])).toBe(1);
    expect(nextContractSeq(2027, ['HT-2026-001', 'HT-2026-002'])).toBe(1);
  });

  it('follows the highest generated number of the year, gaps and order notwithstanding', () => {
    expect(nextContractSeq(2026, ['HT-2026-002', 'HT-2026-010', 'HT-2026-003'])).toBe(11);
    expect(nextContractSeq(2026, ['HT-2026-999'])).toBe(1000);
    expect(nextContractSeq(2026, ['HT-2026-1000', 'HT-2026-999'])).toBe(1001);
  });

  it('ignores numbers the unit gave in its own format, and other years', () => {
    expect(nextContractSeq(2026, ['青建〔2026〕15号', 'HT-2026-07', 'ht-2026-050', 'HT-2026-050-补', 'HT-2025-300', 'HT-2026-004'])).toBe(5);
  });

  it('issues numbers that are new and count on', () => {
    const issued: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const no = contractNumber(2026, nextContractSeq(2026, issued));
      expect(issued).not.toContain(no);
      issued.push(no);
    }
    expect(issued).toEqual(['HT-2026-001', 'HT-2026-002', 'HT-2026-003', 'HT-2026-004', 'HT-2026-005']);
  });
});

describe('looksLikeContractNo', () => {
  it('takes generated numbers and numbers in a unit format as contracts', () => {
    for (const ref of ['HT-2026-003', ' HT-2026-003 ', 'ht-2026-3', 'QS-CJ-2026-17', '青建〔2026〕3号']) expect(looksLikeContractNo(ref)).toBe(true);
  });

  it('takes request numbers as requests, and nothing as nothing', () => {
    for (const ref of ['12', 'No.12', 'no12', 'NO. 12', '#12', '＃12', '', '  ']) expect(looksLikeContractNo(ref)).toBe(false);
  });
});
