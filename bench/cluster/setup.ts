// One benchmark cluster, ready to type on: a fresh Redis, 2–3 nodes (ours on a fresh Postgres
// database, or Hocuspocus), nginx when pinning, the resumes, every client connected and synced,
// and each node's anonymous RSS at rest before and after the clients connected.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { acceptInvite, api, createResume, invite, signup } from '../../tests/harness/api.ts';
import { startNginx, startRedis } from '../../tests/harness/cluster.ts';
import { createTestDatabase } from '../../tests/harness/postgres.ts';
import { freePort } from '../../tests/harness/server.ts';
import type { System } from './measure.ts';
import { liveTeardown, settledRss, sleep, spawnNode, type NodeProcess, type Teardown } from './processes.ts';
import { allSynced, openClient, type ClientKind, type Seat, type TypingClient } from './workload.ts';

export interface Scenario {
  system: System;
  nodes: number;
  /** split: each resume's editors connect straight to different nodes; nginx: nginx pins a resume to one node. */
  routing: 'split' | 'nginx';
}

export interface Workload {
  clients: number;
  resumes: number;
}

export interface Cluster {
  readonly scenario: Scenario;
  readonly label: string;
  readonly nodes: NodeProcess[];
  readonly clients: TypingClient[];
  readonly clientLibrary: ClientKind;
  /** A plain connection for INFO. */
  readonly redis: Redis;
  readonly rss: { baseline: Array<Awaited<ReturnType<typeof settledRss>>>; connected: Array<Awaited<ReturnType<typeof settledRss>>> };
  /** Closes every client (the nodes keep running). */
  disconnectClients(): void;
  /** Stops everything it started (clients, nodes, nginx, Redis, database, temp dirs). */
  close(): Promise<void>;
}

export const scenarioLabel = (s: Scenario) =>
  `${s.system === 'ours' ? 'ours' : 'Hocuspocus 3.4.4'}, ${s.nodes} nodes, ${s.routing === 'split' ? 'split' : 'nginx-pinned'}`;

let hocuspocusClients: ClientKind | null = null;
/** Which client the Hocuspocus runs used (null until one ran). */
export const hocuspocusClientLibrary = () => hocuspocusClients;

export async function openCluster(scenario: Scenario, workload: Workload): Promise<Cluster> {
  const label = scenarioLabel(scenario);
  const teardown = liveTeardown();
  const clients: TypingClient[] = [];
  const nodes: NodeProcess[] = [];
  const close = async () => {
    await teardown.run();
    teardown.release();
  };
  try {
    const redisServer = await startRedis();
    teardown.add('redis', () => redisServer.stop());
    const redis = new Redis(redisServer.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    teardown.add('redis INFO connection', async () => redis.disconnect());

    const ours = scenario.system === 'ours' ? await startOurNodes(scenario.nodes, redisServer.url, workload, teardown) : null;
    nodes.push(...(ours?.nodes ?? (await startHocuspocusNodes(scenario.nodes, redisServer.url, teardown))));
    let viaNginx: string | null = null;
    if (scenario.routing === 'nginx') {
      const nginx = await startNginx(nodes);
      teardown.add('nginx', () => nginx.close());
      viaNginx = nginx.wsUrl;
    }
    let clientLibrary: ClientKind = 'y-websocket';
    let seats: Seat[];
    if (ours) {
      seats = seatsFor(ours.resumeIds, nodes, viaNginx, workload, ours.cookies);
    } else {
      hocuspocusClients ??= (await stockClientSyncsWith(nodes[0] as NodeProcess)) ? 'y-websocket' : 'hocuspocus-provider';
      clientLibrary = hocuspocusClients;
      seats = seatsFor(Array.from({ length: workload.resumes }, () => randomUUID()), nodes, viaNginx, workload);
    }

    process.stdout.write(`${label}: RSS at rest, then ${seats.length} ${clientLibrary} clients connect…\n`);
    const baseline = await Promise.all(nodes.map((n) => settledRss(n.pid)));
    clients.push(...seats.map((seat) => openClient(clientLibrary, seat)));
    const disconnectClients = () => clients.splice(0).forEach((c) => c.destroy());
    teardown.add('clients', async () => disconnectClients());
    await allSynced(clients, 60_000);
    const connected = await Promise.all(nodes.map((n) => settledRss(n.pid)));
    return { scenario, label, nodes, clients: [...clients], clientLibrary, redis, rss: { baseline, connected }, disconnectClients, close };
  } catch (err) {
    const logs = nodes.map((n) => `--- ${n.name}, last lines above info:\n${n.tail()}`).join('\n');
    await close();
    throw new Error(`${label}: ${err instanceof Error ? err.message : String(err)}\n${logs}`, { cause: err });
  }
}

/** Our nodes on a fresh database, with the resumes and the two people who edit them created
 *  beforehand by a setup node that is gone before anything is measured: the measured nodes never
 *  hash a password (argon2's 64 MiB per hash lingers in malloc's arenas). */
async function startOurNodes(count: number, redisUrl: string, workload: Workload, teardown: Teardown) {
  const database = await createTestDatabase();
  teardown.add('database', () => database.drop());
  const start = async (name: string) => {
    const port = await freePort();
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'resume-bench-node-'));
    teardown.add(`data dir ${dataDir}`, () => rm(dataDir, { recursive: true, force: true }));
    const env = { HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', NODE_ID: `bench-${name}`, DATABASE_URL: database.url, REDIS_URL: redisUrl };
    const node = await spawnNode({ name: `our node ${name}`, script: 'server/main.ts', port, env });
    teardown.add(node.name, () => node.stop());
    return node;
  };
  const setup = await start('setup'); // also runs the migrations
  const { ids, cookies } = await ourResumes(setup, workload.resumes);
  await setup.stop();
  const nodes = await Promise.all(Array.from({ length: count }, (_, i) => start(String(i))));
  await Promise.all(nodes.map(ready));
  await Promise.all(nodes.map((node, i) => analyzerWarm(node, cookies[0] ?? '', i)));
  return { nodes, resumeIds: ids, cookies };
}

/** /readyz 200: database and Redis answer. */
async function ready(node: NodeProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await fetch(`${node.url}/readyz`).then((r) => r.status, () => 0)) !== 200) {
    if (Date.now() > deadline) throw new Error(`${node.name} not ready after 30 s:\n${node.tail()}`);
    await sleep(100);
  }
}

/** One text analysis on the node: its answer means the analyzer worker has loaded its vocabulary
 *  and language model (distinct text per node: the report cache is cluster-wide). */
async function analyzerWarm(node: NodeProcess, cookie: string, i: number): Promise<void> {
  const body = { resume_content: `Jane Doe, engineer ${i}. Built TypeScript services.`, job_description: `Engineer ${i}: TypeScript, Node.js, Redis.` };
  const res = await api(node, 'POST', '/api/analyze-resume', { cookie, body });
  if (res.status !== 200) throw new Error(`warm-up analysis on ${node.name}: ${res.status} ${JSON.stringify(res.body)}`);
}

/** An owner and a coach (editor of every resume), through the node's REST API. */
async function ourResumes(node: NodeProcess, count: number): Promise<{ ids: string[]; cookies: string[] }> {
  const [owner, coach] = await Promise.all([signup(node), signup(node)]);
  const ids: string[] = [];
  for (let r = 0; r < count; r++) {
    const { id } = await createResume(node, owner.cookie, { title: `Bench ${r}` });
    await acceptInvite(node, coach.cookie, await invite(node, owner.cookie, id, 'editor'));
    ids.push(id);
  }
  return { ids, cookies: [owner.cookie, coach.cookie] };
}

async function startHocuspocusNodes(count: number, redisUrl: string, teardown: Teardown): Promise<NodeProcess[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const port = await freePort();
      const node = await spawnNode({ name: `hocuspocus node ${i}`, script: 'bench/hocuspocus-node.ts', port, env: { REDIS_URL: redisUrl, NODE_ID: `hocuspocus-${i}` } });
      teardown.add(node.name, () => node.stop());
      return node;
    }),
  );
}

/** Seats of `clients / resumes` editors per resume: round-robin over the nodes (so one resume's
 *  editors sit on different nodes and every node gets its share), or all through nginx. */
function seatsFor(resumeIds: string[], nodes: NodeProcess[], viaNginx: string | null, workload: Workload, cookies: string[] = []): Seat[] {
  const perResume = Math.ceil(workload.clients / workload.resumes);
  const seats: Seat[] = [];
  resumeIds.forEach((resumeId, r) => {
    for (let c = 0; c < perResume && seats.length < workload.clients; c++) {
      const node = (r + c) % nodes.length;
      const cookie = cookies[c % Math.max(1, cookies.length)];
      seats.push({ resumeId, cookie, wsUrl: viaNginx ?? nodes[node]?.wsUrl ?? '', node: viaNginx ? null : node });
    }
  });
  return seats;
}

/** Whether the stock y-websocket client syncs with a Hocuspocus node within 3 s (it should not:
 *  Hocuspocus prefixes every message with the document name and wants an auth message first). */
async function stockClientSyncsWith(node: NodeProcess): Promise<boolean> {
  const probe = openClient('y-websocket', { resumeId: randomUUID(), wsUrl: node.wsUrl, node: 0 });
  try {
    return await Promise.race([probe.synced().then(() => true), sleep(3000).then(() => false)]);
  } finally {
    probe.destroy();
  }
}
