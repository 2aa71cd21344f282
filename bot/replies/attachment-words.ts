// The words about attachments (附件): sizes, the kinds allowed, what is missing, how to attach on a
// platform with no upload button, and the pages a file link answers with when it cannot open.
import { ALLOWED_FILE_TYPES } from '../../workflows/domain/attachments/allowed-file.js';

const TYPE_NAMES: Record<(typeof ALLOWED_FILE_TYPES)[number], string> = { pdf: 'PDF', ofd: 'OFD', jpg: 'JPG', png: 'PNG', docx: 'Word（DOCX）', xlsx: 'Excel（XLSX）' };

/** 「PDF、OFD、JPG、PNG、Word（DOCX）、Excel（XLSX）」 */
export const ALLOWED_TYPES_TEXT = ALLOWED_FILE_TYPES.map((t) => TYPE_NAMES[t]).join('、');

/** 213 KB, 1.5 MB */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;
}

/** 「invoice.pdf（213 KB）」 */
export const fileText = (name: string, size: number) => `${name}（${sizeText(size)}）`;

/** 「缺：发票、合同」 */
export const missingText = (missing: readonly string[]) => `缺：${missing.join('、')}`;

export const presentText = (kind: string) => `✓ ${kind}`;

/** a file of an earlier round, or one taken off */
export const roundNote = (round: number) => `第 ${round} 轮`;
export const REMOVED_NOTE = '已撤下';

/** under the files of a request its requester may still change, on platforms without an upload button */
export const attachHint = (no: number, kinds: readonly string[]) =>
  `补充附件：在与管家的单聊中直接发送图片或文件；有多笔待提交时先发「/附件 ${no} ${kinds[0] ?? '其他'}」。撤下：/删除附件 ${no} 序号。可用格式：${ALLOWED_TYPES_TEXT}。`;

export const FILE_PAGE = {
  title: '管家 · 附件',
  malformed: '这个附件链接不完整。请回到卡片上重新点开附件。',
  forged: '这个附件链接无效（可能被改动过）。请回到卡片上重新点开附件。',
  expired: '这个附件链接已过期。请在聊天中发送「/进度 编号」获取最新卡片，再点开附件。',
} as const;

const FILE_PROBLEMS = {
  missing: '存储中找不到这个文件',
  changed: '内容与审计记录的 SHA-256 不一致（文件或记录被改动）',
  unrecorded: '没有对应的审计记录（不是经管家附加的）',
} as const;

/** one line of audit:verify's report on stored files */
export function fileProblemText(p: { no: number; seq: number; name: string; sha256: string; problem: keyof typeof FILE_PROBLEMS }): string {
  return `附件被破坏：No.${p.no} 附件 ${p.seq}「${p.name}」— ${FILE_PROBLEMS[p.problem]}（SHA-256 ${p.sha256}）`;
}

/** the 「附到哪一笔？」 card */
export const ATTACH_CHOICE = {
  title: (name: string) => `附件「${name}」附到哪一笔？`,
  status: '待选择',
  requestLabel: (no: number, type: string) => `No.${no} ${type}`,
  requestValue: (missing: readonly string[]) => (missing.length > 0 ? missingText(missing) : '要件已齐'),
  button: (no: number, kind: string, missing: boolean) => `No.${no} · ${kind}${missing ? '（缺）' : ''}`,
  footer: (choices: readonly { no: number; kind: string }[]) => `也可以回复：${choices.map((c) => `/附件 ${c.no} ${c.kind}`).join('、')}（半小时内有效）`,
} as const;
