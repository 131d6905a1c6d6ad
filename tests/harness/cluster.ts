// A real cluster for tests: a redis-server on a free port, N server processes on one fresh
// Postgres database with REDIS_URL set, and nginx (Debian's) with the config nginx/render.mjs
// prints. Readiness is each process's own signal (redis's ready line, the node's 'listening'
// line, nginx answering on its port), never a sleep.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as Y from 'yjs';
import { getJobDescriptionText } from '../../collab/index.ts';
import { openStore } from '../../db/index.ts';
import type { Client } from './collab.ts';
import { createTestDatabase, type TestDatabase } from './postgres.ts';
import { freePort, startServer, type TestServer } from './server.ts';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));

// --- redis -------------------------------------------------------------------------------------

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** Kills the server (its data goes with it: no persistence, as a crashed cache would). */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  async function start(): Promise<void> {
    const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      let out = '';
      proc.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (out.includes('Ready to accept connections')) resolve();
      });
      proc.once('error', reject);
      proc.once('exit', (code) => reject(new Error(`redis-server exited (code ${code}):\n${out}`)));
    });
  }

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      const proc = child;
      child = undefined;
      if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
    start,
  };
}

// --- nginx -------------------------------------------------------------------------------------

export interface Nginx {
  readonly url: string;
  readonly wsUrl: string;
  readonly port: number;
  /** Renders the config for these nodes and reloads nginx (graceful: open sockets stay). */
  reload(nodes: readonly Pick<TestServer, 'port'>[]): Promise<void>;
  errorLog(): Promise<string>;
  /** The access log as written so far (nginx flushes its buffer within a second). */
  accessLog(): Promise<string>;
  close(): Promise<void>;
}

export function nginxAvailable(): boolean {
  return NGINX !== undefined;
}

async function renderConfig(port: number, nodes: readonly Pick<TestServer, 'port'>[], opts: NginxOptions): Promise<string> {
  const args = ['nginx/render.mjs', '--listen', String(port), '--nodes', nodes.map((n) => `127.0.0.1:${n.port}`).join(',')];
  if (opts.staticDir) args.push('--static', opts.staticDir);
  if (opts.tls) args.push('--tls-cert', opts.tls.cert, '--tls-key', opts.tls.key);
  // As root, nginx's workers would run as nobody, who cannot enter the private temp prefix.
  if (process.getuid?.() === 0) args.push('--user', 'root');
  const { stdout } = await run(process.execPath, args, { cwd: ROOT });
  return stdout;
}

export interface NginxOptions {
  /** nginx serves this client build itself. */
  staticDir?: string;
  /** The port to listen on (free by default); the nodes' PUBLIC_URL names it. */
  port?: number;
  /** Listen with TLS using this certificate and key (PEM files). */
  tls?: { cert: string; key: string };
}

/** nginx in front of the nodes; with `staticDir` it serves that client build itself. */
export async function startNginx(nodes: readonly Pick<TestServer, 'port'>[], opts: NginxOptions = {}): Promise<Nginx> {
  if (!NGINX) throw new Error('nginx is not installed: apt-get install -y nginx-light');
  const nginx = NGINX;
  const port = opts.port ?? (await freePort());
  const prefix = await mkdtemp(path.join(os.tmpdir(), 'resume-nginx-'));
  await Promise.all([mkdir(path.join(prefix, 'logs')), mkdir(path.join(prefix, 'temp'))]);
  const conf = path.join(prefix, 'nginx.conf');
  await writeFile(conf, await renderConfig(port, nodes, opts));
  const proc = spawn(nginx, ['-p', prefix, '-c', conf, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  await Promise.race([
    listening(port),
    exited.then(() => {
      throw new Error(`nginx exited at start:\n${stderr}`);
    }),
  ]);
  const secure = opts.tls ? 's' : '';
  return {
    url: `http${secure}://127.0.0.1:${port}`,
    wsUrl: `ws${secure}://127.0.0.1:${port}`,
    port,
    async reload(next) {
      await writeFile(conf, await renderConfig(port, next, opts));
      // -t first: a config that does not load must fail the test, not leave the old one running silently.
      await run(nginx, ['-p', prefix, '-c', conf, '-t']);
      await run(nginx, ['-p', prefix, '-c', conf, '-s', 'reload']);
    },
    errorLog: () => readFile(path.join(prefix, 'logs', 'error.log'), 'utf8').catch(() => ''),
    accessLog: () => readFile(path.join(prefix, 'logs', 'access.log'), 'utf8').catch(() => ''),
    async close() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGQUIT');
      await exited;
      await rm(prefix, { recursive: true, force: true });
    },
  };
}

/** Resolves once something accepts TCP connections on the port (nginx has no ready line). */
async function listening(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// --- the cluster -------------------------------------------------------------------------------

export interface Cluster {
  readonly redis: RedisServer;
  readonly nodes: TestServer[];
  readonly nginx: Nginx | undefined;
  /** The database itself (tests read what the nodes stored through it). */
  readonly databaseUrl: string;
  /** With `databaseProxy`, the proxy every node reaches Postgres through (a test can cut it). */
  readonly databaseProxy: TcpProxy | undefined;
  /** Starts one more node on the same database and Redis (not yet in nginx: reload for that). */
  addNode(): Promise<TestServer>;
  close(): Promise<void>;
}

export interface ClusterOptions {
  nodes?: number;
  nginx?: boolean;
  /** Nodes reach Postgres through a TCP proxy the test controls. */
  databaseProxy?: boolean;
  /** More environment for every node. */
  env?: Record<string, string>;
}

export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  const database: TestDatabase = await createTestDatabase();
  const redis = await startRedis();
  const target = new URL(database.url);
  const databaseProxy = opts.databaseProxy ? await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) }) : undefined;
  const nodes: TestServer[] = [];
  let nginx: Nginx | undefined;
  // People reach the cluster through nginx: its address is every node's PUBLIC_URL.
  const withNginx = opts.nginx ?? true;
  const nginxPort = withNginx ? await freePort() : undefined;
  const publicUrl: Record<string, string> = nginxPort === undefined ? {} : { PUBLIC_URL: `http://127.0.0.1:${nginxPort}` };
  const addNode = async () => {
    const node = await startServer({
      databaseUrl: databaseProxy ? databaseProxy.via(database.url) : database.url,
      env: { REDIS_URL: redis.url, LOG_LEVEL: 'info', ...publicUrl, ...opts.env },
    });
    nodes.push(node);
    return node;
  };
  const close = async () => {
    await nginx?.close();
    await Promise.all(nodes.map((node) => node.close()));
    await redis.stop();
    await databaseProxy?.close();
    await database.drop();
  };
  try {
    // The first node runs the migrations; the rest start together.
    await addNode();
    await Promise.all(Array.from({ length: (opts.nodes ?? 3) - 1 }, addNode));
    if (nginxPort !== undefined) nginx = await startNginx(nodes, { port: nginxPort });
  } catch (err) {
    await close();
    throw err;
  }
  return {
    redis,
    nodes,
    get nginx() {
      return nginx;
    },
    databaseUrl: database.url,
    databaseProxy,
    addNode,
    close,
  };
}

// --- people typing -----------------------------------------------------------------------------

export interface Typist {
  /** Every token typed so far, in order. */
  readonly typed: string[];
  /** Stops typing; resolves with every token typed. */
  stop(): string[];
}

/** Appends a distinct token (`<label:n>`) to the job description every `everyMs`, as a person
 *  typing does: whether or not the socket is connected at that moment. */
export function startTyping(client: Client, label: string, everyMs = 25): Typist {
  const typed: string[] = [];
  const timer = setInterval(() => {
    const text = getJobDescriptionText(client.doc);
    const token = `<${label}:${typed.length}>`;
    text.insert(text.length, token);
    typed.push(token);
  }, everyMs);
  return {
    typed,
    stop() {
      clearInterval(timer);
      return typed;
    },
  };
}

/** The job description as Postgres holds it (snapshot and update log), read as a fresh node would. */
export async function storedJobDescription(databaseUrl: string, resumeId: string): Promise<string> {
  const store = await openStore({ databaseUrl, dataDir: os.tmpdir() });
  try {
    const { snapshot, updates } = await store.updateLog.load(resumeId);
    const doc = new Y.Doc();
    for (const part of snapshot ? [snapshot, ...updates] : updates) Y.applyUpdate(doc, part);
    return getJobDescriptionText(doc).toString();
  } finally {
    await store.db.close();
  }
}
