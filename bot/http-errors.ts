// How the HTTP server answers what it could not take: a client's bad request (a body that does not
// parse, is too large, in a charset or Content-Encoding we do not read, aborted) is a 4xx with a JSON
// body in Chinese; anything else is a 500 whose body says nothing of the inside (the stack goes to the log).
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

/** the last route: a JSON 404 for a path nothing served */
export const notFoundHandler: RequestHandler = (_req, res) => {
  res.status(404).json({ error: { code: 'NOT_FOUND', message: HTTP_ERROR_TEXT.NOT_FOUND } });
};

/** the last error handler: every error a router passed on ends here, never in express's page with the stack */
export function finalErrorHandler(log: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const refusal = clientRefusalOf(error);
    if (!refusal) log.error('http request failed', { method: req.method, path: req.path, err: error });
    if (res.headersSent) {
      res.end();
      return;
    }
    const { status, code, message } = refusal ?? { status: 500, code: 'INTERNAL', message: HTTP_ERROR_TEXT.INTERNAL };
    res.status(status).json({ error: { code, message } });
  };
}
