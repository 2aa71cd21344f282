// 预算台账: every movement is a LedgerEntry row and the balance columns on BudgetLine move with it in
// the same transaction (the caller's). Each check and its movement are one conditional UPDATE, so
// two requests racing for the last yuan cannot both pass; CHECK constraints back it up.
//
//   FREEZE    available → frozen      (submit)
//             committed → frozen      (source COMMITTED: a child submitted under a parent's commitment, commitmentId)
//   RELEASE   frozen → available      (reject / withdraw / return)
//             frozen → committed      (source COMMITTED: a child's amount goes back to its parent's commitment)
//   COMMIT    frozen → committed      (a prior request or contract approved; the commitment is its requestId)
//   SPEND     frozen → spent          (source FROZEN: on approval, or when the cashier confirms the payment)
//             committed → spent       (source COMMITTED: a payment drawing on commitmentId directly)
//   UNCOMMIT  committed → available   (结清: a chain closed with money left; draws on commitmentId)
//   ADJUST    ± adjusted              (an approved 预算调整, and load-org.ts for the organisation file)
//   ALLOT     allotted                (load-org.ts: the year's allotment)
//
// So the columns are always the sums of the rows (ledgerTotals), and a commitment's remainder is its
// COMMIT rows less what is drawn on it: frozen by children (less what they gave back), spent from it
// directly, and uncommitted (commitmentRemainder).
import { Prisma } from '../../prisma/generated/client.js';
import { appError } from '../domain/errors.js';
import { formatYuan } from '../domain/money.js';
import { availableOf, type Balances } from '../domain/budget-balance.js';
import { balancesFromSums } from '../domain/ledger-sums.js';
import type { Db, Tx } from './db.js';

export { availableOf };

export type LedgerKind = 'ALLOT' | 'ADJUST' | 'FREEZE' | 'RELEASE' | 'COMMIT' | 'SPEND' | 'UNCOMMIT';

/** Where a SPEND comes from: the request's own frozen amount, or a commitment made by an approved prior request. */
export type SpendSource = { from: 'frozen' } | { from: 'committed'; commitmentId: string };

/** Where a child's frozen amount comes from and goes back to: the line's available amount, or a parent's commitment. */
export type FreezeSource = { from: 'line' } | { from: 'committed'; commitmentId: string };

/**
 * Freezes `amount` for a request: from what the line has available (BUDGET_INSUFFICIENT otherwise,
 * saying by how much), or out of a parent's commitment (COMMITMENT_INSUFFICIENT when what is left of
 * it does not cover the amount) — then the line's available amount does not change.
 */
export async function freezeBudget(tx: Tx, lineId: string, amount: bigint, requestId: string, source: FreezeSource = { from: 'line' }): Promise<void> {
  assertNotNegative(amount);
  if (source.from === 'line') return move(tx, lineId, 'available', 'frozen', { kind: 'FREEZE', amount, requestId });
  await drawOnCommitment(tx, lineId, amount, source.commitmentId);
  await move(tx, lineId, 'committed', 'frozen', { kind: 'FREEZE', source: 'COMMITTED', commitmentId: source.commitmentId, amount, requestId });
}

/** Gives a frozen amount back (驳回 / 撤回 / 退回) to where it was frozen from. */
export async function releaseBudget(tx: Tx, lineId: string, amount: bigint, requestId: string, note = '', source: FreezeSource = { from: 'line' }): Promise<void> {
  assertNotNegative(amount);
  if (source.from === 'line') return move(tx, lineId, 'frozen', 'available', { kind: 'RELEASE', amount, requestId, note });
  await move(tx, lineId, 'frozen', 'committed', { kind: 'RELEASE', source: 'COMMITTED', commitmentId: source.commitmentId, amount, requestId, note });
}

/**
 * Takes the row locks of several budget lines in id order, so two transactions that move the same
 * lines (a 调剂 each way) wait for each other instead of deadlocking.
 */
export async function lockLines(tx: Tx, lineIds: readonly string[]): Promise<void> {
  for (const id of [...new Set(lineIds)].sort()) {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "BudgetLine" WHERE "id" = ${id} FOR UPDATE`;
    if (locked.length !== 1) throw appError('NO_BUDGET_LINE', `budget line ${id} vanished`, { lineId: id });
  }
}

/** Turns a frozen amount into a commitment (已承诺) when a prior request or a contract is approved. */
export async function commitBudget(tx: Tx, lineId: string, amount: bigint, requestId: string, note = ''): Promise<void> {
  assertNotNegative(amount);
  await move(tx, lineId, 'frozen', 'committed', { kind: 'COMMIT', amount, requestId, note });
}

/**
 * Books spending: from the request's frozen amount (direct spending, as on approval today), or from
 * a commitment (a payment under an approved prior request or contract), refused with
 * COMMITMENT_INSUFFICIENT when what is left of that commitment does not cover it.
 */
export async function spendBudget(tx: Tx, lineId: string, amount: bigint, requestId: string, source: SpendSource = { from: 'frozen' }, note = ''): Promise<void> {
  assertNotNegative(amount);
  if (source.from === 'frozen') return move(tx, lineId, 'frozen', 'spent', { kind: 'SPEND', source: 'FROZEN', amount, requestId, note });
  await drawOnCommitment(tx, lineId, amount, source.commitmentId);
  await move(tx, lineId, 'committed', 'spent', { kind: 'SPEND', source: 'COMMITTED', commitmentId: source.commitmentId, amount, requestId, note });
}

/** Gives back what is left of a commitment when its chain is closed (结清): committed → available. */
export async function uncommitBudget(tx: Tx, lineId: string, amount: bigint, commitmentId: string, note = ''): Promise<void> {
  assertNotNegative(amount);
  await drawOnCommitment(tx, lineId, amount, commitmentId);
  await move(tx, lineId, 'committed', 'available', { kind: 'UNCOMMIT', commitmentId, amount, requestId: commitmentId, note });
}

/**
 * Moves a line's adjusted amount by `delta` (追加 +, 调减 −). A reduction never takes the line below
 * what is already frozen, committed and spent: refused with BUDGET_INSUFFICIENT saying by how much.
 */
export async function adjustBudget(tx: Tx, lineId: string, delta: bigint, note = '', requestId?: string): Promise<void> {
  const written = await writeMovement(tx, lineId, Prisma.sql`"adjusted" = "adjusted" + ${delta}`, roomFor(-delta), { kind: 'ADJUST', amount: delta, requestId, note });
  if (!written) await refuseInsufficient(tx, lineId, -delta);
}

/** A ledger row as a movement writes it beside the line's columns. */
interface Entry {
  kind: LedgerKind;
  amount: bigint;
  requestId?: string | undefined;
  source?: 'FROZEN' | 'COMMITTED';
  commitmentId?: string;
  note?: string;
}

/** Where a movement takes an amount from or puts it: a balance column, or what the line has available (no column of its own). */
type Place = 'available' | 'frozen' | 'committed' | 'spent';

/** A balance column's name in SQL (one of Place's, never a caller's text). */
const column = (place: Exclude<Place, 'available'>): Prisma.Sql => Prisma.raw(`"${place}"`);

/** The line has `amount` available: what its allotment and adjustments leave over what is frozen, committed and spent. */
const roomFor = (amount: bigint): Prisma.Sql => Prisma.sql`"allotted" + "adjusted" - "frozen" - "committed" - "spent" >= ${amount}`;

/**
 * Moves the entry's amount from one place to another: BUDGET_INSUFFICIENT when it comes from what is
 * available and the line has less, LEDGER_MISMATCH when the column it comes from holds less.
 */
async function move(tx: Tx, lineId: string, from: Exclude<Place, 'spent'>, to: Place, entry: Entry): Promise<void> {
  const amount = entry.amount;
  const set = [
    ...(from === 'available' ? [] : [Prisma.sql`${column(from)} = ${column(from)} - ${amount}`]),
    ...(to === 'available' ? [] : [Prisma.sql`${column(to)} = ${column(to)} + ${amount}`]),
  ];
  const enough = from === 'available' ? roomFor(amount) : Prisma.sql`${column(from)} >= ${amount}`;
  if (await writeMovement(tx, lineId, Prisma.join(set, ', '), enough, entry)) return;
  if (from === 'available') await refuseInsufficient(tx, lineId, amount);
  else await refuseMismatch(tx, lineId, amount, from);
}

/**
 * One movement in one statement: the line's columns move when `enough` holds of the row as it is
 * (the UPDATE takes the row's lock and sees the last committed balance), and the ledger row is
 * written only if they did. False when they did not.
 */
async function writeMovement(tx: Tx, lineId: string, set: Prisma.Sql, enough: Prisma.Sql, entry: Entry): Promise<boolean> {
  const written = await tx.$queryRaw<{ id: bigint }[]>`
    WITH moved AS (
      UPDATE "BudgetLine" SET ${set}, "updatedAt" = now() WHERE "id" = ${lineId} AND ${enough} RETURNING "id")
    INSERT INTO "LedgerEntry" ("lineId", "kind", "amount", "requestId", "source", "commitmentId", "note", "at")
    SELECT "id", ${entry.kind}::text, ${entry.amount}::bigint, ${entry.requestId ?? null}::text, ${entry.source ?? null}::text,
      ${entry.commitmentId ?? null}::text, ${entry.note ?? ''}::text, now() AT TIME ZONE 'UTC' FROM moved
    RETURNING "id"`;
  return written.length === 1;
}

/** What is left of the commitment made by request `commitmentId` on the line: COMMIT − FREEZE + RELEASE − SPEND − UNCOMMIT drawing on it. */
export async function commitmentRemainder(tx: Tx | Db, lineId: string, commitmentId: string): Promise<bigint> {
  const committed = await tx.ledgerEntry.aggregate({ where: { lineId, kind: 'COMMIT', requestId: commitmentId }, _sum: { amount: true } });
  const drawn = await tx.ledgerEntry.aggregate({ where: { lineId, commitmentId, kind: { in: ['FREEZE', 'SPEND', 'UNCOMMIT'] } }, _sum: { amount: true } });
  const returned = await tx.ledgerEntry.aggregate({ where: { lineId, commitmentId, kind: 'RELEASE' }, _sum: { amount: true } });
  return (committed._sum.amount ?? 0n) - (drawn._sum.amount ?? 0n) + (returned._sum.amount ?? 0n);
}

/** Recomputes a line's balances from its ledger rows: the two must always agree. */
export async function ledgerTotals(tx: Tx, lineId: string): Promise<Balances> {
  const rows = await tx.ledgerEntry.groupBy({ by: ['kind', 'source'], where: { lineId }, _sum: { amount: true } });
  return balancesFromSums(rows.map((r) => ({ kind: r.kind, source: r.source, amount: r._sum.amount ?? 0n })));
}

/**
 * Locks the line row, then checks the commitment's remainder: every movement of a line takes this
 * row lock, so the remainder read after it (a fresh snapshot in READ COMMITTED) cannot change
 * before this transaction ends, and two payments racing for one commitment cannot both pass.
 */
async function drawOnCommitment(tx: Tx, lineId: string, amount: bigint, commitmentId: string): Promise<void> {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "BudgetLine" WHERE "id" = ${lineId} FOR UPDATE`;
  if (locked.length !== 1) throw appError('NO_BUDGET_LINE', `budget line ${lineId} vanished`, { lineId });
  const remainder = await commitmentRemainder(tx, lineId, commitmentId);
  if (remainder >= amount) return;
  const parent = await tx.request.findUnique({ where: { id: commitmentId }, select: { no: true, type: true } });
  throw appError('COMMITMENT_INSUFFICIENT', `commitment ${commitmentId} on ${lineId} has ${remainder}, needs ${amount}`, {
    no: parent?.no,
    type: parent?.type,
    remainder: formatYuan(remainder),
    requested: formatYuan(amount),
    missing: formatYuan(amount - remainder),
  });
}

/**
 * Refuses at once what the line cannot hold as it stood when read (without the line's lock): a
 * submit looks before it does its other work (freezeBudget, under the lock, stays the authority).
 * Money freed a moment ago may be missed, as if the request had come a moment sooner.
 */
export function refuseIfNoRoom(line: LineStanding, amount: bigint): void {
  if (availableOf(line) < amount) refuseWith(line, amount);
}

/** A line's name and balances as a refusal reads them. */
export type LineStanding = Parameters<typeof availableOf>[0] & { id: string; name: string };

/** BUDGET_INSUFFICIENT: the line has less available than `amount`, saying by how much. */
async function refuseInsufficient(tx: Tx, lineId: string, amount: bigint): Promise<never> {
  const line = await tx.budgetLine.findUnique({ where: { id: lineId } });
  if (!line) throw appError('NO_BUDGET_LINE', `budget line ${lineId} vanished`, { lineId });
  refuseWith(line, amount);
}

function refuseWith(line: LineStanding, amount: bigint): never {
  const available = availableOf(line);
  throw appError('BUDGET_INSUFFICIENT', `line ${line.id} has ${available}, needs ${amount}`, {
    line: line.name,
    available: formatYuan(available),
    requested: formatYuan(amount),
    missing: formatYuan(amount - available),
  });
}

/** The line does not hold what a movement takes from it: the request and the ledger disagree. */
async function refuseMismatch(tx: Tx, lineId: string, amount: bigint, column: 'frozen' | 'committed'): Promise<never> {
  const line = await tx.budgetLine.findUnique({ where: { id: lineId } });
  if (!line) throw appError('NO_BUDGET_LINE', `budget line ${lineId} vanished`, { lineId });
  throw appError('LEDGER_MISMATCH', `line ${lineId} has ${column} ${line[column]}, needs ${amount}`, {
    line: line.name,
    column,
    held: formatYuan(line[column]),
    requested: formatYuan(amount),
  });
}

/** A movement never runs backwards (a negative RELEASE would be a FREEZE with no check). */
function assertNotNegative(amount: bigint): void {
  if (amount < 0n) throw appError('AMOUNT_INVALID', `ledger movement of ${amount}`, { input: formatYuan(amount) });
}
