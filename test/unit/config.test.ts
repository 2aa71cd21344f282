import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../adapters/index.js';
import { ConfigError, parseConfig, type SettingsFragment } from '../../bot/config.js';

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

  it('lists the problems of a platform with the core ones in one ConfigError, malformed values and half-set platforms alike', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: '99999', CONSOLE: 'maybe', WECOM_CORP_ID: 'ww1', WECOM_AGENT_ID: 'abc', DINGTALK_CLIENT_ID: 'ding1', TZ: 'Mars/Olympus' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.split(':')[0])).toEqual(['PORT', 'CONSOLE', 'WECOM_AGENT_ID', 'DINGTALK_CLIENT_SECRET']);
    expect((error as Error).message).toMatch(/PORT[\s\S]*CONSOLE[\s\S]*WECOM_AGENT_ID[\s\S]*DINGTALK_CLIENT_SECRET: 设置了 DINGTALK_CLIENT_ID/);
  });

  it('merges the settings of a new platform from its fragment alone, and refuses two parts claiming one variable', () => {
    const fax: SettingsFragment<z.ZodObject<{ FAX_NUMBER: z.ZodOptional<z.ZodString> }>> = {
      name: 'fax',
      schema: z.object({ FAX_NUMBER: z.string().optional() }),
      problems: (c) => (c.FAX_NUMBER?.startsWith('0') ? [] : ['FAX_NUMBER: 应以区号开头，例如 0571-12345678']),
    };
    const config = parseConfig({ FAX_NUMBER: '0571-1', PORT: '8080' }, [fax]);
    expect(config).toMatchObject({ FAX_NUMBER: '0571-1', PORT: 8080 });
    expect(() => parseConfig({ FAX_NUMBER: '1', TZ: 'Mars/Olympus' }, [fax])).toThrow(/TZ: 未知时区[\s\S]*FAX_NUMBER: 应以区号开头/);
    const clash: SettingsFragment = { name: 'clash', schema: z.object({ PORT: z.string().optional() }) };
    expect(() => parseConfig({}, [clash])).toThrow(/PORT 同时由 core 和 clash 定义/);
  });
});
