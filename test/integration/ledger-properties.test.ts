// Property: whatever sequence of ledger movements runs across two or three budget lines — freeze,
// release, commit, spend from frozen or from a commitment, uncommit, adjust — some of them at once in
// racing transactions, after every step each line's balance columns equal the sums of its ledger
// rows, nothing is negative, available never goes below zero, every commitment's remainder is what
// a plain model of the rules says, and a refused movement is refused with its own error code.
// fast-check prints the seed and path of a failing run, so it can be replayed.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableOf, type Balances } from '../../workflows/domain/budget-balance.js';
import { isAppError, type ErrorCode } from '../../workflows/domain/errors.js';
import type { Tx } from '../../workflows/infra/db.js';
import { adjustBudget, commitBudget, commitmentRemainder, freezeBudget, ledgerTotals, releaseBudget, spendBudget, uncommitBudget } from '../../workflows/infra/ledger.js';
import { startTestGuanjia, type TestGuanjia } from '../helpers/test-guanjia.js';

/** full size on the server PostgreSQL, where the movements really race; fewer on the embedded database (one connection) */
const RUNS = process.env.DATABASE_URL ? 30 : 10;

type Op =
  | { kind: 'freeze'; line: number; amount: bigint }
  /** act on a request holding a freeze; `extra` over its amount makes the movement too big for the line sometimes */
  | { kind: 'release' | 'commit' | 'spendFrozen'; pick: number; extra: bigint }
  /** draw on a commitment: a given amount or (null) exactly what is left; sometimes on the wrong line */
  | { kind: 'spendCommitted' | 'uncommit'; pick: number; amount: bigint | null; wrongLine: boolean }
  | { kind: 'adjust'; line: number; delta: bigint };

const fen = (max: number) => fc.bigInt({ min: 1n, max: BigInt(max) });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('freeze' as const), line: fc.nat(2), amount: fen(6_000) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom('commit' as const, 'release' as const, 'spendFrozen' as const, 'commit' as const),
      pick: fc.nat(),
      extra: fc.oneof({ weight: 5, arbitrary: fc.constant(0n) }, { weight: 1, arbitrary: fen(20_000) }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom('spendCommitted' as const, 'uncommit' as const),
      pick: fc.nat(),
      amount: fc.option(fen(4_000), { nil: null, freq: 2 }),
      wrongLine: fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 6, arbitrary: fc.constant(false) }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('adjust' as const), line: fc.nat(2), delta: fc.bigInt({ min: -8_000n, max: 8_000n }) }) },
);
/** a step is one movement, or several racing in their own transactions */
const stepArb = fc.oneof({ weight: 2, arbitrary: fc.array(opArb, { minLength: 1, maxLength: 1 }) }, { weight: 1, arbitrary: fc.array(opArb, { minLength: 2, maxLength: 4 }) });
const scenarioArb = fc.record({
  allotments: fc.array(fc.bigInt({ min: 2_000n, max: 15_000n }), { minLength: 2, maxLength: 3 }),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 15 }),
});

/** What the rules say the ledger holds: balances per line, requests holding a freeze, commitments' remainders. */
interface Model {
  lines: Balances[];
  rows: number[];
  frozen: { id: string; line: number; amount: bigint }[];
  commitments: { id: string; line: number; remainder: bigint }[];
}

/** One movement resolved against the model before its step: what it does, and whether the rules allow it then. */
interface Resolved {
  /** the line its row lands on */
  line: number;
  run(tx: Tx): Promise<void>;
  /** the model change if it is booked */
  apply(model: Model): void;
  allowed(model: Model): boolean;
  refusal: ErrorCode;
}

let app: TestGuanjia;
let scenario = 0;
beforeAll(async () => {
  app = await startTestGuanjia({ workers: false });
});
afterAll(() => app?.cleanup());

function resolve(op: Op, model: Model, ids: string[], step: string): Resolved {
  const line = (i: number) => i % ids.length;
  switch (op.kind) {
    case 'freeze': {
      const l = line(op.line);
      return {
        line: l,
        run: (tx) => freezeBudget(tx, ids[l]!, op.amount, step),
        allowed: (m) => availableOf(m.lines[l]!) >= op.amount,
        apply: (m) => {
          m.lines[l]!.frozen += op.amount;
          m.frozen.push({ id: step, line: l, amount: op.amount });
        },
        refusal: 'BUDGET_INSUFFICIENT',
      };
    }
    case 'release':
    case 'commit':
    case 'spendFrozen': {
      const held = model.frozen[op.pick % Math.max(1, model.frozen.length)] ?? { id: `${step}-none`, line: line(op.pick), amount: 1n };
      const amount = held.amount + op.extra;
      const lineId = ids[held.line]!;
      const run = {
        release: (tx: Tx) => releaseBudget(tx, lineId, amount, held.id),
        commit: (tx: Tx) => commitBudget(tx, lineId, amount, held.id),
        spendFrozen: (tx: Tx) => spendBudget(tx, lineId, amount, held.id),
      }[op.kind];
      return {
        line: held.line,
        run,
        allowed: (m) => m.lines[held.line]!.frozen >= amount,
        apply: (m) => {
          const b = m.lines[held.line]!;
          b.frozen -= amount;
          if (op.kind === 'commit') {
            b.committed += amount;
            const c = m.commitments.find((x) => x.id === held.id && x.line === held.line);
            if (c) c.remainder += amount;
            else m.commitments.push({ id: held.id, line: held.line, remainder: amount });
          }
          if (op.kind === 'spendFrozen') b.spent += amount;
          m.frozen = m.frozen.filter((f) => f !== held);
        },
        refusal: 'LEDGER_MISMATCH',
      };
    }
    case 'spendCommitted':
    case 'uncommit': {
      const c = model.commitments[op.pick % Math.max(1, model.commitments.length)] ?? { id: `${step}-none`, line: line(op.pick), remainder: 0n };
      const l = op.wrongLine ? line(c.line + 1) : c.line;
      const amount = op.amount ?? c.remainder;
      const lineId = ids[l]!;
      const left = (m: Model) => (l === c.line ? (m.commitments.find((x) => x.id === c.id && x.line === l)?.remainder ?? 0n) : 0n);
      return {
        line: l,
        run: (tx) => (op.kind === 'uncommit' ? uncommitBudget(tx, lineId, amount, c.id) : spendBudget(tx, lineId, amount, step, { from: 'committed', commitmentId: c.id })),
        allowed: (m) => left(m) >= amount,
        apply: (m) => {
          const b = m.lines[l]!;
          b.committed -= amount;
          if (op.kind === 'spendCommitted') b.spent += amount;
          const x = m.commitments.find((y) => y.id === c.id && y.line === l);
          if (x) x.remainder -= amount;
        },
        refusal: 'COMMITMENT_INSUFFICIENT',
      };
    }
    case 'adjust': {
      const l = line(op.line);
      return {
        line: l,
        run: (tx) => adjustBudget(tx, ids[l]!, op.delta, op.delta >= 0n ? '追加' : '调减'),
        allowed: (m) => availableOf(m.lines[l]!) + op.delta >= 0n,
        apply: (m) => {
          m.lines[l]!.adjusted += op.delta;
        },
        refusal: 'BUDGET_INSUFFICIENT',
      };
    }
  }
}

async function expectLedgerMatches(model: Model, ids: string[]) {
  const db = app.database.db;
  for (const [i, id] of ids.entries()) {
    const row = await db.budgetLine.findUniqueOrThrow({ where: { id } });
    const columns: Balances = { allotted: row.allotted, adjusted: row.adjusted, frozen: row.frozen, committed: row.committed, spent: row.spent };
    expect(columns, id).toEqual(model.lines[i]);
    expect(await db.$transaction((tx) => ledgerTotals(tx, id)), id).toEqual(columns);
    for (const column of ['allotted', 'frozen', 'committed', 'spent'] as const) expect(columns[column] >= 0n, `${id}.${column}`).toBe(true);
    expect(availableOf(columns) >= 0n, `${id} available`).toBe(true);
    expect(await db.ledgerEntry.count({ where: { lineId: id } }), `${id} rows`).toBe(model.rows[i]);
  }
  for (const c of model.commitments) {
    expect(c.remainder >= 0n, `commitment ${c.id}`).toBe(true);
    expect(await db.$transaction((tx) => commitmentRemainder(tx, ids[c.line]!, c.id)), `commitment ${c.id}`).toBe(c.remainder);
  }
}

describe('ledger properties', () => {
  it('balances equal the ledger, nothing goes negative and refusals are the right ones, through random racing movements', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async ({ allotments, steps }) => {
        const db = app.database.db;
        const run = ++scenario;
        const ids = allotments.map((_, i) => `p${run}-l${i}`);
        for (const [i, allotted] of allotments.entries()) {
          await db.budgetLine.create({ data: { id: ids[i]!, fiscalYear: 2026, departmentId: 'prop', subject: ids[i]!, name: `性质测试 ${ids[i]!}`, allotted } });
          await db.ledgerEntry.create({ data: { lineId: ids[i]!, kind: 'ALLOT', amount: allotted } });
        }
        const model: Model = {
          lines: allotments.map((allotted) => ({ allotted, adjusted: 0n, frozen: 0n, committed: 0n, spent: 0n })),
          rows: allotments.map(() => 1),
          frozen: [],
          commitments: [],
        };
        for (const [s, ops] of steps.entries()) {
          const resolved = ops.map((op, o) => resolve(op, model, ids, `p${run}-s${s}-o${o}`));
          const results = await Promise.allSettled(resolved.map((r) => db.$transaction((tx) => r.run(tx))));
          for (const [o, result] of results.entries()) {
            const r = resolved[o]!;
            if (ops.length === 1)
              expect(result.status, `step ${s}: ${JSON.stringify(ops[o], (_, v: unknown) => (typeof v === 'bigint' ? `${v}` : v))}`).toBe(
                r.allowed(model) ? 'fulfilled' : 'rejected',
              );
            if (result.status === 'rejected') {
              const error: unknown = result.reason;
              expect(isAppError(error) ? error.code : String(error)).toBe(r.refusal);
              continue;
            }
            r.apply(model);
            model.rows[r.line]! += 1;
          }
          await expectLedgerMatches(model, ids);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
