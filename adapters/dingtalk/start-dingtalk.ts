// The DingTalk platform: on when DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET are set. Inbound
// over a Stream connection (no public URL needed), outbound through the OpenAPI. Every bot process
// may connect at once — DingTalk hands each push to one connection — since the only state is in
// Redis (the access token) and PostgreSQL (everything else).
import type { PlatformStarter } from '../../bot/platforms.js';
import { AccessTokens } from './access-token.js';
import { DingTalkApi } from './dingtalk-api.js';
import { DingTalkIdentity } from './dingtalk-identity.js';
import { DingTalkPort } from './dingtalk-port.js';
import { dingTalkSettings, type DingTalkConfig } from './dingtalk-settings.js';
import { DEFAULT_RETRY } from './openapi-request.js';
import { StreamClient } from './stream-client.js';
import { streamInbound } from './stream-inbound.js';

export const startDingTalk: PlatformStarter<DingTalkConfig> = async ({ config, deps, enqueue }) => {
  const settings = dingTalkSettings(config);
  if (!settings) return null;
  const retry = { ...DEFAULT_RETRY, onFailure: (error: { code: string }) => deps.metrics.platformError('dingtalk', error.code) };
  const tokens = new AccessTokens({ redis: deps.redis, settings, fetch, retry });
  const api = new DingTalkApi({ apiBase: settings.apiBase, tokens, fetch, retry });
  const inbound = streamInbound({ enqueue, log: deps.log, clock: deps.clock, onRefused: (what) => deps.metrics.inboundRefused('dingtalk', what) });
  const client = new StreamClient({ settings, log: deps.log, fetch, onCallback: (frame, ack) => void inbound(frame, ack) });
  client.start();
  return {
    port: new DingTalkPort(api, settings, deps.log),
    identity: new DingTalkIdentity(api, settings.oapiBase, settings.corpId),
    connected: () => client.isOpen(),
    stop: () => client.stop(),
  };
};
