// The console's 「切换身份」 is a development mode: which settings turn it on by default, what turning it
// on by hand does, and what is said at start.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../adapters/index.js';
import { consoleStartNotices, isLocalTrial, isPersonasOn, type PersonasSettings } from '../../adapters/console/console-personas.js';
import { localOnlyText } from '../../bot/replies/console-words.js';

/** the settings of `npm start` with nothing set: embedded services, 127.0.0.1, the console for this machine */
const TRIAL: PersonasSettings = { CONSOLE: 'on', HOST: '127.0.0.1' };

describe('the persona picker by default', () => {
  it('is on for a trial on this machine, with no platform that signs people in', () => {
    expect(isLocalTrial(TRIAL)).toBe(true);
    expect(isPersonasOn(TRIAL, 0)).toBe(true);
    expect(isPersonasOn({ ...TRIAL, HOST: 'localhost' }, 0)).toBe(true);
    expect(isPersonasOn({ ...TRIAL, HOST: '::1' }, 0)).toBe(true);
  });

  it.each<[string, Partial<PersonasSettings>]>([
    ['PostgreSQL is named (DATABASE_URL)', { DATABASE_URL: 'postgresql://db.internal:5432/guanjia' }],
    ['Redis is named (REDIS_URL)', { REDIS_URL: 'redis://cache.internal:6379' }],
    ['it listens on every interface (HOST=0.0.0.0)', { HOST: '0.0.0.0' }],
    ['it listens on a network address', { HOST: '192.168.1.20' }],
    ['the console is opened to the network (CONSOLE=network)', { CONSOLE: 'network' }],
  ])('is off when %s', (_why, change) => {
    const settings = { ...TRIAL, ...change };
    expect(isLocalTrial(settings)).toBe(false);
    expect(isPersonasOn(settings, 0)).toBe(false);
  });

  it('is off on a trial as soon as a platform can sign people in (WeCom, DingTalk)', () => {
    expect(isPersonasOn(TRIAL, 1)).toBe(false);
    expect(isPersonasOn(TRIAL, 2)).toBe(false);
  });
});

describe('CONSOLE_PERSONAS set by hand', () => {
  it('on turns it on anywhere, off turns it off even for a trial', () => {
    const production: PersonasSettings = { CONSOLE: 'network', HOST: '0.0.0.0', DATABASE_URL: 'postgresql://db/g', REDIS_URL: 'redis://r' };
    expect(isPersonasOn({ ...production, CONSOLE_PERSONAS: 'on' }, 2)).toBe(true);
    expect(isPersonasOn({ ...TRIAL, CONSOLE_PERSONAS: 'off' }, 0)).toBe(false);
  });

  it('is read from the environment: on, off, unset (empty counts as unset); anything else is named', () => {
    expect(loadConfig({ CONSOLE_PERSONAS: 'on' }).CONSOLE_PERSONAS).toBe('on');
    expect(loadConfig({ CONSOLE_PERSONAS: 'off' }).CONSOLE_PERSONAS).toBe('off');
    expect(loadConfig({ CONSOLE_PERSONAS: '' }).CONSOLE_PERSONAS).toBeUndefined();
    expect(loadConfig({}).CONSOLE_PERSONAS).toBeUndefined();
    expect(() => loadConfig({ CONSOLE_PERSONAS: 'yes' })).toThrow(/CONSOLE_PERSONAS: 应是 on/);
  });
});

describe('what is said at start', () => {
  it('nothing for a trial, with the mode on by default or by hand', () => {
    expect(consoleStartNotices(TRIAL)).toEqual([]);
    expect(consoleStartNotices({ ...TRIAL, CONSOLE_PERSONAS: 'on' })).toEqual([]);
  });

  it('nothing when the mode is off (the console signs people in), even open to the network', () => {
    expect(consoleStartNotices({ CONSOLE: 'network', HOST: '0.0.0.0', DATABASE_URL: 'postgresql://db/g' })).toEqual([]);
    expect(consoleStartNotices({ ...TRIAL, DATABASE_URL: 'postgresql://db/g' }, 1)).toEqual([]);
  });

  it('a warning when the mode is turned on by hand outside a trial, naming why it is not one', () => {
    const [notice, ...rest] = consoleStartNotices({ ...TRIAL, DATABASE_URL: 'postgresql://db/g', CONSOLE_PERSONAS: 'on' });
    expect(rest).toEqual([]);
    expect(notice).toMatch(/警告.*CONSOLE_PERSONAS=on.*DATABASE_URL.*任何人的身份/);
  });

  it('a warning when it is turned on by hand beside a platform that signs people in', () => {
    const notices = consoleStartNotices({ ...TRIAL, CONSOLE_PERSONAS: 'on' }, 1);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/警告.*CONSOLE_PERSONAS=on.*钉钉或企业微信/);
  });

  it('one loud warning with CONSOLE=network and the mode on; none at all with CONSOLE=off', () => {
    const notices = consoleStartNotices({ CONSOLE: 'network', HOST: '0.0.0.0', CONSOLE_PERSONAS: 'on' }, 1);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/警告.*CONSOLE=network.*CONSOLE_PERSONAS=on.*没有登录/);
    expect(consoleStartNotices({ CONSOLE: 'off', HOST: '0.0.0.0', CONSOLE_PERSONAS: 'on', DATABASE_URL: 'postgresql://db/g' }, 1)).toEqual([]);
  });

  it('the reach notice stays for CONSOLE=on on every interface, beside the mode warning', () => {
    const notices = consoleStartNotices({ CONSOLE: 'on', HOST: '0.0.0.0', CONSOLE_PERSONAS: 'on' });
    expect(notices).toHaveLength(2);
    expect(notices[0]).toContain('控制台仍只对本机开放');
    expect(notices[1]).toMatch(/警告.*HOST=0\.0\.0\.0/);
  });
});

describe('the refusal of a request from another computer (CONSOLE=on)', () => {
  it('spells out the danger of opening up only while the page may pick anyone', () => {
    const picking = localOnlyText('proxied', 3000, true);
    expect(picking).toContain('http://127.0.0.1:3000/');
    expect(picking).toMatch(/开发模式.*以任何人的身份审批.*CONSOLE=network/);
    const signingIn = localOnlyText('proxied', 3000, false);
    expect(signingIn).toContain('http://127.0.0.1:3000/');
    expect(signingIn).toMatch(/CONSOLE=network.*工作台.*登录/);
    expect(signingIn).not.toContain('任何人的身份');
  });
});
