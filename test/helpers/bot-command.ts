// How tests and the bench start a real bot process: exactly what `npm start` runs (package.json's
// start script: its environment, node's flags, the built .build/main.js), built once per test process.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildBot } from '../../bot/build.js';
import { isProcessAlive } from '../../workflows/infra/db.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface BotCommand {
  /** variables the start script sets */
  env: Record<string, string>;
  /** node's flags, then the script */
  args: string[];
}

/** package.json's `start`: `[NAME=value …] node [flags …] <script>` */
export function startCommand(): BotCommand {
  const scripts = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts;
  const words = scripts.start!.trim().split(/\s+/);
  const env: Record<string, string> = {};
  while (words[0] && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
    const [name, ...value] = words.shift()!.split('=');
    env[name!] = value.join('=');
  }
  if (words.shift() !== 'node') throw new Error(`npm start is not "node …": ${scripts.start}`);
  return { env, args: words };
}

/** this process's own build, so test files running side by side (and `npm start`) do not overwrite each other's */
const OWN_BUILD = `${ROOT}.build/test-${process.pid}/`;
let built: Promise<number> | undefined;

/** The bot built (once per process), and the command that starts it, with `preload` modules imported first. */
export async function builtBotCommand(preload: string[] = []): Promise<BotCommand> {
  if (!built) {
    removeOrphanBuilds();
    built = buildBot(OWN_BUILD);
    process.once('exit', () => rmSync(OWN_BUILD, { recursive: true, force: true }));
  }
  await built;
  const { env, args } = startCommand();
  return { env, args: [...args.slice(0, -1), ...preload.flatMap((file) => ['--import', file]), `${OWN_BUILD}main.js`] };
}

/** builds of test processes that are gone (a test worker ended without its exit hook) */
function removeOrphanBuilds(): void {
  const entries = (() => {
    try {
      return readdirSync(`${ROOT}.build`);
    } catch {
      return [];
    }
  })();
  for (const entry of entries) {
    const pid = /^test-(\d+)$/.exec(entry)?.[1];
    if (pid && !isProcessAlive(Number(pid))) rmSync(`${ROOT}.build/${entry}`, { recursive: true, force: true });
  }
}
