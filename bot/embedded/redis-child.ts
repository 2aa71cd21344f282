// With no REDIS_URL, Guanjia runs a private redis-server as a child process, keeping an
// append-only file under the data directory, on a unix socket nobody else uses.
//
// The child lives in its own process group (`detached`), so a signal sent to Guanjia's whole group
// (Ctrl-C, `kill -- -PGID`, a process manager or container runtime stopping it) does not reach it:
// Guanjia stops it itself, after the queues have let go of Redis (app.ts). It still dies with its
// parent: stopped on 'exit', and, where util-linux's setpriv exists, started with a parent-death
// signal (PR_SET_PDEATHSIG), which the kernel sends even when the parent is killed outright.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';

export interface EmbeddedRedis {
  url: string;
  /** the redis-server process */
  pid: number;
  stop(): Promise<void>;
}

/** how long redis-server may take to write its append-only file and exit before it is killed */
const STOP_GRACE_MS = 5_000;

export class RedisMissingError extends Error {
  constructor() {
    super('找不到 redis-server。请安装 Debian 软件包 redis-server（apt-get install redis-server），' + '或设置 REDIS_URL 指向已有的 Redis，例如 REDIS_URL=redis://127.0.0.1:6379');
    this.name = 'RedisMissingError';
  }
}

export async function startEmbeddedRedis(dataDir: string, binary = 'redis-server'): Promise<EmbeddedRedis> {
  const dir = join(dataDir, 'redis');
  await mkdir(dir, { recursive: true });
  const socket = join(dir, 'redis.sock');
  const args = ['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700', '--dir', dir, '--appendonly', 'yes', '--save', '', '--daemonize', 'no'];
  // setpriv execs redis-server in place (the child's pid is redis-server's); without setpriv,
  // redis-server is started directly and relies on the 'exit' hook below.
  const child = await spawnChild('setpriv', ['--pdeathsig', 'TERM', binary, ...args]).catch((err: NodeJS.ErrnoException) =>
    err.code === 'ENOENT' ? spawnChild(binary, args) : Promise.reject(err),
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2_000);
  });
  const stopOnExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.once('exit', stopOnExit);
  try {
    await waitUntilReady(socket, child, () => stderr);
  } catch (error) {
    process.off('exit', stopOnExit);
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url: `unix://${socket}`,
    pid: child.pid,
    stop: async () => {
      process.off('exit', stopOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const late = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(late);
    },
  };
}

function spawnChild(command: string, args: string[]): Promise<ChildProcess & { pid: number }> {
  // detached: its own process group, out of the way of signals sent to ours
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  return new Promise((resolve, reject) => {
    child.once('spawn', () => resolve(child as ChildProcess & { pid: number }));
    child.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ENOENT' && command !== 'setpriv' ? new RedisMissingError() : err));
  });
}

async function waitUntilReady(socket: string, child: ChildProcess, stderr: () => string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    // 127: setpriv could not find redis-server
    if (child.exitCode === 127) throw new RedisMissingError();
    if (child.exitCode !== null) throw new Error(`内置 redis-server 启动失败（退出码 ${child.exitCode}）${stderr() ? `：\n${stderr()}` : ''}`);
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
