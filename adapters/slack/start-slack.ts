// The Slack platform: on when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set (slack-settings.ts).
// Inbound is a Bolt app: with an app-level token (SLACK_APP_TOKEN) over Socket Mode, a WebSocket the
// bot opens itself, so no public URL is needed; otherwise Bolt's ExpressReceiver, whose router is
// mounted on the bot's own HTTP server at /slack/events (events, slash command and interactivity all
// use that one Request URL). Bolt checks every HTTP request's signature (v0 HMAC-SHA256 of
// v0:timestamp:body with the signing secret) and refuses one whose timestamp is more than 5 minutes
// old (Verifying requests from Slack); both answer 401 before any listener runs. Outbound is the port,
// SlackPort (slack-port.ts) on its own WebClient. Every Web API call goes to SLACK_API_URL (Bolt's clientOptions.slackApiUrl).
import { App, ExpressReceiver, LogLevel, SocketModeReceiver, webApi, type Logger as BoltLogger } from '@slack/bolt';
import express from 'express';
import type { Logger } from '../../bot/deps.js';
import { countRefusals } from '../../bot/observe/count-refusals.js';
import type { PlatformStarter } from '../../bot/platforms.js';
import { registerSlackListeners } from './slack-inbound.js';
import { SlackPort, slackClientOptions } from './slack-port.js';
import { slackSettings, type SlackConfig, type SlackSettings } from './slack-settings.js';

const { WebClient } = webApi;
type WebClient = webApi.WebClient;

/** the Request URL of events, the slash command and interactivity */
export const SLACK_EVENTS_PATH = '/slack/events';

export const startSlack: PlatformStarter<SlackConfig> = async ({ config, deps, enqueue }) => {
  const settings = slackSettings(config);
  if (!settings) return null;
  const logger = boltLogger(deps.log);
  // The listeners' client (views.open) must answer within a trigger's 3 seconds: no retries there.
  const clientOptions = { slackApiUrl: settings.apiUrl, logger, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true };
  const receiver = settings.appToken
    ? new SocketModeReceiver({ appToken: settings.appToken, logger, installerOptions: { clientOptions: { slackApiUrl: settings.apiUrl } } })
    : new ExpressReceiver({
        signingSecret: settings.signingSecret,
        endpoints: SLACK_EVENTS_PATH,
        // the answer waits for the listener, which only queues (milliseconds): an event that could not
        // be queued is answered 500, so Slack delivers it again (same event_id, handled once)
        processBeforeResponse: true,
        signatureVerification: true,
        logger,
      });
  const app = new App({
    receiver,
    ...(settings.appToken ? { socketMode: true, appToken: settings.appToken } : {}),
    authorize: botAuthorization(settings, clientOptions),
    clientOptions,
    logger,
    // the app's own messages (its cards in the DM) never come back as commands
    ignoreSelf: true,
  });
  registerSlackListeners(app, { enqueue, log: deps.log, clock: deps.clock, command: settings.command });

  // no retries of its own: a 429 comes back with its Retry-After for the queue to honour (slack-port.ts)
  const web = countingWebClient(settings.botToken, { ...slackClientOptions(settings.apiUrl), logger }, (code) => deps.metrics.platformError('slack', code));
  const port = new SlackPort(web, deps.log);

  if (receiver instanceof SocketModeReceiver) {
    // not awaited, as DingTalk's Stream connection is not: the bot starts while Slack is unreachable and the client keeps trying
    app.start().catch((error: unknown) => deps.log.error('slack socket mode could not connect', { err: error }));
    return {
      port,
      stop: async () => {
        await app.stop();
      },
    };
  }
  // Bolt answers a refused signature or a stale request 401 itself: counted on the way out
  const router = express
    .Router()
    .use(SLACK_EVENTS_PATH, countRefusals('slack', deps.metrics))
    .use(receiver.router as express.Router);
  return { port, router, stop: async () => {} };
};

/**
 * The bot token with the bot's own ids (auth.test), which Bolt needs to drop the app's own messages
 * and to know its mention. Asked once, on the first delivery, and kept; a failure is asked again
 * next time (Bolt's own single-token authorization asks at construction and never again).
 */
function botAuthorization(settings: SlackSettings, clientOptions: webApi.WebClientOptions) {
  const client = new WebClient(settings.botToken, clientOptions);
  let identity: Promise<{ botId?: string; botUserId?: string }> | undefined;
  return async () => {
    identity ??= client.auth.test().then(
      (r) => ({ botId: r.bot_id, botUserId: r.user_id }),
      (error: unknown) => {
        identity = undefined;
        throw error;
      },
    );
    return { botToken: settings.botToken, ...(await identity) };
  };
}

/**
 * A WebClient that tells `onError` the code of every failed Web API call: every method, files.uploadV2
 * too, goes through apiCall (bound to the instance as it is built, hence a subclass). The code is
 * Slack's `error` of an ok:false answer, ratelimited, http_<status> or network.
 */
function countingWebClient(token: string, options: webApi.WebClientOptions, onError: (code: string) => void): WebClient {
  class CountingWebClient extends WebClient {
    override async apiCall(...args: Parameters<WebClient['apiCall']>): ReturnType<WebClient['apiCall']> {
      try {
        return await super.apiCall(...args);
      } catch (error) {
        onError(slackErrorCode(error));
        throw error;
      }
    }
  }
  return new CountingWebClient(token, options);
}

function slackErrorCode(error: unknown): string {
  const { code, data, statusCode } = (error ?? {}) as { code?: unknown; data?: { error?: unknown }; statusCode?: unknown };
  if (code === webApi.ErrorCode.PlatformError && typeof data?.error === 'string') return data.error;
  if (code === webApi.ErrorCode.RateLimitedError) return 'ratelimited';
  if (code === webApi.ErrorCode.HTTPError) return `http_${String(statusCode)}`;
  if (code === webApi.ErrorCode.RequestError) return 'network';
  return typeof code === 'string' ? code : 'other';
}

/** Bolt's logger onto ours: its warnings (a refused signature, a stale request) and errors; its chatter left out. */
function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.WARN;
  const line = (messages: unknown[]) => `slack: ${messages.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ')}`;
  return {
    debug: () => {},
    info: () => {},
    warn: (...messages: unknown[]) => log.warn(line(messages)),
    error: (...messages: unknown[]) => log.error(line(messages)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
