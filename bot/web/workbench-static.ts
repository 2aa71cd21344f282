// The workbench's page (工作台, README「工作台」): the files of bot/web/public served at /app/ (plain
// ES modules, no build step; index.html for /app/), and DingTalk's JSAPI for its 免登 at
// /app/vendor/dingtalk.js. The page's files are small and unversioned, so the browser asks again
// each time (no-cache, answered 304 by their ETag) and index.html is never stored. dingtalk-jsapi
// ships CommonJS only, no browser build: esbuild bundles the two pieces the page uses (the platform
// entry and runtime.permission.requestAuthCode) into one script that sets window.dd, once, at the
// first request, and keeps it in memory.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import express, { type Request, type Response } from 'express';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

/** what the page's files may be: anything else in the folder (its tsconfig.json) is not served */
const PAGE_FILE = /\.(html|js|css|svg|png|ico)$/;

/**
 * The script the page loads when it is opened in DingTalk and window.dd is not there yet: DingTalk's
 * platform entry (PC and phones) and requestAuthCode, as dd.runtime.permission.requestAuthCode (the
 * documented name) and dd.requestAuthCode. Open Platform: 「微应用免登」 (dd.runtime.permission.requestAuthCode({ corpId })).
 */
const DINGTALK_ENTRY = `
import core from 'dingtalk-jsapi/entry/union';
import requestAuthCode from 'dingtalk-jsapi/api/runtime/permission/requestAuthCode';
window.dd = Object.assign({}, core, { requestAuthCode, runtime: { permission: { requestAuthCode } } });
`;

interface Bundle {
  text: string;
  etag: string;
}

let dingtalk: Promise<Bundle> | undefined;

async function bundleDingtalk(): Promise<Bundle> {
  const result = await build({
    stdin: { contents: DINGTALK_ENTRY, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'js', sourcefile: 'dingtalk-entry.js' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2017',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const text = result.outputFiles[0]!.text;
  return { text, etag: `"${createHash('sha256').update(text).digest('hex').slice(0, 16)}"` };
}

/** GET /app/vendor/dingtalk.js: the bundle, made at the first request (a failed build is tried again at the next) */
async function dingtalkScript(req: Request, res: Response): Promise<void> {
  dingtalk ??= bundleDingtalk().catch((error: unknown) => {
    dingtalk = undefined;
    throw error;
  });
  const bundle = await dingtalk;
  res.set({ 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache', ETag: bundle.etag });
  if (req.headers['if-none-match'] === bundle.etag) {
    res.status(304).end();
    return;
  }
  res.send(bundle.text);
}

/** The workbench's page under /app/; bot/app.ts mounts it beside the sign-in and API routes (workbench-router.ts). */
export function workbenchStatic(): express.Router {
  const router = express.Router();
  router.get('/app/vendor/dingtalk.js', dingtalkScript);
  const files = express.static(PUBLIC_DIR, {
    index: 'index.html',
    redirect: false,
    dotfiles: 'ignore',
    setHeaders: (res, path) => res.setHeader('Cache-Control', path.endsWith('.html') ? 'no-store' : 'no-cache'),
  });
  router.use('/app', (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // /app without the slash: to /app/, keeping the query (?via=dingtalk)
    if (req.originalUrl === '/app' || req.originalUrl.startsWith('/app?')) return res.redirect(301, `/app/${req.originalUrl.slice('/app'.length)}`);
    if (req.path !== '/' && !PAGE_FILE.test(req.path)) return next();
    files(req, res, next);
  });
  return router;
}
