// The console's 「切换身份」 (pick who you are) is a development mode. With it the page names the person
// it acts as and the server believes it: whoever opens the console can read anyone's conversation and
// approve as anyone. That is right for a trial on one's own machine (the demo organisation, nobody
// else's data) and wrong anywhere real people and real money are. So it is on by default only for a
// trial: the embedded database and Redis (DATABASE_URL, REDIS_URL unset), listening on this machine
// only (HOST a loopback address), the console for this machine only (CONSOLE=on), and no platform that
// signs people in (WeCom, DingTalk). Anywhere else it is off unless CONSOLE_PERSONAS=on says otherwise,
// and the console then needs a workbench sign-in (console-signin.ts).
import { consoleReachNotice, isLoopbackHost } from './loopback-only.js';

export interface PersonasSettings {
  CONSOLE: 'on' | 'off' | 'network';
  CONSOLE_PERSONAS?: 'on' | 'off';
  HOST: string;
  DATABASE_URL?: string;
  REDIS_URL?: string;
}

/** a trial on this machine: embedded services, listening on loopback, the console for this machine only */
export function isLocalTrial(settings: PersonasSettings): boolean {
  return !settings.DATABASE_URL && !settings.REDIS_URL && isLoopbackHost(settings.HOST) && settings.CONSOLE === 'on';
}

/**
 * Whether the console lets the page pick who it acts as. `signInPlatforms` counts the running
 * platforms that can sign a person in: with one, the console signs people in through it instead.
 */
export function isPersonasOn(settings: PersonasSettings, signInPlatforms: number): boolean {
  if (settings.CONSOLE_PERSONAS) return settings.CONSOLE_PERSONAS === 'on';
  return isLocalTrial(settings) && signInPlatforms === 0;
}

/** The warning printed at start when the development mode was turned on outside a local trial, or null. */
export function personasNotice(settings: PersonasSettings): string | null {
  // CONSOLE=network with the mode on has its own, louder warning (consoleReachNotice)
  if (settings.CONSOLE_PERSONAS !== 'on' || settings.CONSOLE !== 'on' || isLocalTrial(settings)) return null;
  const where = [
    settings.DATABASE_URL ? '设置了 DATABASE_URL' : null,
    settings.REDIS_URL ? '设置了 REDIS_URL' : null,
    isLoopbackHost(settings.HOST) ? null : `HOST=${settings.HOST}`,
  ].filter(Boolean);
  return (
    `！！！ 警告：CONSOLE_PERSONAS=on，控制台处于开发模式（可切换身份，没有登录），而这里不是本机试用（${where.join('，')}）。` +
    '能打开控制台的人都能查看任何人的会话、以任何人的身份提交和审批。正式使用请去掉 CONSOLE_PERSONAS=on：控制台将要求先通过工作台（钉钉或企业微信）登录。'
  );
}

/**
 * Everything worth saying at start about who can reach the console and act on it (nothing when
 * CONSOLE=off). `signInPlatforms`, once every platform has started, adds the warning for the mode
 * turned on by hand beside a platform that signs people in.
 */
export function consoleStartNotices(settings: PersonasSettings, signInPlatforms = 0): string[] {
  const notices = [consoleReachNotice(settings), personasNotice(settings)].filter((n): n is string => n !== null);
  const modeWarned = notices.some((n) => n.includes('CONSOLE_PERSONAS=on'));
  if (!modeWarned && settings.CONSOLE !== 'off' && settings.CONSOLE_PERSONAS === 'on' && signInPlatforms > 0) notices.push(personasWithSignInNotice());
  return notices;
}

/** The warning for the development mode turned on by hand while a platform can sign people in. */
export function personasWithSignInNotice(): string {
  return (
    '！！！ 警告：CONSOLE_PERSONAS=on，而管家已接入可以登录的平台（钉钉或企业微信）：控制台仍处于开发模式（可切换身份，没有登录），' +
    '能打开它的人可以任何人的身份查看和审批。正式使用请去掉 CONSOLE_PERSONAS=on，控制台将要求先通过工作台登录。'
  );
}
