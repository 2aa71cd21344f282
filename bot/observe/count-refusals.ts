// Counts the inbound requests an adapter's edge turned away (bad signature, no sign-in, bad input …)
// without touching its checks: whatever a POST under the guarded path answers with a 4xx is one
// refusal, its reason the HTTP status (401, 403, 400, 413, 415, 429).
import type { RequestHandler } from 'express';
import type { BotMetrics } from './metrics.js';

export function countRefusals(platform: string, metrics: Pick<BotMetrics, 'inboundRefused'>): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'POST') {
      res.on('finish', () => {
        if (res.statusCode >= 400 && res.statusCode < 500 && res.statusCode !== 404) metrics.inboundRefused(platform, String(res.statusCode));
      });
    }
    next();
  };
}
