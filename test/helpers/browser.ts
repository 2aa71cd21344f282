// Headless Chromium for the console's browser tests. There is no skip: when Chromium is missing
// the test fails and says how to install it.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Request } from 'playwright-core';
import { HANG_MS } from './time-limits.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ConsoleBrowser {
  context: BrowserContext;
  /**
   * Opens `url` in a new tab and starts watching it. With `pushOnly` the page's slow fallback poll
   * (a setInterval of 5 s or more) never runs, so changes made by others can reach the page only
   * through its Server-Sent Events: a test then proves live updates instead of waiting for a poll.
   */
  open(url: string, options?: { pushOnly?: boolean }): Promise<WatchedPage>;
  /** closes Chromium and removes its profile */
  close(): Promise<void>;
}

export interface WatchedPage {
  page: Page;
  /** uncaught exceptions in the page */
  errors: string[];
  /** document loads (1 = loaded once, never reloaded) */
  navigations: () => number;
  /** POSTs the page made to the console API, by path (`actions`, `messages`, `upload`) */
  posts: (path: 'actions' | 'messages' | 'upload') => Request[];
}

export async function launchConsoleBrowser(): Promise<ConsoleBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}. The console's browser tests need it: ` + 'apt-get install -y chromium fonts-wqy-microhei (or set CHROMIUM_PATH).');
  }
  const profile = await mkdtemp(join(tmpdir(), 'guanjia-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      viewport: { width: 1280, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  // waits on the page are conditions; the limit only detects a hang
  context.setDefaultTimeout(HANG_MS);
  let spare: Page | undefined = context.pages()[0];

  return {
    context,
    async open(url, options = {}) {
      const page = spare ?? (await context.newPage());
      spare = undefined;
      if (options.pushOnly) {
        await page.addInitScript(() => {
          const setInterval = window.setInterval.bind(window);
          window.setInterval = ((handler: TimerHandler, timeout?: number, ...rest: unknown[]) =>
            (timeout ?? 0) >= 5_000 ? 0 : setInterval(handler, timeout, ...rest)) as typeof window.setInterval;
        });
      }
      const errors: string[] = [];
      const requests: Request[] = [];
      let navigations = 0;
      page.on('pageerror', (error) => errors.push(error.message));
      // full document loads only (switching person rewrites the hash, which is no reload)
      page.on('load', () => (navigations += 1));
      page.on('request', (request) => {
        if (request.method() === 'POST') requests.push(request);
      });
      await page.goto(url);
      await page.locator('#app[data-state="ready"]').waitFor({ state: 'attached' });
      return {
        page,
        errors,
        navigations: () => navigations,
        posts: (path) => requests.filter((r) => new URL(r.url()).pathname === `/console/api/${path}`),
      };
    },
    async close() {
      await context.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    },
  };
}
