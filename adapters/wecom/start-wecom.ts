// The WeCom platform: on when its five settings are set (wecom-settings.ts). Inbound is the callback
// route; outbound the port. All adapter state (token, card codes) lives in Redis under
// `${QUEUE_PREFIX}:wecom:`, so any number of bot processes can serve one app.
import express from 'express';
import { countRefusals } from '../../bot/observe/count-refusals.js';
import type { PlatformStarter } from '../../bot/platforms.js';
import { WecomApi } from './wecom-api.js';
import { WecomIdentity } from './wecom-identity.js';
import { CardCodes } from './wecom-card-codes.js';
import { decodeAesKey } from './wecom-crypto.js';
import { WecomPort } from './wecom-port.js';
import { wecomRouter } from './wecom-router.js';
import { wecomSettings, type WecomConfig } from './wecom-settings.js';

export const startWecom: PlatformStarter<WecomConfig> = async ({ config, deps, enqueue }) => {
  const settings = wecomSettings(config);
  if (!settings) return null;
  const key = decodeAesKey(settings.encodingAesKey);
  const base = `${config.QUEUE_PREFIX}:wecom`;
  const api = new WecomApi(settings, deps.redis, config.QUEUE_PREFIX, fetch, (code) => deps.metrics.platformError('wecom', code));
  const codes = new CardCodes(deps.redis, base);
  const port = new WecomPort({
    api,
    agentId: settings.agentId,
    codes,
    redis: deps.redis,
    base,
    log: deps.log,
    reportFailure: (error, target) =>
      deps.service.audit.record({
        action: 'notify.failed',
        subject: `wecom:${target}`,
        platform: 'wecom',
        account: target,
        data: { api: error.api, errcode: error.errcode, errmsg: error.errmsg, hint: error.hint },
      }),
  });
  return {
    port,
    router: express
      .Router()
      .use('/wecom/callback', countRefusals('wecom', deps.metrics))
      .use(wecomRouter({ settings, key, enqueue, codes, accounts: deps.service.accounts, log: deps.log, clock: deps.clock })),
    identity: new WecomIdentity(api, { corpId: settings.corpId, agentId: settings.agentId }, settings.oauthBase),
    stop: async () => {},
  };
};
