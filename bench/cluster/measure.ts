// What the scale-out benchmark reads before and after the typing: Redis' own counters (INFO
// commandstats and stats: every command and byte, whichever server sent it), each node's CPU time
// (/proc) and each node's own account of updates applied and publishes by kind (our /metrics,
// the Hocuspocus script's /stats).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { sampleProcess, type NodeProcess } from './processes.ts';

export type System = 'ours' | 'hocuspocus';

export interface RedisCounters {
  /** Calls per command name (lower case), the benchmark's own INFO calls left out. */
  calls: Record<string, number>;
  netInputBytes: number;
  netOutputBytes: number;
}

export async function redisCounters(redis: Redis): Promise<RedisCounters> {
  const [commandstats, stats] = await Promise.all([redis.info('commandstats'), redis.info('stats')]);
  const calls: Record<string, number> = {};
  for (const match of commandstats.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    const [, name, count] = match;
    if (name && name !== 'info') calls[name] = Number(count);
  }
  const stat = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(stats)?.[1] ?? NaN);
  return { calls, netInputBytes: stat('total_net_input_bytes'), netOutputBytes: stat('total_net_output_bytes') };
}

export interface NodeCounters {
  cpuSeconds: number;
  /** Document updates the node applied, from its clients and from the other nodes. */
  updatesApplied: number;
  /** Updates from its own clients (ours: origin="connection"; Hocuspocus: any non-Redis origin). */
  updatesFromClients: number;
  /** Updates applied by origin (ours: connection, bus, local…; Hocuspocus: connection, redis). */
  updatesByOrigin: Record<string, number>;
  /** Redis publishes the node made, by what they carry. */
  publishes: Record<string, number>;
  connections: number;
  /** Event-loop delay p99 since the previous reading (both reset their histogram when read). */
  eventLoopDelayP99Ms: number;
}

export async function nodeCounters(system: System, node: NodeProcess): Promise<NodeCounters> {
  const { cpuSeconds } = await sampleProcess(node.pid);
  if (system === 'hocuspocus') {
    const stats = (await (await fetch(`${node.url}/stats`)).json()) as {
      updates: { connection: number; redis: number };
      publishes: Record<string, number>;
      connections: number;
      eventLoopDelayP99Ms: number;
    };
    return {
      cpuSeconds,
      updatesApplied: stats.updates.connection + stats.updates.redis,
      updatesFromClients: stats.updates.connection,
      updatesByOrigin: { ...stats.updates },
      publishes: stats.publishes,
      connections: stats.connections,
      eventLoopDelayP99Ms: stats.eventLoopDelayP99Ms,
    };
  }
  const text = await (await fetch(`${node.url}/metrics`)).text();
  const publishes: Record<string, number> = {};
  for (const { labels, value } of promSeries(text, 'bus_messages_total')) {
    if (labels.direction === 'out') publishes[labels.kind ?? '?'] = (publishes[labels.kind ?? '?'] ?? 0) + value;
  }
  const updates = promSeries(text, 'collab_updates_in_total');
  const sum = (rows: Array<{ value: number }>) => rows.reduce((a, r) => a + r.value, 0);
  const updatesByOrigin: Record<string, number> = {};
  for (const { labels, value } of updates) updatesByOrigin[labels.origin ?? '?'] = (updatesByOrigin[labels.origin ?? '?'] ?? 0) + value;
  return {
    cpuSeconds,
    updatesApplied: sum(updates),
    updatesFromClients: sum(updates.filter((r) => r.labels.origin === 'connection')),
    updatesByOrigin,
    publishes,
    connections: sum(promSeries(text, 'collab_sockets')),
    eventLoopDelayP99Ms: sum(promSeries(text, 'nodejs_eventloop_lag_p99_seconds')) * 1000,
  };
}

/** The samples of one metric in Prometheus text format, with their labels. */
function promSeries(text: string, name: string): Array<{ labels: Record<string, string>; value: number }> {
  const rows: Array<{ labels: Record<string, string>; value: number }> = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of line.matchAll(/(\w+)="([^"]*)"/g)) if (key) labels[key] = value ?? '';
    rows.push({ labels, value: Number(line.slice(line.lastIndexOf(' ') + 1)) });
  }
  return rows;
}

export interface Snapshot {
  redis: RedisCounters;
  nodes: NodeCounters[];
  /** The load generator's (this process's) CPU time, in seconds. */
  benchCpuSeconds: number;
  /** The load generator's event-loop delay p99 since the previous snapshot. */
  benchEventLoopDelayP99Ms: number;
}

const benchLoopDelay = monitorEventLoopDelay({ resolution: 10 });
benchLoopDelay.enable();

export async function snapshot(system: System, nodes: readonly NodeProcess[], redis: Redis): Promise<Snapshot> {
  const [counters, perNode] = await Promise.all([redisCounters(redis), Promise.all(nodes.map((n) => nodeCounters(system, n)))]);
  const cpu = process.cpuUsage();
  const benchEventLoopDelayP99Ms = benchLoopDelay.percentile(99) / 1e6;
  benchLoopDelay.reset();
  return { redis: counters, nodes: perNode, benchCpuSeconds: (cpu.user + cpu.system) / 1e6, benchEventLoopDelayP99Ms };
}

/** after − before for every number in a Record (keys of either). */
export function delta(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of new Set([...Object.keys(after), ...Object.keys(before)])) {
    const d = (after[key] ?? 0) - (before[key] ?? 0);
    if (d !== 0) out[key] = d;
  }
  return out;
}
