// The scale-out benchmark's result shape and its markdown tables: propagation, cost per keystroke,
// what the publishes carry, per node, and the two aims checked against what was measured.
import type { System } from './measure.ts';
import type { ClientKind } from './workload.ts';

interface Latency {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export interface ScenarioResult {
  label: string;
  system: System;
  nodes: number;
  routing: 'split' | 'nginx';
  clientLibrary: ClientKind;
  clients: number;
  resumes: number;
  /** Measured typing time, in `windows` windows alternating with the other system's. */
  seconds: number;
  windows: number;
  edits: number;
  expectedDeliveries: number;
  propagationMs: { all: Latency; crossNode: Latency; sameNode: Latency };
  redis: {
    /** PUBLISH commands Redis processed (INFO commandstats). */
    publishes: number;
    /** Every command Redis processed, the benchmark's INFO calls left out. */
    commands: number;
    commandsByName: Record<string, number>;
    /** Bytes Redis read from and wrote to all its clients (INFO stats total_net_*_bytes). */
    bytesIn: number;
    bytesOut: number;
    /** Publishes by what they carry, as the nodes count them (ours: bus_messages_total). */
    publishesByKind: Record<string, number>;
  };
  updatesFromClients: number;
  updatesApplied: number;
  nodeCpuSeconds: number;
  benchCpuSeconds: number;
  /** p99 in the worst window: each node's, and the load generator's (this process). */
  eventLoopDelayP99Ms: { nodes: number[]; loadGenerator: number };
  perNode: Array<{
    name: string;
    connections: number;
    /** Anonymous RSS at rest before the clients connected, and (only where that was above the
     *  connected reading) after they had all left; the baseline is the latter when there is one. */
    idleBeforeRssMiB: number;
    idleAfterRssMiB: number | null;
    baselineRssMiB: number;
    connectedRssMiB: number;
    rssSpreadMiB: number;
    /** GC-and-read rounds until RSS settled: at idle, with clients connected. */
    rssRounds: number[];
    rssPerConnectionKiB: number;
    cpuSeconds: number;
    updatesByOrigin: Record<string, number>;
    publishesByKind: Record<string, number>;
  }>;
  rssPerConnectionKiB: number;
  /** The 1-minute load average after each window. */
  loadAverage: number[];
}

const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : '—');
const num = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
const micros = (seconds: number) => (Number.isFinite(seconds) ? `${(seconds * 1e6).toFixed(0)} µs` : '—');

function table(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join(' | ')} |`;
  return [line(rows[0] ?? []), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.slice(1).map(line)].join('\n');
}

const name = (r: ScenarioResult) => r.label;

export function printReport(results: readonly ScenarioResult[], opts: { hocuspocusClients: ClientKind | null }): void {
  const out: string[] = [];
  out.push('### Propagation (keystroke on one client → applied by each other client of that resume)', '');
  out.push(
    table([
      ['scenario', 'clients', 'keystrokes', 'delivered', 'p50', 'p99', 'cross-node p50', 'cross-node p99', 'max', 'event-loop delay p99: nodes / load gen'],
      ...results.map((r) => [
        name(r),
        `${r.clients} ${r.clientLibrary}`,
        String(r.edits),
        `${((100 * r.propagationMs.all.count) / (r.expectedDeliveries || NaN)).toFixed(2)} %`,
        ms(r.propagationMs.all.p50),
        ms(r.propagationMs.all.p99),
        ms(r.propagationMs.crossNode.p50),
        ms(r.propagationMs.crossNode.p99),
        ms(r.propagationMs.all.max),
        `${r.eventLoopDelayP99Ms.nodes.map((d) => d.toFixed(0)).join(', ')} / ${r.eventLoopDelayP99Ms.loadGenerator.toFixed(0)} ms`,
      ]),
    ]),
  );
  out.push('', '### Cost per keystroke', '');
  out.push(
    table([
      ['scenario', 'Redis PUBLISH', 'Redis commands', 'Redis bytes in', 'Redis bytes out', 'RSS / connection (anon)', 'node CPU / keystroke', 'node CPU / applied update', 'load-gen CPU / keystroke', 'load avg'],
      ...results.map((r) => [
        name(r),
        num(r.redis.publishes / r.edits),
        num(r.redis.commands / r.edits),
        num(r.redis.bytesIn / r.edits, 0),
        num(r.redis.bytesOut / r.edits, 0),
        `${num(r.rssPerConnectionKiB, 1)} KiB`,
        micros(r.nodeCpuSeconds / r.edits),
        micros(r.nodeCpuSeconds / r.updatesApplied),
        micros(r.benchCpuSeconds / r.edits),
        r.loadAverage.map((l) => l.toFixed(1)).join('→'),
      ]),
    ]),
  );
  out.push('', '### Redis publishes per keystroke, by what they carry (as the nodes count them)', '');
  out.push(
    table([
      ['scenario', 'publishes by kind'],
      ...results.map((r) => [
        name(r),
        Object.entries(r.redis.publishesByKind)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => `${k} ${(v / r.edits).toFixed(3)}`)
          .join(', '),
      ]),
    ]),
  );
  out.push('', '### Per node', '');
  out.push(
    table([
      ['scenario', 'node', 'connections', 'anonymous RSS idle → connected', 'RSS / connection', 'CPU while typing'],
      ...results.flatMap((r) =>
        r.perNode.map((n) => [
          name(r),
          n.name,
          String(n.connections),
          `${n.baselineRssMiB.toFixed(1)}${n.idleAfterRssMiB === null ? '' : '*'} → ${n.connectedRssMiB.toFixed(1)} MiB (±${n.rssSpreadMiB.toFixed(1)})`,
          `${num(n.rssPerConnectionKiB, 1)} KiB`,
          `${n.cpuSeconds.toFixed(2)} s`,
        ]),
      ),
    ]),
  );

  if (results.some((r) => r.perNode.some((n) => n.idleAfterRssMiB !== null))) {
    out.push(
      '',
      '\\* idle reading taken after every client had left: before they connected the node still held start-up memory it handed back later (readings: ' +
        results
          .flatMap((r) => r.perNode.filter((n) => n.idleAfterRssMiB !== null).map((n) => `${r.label} ${n.name} ${n.idleBeforeRssMiB.toFixed(1)} MiB before`))
          .join('; ') +
        ')',
    );
  }
  out.push('', '### Aims (issue 6)', '');
  for (const nodes of new Set(results.map((r) => r.nodes))) {
    const pick = (system: System) => results.find((r) => r.system === system && r.nodes === nodes && r.routing === 'split');
    const ours = pick('ours');
    const theirs = pick('hocuspocus');
    if (!ours || !theirs) continue;
    const ratio = ours.propagationMs.crossNode.p99 / theirs.propagationMs.crossNode.p99;
    out.push(
      `- ${nodes} nodes, cross-node p99: ours ${ms(ours.propagationMs.crossNode.p99)}, Hocuspocus ${ms(theirs.propagationMs.crossNode.p99)}: ratio ${num(ratio)} (aim ≤ 0.50: ${ratio <= 0.5 ? 'met' : 'missed'})`,
    );
  }
  for (const r of results.filter((x) => x.system === 'ours')) {
    const perUpdate = (r.redis.publishesByKind.update ?? 0) / r.updatesFromClients;
    out.push(
      `- ${name(r)}: ${num(perUpdate, 3)} update publishes per update from a client (aim 1); all publishes incl. presence and healing ${num(r.redis.publishes / r.updatesFromClients, 3)}`,
    );
  }
  if (opts.hocuspocusClients) {
    out.push(
      `- Hocuspocus clients: ${opts.hocuspocusClients === 'y-websocket' ? 'stock y-websocket' : '@hocuspocus/provider 3.4.4 (the stock y-websocket client did not sync with Hocuspocus within 3 s: Hocuspocus frames every message with the document name and expects an auth message first)'}`,
    );
  }
  process.stdout.write(`\n${out.join('\n')}\n`);
}
