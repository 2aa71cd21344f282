// The console settings: its environment variables, a fragment of the configuration parsed once with
// the rest by bot/config.ts.
import { z } from 'zod';
import { emptyToUndefined } from '../../bot/config.js';

export const ConsoleConfigSchema = z.object({
  /** the local web console: on = for this machine only (it has no sign-in); network = open to everyone who reaches the port */
  CONSOLE: z.preprocess(emptyToUndefined, z.enum(['on', 'off', 'network'], { message: '应是 on（只对本机开放）、network（对网络开放，没有登录，谨慎使用）或 off' }).default('on')),
});

export type ConsoleConfig = z.infer<typeof ConsoleConfigSchema>;
