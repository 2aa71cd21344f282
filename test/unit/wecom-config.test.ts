// WeCom's settings come as a set of five; the API host defaults to WeCom's and can be pointed elsewhere.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../adapters/index.js';
import { wecomSettings } from '../../adapters/wecom/wecom-settings.js';
import { ConfigError } from '../../bot/config.js';

const FIVE = {
  WECOM_CORP_ID: 'ww3f6a0c2e1b9d8a77',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 's3cret',
  WECOM_TOKEN: 'tok',
  WECOM_ENCODING_AES_KEY: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aQ',
};

describe('WeCom settings', () => {
  it('are off when none is set, and on with all five', () => {
    expect(wecomSettings(loadConfig({}))).toBeNull();
    expect(wecomSettings(loadConfig(FIVE))).toEqual({
      corpId: FIVE.WECOM_CORP_ID,
      agentId: 1000002,
      secret: 's3cret',
      token: 'tok',
      encodingAesKey: FIVE.WECOM_ENCODING_AES_KEY,
      apiBase: 'https://qyapi.weixin.qq.com',
      oauthBase: 'https://open.weixin.qq.com',
    });
    expect(wecomSettings(loadConfig({ ...FIVE, WECOM_API_BASE: 'http://10.1.2.3:8080/' }))?.apiBase).toBe('http://10.1.2.3:8080');
    // 政务微信 and private deployments have their own OAuth page
    expect(wecomSettings(loadConfig({ ...FIVE, WECOM_OAUTH_BASE: 'https://open.gov-wx.example/' }))?.oauthBase).toBe('https://open.gov-wx.example');
  });

  it('name each missing one when only some are set, and refuse malformed values', () => {
    let error: unknown;
    try {
      loadConfig({ WECOM_CORP_ID: FIVE.WECOM_CORP_ID, WECOM_SECRET: 'x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.split(':')[0])).toEqual(['WECOM_AGENT_ID', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY']);
    expect(() => loadConfig({ ...FIVE, WECOM_ENCODING_AES_KEY: 'too-short' })).toThrow(/43 位/);
    expect(() => loadConfig({ ...FIVE, WECOM_AGENT_ID: 'abc' })).toThrow(/AgentId/);
    expect(() => loadConfig({ ...FIVE, WECOM_API_BASE: 'ftp://x' })).toThrow(/WECOM_API_BASE/);
    expect(() => loadConfig({ ...FIVE, WECOM_OAUTH_BASE: 'not a url' })).toThrow(/WECOM_OAUTH_BASE/);
  });
});
