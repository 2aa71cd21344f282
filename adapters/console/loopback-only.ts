// With CONSOLE=on the console answers only people on the machine itself; CONSOLE=network opens it to
// everyone who can reach the port, on purpose. While the page may pick who it acts as (the
// development mode, console-personas.ts) that is all that stands between the network and acting as
// anyone; with a workbench sign-in it still keeps the console on this machine unless told otherwise.
// The same check keeps a web page in the browser from reaching the console through a DNS-rebinding
// trick (its Host header is not a local name).
import { readdirSync } from 'node:fs';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { isLoopbackAddress, isLoopbackHost, isForwarded } from '../../bot/web/loopback.js';
import { LOCAL_ONLY_TITLE, localOnlyText, type LocalOnlyReason } from '../../bot/replies/console-words.js';

/** Why a request is not served; each is explained to the person in Chinese. */
export type RefusalReason = LocalOnlyReason;

export { isLoopbackAddress, isLoopbackHost };

/** The reason to refuse a request to the console under CONSOLE=on, or null to serve it. */
export function refusalReason(req: Request): RefusalReason | null {
  if (!isLoopbackAddress(req.socket.localAddress) || !isLoopbackAddress(req.socket.remoteAddress)) return 'remote_address';
  // a reverse proxy on this machine turns a request from anywhere into one from 127.0.0.1
  if (isForwarded(req)) return 'proxied';
  if (!isLoopbackHost(req.headers.host)) return 'host_header';
  const origin = req.headers.origin;
  if (origin !== undefined && !isLoopbackOrigin(origin)) return 'origin';
  return null;
}

function isLoopbackOrigin(origin: string): boolean {
  if (!URL.canParse(origin)) return false;
  const url = new URL(origin);
  return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.host);
}

/**
 * The guard for the console's own paths: its API under /console/api, the page's files at the
 * root and the card renderer it shares with the workbench under /card/. Other platforms' routes
 * (e.g. /wecom/callback, which must be reachable through the proxy) pass straight through.
 * `personas` says whether the page may pick who it acts as (the refusal says what opening the
 * console up would mean).
 */
export function loopbackOnly(publicDir: string, personas: () => boolean): RequestHandler {
  const pageFiles = new Set(['/', ...readdirSync(publicDir).map((f) => `/${f}`)]);
  const isConsolePath = (path: string) => path === '/console' || path.startsWith('/console/') || path === '/card' || path.startsWith('/card/') || pageFiles.has(path);
  return (req: Request, res: Response, next: NextFunction) => {
    if (!isConsolePath(req.path)) return next();
    const reason = refusalReason(req);
    if (!reason) return next();
    const message = localOnlyText(reason, req.socket.localPort, personas());
    res.set('Cache-Control', 'no-store');
    if (req.path.startsWith('/console/')) {
      res.status(403).json({ error: { code: 'CONSOLE_LOCAL_ONLY', message } });
      return;
    }
    res.status(403).type('html').send(refusalPage(message));
  };
}

function refusalPage(message: string): string {
  const escaped = message.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${LOCAL_ONLY_TITLE}</title></head><body style="font-family:sans-serif;max-width:40em;margin:3em auto;line-height:1.7;color:#1f2329"><h1 style="font-size:1.3em">${LOCAL_ONLY_TITLE}</h1><p>${escaped}</p></body></html>`;
}

/** The notice printed at start when the console's reach is not what a reader would assume, or null. */
export function consoleReachNotice(config: { CONSOLE: 'on' | 'off' | 'network'; CONSOLE_PERSONAS?: 'on' | 'off'; HOST: string }): string | null {
  if (config.CONSOLE === 'network' && config.CONSOLE_PERSONAS === 'on') {
    return (
      `！！！ 警告：CONSOLE=network 且 CONSOLE_PERSONAS=on，管家控制台不限制访问来源（HOST=${config.HOST}），又处于开发模式（可切换身份，没有登录）：` +
      '任何能访问这个端口的人（包括经代理转发来的请求）都能查看所有会话、以任何人的身份提交和审批。只应在演示或测试时这样做；' +
      '正式使用请去掉 CONSOLE_PERSONAS=on（控制台将要求先通过工作台登录），或去掉 CONSOLE=network（控制台只对本机开放）。'
    );
  }
  if (config.CONSOLE === 'on' && !isLoopbackHost(config.HOST)) {
    return (
      `注意：HOST=${config.HOST} 让管家接受来自网络的请求，但控制台仍只对本机开放：其他电脑打开控制台（包括经代理转发的请求）会被拒绝（403）。` +
      '请在本机用浏览器打开控制台；确需从其他电脑使用时设置 CONSOLE=network，不需要控制台时设置 CONSOLE=off。'
    );
  }
  return null;
}
