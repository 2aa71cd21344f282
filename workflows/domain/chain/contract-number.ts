// 合同编号: HT-<year>-<seq>, the sequence three digits or more, counted per fiscal year.

const GENERATED = /^HT-(\d{4})-(\d{3,})$/;

export function contractNumber(year: number, seq: number): string {
  return `HT-${year}-${String(seq).padStart(3, '0')}`;
}

/** The next sequence number of a year, given the numbers already issued (given numbers in other formats do not count). */
export function nextContractSeq(year: number, issued: readonly string[]): number {
  let max = 0;
  for (const no of issued) {
    const m = GENERATED.exec(no);
    if (m && Number(m[1]) === year) max = Math.max(max, Number(m[2]));
  }
  return max + 1;
}

/**
 * A reference that names a contract rather than a request number: HT-2026-003, or any number given on
 * a contract (青建〔2026〕3号 too); "12", "No.12", "#12" name requests.
 */
export function looksLikeContractNo(text: string): boolean {
  const ref = text.trim();
  return ref !== '' && !/^(?:no\.?|#|＃)?\s*\d+$/i.test(ref);
}
