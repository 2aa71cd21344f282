// The console settings: its environment variables, a fragment of the configuration parsed once with
// the rest by bot/config.ts.
import { z } from 'zod';
import { emptyToUndefined } from '../../bot/config.js';

export const ConsoleConfigSchema = z.object({
  /** who may reach the local web console: on = this machine only; network = everyone who reaches the port; off = no console */
  CONSOLE: z.preprocess(emptyToUndefined, z.enum(['on', 'off', 'network'], { message: '应是 on（只对本机开放）、network（对网络开放，谨慎使用）或 off' }).default('on')),
  /**
   * the development mode where the page picks who it acts as (「切换身份」, no sign-in); unset → on only
   * for a trial on this machine (see console-personas.ts), otherwise the console needs a workbench sign-in
   */
  CONSOLE_PERSONAS: z.preprocess(emptyToUndefined, z.enum(['on', 'off'], { message: '应是 on（开发模式：可切换身份，没有登录）或 off（须通过工作台登录）' }).optional()),
});

export type ConsoleConfig = z.infer<typeof ConsoleConfigSchema>;
