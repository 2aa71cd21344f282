// `npm start`: Guanjia with its embedded defaults, or the services named in the environment.
import { consoleReachNotice } from '../adapters/console/loopback-only.js';
import { PLATFORMS } from '../adapters/index.js';
import { isAppError } from '../workflows/domain/errors.js';
import { startGuanjia } from './app.js';
import { ConfigError, loadConfigFromEnv } from './config.js';
import { RedisMissingError } from './embedded/redis-child.js';

try {
  const config = loadConfigFromEnv(PLATFORMS);
  const guanjia = await startGuanjia(config, { platforms: PLATFORMS });
  console.log(`管家已启动：${guanjia.url}  （数据库：${config.DATABASE_URL ? 'PostgreSQL' : `内置 PGlite，${config.dataDir}`}；Redis：${config.REDIS_URL ? config.REDIS_URL : '内置 redis-server'}）`);
  const consoleNotice = consoleReachNotice(config);
  if (consoleNotice) console.warn(`\n${consoleNotice}\n`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`收到 ${signal}，正在停止……`);
    guanjia.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
} catch (error) {
  if (error instanceof ConfigError || error instanceof RedisMissingError) console.error(error.message);
  else if (isAppError(error) && error.code === 'ORG_INVALID') console.error(`组织文件有误：\n${(error.details.problems as string[]).map((p) => `  - ${p}`).join('\n')}`);
  else console.error('启动失败：', error);
  process.exit(1);
}
