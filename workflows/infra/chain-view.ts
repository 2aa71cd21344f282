// 关联查询: the chain a request belongs to (请示 → 合同 → 验收 → 付款), root first, each request with
// what it committed, spent and has left, read from the ledger rows that name it.
import type { ChainNode, ChainView, LinkView } from '../service/views.js';
import type { Db, Tx } from './db.js';
import { paymentStateOf, requestKindOf, requestStatusOf } from './rows.js';

type RequestRow = Awaited<ReturnType<Tx['request']['findUniqueOrThrow']>>;

/** /关联 on a request linked to nothing: a chain of one. */
export async function singleChain(db: Tx | Db, requestId: string): Promise<ChainView> {
  const row = await db.request.findUniqueOrThrow({ where: { id: requestId } });
  return (await loadChain(db, row, { alone: true }))!;
}

/** The whole chain of a request, or null when it is linked to nothing (unless `alone` asks for a chain of one). */
export async function loadChain(db: Tx | Db, focus: RequestRow, { alone = false } = {}): Promise<ChainView | null> {
  let root = focus;
  for (let hops = 0; root.parentId !== null && hops < 50; hops++) {
    const up = await db.request.findUnique({ where: { id: root.parentId } });
    if (!up) break;
    root = up;
  }
  const nodes: { row: RequestRow; depth: number }[] = [{ row: root, depth: 0 }];
  for (let i = 0; i < nodes.length && nodes.length < 500; i++) {
    const children = await db.request.findMany({ where: { parentId: nodes[i]!.row.id }, orderBy: { no: 'asc' } });
    nodes.splice(i + 1, 0, ...children.map((row) => ({ row, depth: nodes[i]!.depth + 1 })));
  }
  if (nodes.length === 1 && !alone) return null;
  const ids = nodes.map((n) => n.row.id);
  const [own, drawn, contracts] = await Promise.all([
    db.ledgerEntry.groupBy({ by: ['requestId', 'kind'], where: { requestId: { in: ids }, kind: { in: ['COMMIT', 'SPEND', 'UNCOMMIT'] } }, _sum: { amount: true } }),
    db.ledgerEntry.groupBy({ by: ['commitmentId', 'kind'], where: { commitmentId: { in: ids } }, _sum: { amount: true } }),
    db.contract.findMany({ where: { requestId: { in: ids } }, select: { no: true, requestId: true } }),
  ]);
  const ownSum = (id: string, kind: string) => own.find((r) => r.requestId === id && r.kind === kind)?._sum.amount ?? 0n;
  const drawnSum = (id: string, kind: string) => drawn.find((r) => r.commitmentId === id && r.kind === kind)?._sum.amount ?? 0n;
  const contractNo = new Map(contracts.map((c) => [c.requestId, c.no]));
  const chainNodes: ChainNode[] = nodes.map(({ row, depth }) => {
    const committed = ownSum(row.id, 'COMMIT');
    const left = committed - drawnSum(row.id, 'FREEZE') + drawnSum(row.id, 'RELEASE') - drawnSum(row.id, 'SPEND') - drawnSum(row.id, 'UNCOMMIT');
    return {
      id: row.id,
      no: row.no,
      type: row.type,
      kind: requestKindOf(row),
      status: requestStatusOf(row),
      amount: row.amount,
      date: row.submittedAt ?? row.createdAt,
      depth,
      contractNo: contractNo.get(row.id),
      instalment: row.instalment ?? undefined,
      committed,
      spent: ownSum(row.id, 'SPEND'),
      left,
      released: ownSum(row.id, 'UNCOMMIT'),
      settled: row.settledAt !== null,
      paymentState: paymentStateOf(row),
    };
  });
  // a child's COMMIT came out of its parent's commitment: count only the root's, so nothing is counted twice
  const rootCommitted = chainNodes[0]!.committed;
  const sum = (pick: (n: ChainNode) => bigint) => chainNodes.reduce((total, n) => total + pick(n), 0n);
  return {
    focusId: focus.id,
    nodes: chainNodes,
    totals: { committed: rootCommitted, spent: sum((n) => n.spent), left: sum((n) => n.left), released: sum((n) => n.released) },
  };
}

/** How the request draws on its parent's commitment, before and after it (for the card's 关联 line). */
export async function loadLink(db: Tx | Db, request: RequestRow): Promise<LinkView | null> {
  if (request.parentId === null) return null;
  const parent = await db.request.findUnique({ where: { id: request.parentId } });
  if (!parent) return null;
  const [committedRows, drawnRows, contract] = await Promise.all([
    db.ledgerEntry.aggregate({ where: { requestId: parent.id, kind: 'COMMIT' }, _sum: { amount: true } }),
    db.ledgerEntry.groupBy({ by: ['kind'], where: { commitmentId: parent.id }, _sum: { amount: true } }),
    db.contract.findUnique({ where: { requestId: parent.id }, select: { no: true } }),
  ]);
  const committed = committedRows._sum.amount ?? 0n;
  const drawnOf = (kind: string) => drawnRows.find((r) => r.kind === kind)?._sum.amount ?? 0n;
  const remainder = committed - drawnOf('FREEZE') + drawnOf('RELEASE') - drawnOf('SPEND') - drawnOf('UNCOMMIT');
  const used = committed - remainder - drawnOf('UNCOMMIT');
  const draws = requestKindOf(request) !== 'acceptance';
  const status = requestStatusOf(request);
  const holds = draws && (status === 'in_approval' || status === 'approved');
  const pending = draws && (status === 'draft' || status === 'returned');
  return {
    parentId: parent.id,
    parentNo: parent.no,
    parentType: parent.type,
    parentKind: requestKindOf(parent),
    contractNo: contract?.no,
    parentAmount: committed,
    usedBefore: holds ? used - request.amount : used,
    usedAfter: pending ? used + request.amount : used,
    remainder: pending ? remainder - request.amount : remainder,
    settled: parent.settledAt !== null,
    draws,
  };
}
