// What to do with each WeCom answer (全局错误码, document/path/90313): retry what is transient,
// refresh the token when it is the token, and report the rest with a hint an administrator can act on.
import { UnrecoverableError } from 'bullmq';

export type ErrorKind = 'transient' | 'token' | 'config' | 'permanent';

interface Known {
  kind: ErrorKind;
  hint: string;
}

const KNOWN: Record<number, Known> = {
  [-1]: { kind: 'transient', hint: '企业微信系统繁忙，稍后自动重试' },
  45009: { kind: 'transient', hint: '接口调用超过频率限制，稍后自动重试' },
  45033: { kind: 'transient', hint: '接口并发调用超过限制，稍后自动重试' },
  40014: { kind: 'token', hint: 'access_token 无效，已重新获取' },
  42001: { kind: 'token', hint: 'access_token 已过期，已重新获取' },
  41001: { kind: 'token', hint: '缺少 access_token，已重新获取' },
  40001: { kind: 'config', hint: '应用 Secret 不正确：请核对 WECOM_SECRET（应用管理 → 应用 → Secret）' },
  40013: { kind: 'config', hint: '企业ID 不正确：请核对 WECOM_CORP_ID（我的企业 → 企业信息 → 企业ID）' },
  40056: { kind: 'config', hint: 'AgentId 不正确：请核对 WECOM_AGENT_ID' },
  60020: { kind: 'config', hint: '服务器出口 IP 不在应用的「企业可信IP」中：请在应用管理 → 应用 → 企业可信IP 加入本服务器的公网出口 IP' },
  48002: { kind: 'config', hint: '应用没有调用该接口的权限：请检查应用的可见范围和接口权限' },
  301002: { kind: 'config', hint: '无权操作该应用：请核对 WECOM_SECRET 是否属于 WECOM_AGENT_ID 这个应用' },
  40003: { kind: 'permanent', hint: '成员 userid 无效：请核对组织文件中该人员的 wecom 账号' },
  81013: { kind: 'permanent', hint: '接收人全部无效或不在应用可见范围：请核对组织文件中的 wecom 账号和应用可见范围' },
  86003: { kind: 'permanent', hint: '应用群聊不存在：请核对组织文件 groups.supervision.wecom 的 chatid' },
  93000: { kind: 'permanent', hint: '群机器人 webhook key 无效：请核对组织文件 groups.supervision.wecom' },
  40007: { kind: 'permanent', hint: '媒体文件 media_id 无效或已过期（临时素材只保留 3 天）：请发送者重新发送文件' },
  830002: { kind: 'permanent', hint: '文件过大，需分块（Range）下载' },
  40006: { kind: 'permanent', hint: '文件大小不合法：临时素材须大于 5 字节，普通文件不超过 20 MB' },
  44001: { kind: 'permanent', hint: '上传的文件为空' },
  40029: { kind: 'permanent', hint: '登录用的 code 无效、已用过或已过期（5 分钟内只能用一次）：请重新从企业微信打开工作台' },
};

export class WecomApiError extends Error {
  readonly kind: ErrorKind;
  readonly hint: string;
  constructor(
    readonly api: string,
    readonly errcode: number | null,
    readonly errmsg: string,
    kind?: ErrorKind,
  ) {
    const known = errcode === null ? undefined : KNOWN[errcode];
    const resolved = kind ?? known?.kind ?? 'permanent';
    const hint = known?.hint ?? (resolved === 'transient' ? '网络或企业微信暂时不可用，稍后自动重试' : '企业微信拒绝了这次请求，请按错误码查阅企业微信全局错误码文档');
    super(`企业微信 ${api} 失败（errcode ${errcode ?? '-'}：${errmsg}）：${hint}`);
    this.name = 'WecomApiError';
    this.kind = resolved;
    this.hint = hint;
  }
}

export function classify(errcode: number): ErrorKind {
  return KNOWN[errcode]?.kind ?? 'permanent';
}

/**
 * What the notification queue should see: transient and configuration errors are retried with
 * backoff (an administrator may fix the IP list meanwhile); a bad recipient is not retried.
 */
export function forQueue(error: WecomApiError): Error {
  return error.kind === 'permanent' ? new UnrecoverableError(error.message) : error;
}
