// The console's words about who may use it: the page reached from another computer (CONSOLE=on serves
// this machine only), and, outside the development mode where the page picks who it acts as
// (CONSOLE_PERSONAS), the workbench sign-in it needs and why a request was refused.
import { UNKNOWN_ACCOUNT_TEXT } from './error-text.js';
import { WORKBENCH_ERROR_TEXT } from './workbench-words.js';

/** Why a request from elsewhere is not served (see adapters/console/loopback-only.ts). */
export type LocalOnlyReason = 'remote_address' | 'proxied' | 'host_header' | 'origin';

const LOCAL_ONLY_REASON: Record<LocalOnlyReason, string> = {
  remote_address: '这个请求来自其他电脑',
  proxied: '这个请求经过了代理转发',
  host_header: '这个请求使用的地址不是本机地址',
  origin: '这个请求来自其他网站的页面',
};

export const LOCAL_ONLY_TITLE = '管家控制台只对本机开放';

/**
 * What a person reaching the console from elsewhere is told: why, how to reach it, and how an
 * administrator opens it up — with the danger spelled out while the page may pick anyone (personas).
 */
export function localOnlyText(reason: LocalOnlyReason, port: number | undefined, personas: boolean): string {
  const local = `http://127.0.0.1${port ? `:${port}` : ''}/`;
  const head = `${LOCAL_ONLY_TITLE}（${LOCAL_ONLY_REASON[reason]}）。`;
  const open = `请在运行管家的电脑上用浏览器打开 ${local} 。`;
  if (!personas) return `${head}${open}如确需从其他电脑使用，请管理员设置 CONSOLE=network 后重启管家；打开控制台仍须先通过工作台（钉钉或企业微信）登录。`;
  return (
    `${head}控制台现在处于开发模式（可切换身份），没有登录，能打开它的人可以查看任何人的会话、以任何人的身份审批。${open}` +
    '如确需从其他电脑使用（例如内网演示），请管理员设置 CONSOLE=network 后重启管家；这样网络中的任何人都能以任何人的身份操作，正式使用时请不要这样做。'
  );
}

const SIGN_IN = '请先从钉钉或企业微信打开「工作台」登录，再回到本页刷新。';

/** The console's refusals when it needs a workbench sign-in (CONSOLE_PERSONAS off). */
export const CONSOLE_ACCESS_TEXT = {
  NOT_SIGNED_IN: `控制台需要登录后才能使用。${SIGN_IN}`,
  SIGN_IN_UNAVAILABLE:
    '控制台需要通过工作台登录，但管家还没有接入钉钉或企业微信，现在无法登录。正式使用请先接入钉钉或企业微信；只在本机试用时，管理员可设置 CONSOLE_PERSONAS=on 后重启管家（开发模式，可切换身份）。',
  SESSION_INVALID: `登录信息无效，为安全起见没有受理。${SIGN_IN}`,
  SESSION_EXPIRED: `登录已过期（为安全起见，登录一段时间后需要重新进入）。${SIGN_IN}`,
  ACCOUNT_UNKNOWN: UNKNOWN_ACCOUNT_TEXT,
  CSRF_INVALID: WORKBENCH_ERROR_TEXT.CSRF_INVALID,
  NOT_YOURSELF: '控制台只能以您本人的身份使用：不能查看他人的会话，也不能代他人提交或审批。这次请求没有执行，已记录在审计日志中。',
} as const;

export type ConsoleAccessCode = keyof typeof CONSOLE_ACCESS_TEXT;
