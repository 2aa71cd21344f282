// The security headers on every answer (helmet): a Content-Security-Policy that the console, the
// workbench and the queue dashboard work under, and the usual others. The pages load only their own
// scripts and styles (no inline script anywhere; ECharts and DingTalk's JSAPI are served from this
// server), talk only to this server (fetch, the console's EventSource), show images from here or
// data: URLs (the workbench's favicon), and are framed by nobody: the workbench opens in DingTalk's
// and WeCom's in-app browser, not in a frame. Requests are not upgraded to https (a unit may serve
// plain http on its intranet); Strict-Transport-Security only counts when the page came over https.
// Two pages need more, each on its own path: the queue dashboard (bull-board) is built with inline
// styles, and the 驾驶舱's ECharts writes its tooltips as HTML with style attributes (attributes
// only: no <style> element, no script).
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** where bull-board's page is served (adapters/console/queue-dashboard.ts) */
const QUEUE_DASHBOARD_PATH = '/console/queues';
/** the console's 驾驶舱 page (adapters/console/public/dashboard.html) */
const CHARTS_PAGE = '/dashboard.html';

type InlineStyles = 'none' | 'attributes' | 'all';

function policy(inlineStyles: InlineStyles): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': inlineStyles === 'all' ? ["'self'", "'unsafe-inline'"] : ["'self'"],
        ...(inlineStyles === 'attributes' ? { 'style-src-attr': ["'unsafe-inline'"] } : {}),
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        'script-src-attr': ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
  });
}

export function securityHeaders(): RequestHandler {
  const strict = policy('none');
  const charts = policy('attributes');
  const dashboard = policy('all');
  return (req, res, next) => {
    if (req.path === QUEUE_DASHBOARD_PATH || req.path.startsWith(`${QUEUE_DASHBOARD_PATH}/`)) return dashboard(req, res, next);
    return (req.path === CHARTS_PAGE ? charts : strict)(req, res, next);
  };
}
