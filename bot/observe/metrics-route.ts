// GET /metrics in Prometheus's text format. It answers a scraper on this machine (loopback, not
// through a proxy, to a local name) or one that sends `Authorization: Bearer <METRICS_TOKEN>`; anyone
// else gets 403 (401 when a token is set, so a remote scraper knows to send it).
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Request } from 'express';
import type { Logger } from '../deps.js';
import { isFromThisMachine } from '../web/loopback.js';
import type { Metrics } from './metrics.js';

export function metricsRouter(metrics: Pick<Metrics, 'text' | 'contentType'>, token: string | undefined, log: Logger): express.Router {
  const router = express.Router();
  router.get('/metrics', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    if (!isFromThisMachine(req) && !hasToken(req, token)) {
      if (token) res.set('WWW-Authenticate', 'Bearer realm="metrics"');
      res
        .status(token ? 401 : 403)
        .type('text/plain')
        .send(token ? 'metrics: a bearer token is required\n' : 'metrics: only from this machine (set METRICS_TOKEN to scrape from elsewhere)\n');
      return;
    }
    const text = await metrics.text().catch((err: unknown) => {
      log.warn('metrics could not be collected', { err });
      return null;
    });
    if (text === null) {
      res.status(503).type('text/plain').send('metrics unavailable\n');
      return;
    }
    res.set('Content-Type', metrics.contentType).send(text);
  });
  return router;
}

/** the request's bearer token equals `token` (compared as hashes, in constant time) */
function hasToken(req: Request, token: string | undefined): boolean {
  if (!token) return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
  if (!match?.[1]) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}
