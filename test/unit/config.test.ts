import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../bot/config.js';

describe('loadConfig', () => {
  it('starts on embedded defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, TZ: 'Asia/Shanghai', DATABASE_SCHEMA: 'public', WORKERS: 'on' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.dataDir).toMatch(/data$/);
  });

  it('treats empty strings as unset', () => {
    const config = loadConfig({ DATABASE_URL: '', PORT: '' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.PORT).toBe(3000);
  });

  it('lists every problem at once, each with its variable', () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: 'mysql://x', REDIS_URL: 'nonsense', PORT: '99999', WORKERS: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.map((p) => p.split(':')[0])).toEqual(['DATABASE_URL', 'REDIS_URL', 'PORT', 'WORKERS']);
    expect((error as Error).message).toContain('配置有误');
  });

  it('reports cross-field problems together: a bad time zone and a half-set platform', () => {
    let error: unknown;
    try {
      loadConfig({ TZ: 'Mars/Olympus', WECOM_CORP_ID: 'ww1', DINGTALK_CLIENT_ID: 'ding1' });
    } catch (e) {
      error = e;
    }
    const problems = (error as ConfigError).problems;
    expect(problems[0]).toMatch(/^TZ: 未知时区/);
    expect(problems.some((p) => p.startsWith('DINGTALK_CLIENT_SECRET:'))).toBe(true);
    expect(problems.filter((p) => p.startsWith('WECOM_')).length).toBe(4);
  });

  it('refuses an unknown time zone', () => {
    expect(() => loadConfig({ TZ: 'Mars/Olympus' })).toThrow(/未知时区/);
  });
});
