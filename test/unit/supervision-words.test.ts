// The words of 电子监察 as the 监督群 reads them: each rule's finding — as the rule itself produced it,
// stored as the outbox stores it — in one Chinese line with the severity, the rule, who, what, the
// amounts in 元 and the basis last.
import { describe, expect, it } from 'vitest';
import { alertLine, findingText, RULE_LABELS, SEVERITY_LABELS } from '../../bot/replies/supervision-words.js';
import { AlertSchema, type Alert } from '../../workflows/domain/effects.js';
import { collectiveFiled } from '../../workflows/domain/supervision/collective-filed.js';
import { contractPayment } from '../../workflows/domain/supervision/contract-payment.js';
import { SUPERVISION_RULES, type Finding } from '../../workflows/domain/supervision/finding.js';
import { lateApprover } from '../../workflows/domain/supervision/late-approver.js';
import { missingMaterial } from '../../workflows/domain/supervision/missing-material.js';
import { overdue } from '../../workflows/domain/supervision/overdue.js';
import { repeatedReturns } from '../../workflows/domain/supervision/repeated-returns.js';
import { splitPurchase } from '../../workflows/domain/supervision/split-purchase.js';
import { supplierConcentration } from '../../workflows/domain/supervision/supplier-concentration.js';

type RegisterAlert = Extract<Alert, { code: 'supervision' }>;

const NAMES: Record<string, string> = { chengjian: '城建办', fenglei: '冯磊', lintao: '林涛', wangfang: '王芳', mishu: '李秘书' };
const name = (id: string) => NAMES[id] ?? id;

/** the alert as the register sends it: names resolved, amounts as 分 strings, through JSON and the schema */
function registerAlert(finding: Finding | null, alertNo = 3): RegisterAlert {
  if (!finding) throw new Error('the rule raised nothing');
  const facts: Record<string, unknown> = { ...finding.facts };
  if (Array.isArray(facts.assignees)) facts.assignees = (facts.assignees as string[]).map(name);
  if (typeof facts.recordedBy === 'string') facts.recordedBy = name(facts.recordedBy);
  const alert = {
    code: 'supervision',
    alertNo,
    rule: finding.rule,
    severity: finding.severity,
    requestNos: finding.requestNos,
    department: finding.departmentId ? name(finding.departmentId) : undefined,
    person: finding.personId ? name(finding.personId) : undefined,
    amount: finding.amount?.toString(),
    citation: finding.citation,
    facts,
  };
  return AlertSchema.parse(JSON.parse(JSON.stringify(alert))) as RegisterAlert;
}

const CITE = '某省办法第一条';
const who = { departmentId: 'chengjian', requesterId: 'fenglei' };
const purchase = (no: number, amount: bigint, supplier = '青石商贸') => ({ id: `r${no}`, no, ...who, category: '办公设备', supplier, amount, fiscalYear: 2026 });
const split = (supplier: string) =>
  splitPurchase(purchase(5, 7_600_000n, supplier), [purchase(3, 7_600_000n)], { procurementThreshold: 15_000_000n, splitPurchaseBlocks: false, citation: CITE });
const payment = (refusal: string, contractNo: string, instalment: number | null) =>
  contractPayment({ id: 'r30', no: 30, ...who, amount: 4_500_000n, contractNo, instalment, refusal }, CITE);

/** one alert of every rule (and the variants the words treat apart), with the line it reads as */
const LINES: [string, RegisterAlert, string][] = [
  [
    'split purchase, one supplier',
    registerAlert(split('青石商贸')),
    '【红牌·化整为零 #3】城建办 冯磊 No.3、No.5：同一部门2026年度「办公设备」（青石商贸）分 2 笔申请，每笔低于采购限额，合计 152,000.00 元，达到限额 150,000.00 元（依据：某省办法第一条）',
  ],
  [
    'split purchase, no supplier named',
    registerAlert(split('')),
    '【红牌·化整为零 #3】城建办 冯磊 No.3、No.5：同一部门2026年度「办公设备」分 2 笔申请，每笔低于采购限额，合计 152,000.00 元，达到限额 150,000.00 元（依据：某省办法第一条）',
  ],
  [
    'supplier concentration',
    registerAlert(supplierConcentration({ id: 'r12', no: 12, ...who, supplier: '青石商贸', amount: 20_000_000n, fiscalYear: 2026 }, 90_000_000n, 100_000_000n, CITE)),
    '【黄牌·供应商集中 #3】城建办 冯磊 供应商「青石商贸」2026年度累计审批通过 1,100,000.00 元，达到 1,000,000.00 元（No.12）（依据：某省办法第一条）',
  ],
  [
    'repeated returns',
    registerAlert(repeatedReturns({ id: 'r7', no: 7, ...who, amount: 1_234_500n, returnCount: 2 }, 2, CITE)),
    '【黄牌·多次补正 #3】城建办 冯磊 No.7 已被退回 2 次（依据：某省办法第一条）',
  ],
  [
    'overdue, two assignees',
    registerAlert(
      overdue(
        {
          stepId: 's41',
          step: '财务审核',
          assignees: ['lintao', 'wangfang'],
          dueAt: new Date('2026-03-11T10:00:00+08:00'),
          request: { id: 'r9', no: 9, departmentId: 'chengjian', amount: 5_600_000n },
        },
        CITE,
      ),
    ),
    '【黄牌·办件超时 #3】城建办 No.9「财务审核」已超过办理时限，办理人：林涛、王芳（依据：某省办法第一条）',
  ],
  [
    'late approver',
    registerAlert(
      lateApprover(
        {
          personId: 'lintao',
          month: '2026-03',
          redLights: [
            { stepId: 's1', requestId: 'r8', no: 8 },
            { stepId: 's2', requestId: 'r4', no: 4 },
            { stepId: 's3', requestId: 'r8', no: 8 },
          ],
        },
        3,
        CITE,
      ),
    ),
    '【红牌·多次超时 #3】林涛 2026-03 已有 3 个环节超时（红灯）：No.4、No.8（依据：某省办法第一条）',
  ],
  [
    'missing material',
    registerAlert(missingMaterial({ id: 'r21', no: 21, ...who, amount: 860_000n, type: '报销申请' }, ['发票', '验收单'], [{ kind: '发票', removedRound: 2 }], CITE)),
    '【红牌·关键材料未上传 #3】城建办 冯磊 No.21（报销申请）审批通过时缺少：发票、验收单（依据：某省办法第一条）',
  ],
  [
    'payment beyond its instalment',
    registerAlert(payment('INSTALMENT_EXCEEDED', 'HT-2026-003', 2)),
    '【黄牌·超合同或未验收付款 #3】城建办 冯磊 No.30 申请付款（合同 HT-2026-003 第 2 期），超过该期合同约定金额，已被拒绝，金额 45,000.00 元（依据：某省办法第一条）',
  ],
  [
    'payment before acceptance, no instalment',
    registerAlert(payment('ACCEPTANCE_MISSING', 'HT-2026-003', null)),
    '【黄牌·超合同或未验收付款 #3】城建办 冯磊 No.30 申请付款（合同 HT-2026-003），该期尚未验收合格，已被拒绝，金额 45,000.00 元（依据：某省办法第一条）',
  ],
  [
    'payment beyond the contract, no contract number',
    registerAlert(payment('COMMITMENT_INSUFFICIENT', '', null)),
    '【黄牌·超合同或未验收付款 #3】城建办 冯磊 No.30 申请付款，超过合同剩余金额，已被拒绝，金额 45,000.00 元（依据：某省办法第一条）',
  ],
  [
    'collective decision filed',
    registerAlert(
      collectiveFiled(
        {
          stepId: 's77',
          request: { id: 'r40', no: 40, ...who, amount: 52_000_000n, type: '采购申请' },
          meeting: { date: '2026-03-12', minutesNo: '党工委〔2026〕5号' },
          by: 'mishu',
        },
        CITE,
      ),
    ),
    '【备案·三重一大备案 #3】城建办 冯磊 No.40（采购申请 520,000.00 元）经集体决策：会议 2026-03-12，纪要 党工委〔2026〕5号，录入人 李秘书（依据：某省办法第一条）',
  ],
];

describe('alertLine', () => {
  it.each(LINES)('%s', (_label, alert, line) => {
    expect(alertLine(alert)).toBe(line);
  });

  it('has a line for every rule', () => {
    expect(new Set(LINES.map(([, a]) => a.rule))).toEqual(new Set(SUPERVISION_RULES));
  });

  it('reads as Chinese: no undefined, NaN, raw codes or ids, and the citation last', () => {
    for (const [, alert] of LINES) {
      const line = alertLine(alert);
      expect(line).not.toMatch(/undefined|NaN|null|\[object/);
      expect(line).not.toMatch(/[A-Z]{2,}_[A-Z_]+|[a-z]+_[a-z_]+/); // INSTALMENT_EXCEEDED, split_purchase
      expect(line).not.toMatch(/\b(r\d+|s\d+|chengjian|fenglei|lintao|wangfang|mishu)\b/);
      // amounts in 元, grouped by thousands with two decimals; never the raw 分
      for (const [amount] of line.matchAll(/[\d,.]+(?= 元)/g)) expect(amount).toMatch(/^\d{1,3}(,\d{3})*\.\d{2}$/);
      if (alert.amount) expect(line).not.toContain(alert.amount);
      expect(line.endsWith(`（依据：${alert.citation}）`)).toBe(true);
      expect(line.startsWith(`【${SEVERITY_LABELS[alert.severity]}·${RULE_LABELS[alert.rule]} #${alert.alertNo}】`)).toBe(true);
    }
  });

  it('carries the organisation file’s wording of the basis', () => {
    const alert = { ...LINES[0]![1], citation: '《中华人民共和国政府采购法实施条例》第二十八条（化整为零规避公开招标）' };
    expect(alertLine(alert)).toMatch(/（依据：《中华人民共和国政府采购法实施条例》第二十八条（化整为零规避公开招标））$/);
  });

  it('leaves out whom it is about when the alert names neither department nor person', () => {
    const alert = { ...LINES[3]![1], department: undefined, person: undefined };
    expect(alertLine(alert)).toBe('【黄牌·多次补正 #3】No.7 已被退回 2 次（依据：某省办法第一条）');
  });
});

describe('findingText', () => {
  it('is the line without its heading, who and basis', () => {
    for (const [, alert] of LINES) {
      const text = findingText(alert);
      expect(text.length).toBeGreaterThan(0);
      expect(alertLine(alert)).toContain(text);
      expect(text).not.toContain('依据');
    }
  });

  it('says 被拒绝 for a refusal it has no words for, never the code', () => {
    const alert = { ...LINES[7]![1], facts: { contractNo: 'HT-2026-003', instalment: 0, refusal: 'SOMETHING_ELSE' } };
    expect(findingText(alert)).toBe('No.30 申请付款（合同 HT-2026-003）被拒绝，金额 45,000.00 元');
  });
});
