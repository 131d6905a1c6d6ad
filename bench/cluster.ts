// `npm run bench` (scale-out part): the collaboration workload of bench/collab.ts split across 2 and
// 3 of our nodes (the editors of one resume on different nodes), once through nginx pinning, and
// side by side the same against Hocuspocus 3.4.4 with its Redis extension (bench/hocuspocus-node.ts).
// Ours and Hocuspocus run as a pair: both clusters up at once, typing in alternating windows, so
// the load other work puts on this machine falls on both alike. Prints markdown tables and writes
// bench/results/cluster.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { delta, snapshot, type Snapshot, type System } from './cluster/measure.ts';
import { settledRss, sleep } from './cluster/processes.ts';
import { printReport, type ScenarioResult } from './cluster/report.ts';
import { hocuspocusClientLibrary, openCluster, type Cluster, type Scenario } from './cluster/setup.ts';
import { percentile, TypingRun } from './cluster/workload.ts';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '200' },
    resumes: { type: 'string', default: '50' },
    rate: { type: 'string', default: '5' },
    duration: { type: 'string', default: '15' },
    windows: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '3' },
    nodes: { type: 'string', default: '2,3' },
    systems: { type: 'string', default: 'ours,hocuspocus' },
    nginx: { type: 'string', default: 'on' },
  },
});
const CLIENTS = Number(args.clients);
const RESUMES = Number(args.resumes);
const RATE = Number(args.rate);
const DURATION_S = Number(args.duration);
const WINDOWS = Number(args.windows);
const WARMUP_S = Number(args.warmup);
const NODE_COUNTS = args.nodes.split(',').map(Number);
const SYSTEMS = args.systems.split(',').filter((s): s is System => s === 'ours' || s === 'hocuspocus');
for (const [name, n] of Object.entries({ CLIENTS, RESUMES, RATE, DURATION_S, WINDOWS, ...Object.fromEntries(NODE_COUNTS.map((n, i) => [`nodes[${i}]`, n])) })) {
  if (!Number.isFinite(n) || n <= 0) throw new Error(`invalid ${name}: ${n}`);
}
if (SYSTEMS.length === 0) throw new Error('--systems: ours, hocuspocus or both');

/** Each pair: the same scenario for every system, measured together. */
const pairs: Scenario[][] = NODE_COUNTS.map((nodes) => SYSTEMS.map((system) => ({ system, nodes, routing: 'split' as const })));
if (args.nginx !== 'off') pairs.push(SYSTEMS.map((system) => ({ system, nodes: Math.max(...NODE_COUNTS), routing: 'nginx' as const })));

/** An idle reading this far above the connected one means start-up memory went back in between
 *  (ours: ~90 MiB); smaller differences are a reading's noise (~1–2 MiB). */
const RSS_RELEASE_BYTES = 8 * 2 ** 20;

interface Window {
  before: Snapshot;
  after: Snapshot;
  seconds: number;
  loadAverage: number;
}

/** Types for `seconds` on every client of the cluster, measured: counters read before and after
 *  (after the last keystrokes have arrived, or 2 s). */
async function typeWindow(cluster: Cluster, run: TypingRun, seconds: number): Promise<Window> {
  const before = await snapshot(cluster.scenario.system, cluster.nodes, cluster.redis);
  run.start({ record: true });
  const startedAt = performance.now();
  await sleep(seconds * 1000);
  run.stop();
  const elapsed = (performance.now() - startedAt) / 1000;
  await run.drain(2000);
  const after = await snapshot(cluster.scenario.system, cluster.nodes, cluster.redis);
  return { before, after, seconds: elapsed, loadAverage: os.loadavg()[0] ?? NaN };
}

async function runPair(scenarios: Scenario[]): Promise<ScenarioResult[]> {
  process.stdout.write(`\n## ${scenarios.map((s) => `${s.system} ${s.nodes} nodes ${s.routing}`).join(' | ')}\n`);
  const opened = await Promise.allSettled(scenarios.map((s) => openCluster(s, { clients: CLIENTS, resumes: RESUMES })));
  const clusters = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  try {
    const failure = opened.find((o) => o.status === 'rejected');
    if (failure) throw failure.reason;
    const runs = clusters.map((c) => new TypingRun(c.clients, RATE));
    const windows: Window[][] = clusters.map(() => []);
    // Warm-up, unmeasured; then a pause so that no warm-up keystroke is on its way when counting starts.
    for (const run of runs) {
      run.start({ record: false });
      await sleep(WARMUP_S * 1000);
      run.stop();
      await sleep(1000);
    }
    process.stdout.write(`typing: ${WINDOWS} windows of ${(DURATION_S / WINDOWS).toFixed(1)} s per cluster, alternating…\n`);
    for (let w = 0; w < WINDOWS; w++) {
      const order = clusters.map((_, i) => i);
      if (w % 2 === 1) order.reverse();
      for (const i of order) {
        const cluster = clusters[i];
        const run = runs[i];
        if (cluster && run) windows[i]?.push(await typeWindow(cluster, run, DURATION_S / WINDOWS));
      }
    }
    const deliveries = await Promise.all(runs.map((run) => run.drain(8000)));
    // A node that handed start-up memory back between its idle reading and the one with clients
    // connected (idle clearly above connected: it happens at a moment we do not control, see
    // settledRss) is read at rest again once every client has left, and that is its baseline.
    const idleAfter = await Promise.all(
      clusters.map(async (cluster) => {
        const again = cluster.nodes.map((_, i) => (cluster.rss.baseline[i]?.meanBytes ?? 0) - (cluster.rss.connected[i]?.meanBytes ?? 0) > RSS_RELEASE_BYTES);
        if (!again.some(Boolean)) return cluster.nodes.map(() => null);
        cluster.disconnectClients();
        return Promise.all(cluster.nodes.map((node, i) => (again[i] ? settledRss(node.pid) : null)));
      }),
    );
    return clusters.map((cluster, i) => summarize(cluster, windows[i] ?? [], deliveries[i] ?? { edits: 0, expected: 0, all: [], crossNode: [], sameNode: [] }, idleAfter[i] ?? []));
  } finally {
    await Promise.all(clusters.map((c) => c.close()));
  }
}

type Rss = Awaited<ReturnType<typeof settledRss>>;

function summarize(cluster: Cluster, windows: Window[], deliveries: Awaited<ReturnType<TypingRun['drain']>>, idleAfter: Array<Rss | null>): ScenarioResult {
  const { nodes, rss } = cluster;
  const baseline = nodes.map((_, i) => idleAfter[i] ?? rss.baseline[i]);
  const sum = (pick: (w: Window) => number) => windows.reduce((a, w) => a + pick(w), 0);
  const nodeDelta = (w: Window, i: number, pick: (n: Snapshot['nodes'][number]) => number) =>
    pick(w.after.nodes[i] ?? w.before.nodes[i] ?? ({} as Snapshot['nodes'][number])) - pick(w.before.nodes[i] ?? ({} as Snapshot['nodes'][number]));
  const allNodes = (pick: (n: Snapshot['nodes'][number]) => number) => sum((w) => nodes.reduce((a, _, i) => a + nodeDelta(w, i, pick), 0));
  const addUp = (records: Record<string, number>[]) => {
    const out: Record<string, number> = {};
    for (const r of records) for (const [k, v] of Object.entries(r)) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  const nodePublishes = (i: number) => addUp(windows.map((w) => delta(w.after.nodes[i]?.publishes ?? {}, w.before.nodes[i]?.publishes ?? {})));
  const commands = addUp(windows.map((w) => delta(w.after.redis.calls, w.before.redis.calls)));
  const last = windows.at(-1)?.after;
  const connections = nodes.map((_, i) => last?.nodes[i]?.connections ?? 0);
  const rssGrowth = nodes.map((_, i) => (rss.connected[i]?.meanBytes ?? NaN) - (baseline[i]?.meanBytes ?? NaN));
  const stats = (values: number[]) => ({
    count: values.length,
    p50: percentile(values, 50),
    p99: percentile(values, 99),
    max: values.length ? values.reduce((a, b) => Math.max(a, b), -Infinity) : NaN,
  });
  const worst = (values: number[]) => (values.length ? Math.max(...values) : NaN);
  return {
    label: cluster.label,
    ...cluster.scenario,
    clientLibrary: cluster.clientLibrary,
    clients: cluster.clients.length,
    resumes: RESUMES,
    seconds: sum((w) => w.seconds),
    windows: windows.length,
    edits: deliveries.edits,
    expectedDeliveries: deliveries.expected,
    propagationMs: { all: stats(deliveries.all), crossNode: stats(deliveries.crossNode), sameNode: stats(deliveries.sameNode) },
    redis: {
      publishes: commands.publish ?? 0,
      commands: Object.values(commands).reduce((a, b) => a + b, 0),
      commandsByName: commands,
      bytesIn: sum((w) => w.after.redis.netInputBytes - w.before.redis.netInputBytes),
      bytesOut: sum((w) => w.after.redis.netOutputBytes - w.before.redis.netOutputBytes),
      publishesByKind: addUp(nodes.map((_, i) => nodePublishes(i))),
    },
    updatesFromClients: allNodes((n) => n.updatesFromClients),
    updatesApplied: allNodes((n) => n.updatesApplied),
    nodeCpuSeconds: allNodes((n) => n.cpuSeconds),
    benchCpuSeconds: sum((w) => w.after.benchCpuSeconds - w.before.benchCpuSeconds),
    eventLoopDelayP99Ms: {
      nodes: nodes.map((_, i) => worst(windows.map((w) => w.after.nodes[i]?.eventLoopDelayP99Ms ?? NaN))),
      loadGenerator: worst(windows.map((w) => w.after.benchEventLoopDelayP99Ms)),
    },
    perNode: nodes.map((n, i) => ({
      name: n.name,
      connections: connections[i] ?? 0,
      idleBeforeRssMiB: (rss.baseline[i]?.meanBytes ?? NaN) / 2 ** 20,
      idleAfterRssMiB: idleAfter[i] ? (idleAfter[i]?.meanBytes ?? NaN) / 2 ** 20 : null,
      baselineRssMiB: (baseline[i]?.meanBytes ?? NaN) / 2 ** 20,
      connectedRssMiB: (rss.connected[i]?.meanBytes ?? NaN) / 2 ** 20,
      rssSpreadMiB: Math.max(baseline[i]?.spreadBytes ?? 0, rss.connected[i]?.spreadBytes ?? 0) / 2 ** 20,
      rssRounds: [baseline[i]?.rounds ?? 0, rss.connected[i]?.rounds ?? 0],
      rssPerConnectionKiB: (rssGrowth[i] ?? NaN) / (connections[i] || NaN) / 1024,
      cpuSeconds: sum((w) => nodeDelta(w, i, (x) => x.cpuSeconds)),
      updatesByOrigin: addUp(windows.map((w) => delta(w.after.nodes[i]?.updatesByOrigin ?? {}, w.before.nodes[i]?.updatesByOrigin ?? {}))),
      publishesByKind: nodePublishes(i),
    })),
    rssPerConnectionKiB: rssGrowth.reduce((a, b) => a + b, 0) / connections.reduce((a, b) => a + b, 0) / 1024,
    loadAverage: windows.map((w) => w.loadAverage),
  };
}

// --- the run -------------------------------------------------------------------------------------

process.stdout.write(
  `scale-out benchmark: ${CLIENTS} clients on ${RESUMES} resumes, ${RATE} chars/s each, ${DURATION_S} s measured per cluster (after ${WARMUP_S} s warm-up), on ${os.cpus().length} cores\n`,
);
// Every stock y-websocket provider adds a process 'exit' listener (its awareness cleanup).
process.setMaxListeners(2 * CLIENTS + 20);
const results: ScenarioResult[] = [];
let failed = false;
for (const pair of pairs) {
  try {
    results.push(...(await runPair(pair)));
  } catch (err) {
    failed = true;
    process.stderr.write(`\nscenario failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
}
printReport(results, { hocuspocusClients: hocuspocusClientLibrary() });
mkdirSync('bench/results', { recursive: true });
const file = 'bench/results/cluster.json';
const meta = { date: new Date().toISOString(), cores: os.cpus().length, clients: CLIENTS, resumes: RESUMES, charsPerSecondPerClient: RATE, durationSeconds: DURATION_S, windows: WINDOWS, warmupSeconds: WARMUP_S };
writeFileSync(file, `${JSON.stringify({ ...meta, hocuspocusClients: hocuspocusClientLibrary(), scenarios: results }, null, 2)}\n`);
process.stdout.write(`\nwrote ${file}\n`);
// Providers keep reconnect timers; everything this run started is gone by now.
process.exit(failed ? 1 : 0);
