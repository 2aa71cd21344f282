// The console has no sign-in: whoever reaches it can read anyone's chat and act as anyone. Until it
// has one, with CONSOLE=on it answers only people on the machine itself; CONSOLE=network opens it
// to everyone who can reach the port, on purpose. The same check keeps a web page in the browser
// from reaching the console through a DNS-rebinding trick (its Host header is not a local name).
import { readdirSync } from 'node:fs';
import { isIP } from 'node:net';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Why a request is not served; each is explained to the person in Chinese. */
export type RefusalReason = 'remote_address' | 'proxied' | 'host_header' | 'origin';

const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip'];

/** 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.toLowerCase().replace(/^\[|\]$/g, '');
  if (a === '::1' || a === '0:0:0:0:0:0:0:1') return true;
  const v4 = a.startsWith('::ffff:') ? a.slice('::ffff:'.length) : a;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/** localhost, *.localhost or a loopback address, with or without a port. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const h = host.trim().toLowerCase();
  if (isIP(h)) return isLoopbackAddress(h);
  const name = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.replace(/:\d*$/, '');
  return name === 'localhost' || name.endsWith('.localhost') || isLoopbackAddress(name);
}

/** The reason to refuse a request to the console under CONSOLE=on, or null to serve it. */
export function refusalReason(req: Request): RefusalReason | null {
  if (!isLoopbackAddress(req.socket.localAddress) || !isLoopbackAddress(req.socket.remoteAddress)) return 'remote_address';
  // a reverse proxy on this machine turns a request from anywhere into one from 127.0.0.1
  if (FORWARDING_HEADERS.some((name) => req.headers[name] !== undefined)) return 'proxied';
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

const REASON_TEXT: Record<RefusalReason, string> = {
  remote_address: '这个请求来自其他电脑',
  proxied: '这个请求经过了代理转发',
  host_header: '这个请求使用的地址不是本机地址',
  origin: '这个请求来自其他网站的页面',
};

/** What the person is told: why, how to reach the console, and how an administrator opens it up. */
export function refusalText(reason: RefusalReason, port: number | undefined): string {
  const local = `http://127.0.0.1${port ? `:${port}` : ''}/`;
  return (
    `管家控制台只对本机开放（${REASON_TEXT[reason]}）。控制台还没有登录功能，能打开它的人可以查看任何人的会话、以任何人的身份审批。` +
    `请在运行管家的电脑上用浏览器打开 ${local} 。` +
    '如确需从其他电脑使用（例如内网演示），请管理员设置 CONSOLE=network 后重启管家；这样网络中的任何人都能以任何人的身份操作，正式使用时请不要这样做。'
  );
}

/**
 * The guard for the console's own paths: its API under /console/api, the page's files at the
 * root and the card renderer it shares with the workbench under /card/. Other platforms' routes
 * (e.g. /wecom/callback, which must be reachable through the proxy) pass straight through.
 */
export function loopbackOnly(publicDir: string): RequestHandler {
  const pageFiles = new Set(['/', ...readdirSync(publicDir).map((f) => `/${f}`)]);
  const isConsolePath = (path: string) => path === '/console' || path.startsWith('/console/') || path === '/card' || path.startsWith('/card/') || pageFiles.has(path);
  return (req: Request, res: Response, next: NextFunction) => {
    if (!isConsolePath(req.path)) return next();
    const reason = refusalReason(req);
    if (!reason) return next();
    const message = refusalText(reason, req.socket.localPort);
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
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>管家控制台只对本机开放</title></head><body style="font-family:sans-serif;max-width:40em;margin:3em auto;line-height:1.7;color:#1f2329"><h1 style="font-size:1.3em">管家控制台只对本机开放</h1><p>${escaped}</p></body></html>`;
}

/** The notice printed at start when the console's reach is not what a reader would assume, or null. */
export function consoleReachNotice(config: { CONSOLE: 'on' | 'off' | 'network'; HOST: string }): string | null {
  if (config.CONSOLE === 'network') {
    return (
      `！！！ 警告：CONSOLE=network，管家控制台不限制访问来源（HOST=${config.HOST}）。控制台没有登录功能，` +
      '任何能访问这个端口的人（包括经代理转发来的请求）都能查看所有会话、以任何人的身份提交和审批。只应在演示或测试时这样做；' +
      '正式使用请去掉 CONSOLE=network（控制台只对本机开放）或设置 CONSOLE=off。'
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
