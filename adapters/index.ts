// The composition root of the platforms: every platform Guanjia can run, and the configuration they
// add to the core settings. bot/ never imports this file's neighbours; bot/main.ts and the test
// helpers hand PLATFORMS to loadConfigFromEnv / startGuanjia. Adding a platform is one folder under
// adapters/ (its settings fragment, its starter and a module joining the two) plus one line below.
import { parseConfig, type ConfigWith } from '../bot/config.js';
import { consolePlatform } from './console/console-platform.js';
import { dingTalkPlatform } from './dingtalk/dingtalk-platform.js';
import { slackPlatform } from './slack/slack-platform.js';
import { wecomPlatform } from './wecom/wecom-platform.js';

export const PLATFORMS = [consolePlatform, dingTalkPlatform, wecomPlatform, slackPlatform] as const;

/** The core settings plus every platform's. */
export type GuanjiaConfig = ConfigWith<typeof PLATFORMS>;

/** Parses the given environment against the core settings and every platform's; throws one ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined>): GuanjiaConfig {
  return parseConfig(env, PLATFORMS);
}
