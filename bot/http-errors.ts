// How the HTTP server answers what it could not take: a client's bad request (a body that does not
// parse, is too large, in a charset or Content-Encoding we do not read, aborted) is a 4xx with a JSON
// body in Chinese; the database or Redis being down is a 503 with Retry-After; anything else is a
// 500 whose body says nothing of the inside (the stack goes to the log).
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from './deps.js';
import { HTTP_ERROR_TEXT, type HttpErrorCode } from './replies/http-error-words.js';

export interface HttpRefusal {
  status: number;
  code: HttpErrorCode;
  message: string;
}

const BY_TYPE: Record<string, HttpErrorCode> = {
  'entity.parse.failed': 'BAD_JSON',
  'entity.too.large': 'TOO_LARGE',
  'charset.unsupported': 'UNSUPPORTED_CHARSET',
  'encoding.unsupported': 'UNSUPPORTED_ENCODING',
  'request.aborted': 'ABORTED',
};

/** the refusal for a client's fault that body-parser (or another http-errors user) reported; undefined for anything else */
export function clientRefusalOf(error: unknown): HttpRefusal | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, type } = error as { status?: unknown; type?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 499) return undefined;
  const code = (typeof type === 'string' ? BY_TYPE[type] : undefined) ?? (status === 413 ? 'TOO_LARGE' : status === 404 ? 'NOT_FOUND' : 'BAD_BODY');
  return { status, code, message: HTTP_ERROR_TEXT[code] };
}

/** seconds a caller is asked to wait when the database or Redis is down */
export const RETRY_AFTER_S = 5;

// Prisma's codes for a database it cannot reach or that went away, pg's and PostgreSQL's (57P0x: the
// server is shutting down or restarting), and what ioredis says while Redis is down.
const UNAVAILABLE_CODES = new Set([
  'P1001',
  'P1002',
  'P1008',
  'P1017',
  'P2024',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08006',
  '08001',
  '08003',
]);
const UNAVAILABLE_TEXT =
  /Can't reach database|Connection terminated|terminating connection|the database system is (starting up|shutting down)|connection timeout|timeout exceeded when trying to connect|Connection is closed|MaxRetriesPerRequest|Stream isn't writeable|Timed out fetching a new connection/i;

/** whether an error says the database or Redis is down (or going), rather than that something is wrong with the request */
export function isUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const { code, message, name, cause, originalCode } = error as { code?: unknown; message?: unknown; name?: unknown; cause?: unknown; originalCode?: unknown };
  if ((typeof code === 'string' && UNAVAILABLE_CODES.has(code)) || (typeof originalCode === 'string' && UNAVAILABLE_CODES.has(originalCode))) return true;
  if (name === 'PrismaClientInitializationError' || name === 'MaxRetriesPerRequestError') return true;
  if (typeof message === 'string' && UNAVAILABLE_TEXT.test(message)) return true;
  return isUnavailable(cause, depth + 1);
}

/** the last route: a JSON 404 for a path nothing served */
export const notFoundHandler: RequestHandler = (_req, res) => {
  res.status(404).json({ error: { code: 'NOT_FOUND', message: HTTP_ERROR_TEXT.NOT_FOUND } });
};

/** the last error handler: every error a router passed on ends here, never in express's page with the stack */
export function finalErrorHandler(log: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const refusal = clientRefusalOf(error);
    if (!refusal && isUnavailable(error)) log.warn('http request refused: a service is down', { method: req.method, path: req.path, err: error });
    else if (!refusal) log.error('http request failed', { method: req.method, path: req.path, err: error });
    if (res.headersSent) {
      res.end();
      return;
    }
    if (!refusal && isUnavailable(error)) {
      // the database or Redis is down: say so at once, and when to come back (a platform retries)
      res
        .status(503)
        .set('Retry-After', String(RETRY_AFTER_S))
        .json({ error: { code: 'UNAVAILABLE', message: HTTP_ERROR_TEXT.UNAVAILABLE } });
      return;
    }
    const { status, code, message } = refusal ?? { status: 500, code: 'INTERNAL', message: HTTP_ERROR_TEXT.INTERNAL };
    res.status(status).json({ error: { code, message } });
  };
}
