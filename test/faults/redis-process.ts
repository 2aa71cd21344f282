// A private redis-server for the fault suite, on a free port, keeping nothing on disk: the tests
// restart it (it comes back empty, as a Redis without persistence does), stop it, and start it again.
import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { waitFor } from '../helpers/test-guanjia.js';
import { freePort } from './free-port.js';

export interface RedisProcess {
  url: string;
  /** SIGKILL, then a new server on the same port: everything it held is gone */
  restartEmpty(): Promise<void>;
  /** SIGKILL: Redis is down until start() */
  kill(): Promise<void>;
  /** a new server on the same port, unless one is running */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedisProcess(): Promise<RedisProcess> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const answers = async () => {
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => {});
    try {
      await probe.connect();
      return (await probe.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      probe.disconnect();
    }
  };
  const start = async () => {
    // running already: a second server on the port would fail to bind, and the first would be lost to stop()
    if (child && child.exitCode === null && child.signalCode === null) return;
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitFor(answers, `redis-server on port ${port}`);
  };
  const kill = async () => {
    const dying = child;
    child = undefined;
    if (!dying || dying.exitCode !== null) return;
    const exited = new Promise((resolve) => dying.once('exit', resolve));
    dying.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    url,
    restartEmpty: async () => {
      await kill();
      await start();
    },
    kill,
    start,
    stop: kill,
  };
}
