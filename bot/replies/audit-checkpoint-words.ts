// The words of a checkpoint of the audit chain (审计链检查点) as the 监督群 reads it: which row, its
// hash, when, the signature — enough for a 纪检 member to compare later with what audit:verify says.
import type { CheckpointNotice } from '../../workflows/domain/audit/checkpoint-shape.js';

/** 「【审计链检查点】第 1234 条」, then the hash, the time, the signature and how to use them. */
export function checkpointMessage(n: CheckpointNotice): { title: string; lines: string[] } {
  return {
    title: `【审计链检查点】第 ${n.seq} 条`,
    lines: [
      `哈希：${n.hash}`,
      `时间：${n.local ?? n.at}${n.day ? '（每日检查点）' : '（手动）'}`,
      `签名：${n.sig}（密钥指纹 ${n.key}）`,
      `请保留本消息。日后核对时，审计链第 ${n.seq} 条的哈希应与上面一致；不一致或记录不足 ${n.seq} 条，说明其后的记录被改写或删除（管理员可运行 npm run audit:verify）。`,
    ],
  };
}
