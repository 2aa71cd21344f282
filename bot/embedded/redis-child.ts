// With no REDIS_URL, Guanjia runs a private redis-server as a child process, keeping an
// append-only file under the data directory, on a unix socket nobody else uses.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';

export interface EmbeddedRedis {
  url: string;
  stop(): Promise<void>;
}

export class RedisMissingError extends Error {
  constructor() {
    super(
      '找不到 redis-server。请安装 Debian 软件包 redis-server（apt-get install redis-server），' +
        '或设置 REDIS_URL 指向已有的 Redis，例如 REDIS_URL=redis://127.0.0.1:6379',
    );
    this.name = 'RedisMissingError';
  }
}

export async function startEmbeddedRedis(dataDir: string, binary = 'redis-server'): Promise<EmbeddedRedis> {
  const dir = join(dataDir, 'redis');
  await mkdir(dir, { recursive: true });
  const socket = join(dir, 'redis.sock');
  const child = spawn(
    binary,
    ['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700', '--dir', dir, '--appendonly', 'yes', '--save', '', '--daemonize', 'no'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const spawned = await new Promise<ChildProcess>((resolve, reject) => {
    child.once('spawn', () => resolve(child));
    child.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ENOENT' ? new RedisMissingError() : err));
  });
  const url = `unix://${socket}`;
  await waitUntilReady(socket, spawned);
  const stopOnExit = () => spawned.kill('SIGTERM');
  process.once('exit', stopOnExit);
  return {
    url,
    stop: async () => {
      process.off('exit', stopOnExit);
      if (spawned.exitCode !== null) return;
      const exited = new Promise((resolve) => spawned.once('exit', resolve));
      spawned.kill('SIGTERM');
      await exited;
    },
  };
}

async function waitUntilReady(socket: string, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`redis-server 启动失败（退出码 ${child.exitCode}）`);
    const probe = new Redis({ path: socket, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => {}); // not up yet: connect() rejects, and we try again
    try {
      await probe.connect();
      await probe.ping();
      return;
    } catch {
      await sleep(50);
    } finally {
      probe.disconnect();
    }
  }
  throw new Error('redis-server 5 秒内未就绪');
}
