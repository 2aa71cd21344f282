// PostgreSQL is down. Callers are told at once, with 503 and Retry-After, instead of waiting or
// getting a 500; /readyz says the database is the trouble while /healthz still says the process
// lives; when PostgreSQL is back, the same request is taken and answered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleClient } from '../helpers/console-client.js';
import { startTestGuanjia, waitFor, type TestGuanjia } from '../helpers/test-guanjia.js';
import { startPgProcess, type PgProcess } from './pg-process.js';

let pg: PgProcess;
let app: TestGuanjia;
let client: ConsoleClient;

beforeAll(async () => {
  pg = await startPgProcess();
  app = await startTestGuanjia({ env: { DATABASE_URL: pg.url, REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' } });
  client = new ConsoleClient(app.url);
});
afterAll(async () => {
  await app?.cleanup();
  await pg?.stop();
});

describe('PostgreSQL is down', () => {
  it('answers 503 with Retry-After, reports it on /readyz, and takes the request once it is back', async () => {
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
    await pg.down();
    try {
      const refused = await fetch(`${app.url}/console/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ as: 'fenglei', text: '/预算' }),
      });
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/稍后重试/) });
      // a page that only reads is refused the same way
      expect((await fetch(`${app.url}/console/api/conversations/fenglei?as=fenglei`)).status).toBe(503);
      const ready = await fetch(`${app.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(ready.headers.get('retry-after')).toBeTruthy();
      const body = (await ready.json()) as { checks: Record<string, { ok: boolean }> };
      expect(body.checks.database?.ok).toBe(false);
      expect(body.checks.redis?.ok).toBe(true);
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    } finally {
      await pg.up();
    }
    await waitFor(async () => ((await fetch(`${app.url}/readyz`)).status === 200 ? true : undefined), '/readyz 200 again');
    const last = await client.lastId('fenglei');
    expect((await client.post('messages', { as: 'fenglei', text: '/预算' })).status).toBe(202);
    await client.waitForText('fenglei', /预算余额/, last);
  });
});
