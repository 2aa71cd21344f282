// Whether a request comes from this machine itself: the console (CONSOLE=on) and /metrics answer
// only such requests unless told otherwise.
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** headers a reverse proxy adds: through a proxy on this machine, a request from anywhere arrives from 127.0.0.1 */
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

/** whether a proxy forwarded the request (its socket's address is then the proxy's, not the client's) */
export function isForwarded(req: Pick<IncomingMessage, 'headers'>): boolean {
  return FORWARDING_HEADERS.some((name) => req.headers[name] !== undefined);
}

/** from this machine, straight (no proxy), and to a local name (no DNS-rebinding page in a browser) */
export function isFromThisMachine(req: Pick<IncomingMessage, 'headers' | 'socket'>): boolean {
  return isLoopbackAddress(req.socket.localAddress) && isLoopbackAddress(req.socket.remoteAddress) && !isForwarded(req) && isLoopbackHost(req.headers.host);
}
