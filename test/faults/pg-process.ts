// A private PostgreSQL 15 for the fault suite: initdb into a temp dir, started on a free port with
// trust auth and its unix socket in that dir, which the tests restart (`pg_ctl restart -m fast`
// ends every session with 57P01) and stop. initdb refuses to run as root, so as root it runs as
// the `postgres` user in a dir that user owns.
import { execFile } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './free-port.js';

const run = promisify(execFile);
const BIN = process.env.PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin';
const isRoot = process.getuid?.() === 0;

export interface PgProcess {
  /** postgresql://postgres@127.0.0.1:<port>/postgres */
  url: string;
  /** `pg_ctl restart -m fast`: every session is terminated (57P01) and the server comes back */
  restart(): Promise<void>;
  /** for `ms`, terminates every other session again and again (pg_terminate_backend: 57P01, as in a restart) */
  terminateSessions(ms: number): Promise<void>;
  /** stops the server (`pg_ctl stop -m fast`), keeping its data: down until up() */
  down(): Promise<void>;
  up(): Promise<void>;
  /** stops the server and removes its directory */
  stop(): Promise<void>;
}

async function pgTool(tool: string, args: string[]): Promise<void> {
  const [file, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', join(BIN, tool), ...args]] : [join(BIN, tool), args];
  await run(file, argv, { timeout: 60_000 });
}

export async function startPgProcess(): Promise<PgProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'guanjia-pg-'));
  if (isRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = join(dir, 'data');
  const port = await freePort();
  await pgTool('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  const ctl = (...args: string[]) => pgTool('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', options, '-w', ...args]);
  await ctl('start');
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    restart: () => ctl('restart', '-m', 'fast'),
    down: () => ctl('stop', '-m', 'fast'),
    up: () => ctl('start'),
    terminateSessions: async (ms) => {
      const killer = new pg.Client({ connectionString: url });
      killer.on('error', () => {});
      await killer.connect();
      try {
        const until = Date.now() + ms;
        while (Date.now() < until) {
          await killer.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'`);
          await new Promise((r) => setTimeout(r, 10 + Math.random() * 20));
        }
      } finally {
        await killer.end();
      }
    },
    stop: async () => {
      await ctl('stop', '-m', 'immediate').catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
