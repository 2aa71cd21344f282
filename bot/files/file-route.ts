// GET /files/<token>: an attachment (or a report's workbook) through its signed link. The token names the file, the person it
// was drawn for and its expiry (file-links.ts); the core checks that person may still see the request
// and audits the open (attachment.viewed). Files are served as downloads-or-inline with their detected
// type, never sniffed, under a sandbox, so a crafted file cannot run script on this origin.
import express from 'express';
import { isAppError } from '../../workflows/domain/errors.js';
import type { WorkflowService } from '../../workflows/service/workflow-service.js';
import type { Logger } from '../deps.js';
import { FILE_PAGE } from '../replies/attachment-words.js';
import { errorText, refusalText } from '../replies/error-text.js';
import { reportIdOf, type SignedFileLinks } from './file-links.js';

/** shown in the browser, so pictures and PDFs open in place; the rest download */
const INLINE = new Set(['application/pdf', 'image/jpeg', 'image/png']);

export function fileRouter(service: WorkflowService, links: SignedFileLinks, log: Logger): express.Router {
  const router = express.Router();
  router.get('/files/:token', async (req, res) => {
    const check = links.check(req.params.token);
    if (!check.ok) {
      await service.audit.record({ action: 'security.refused', subject: 'file-link', data: { code: 'FILE_LINK_INVALID', reason: check.reason } }).catch(() => undefined);
      return page(res, check.reason === 'expired' ? 410 : 403, FILE_PAGE[check.reason]);
    }
    try {
      const reportId = reportIdOf(check.claims.attachmentId);
      const file = reportId ? await service.reports.open(check.claims.personId, reportId) : await service.attachments.open(check.claims.personId, check.claims.attachmentId);
      res.setHeader('Content-Type', file.mime);
      res.setHeader('Content-Length', String(file.bytes.byteLength));
      res.setHeader('Content-Disposition', `${INLINE.has(file.mime) ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.name)}`);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'");
      res.setHeader('Cache-Control', 'private, no-store');
      res.end(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
    } catch (error) {
      if (isAppError(error))
        return page(res, error.code === 'NOT_REQUESTER' ? 403 : error.code === 'ATTACHMENT_NOT_FOUND' || error.code === 'REPORT_NOT_FOUND' ? 404 : 503, errorText(error));
      log.error('attachment could not be served', { err: error });
      page(res, 500, refusalText('FILE_STORE_FAILED', {}));
    }
  });
  return router;
}

function page(res: express.Response, status: number, text: string): void {
  const escaped = text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  res
    .status(status)
    .type('html')
    .setHeader('Cache-Control', 'no-store')
    .send(
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${FILE_PAGE.title}</title></head>` +
        `<body style="font-family:sans-serif;max-width:36em;margin:3em auto;padding:0 1em;line-height:1.6"><h1 style="font-size:1.2em">${FILE_PAGE.title}</h1><p>${escaped}</p></body></html>`,
    );
}
