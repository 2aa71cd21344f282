// 合同执行情况表: each contract signed (its 合同审批 approved) by the cut-off, with its instalments (分期)
// as the contract fixed them, each instalment's approved 验收 and what was paid against it by the
// cut-off. Per contract:
//   已付 paid       the money spent (SPEND) by its payment requests up to the cut-off, all instalments
//   未付 remaining  amount − paid
//   付款进度 paidBp paid / amount
//   结清 settled    closed by 结清 by the cut-off (what was left went back to the budget line), or paid in full
// A payment or acceptance naming no instalment belongs to the first, as the chain rules read it.
// The total counts the contracts and sums their money; its paidBp is from the sums.
import { ratioBp } from './time-progress.js';

export interface ContractFacts {
  contractNo: string;
  requestNo: number;
  department: string;
  supplier: string;
  purpose: string;
  /** YYYY-MM-DD: the day its 合同审批 was approved */
  signedOn: string;
  amount: bigint;
  /** Contract.instalments as stored: [{ index, amount (分 as a string), condition }] */
  instalments: unknown;
  /** 结清 by the cut-off */
  settled: boolean;
}

export interface AcceptanceFacts {
  contractNo: string;
  instalment: number | null;
  requestNo: number;
  /** YYYY-MM-DD: the day the 验收 was approved */
  acceptedOn: string;
}

export interface PaymentFacts {
  contractNo: string;
  instalment: number | null;
  amount: bigint;
  /** YYYY-MM-DD: the day of the payment */
  paidOn: string;
}

/** One instalment (分期) of a contract as of the cut-off. report-views.ts re-exports it. */
export interface ContractInstalmentRow {
  index: number;
  amount: bigint;
  condition: string;
  /** the approved 验收 of this instalment, by the cut-off */
  acceptedOn: string | null;
  acceptanceNo: number | null;
  /** paid against this instalment by the cut-off */
  paid: bigint;
  lastPaidOn: string | null;
}

/** One contract of the 合同执行情况表. report-views.ts re-exports it. */
export interface ContractRow {
  contractNo: string;
  requestNo: number;
  department: string;
  supplier: string;
  purpose: string;
  signedOn: string;
  amount: bigint;
  paid: bigint;
  /** amount − paid */
  remaining: bigint;
  /** paid / amount, basis points */
  paidBp: number;
  settled: boolean;
  instalments: ContractInstalmentRow[];
}

/** The contracts counted and their money summed; paidBp from the sums. report-views.ts re-exports it. */
export interface ContractTotal {
  amount: bigint;
  paid: bigint;
  remaining: bigint;
  paidBp: number;
  count: number;
}

export interface ContractTable {
  contracts: ContractRow[];
  total: ContractTotal;
}

/** The stored instalments; a contract stored without any is one instalment of its whole amount. */
export function storedInstalments(stored: unknown, amount: bigint): { index: number; amount: bigint; condition: string }[] {
  const list = Array.isArray(stored) ? (stored as { index?: unknown; amount?: unknown; condition?: unknown }[]) : [];
  const parsed = list.map((i, n) => ({
    index: typeof i.index === 'number' ? i.index : n + 1,
    amount: typeof i.amount === 'string' || typeof i.amount === 'number' ? BigInt(i.amount) : 0n,
    condition: typeof i.condition === 'string' ? i.condition : '',
  }));
  return parsed.length > 0 ? parsed.sort((a, b) => a.index - b.index) : [{ index: 1, amount, condition: '' }];
}

/** Contracts in the order given (the caller sorts them: by signing day, then number). */
export function contractTable(contracts: readonly ContractFacts[], acceptances: readonly AcceptanceFacts[], payments: readonly PaymentFacts[]): ContractTable {
  const key = (contractNo: string, instalment: number | null) => `${contractNo}\u0000${instalment ?? 1}`;
  const accepted = new Map<string, AcceptanceFacts>();
  for (const a of [...acceptances].sort((x, y) => x.acceptedOn.localeCompare(y.acceptedOn) || x.requestNo - y.requestNo)) {
    if (!accepted.has(key(a.contractNo, a.instalment))) accepted.set(key(a.contractNo, a.instalment), a);
  }
  const paidOn = new Map<string, { paid: bigint; last: string }>();
  const paidOnContract = new Map<string, bigint>();
  for (const p of payments) {
    const k = key(p.contractNo, p.instalment);
    const before = paidOn.get(k);
    paidOn.set(k, { paid: (before?.paid ?? 0n) + p.amount, last: before && before.last > p.paidOn ? before.last : p.paidOn });
    paidOnContract.set(p.contractNo, (paidOnContract.get(p.contractNo) ?? 0n) + p.amount);
  }

  const lines = contracts.map((c): ContractRow => {
    const paid = paidOnContract.get(c.contractNo) ?? 0n;
    const instalments = storedInstalments(c.instalments, c.amount).map((i): ContractInstalmentRow => {
      const acceptance = accepted.get(key(c.contractNo, i.index));
      const payment = paidOn.get(key(c.contractNo, i.index));
      return {
        index: i.index,
        amount: i.amount,
        condition: i.condition,
        acceptedOn: acceptance?.acceptedOn ?? null,
        acceptanceNo: acceptance?.requestNo ?? null,
        paid: payment?.paid ?? 0n,
        lastPaidOn: payment?.last ?? null,
      };
    });
    return {
      contractNo: c.contractNo,
      requestNo: c.requestNo,
      department: c.department,
      supplier: c.supplier,
      purpose: c.purpose,
      signedOn: c.signedOn,
      amount: c.amount,
      paid,
      remaining: c.amount - paid,
      paidBp: ratioBp(paid, c.amount),
      settled: c.settled || paid >= c.amount,
      instalments,
    };
  });
  const amount = lines.reduce((sum, l) => sum + l.amount, 0n);
  const paid = lines.reduce((sum, l) => sum + l.paid, 0n);
  return { contracts: lines, total: { amount, paid, remaining: amount - paid, paidBp: ratioBp(paid, amount), count: lines.length } };
}
