// The volume issue 10 measures oversight at: 100,000 requests and 1,000,000 ledger rows, written by
// bulk SQL (INSERT … SELECT generate_series) into the bench's own schema in seconds, not by 100,000
// service calls. The rows follow the demo organisation: each budget line of the fiscal year draws its
// share of requests (so departments differ in size), the requester is one of the line's department,
// eight types in the policy's kinds, children under an approved 用款申请 or 合同 of the same line,
// amounts from 100 to 500,000 元 (most small), 30 suppliers (a few large ones), a fifth tagged, days
// in working hours from 1 January on, and statuses by age: most recent requests in approval with one
// active step and its light, older ones decided. Ten ledger movements per request (freeze/release
// rounds, spending, a commitment drawn and released, and for a 预算调整 an adjustment of its line) give
// the issue's ratio; every decided step has its decision and every red step its 办件超时 alert; they respect the table's CHECK constraints but do not move the lines' balances.
import type { Db } from '../../workflows/infra/db.js';

export interface ScaleSeed {
  requests: number;
  ledgerRows: number;
  steps: number;
  /** first and last day drafted (YYYY-MM-DD) */
  firstDay: string;
  lastDay: string;
  /** names the bench searches for */
  supplier: string;
  tag: string;
}

const SUPPLIER_NAMES = ['鑫达', '华联', '恒通', '瑞丰', '金源', '宏远'].flatMap((p) =>
  ['办公用品有限公司', '建筑工程有限公司', '印务有限公司', '物资贸易有限公司', '会务服务有限公司'].map((s) => p + s),
);
const TAGS = ['民生', '防汛', '信息化', '重大项目', '应急', '工程变更', '节日慰问', '三重一大'];
const sqlArray = (names: readonly string[]) => `ARRAY[${names.map((n) => `'${n.replaceAll("'", "''")}'`).join(', ')}]::text[]`;

/** Seeds `requests` requests (with steps and contracts) and `ledgerRows` ledger movements; the caller runs VACUUM ANALYZE. */
export async function seedScale(db: Db, volume: { requests: number; ledgerRows: number }, fiscalYear: number, now: Date): Promise<ScaleSeed> {
  const N = Math.trunc(volume.requests);
  const run = (sql: string) => db.$executeRawUnsafe(sql);
  const start = Date.UTC(fiscalYear, 0, 1);
  // drafted from 1 January to yesterday (or the whole year once it is over)
  const days = Math.max(30, Math.min(365, Math.floor((now.getTime() - start) / 86_400_000)));
  const [policy] = await db.$queryRawUnsafe<{ version: number }[]>(`SELECT max("version") AS "version" FROM "PolicyVersion"`);

  // u(i, k): a deterministic uniform number in [0, 1) for row i and draw k
  await run(`CREATE FUNCTION bench_u(i bigint, k int) RETURNS float8 LANGUAGE sql IMMUTABLE AS
    $$ SELECT (hashint8(i * 64 + k) & 2147483647)::float8 / 2147483648.0 $$`);
  await run(`CREATE FUNCTION bench_id(i bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT md5('bench-' || i)::uuid::text $$`);
  await run(`CREATE TABLE bench_line AS SELECT (row_number() OVER (ORDER BY l."id") - 1)::int AS n, l."id", l."departmentId" AS dept, l."subject"
    FROM "BudgetLine" l JOIN "Department" d ON d."id" = l."departmentId" WHERE l."fiscalYear" = ${fiscalYear}`);
  await run(`CREATE TABLE bench_person AS SELECT "departmentId" AS dept, (row_number() OVER (PARTITION BY "departmentId" ORDER BY "id") - 1)::int AS n, "id",
    count(*) OVER (PARTITION BY "departmentId")::int AS people FROM "Person" WHERE "active"`);
  const [lines] = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM bench_line`);
  if (!lines?.n) throw new Error(`no budget lines for ${fiscalYear}`);

  // position in a block of 20 → type; 6–8 报销 under the 用款申请 of the block before, 17 验收 and 18 付款 under the 合同 at 16
  await run(`
    INSERT INTO "Request" ("id", "type", "kind", "amount", "requesterId", "departmentId", "budgetLineId", "purpose", "supplier", "category", "tags",
                           "status", "policyVersion", "route", "round", "returnCount", "createdAt", "submittedAt", "closedAt", "parentId",
                           "paymentState", "paymentDate", "voucherNo", "paidById", "paidAt", "instalment")
    SELECT bench_id(g.i), t.type, t.kind, g.amount, pe."id", l.dept, l."id", l."subject" || '（批量）', g.supplier, l."subject", g.tags,
           g.status, ${policy?.version ?? 1}, '{"policyVersion": ${policy?.version ?? 1}, "steps": [], "merged": []}'::jsonb, 1,
           (g.status = 'returned')::int, g.at,
           CASE WHEN g.status <> 'draft' THEN g.at + interval '10 minutes' END,
           CASE WHEN g.status IN ('approved', 'rejected', 'withdrawn', 'cancelled') THEN g.at + interval '1 day' * (1 + floor(bench_u(g.i, 9) * 5)) END,
           CASE WHEN g.parent_i IS NOT NULL THEN bench_id(g.parent_i) END,
           g.payment, CASE WHEN g.payment = 'paid' THEN to_char(g.at + interval '8 days', 'YYYY-MM-DD') END,
           CASE WHEN g.payment = 'paid' THEN 'PZ-' || g.i END, CASE WHEN g.payment = 'paid' THEN 'hefang' END,
           CASE WHEN g.payment = 'paid' THEN g.at + interval '8 days' END,
           CASE WHEN t.kind IN ('acceptance', 'payment') THEN 1 END
    FROM (
      SELECT s.*,
             CASE WHEN s.kind_of IN ('acceptance', 'payment', 'contract') OR bench_u(s.i, 3) >= 0.3 AND s.kind_of <> 'adjustment'
                  THEN (${sqlArray(SUPPLIER_NAMES)})[1 + floor(${SUPPLIER_NAMES.length} * bench_u(s.i, 4) ^ 2)::int] ELSE '' END AS supplier,
             CASE WHEN bench_u(s.i, 5) < 0.8 THEN '{}'::text[]
                  WHEN bench_u(s.i, 5) < 0.95 THEN ARRAY[(${sqlArray(TAGS)})[1 + floor(${TAGS.length} * bench_u(s.i, 6))::int]]
                  ELSE ARRAY[(${sqlArray(TAGS)})[1 + floor(${TAGS.length} * bench_u(s.i, 6))::int], (${sqlArray(TAGS)})[1 + floor(${TAGS.length} * bench_u(s.i, 7))::int]] END AS tags,
             CASE WHEN s.kind_of IN ('reimbursement', 'payment') AND s.status = 'approved' THEN CASE WHEN s.age > 10 THEN 'paid' ELSE 'due' END END AS payment
      FROM (
        SELECT b.*,
               (round(100 * 5000 ^ (bench_u(b.i, 2) ^ 1.5)) * 100)::bigint AS amount,
               CASE WHEN b.p IN (12, 16) AND b.age > 3 THEN 'approved'
                    WHEN b.age < 40 THEN CASE WHEN b.su < 0.50 THEN 'in_approval' WHEN b.su < 0.65 THEN 'draft' WHEN b.su < 0.73 THEN 'returned'
                                              WHEN b.su < 0.93 THEN 'approved' WHEN b.su < 0.97 THEN 'withdrawn' ELSE 'rejected' END
                    ELSE CASE WHEN b.su < 0.80 THEN 'approved' WHEN b.su < 0.87 THEN 'rejected' WHEN b.su < 0.93 THEN 'withdrawn'
                              WHEN b.su < 0.97 THEN 'cancelled' ELSE 'in_approval' END END AS status
        FROM (
          SELECT i, i % 20 AS p, bench_u(i, 1) AS su,
                 CASE WHEN i % 20 BETWEEN 6 AND 8 AND i >= 20 THEN i - i % 20 - 8 WHEN i % 20 IN (17, 18) THEN i - i % 20 + 16 END AS parent_i,
                 CASE WHEN i % 20 < 6 THEN 'direct' WHEN i % 20 < 12 THEN 'reimbursement' WHEN i % 20 < 16 THEN 'prior' WHEN i % 20 = 16 THEN 'contract'
                      WHEN i % 20 = 17 THEN 'acceptance' WHEN i % 20 = 18 THEN 'payment' ELSE 'adjustment' END AS kind_of,
                 -- working hours (08:30–17:30 in UTC+8), days in order, so a parent is drafted before its children
                 timestamptz '${fiscalYear}-01-01 00:30:00+00' + interval '1 day' * floor(i::float8 * ${days} / ${N})
                   + interval '9 hours' * (i::float8 * ${days} / ${N} - floor(i::float8 * ${days} / ${N})) AS at,
                 ${days} - floor(i::float8 * ${days} / ${N}) AS age
          FROM generate_series(0, ${N - 1}) AS i
        ) b
      ) s
    ) g
    JOIN (VALUES (0, '零星支出', 'direct'), (6, '费用报销', 'reimbursement'), (12, '用款申请', 'prior'), (15, '采购申请', 'prior'), (16, '合同审批', 'contract'),
                 (17, '工程验收', 'acceptance'), (18, '工程付款', 'payment'), (19, '预算调整', 'adjustment')) AS t(first, type, kind)
      ON t.first = (SELECT max(f) FROM unnest(ARRAY[0, 6, 12, 15, 16, 17, 18, 19]) AS f WHERE f <= g.p)
    JOIN bench_line l ON l.n = floor(${lines.n} * bench_u(coalesce(g.parent_i, g.i), 8))::int
    JOIN bench_person pe ON pe.dept = l.dept AND pe.n = floor(pe.people * bench_u(g.i, 10))::int
    ORDER BY g.i`);

  // approved 合同 become contracts
  await run(`INSERT INTO "Contract" ("no", "requestId", "fiscalYear", "supplier", "amount", "instalments", "createdAt")
    SELECT 'HT-${fiscalYear}-' || lpad(r."no"::text, 6, '0'), r."id", ${fiscalYear}, r."supplier", r."amount",
           jsonb_build_array(jsonb_build_object('index', 1, 'amount', r."amount"::text, 'condition', '验收合格后')), r."closedAt"
    FROM "Request" r WHERE r."kind" = 'contract' AND r."status" = 'approved'`);

  // three steps on every submitted request: approved up to where it stands; in approval, one active step and its light
  await run(`
    INSERT INTO "Step" ("id", "requestId", "round", "index", "name", "role", "mode", "assignees", "approvedBy", "state", "limitMinutes",
                        "activatedAt", "yellowAt", "dueAt", "light", "decidedAt")
    SELECT md5(x."id" || '-' || x.k)::uuid::text, x."id", 1, x.k, (ARRAY['部门负责人审核', '分管领导审批', '财务审核'])[x.k + 1],
           (ARRAY['department_head', 'department_leader', 'finance'])[x.k + 1], CASE WHEN x.k = 2 THEN '或签' ELSE '依次' END,
           CASE x.k WHEN 0 THEN ARRAY[coalesce(d."headId", x."requesterId")] WHEN 1 THEN ARRAY[coalesce(d."leaderId", x."requesterId")]
                    ELSE ARRAY['wugang', 'zhengjia'] END,
           CASE WHEN x.state = 'approved' AND x.k < 2 THEN ARRAY[coalesce(CASE x.k WHEN 0 THEN d."headId" ELSE d."leaderId" END, x."requesterId")]
                WHEN x.state = 'approved' THEN ARRAY['wugang'] ELSE '{}'::text[] END,
           x.state, 480,
           CASE WHEN x.state <> 'waiting' THEN x."submittedAt" + interval '2 hours' * x.k END,
           CASE WHEN x.state <> 'waiting' THEN x."submittedAt" + interval '2 hours' * x.k + interval '432 minutes' END,
           CASE WHEN x.state <> 'waiting' THEN x."submittedAt" + interval '2 hours' * x.k + interval '480 minutes' END,
           CASE WHEN x.state <> 'active' THEN 'green' WHEN x.age > 40 THEN 'red'
                WHEN bench_u(x.i, 12) < 0.80 THEN 'green' WHEN bench_u(x.i, 12) < 0.92 THEN 'yellow' ELSE 'red' END,
           CASE WHEN x.state IN ('approved', 'rejected', 'returned') THEN x."submittedAt" + interval '2 hours' * x.k + interval '1 hour' END
    FROM (
      SELECT r."id", r."requesterId", r."departmentId", r."submittedAt", r."no" AS i, k,
             extract(epoch FROM (timestamptz '${now.toISOString()}' - r."createdAt")) / 86400 AS age,
             CASE r."status"
               WHEN 'approved' THEN 'approved'
               WHEN 'in_approval' THEN CASE WHEN k < floor(3 * bench_u(r."no", 11)) THEN 'approved'
                                            WHEN k = floor(3 * bench_u(r."no", 11)) THEN 'active' ELSE 'waiting' END
               WHEN 'rejected' THEN CASE k WHEN 0 THEN 'approved' WHEN 1 THEN 'rejected' ELSE 'cancelled' END
               WHEN 'returned' THEN CASE k WHEN 0 THEN 'returned' ELSE 'cancelled' END
               ELSE 'cancelled' END AS state
      FROM "Request" r CROSS JOIN generate_series(0, 2) AS k
      WHERE r."status" <> 'draft'
    ) x JOIN "Department" d ON d."id" = x."departmentId"`);

  // a decision for every decided step (what the 绩效 report counts), by its first assignee at its decision time
  await run(`
    INSERT INTO "Decision" ("requestId", "stepId", "personId", "action", "comment", "platform", "at")
    SELECT s."requestId", s."id", s."assignees"[1], CASE s."state" WHEN 'approved' THEN 'approve' WHEN 'rejected' THEN 'reject' ELSE 'return' END,
           '', 'console', s."decidedAt"
    FROM "Step" s WHERE s."decidedAt" IS NOT NULL`);

  // an overdue alert (办件超时) for every red step, raised when it turned red
  await run(`
    INSERT INTO "Alert" ("id", "rule", "severity", "dedupeKey", "requestIds", "requestNos", "departmentId", "personId", "amount", "citation", "facts", "raisedAt")
    SELECT md5('alert-' || s."id")::uuid::text, 'overdue', 'warning', 'overdue:' || s."id", ARRAY[r."id"], ARRAY[r."no"], r."departmentId", s."assignees"[1],
           r."amount", '单位内部控制制度：审批办理时限', '{}'::jsonb, s."dueAt"
    FROM "Step" s JOIN "Request" r ON r."id" = s."requestId" WHERE s."light" = 'red'`);

  // ten movements per request, cycling through the kinds (the CHECKs: SPEND names its source, COMMITTED names the commitment)
  const perRequest = Math.ceil(volume.ledgerRows / N);
  await run(`
    INSERT INTO "LedgerEntry" ("lineId", "kind", "amount", "requestId", "source", "commitmentId", "note", "at")
    SELECT r."budgetLineId", CASE WHEN m.kind = 'ADJUST' AND r."kind" <> 'adjustment' THEN 'RELEASE' ELSE m.kind END,
           CASE WHEN m.kind = 'ADJUST' THEN r."amount" / 10 ELSE r."amount" END, r."id", m.source, CASE WHEN m.committed THEN r."id" END, '',
           r."createdAt" + interval '1 hour' * j
    FROM "Request" r CROSS JOIN generate_series(0, ${perRequest - 1}) AS j
    JOIN (VALUES (0, 'FREEZE', NULL, false), (1, 'RELEASE', NULL, false), (2, 'FREEZE', NULL, false), (3, 'RELEASE', NULL, false),
                 (4, 'FREEZE', NULL, false), (5, 'SPEND', 'FROZEN', false), (6, 'COMMIT', NULL, false), (7, 'SPEND', 'COMMITTED', true),
                 (8, 'UNCOMMIT', NULL, true), (9, 'ADJUST', NULL, false)) AS m(k, kind, source, committed) ON m.k = j % 10
    ORDER BY r."no", j
    LIMIT ${Math.trunc(volume.ledgerRows)}`);

  await run(`DROP TABLE bench_line`);
  await run(`DROP TABLE bench_person`);
  const [counts] = await db.$queryRawUnsafe<{ requests: number; ledger: number; steps: number; first: string; last: string }[]>(`
    SELECT (SELECT count(*)::int FROM "Request") AS requests, (SELECT count(*)::int FROM "LedgerEntry") AS ledger, (SELECT count(*)::int FROM "Step") AS steps,
           (SELECT to_char(min("createdAt"), 'YYYY-MM-DD') FROM "Request") AS first, (SELECT to_char(max("createdAt"), 'YYYY-MM-DD') FROM "Request") AS last`);
  return {
    requests: counts?.requests ?? 0,
    ledgerRows: counts?.ledger ?? 0,
    steps: counts?.steps ?? 0,
    firstDay: counts?.first ?? '',
    lastDay: counts?.last ?? '',
    supplier: SUPPLIER_NAMES[3]!,
    tag: TAGS[1]!,
  };
}
