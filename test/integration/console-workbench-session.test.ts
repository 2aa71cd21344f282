// The console's development mode opens the workbench too: the person the console page acts as gets a
// workbench session (POST /console/api/workbench-session), so a trial on this machine can follow a
// card's 「在工作台打开」 and use the forms. Outside the development mode the route gives nothing:
// only the platforms sign people in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeView } from '../../bot/web/workbench-api.js';
import { startTestGuanjia, type TestGuanjia } from '../helpers/test-guanjia.js';

let trial: TestGuanjia;
let signedIn: TestGuanjia;

beforeAll(async () => {
  // the test helper turns the development mode on; the second instance turns it off
  [trial, signedIn] = await Promise.all([startTestGuanjia({ workers: false }), startTestGuanjia({ workers: false, env: { CONSOLE_PERSONAS: 'off' } })]);
});
afterAll(async () => Promise.all([trial?.cleanup(), signedIn?.cleanup()]));

const open = (app: TestGuanjia, as: string) =>
  fetch(`${app.url}/console/api/workbench-session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ as }) });

describe('the console’s way into the workbench', () => {
  it('in the development mode, gives the person the console acts as a workbench session, audited', async () => {
    const res = await open(trial, 'fenglei');
    expect(res.status).toBe(200);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .join('; ');
    const me = await fetch(`${trial.url}/app/api/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as MeView).person.id).toBe('fenglei');
    expect(await trial.database.db.auditEvent.findFirst({ where: { action: 'web.signin', actorId: 'fenglei', platform: 'console' } })).toBeTruthy();
    // someone not in the organisation is nobody
    expect((await open(trial, 'nobody')).status).toBe(403);
  });

  it('outside the development mode, gives nothing: no session, no cookie', async () => {
    const res = await open(signedIn, 'fenglei');
    expect(res.status).toBe(401);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('gj_session=') && !c.includes('Max-Age=0'))).toBe(false);
  });
});
