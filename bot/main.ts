// `npm start`: Guanjia with its embedded defaults, or the services named in the environment.
import { consoleStartNotices } from '../adapters/console/console-personas.js';
import { PLATFORMS } from '../adapters/index.js';
import { isAppError } from '../workflows/domain/errors.js';
import { startGuanjia } from './app.js';
import { ConfigError, loadConfigFromEnv } from './config.js';
import { RedisMissingError } from './embedded/redis-child.js';
import { redactText } from './log.js';
import { errorText } from './replies/error-text.js';
import { stopOnSignals } from './stop-on-signals.js';

try {
  const config = loadConfigFromEnv(PLATFORMS);
  const guanjia = await startGuanjia(config, { platforms: PLATFORMS });
  console.log(
    `管家已启动：${guanjia.url}  （数据库：${config.DATABASE_URL ? 'PostgreSQL' : `内置 PGlite，${config.dataDir}`}；Redis：${config.REDIS_URL ? redactText(config.REDIS_URL) : '内置 redis-server'}）`,
  );
  for (const notice of consoleStartNotices(config, guanjia.deps.workbench.identities.size)) console.warn(`\n${notice}\n`);
  // by default under the 10 s a container runtime waits before SIGKILL
  stopOnSignals({ stop: () => guanjia.stop(), deadlineMs: config.STOP_DEADLINE_MS, say: (line) => console.log(line), exit: (code) => process.exit(code) });
} catch (error) {
  if (error instanceof ConfigError || error instanceof RedisMissingError) console.error(error.message);
  else if (isAppError(error) && error.code === 'DATABASE_IN_USE') console.error(errorText(error));
  else if (isAppError(error) && error.code === 'ORG_INVALID') console.error(`组织文件有误：\n${(error.details.problems as string[]).map((p) => `  - ${p}`).join('\n')}`);
  else console.error(`启动失败：${redactText(error instanceof Error ? (error.stack ?? error.message) : String(error))}`);
  process.exit(1);
}
