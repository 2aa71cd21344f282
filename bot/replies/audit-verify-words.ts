// The report of `npm run audit:verify` beyond the chain's own check: the checkpoints (审计链检查点)
// and the cross-checks of decisions, ledger rows and request states against their audit events.
// One line per finding, in Chinese, naming the row an administrator should look at.
import type { CheckpointFinding } from '../../workflows/domain/audit/check-checkpoints.js';
import type { DecisionFinding } from '../../workflows/domain/audit/decisions-audited.js';
import type { LedgerFinding } from '../../workflows/domain/audit/ledger-audited.js';
import type { RequestFinding } from '../../workflows/domain/audit/request-states-audited.js';
import type { RequestStatus } from '../../workflows/domain/types.js';
import { ACTION_LABELS, STATUS_LABELS } from './labels.js';

type Finding = CheckpointFinding | DecisionFinding | LedgerFinding | RequestFinding;

const statusLabel = (s: string) => STATUS_LABELS[s as RequestStatus]?.label ?? s;
const actionLabel = (a: string) => ACTION_LABELS[a as keyof typeof ACTION_LABELS] ?? a;
const short = (hash: string) => (hash ? `${hash.slice(0, 16)}…` : '（无）');
const ledgerKinds: Record<string, string> = {
  ALLOT: '下达',
  ADJUST: '调整',
  FREEZE: '冻结',
  RELEASE: '释放',
  COMMIT: '承诺',
  SPEND: '支出',
  UNCOMMIT: '承诺退回',
};

export function auditFindingText(f: Finding): string {
  switch (f.code) {
    case 'checkpoint.unreadable':
      return `检查点文件第 ${f.line} 行无法读取：不是有效的检查点`;
    case 'checkpoint.bad_signature':
      return `检查点文件第 ${f.line} 行（第 ${f.seq} 条）签名无效：检查点被伪造或改动，或不是由本单位的检查点密钥签署（其密钥指纹 ${f.key}）`;
    case 'chain.truncated':
      return `审计链末尾被删除：第 ${f.head} 条之后的记录被删除（第 ${f.firstMissing} 条起缺失）；${f.checkpointAt} 的检查点签署到第 ${f.checkpointSeq} 条`;
    case 'chain.rewritten': {
      const what =
        f.seq === f.checkpointSeq
          ? `${f.checkpointAt} 的检查点签署的哈希是 ${short(f.signedHash ?? '')}，现在是 ${short(f.foundHash)}`
          : `这里应是 ${f.checkpointAt} 那次检查点的审计事件，现在是另一条记录`;
      const since = f.lastGood === '0' ? '没有更早的吻合检查点' : `第 ${f.lastGood} 条仍与检查点一致，改写始于其后`;
      return `第 ${f.seq} 条被改写：${what}（${since}）`;
    }
    case 'checkpoint.unfiled':
      return `检查点文件缺少一条检查点：审计链第 ${f.eventSeq} 条记载了 ${f.at} 签署到第 ${f.seq} 条的检查点，文件中没有（文件被删改，或写入时中断）`;
    case 'decision.unaudited':
      return `决定记录 #${f.id}（No.${f.no} 环节 ${f.stepId}，${f.personId} ${actionLabel(f.action)}）没有对应的审计事件：不是经由系统写入的`;
    case 'decision.missing':
      return `审计链第 ${f.seq} 条记载的决定（No.${f.no ?? '?'} 环节 ${f.stepId}，${f.personId} ${actionLabel(f.action)}）在决定记录中不存在：决定记录被删除`;
    case 'ledger.unaudited': {
      const whose = f.no !== null ? `No.${f.no} 的` : f.requestId !== null ? `申请 ${f.requestId} 的` : '不属于任何申请的';
      return `预算台账：${whose}${ledgerKinds[f.kind] ?? f.kind}（${f.kind}）记录有 ${f.rows} 条，审计事件只说明了 ${f.allowed} 条（最新一条台账 #${f.lastId}）`;
    }
    case 'request.unaudited':
      return `申请 No.${f.no}（${statusLabel(f.status)}）没有创建它的审计事件：不是经由系统写入的`;
    case 'request.state_unaudited':
      return `申请 No.${f.no} 的状态是「${statusLabel(f.status)}」，审计链（最后一条在第 ${f.seq} 条）记载的是「${statusLabel(f.audited)}」`;
    case 'request.payment_unaudited':
      return `申请 No.${f.no} 标为已付款，审计链没有确认付款的记录`;
    case 'request.settle_unaudited':
      return `申请 No.${f.no} 标为已结清，审计链没有结清的记录`;
  }
}

/** the checkpoints checked and what the newest one covers */
export function checkpointsCheckedText(c: { verified: number; file: string; key: string; latest?: { seq: string; at: string }; head: number }): string {
  if (c.verified === 0) return `检查点：文件 ${c.file} 中还没有检查点（密钥指纹 ${c.key}）；运行 npm run audit:checkpoint 可立即生成一个`;
  const latest = c.latest ? `，最新一个签署到第 ${c.latest.seq} 条（${c.latest.at}），审计链现有 ${c.head} 条，在其后继续` : '';
  return `检查点吻合：核对了 ${c.verified} 个签名有效的检查点（${c.file}，密钥指纹 ${c.key}）${latest}`;
}

/** no key to check checkpoints with */
export function noCheckpointKeyText(keyFile: string, lines: number): string {
  return lines > 0
    ? `无法核对检查点：找不到检查点密钥 ${keyFile}（请恢复密钥文件，或用 AUDIT_CHECKPOINT_PUBLIC_KEY_FILE 指定公钥），检查点文件中有 ${lines} 行`
    : `检查点：尚未生成（密钥 ${keyFile} 不存在）；运行 npm run audit:checkpoint 可立即生成一个`;
}

export function crossCheckedText(c: { decisions: number; ledgerRows: number; requests: number }): string {
  return `交叉核对一致：${c.decisions} 条决定记录、${c.ledgerRows} 条预算台账、${c.requests} 件申请的状态都有对应的审计事件`;
}

export function verifyFailedText(findings: number): string {
  return `审计核对未通过：发现 ${findings} 处问题（audit verify failed: ${findings} finding${findings === 1 ? '' : 's'}）`;
}

export function checkpointTakenText(seq: string, file: string): string {
  return `已生成审计链检查点：签署到第 ${seq} 条，已写入 ${file} 和审计链，并将发送到监督群（由运行中的管家发出）`;
}
