// Starts the real server as a child process (`node --import tsx server/main.ts`) on a fixed
// free port with its own data: a temp PGlite dir, or a fresh Postgres database when TEST_DB
// is 'postgres'. Readiness is the 'listening' log line, never a sleep.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshPgliteDataDir } from './pglite-template.ts';
import { createTestDatabase, type TestDatabase } from './postgres.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type Backend = 'pglite' | 'postgres';

export interface TestServer {
  readonly url: string;
  readonly wsUrl: string;
  readonly port: number;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly backend: Backend;
  /** Ends the process with the signal and resolves with how it exited. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Starts the process again on the same port and data. */
  restart(): Promise<void>;
  /** Every log line the process wrote so far (stdout and stderr). */
  logs(): string[];
  /** Stops the process (if running) and removes its data. */
  close(): Promise<void>;
}

export function currentBackend(): Backend {
  return process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const UNLIMITED_QUOTAS: Record<string, string> = Object.fromEntries(
  ['SIGNUPS_PER_HOUR', 'SESSIONS_PER_HOUR', 'RESUMES_PER_HOUR', 'COLLAB_TOKENS_PER_MINUTE', 'VERSIONS_PER_HOUR', 'JOINS_PER_SECOND', 'PDF_EXPORTS_PER_MINUTE'].map(
    (name) => [`QUOTA_${name}`, '1000000'],
  ),
);

export interface StartServerOptions {
  backend?: Backend;
  env?: Record<string, string>;
  /** Postgres: run on this existing database (several nodes of one cluster) instead of a fresh
   *  one; the caller owns it, and close() leaves it in place. */
  databaseUrl?: string;
}

export async function startServer(opts: StartServerOptions = {}): Promise<TestServer> {
  const backend = opts.databaseUrl ? 'postgres' : (opts.backend ?? currentBackend());
  const port = await freePort();
  const dataDir = backend === 'pglite' ? await freshPgliteDataDir('resume-node-') : await mkdtemp(path.join(os.tmpdir(), 'resume-node-'));
  const database: TestDatabase | undefined = opts.databaseUrl
    ? { url: opts.databaseUrl, drop: async () => undefined }
    : backend === 'postgres'
      ? await createTestDatabase()
      : undefined;
  const lines: string[] = [];
  let child: ChildProcess | undefined;
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.tmpdir(),
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    NODE_ID: `test-${port}`,
    // Tests act at machine speed and sign everyone up from 127.0.0.1: the per-person quotas are
    // raised here and tested on their own (quotas.test.ts, tests/cluster/accounts.test.ts).
    ...UNLIMITED_QUOTAS,
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...opts.env,
  };
  // Distributed mode (Postgres or Redis) needs the public address; by default the node's own.
  if ((env.DATABASE_URL || env.REDIS_URL) && !env.PUBLIC_URL) env.PUBLIC_URL = `http://127.0.0.1:${port}`;

  async function launch(): Promise<void> {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
    await new Promise<void>((resolve, reject) => {
      let buffered = '';
      const onData = (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        let nl: number;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          lines.push(line);
          if (line.includes('"msg":"listening"')) resolve();
        }
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
      proc.once('exit', (code, signal) =>
        reject(new Error(`server exited before listening (code ${code}, signal ${signal}):\n${lines.join('\n')}`)),
      );
    });
  }

  await launch();

  const server: TestServer = {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    dataDir,
    databaseUrl: database?.url,
    backend,
    async stop(signal = 'SIGTERM') {
      if (!child || !exited) return { code: null, signal: null };
      const proc = child;
      const done = exited;
      child = undefined;
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return done;
    },
    async restart() {
      await server.stop();
      await launch();
    },
    logs: () => lines,
    async close() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
      await database?.drop();
    },
  };
  return server;
}
