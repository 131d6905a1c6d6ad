// `npm run bench`: one node on a real Postgres, N stock y-websocket clients on M resumes, each
// typing K characters a second. Reports propagation latency between clients, server RSS per
// connection, event-loop delay p99 and update-log rows written per second; prints a table and
// writes JSON to bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { collabToken, createResume, memberWithRole, signup } from '../tests/harness/api.ts';
import { metrics as scrape, openProvider, synced } from '../tests/harness/collab.ts';
import { startServer, type Backend } from '../tests/harness/server.ts';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '200' },
    resumes: { type: 'string', default: '50' },
    rate: { type: 'string', default: '5' },
    duration: { type: 'string', default: '30' },
    backend: { type: 'string', default: 'postgres' },
  },
});
const CLIENTS = Number(args.clients);
const RESUMES = Number(args.resumes);
const RATE = Number(args.rate);
const DURATION_S = Number(args.duration);
const BACKEND: Backend = args.backend === 'pglite' ? 'pglite' : 'postgres';

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const server = await startServer({ backend: BACKEND }); // info level: readiness is its 'listening' line
const sentAt = new Map<string, number>();
const latencies: number[] = [];
const providers: WebsocketProvider[] = [];
try {
  process.stdout.write(`setting up ${RESUMES} resumes and ${CLIENTS} clients on ${BACKEND}…\n`);
  const perResume = Math.ceil(CLIENTS / RESUMES);
  const seats: Array<{ resumeId: string; cookie: string }> = [];
  for (let r = 0; r < RESUMES; r++) {
    const owner = await signup(server);
    const { id } = await createResume(server, owner.cookie, { title: `Bench ${r}` });
    const coach = await memberWithRole(server, owner.cookie, id, 'editor');
    for (let c = 0; c < perResume && seats.length < CLIENTS; c++) seats.push({ resumeId: id, cookie: (c % 2 ? coach : owner).cookie });
  }

  const before = await scrape(server);
  for (const seat of seats) {
    const doc = new Y.Doc();
    const token = await collabToken(server, seat.cookie, seat.resumeId);
    const provider = openProvider(server, seat.resumeId, doc, { token });
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== provider) return;
      const now = performance.now();
      for (const struct of Y.decodeUpdate(update).structs) {
        const t = sentAt.get(`${struct.id.client}:${struct.id.clock}`);
        if (t !== undefined) latencies.push(now - t);
      }
    });
    providers.push(provider);
  }
  await Promise.all(providers.map(synced));
  const connected = await scrape(server);
  const rssPerConnection = ((connected.get('process_resident_memory_bytes') ?? 0) - (before.get('process_resident_memory_bytes') ?? 0)) / CLIENTS;

  process.stdout.write(`typing for ${DURATION_S} s…\n`);
  await scrape(server); // resets the event-loop delay histogram so it covers the typing only
  const start = await scrape(server);
  const startedAt = performance.now();
  const intervals: NodeJS.Timeout[] = [];
  const timers = providers.map((provider, i) =>
    setTimeout(() => {
      const interval = setInterval(() => {
        const doc = provider.doc;
        const text = doc.getText('jobDescription');
        const clock = Y.getState(doc.store, doc.clientID);
        sentAt.set(`${doc.clientID}:${clock}`, performance.now());
        text.insert(Math.floor(Math.random() * (text.length + 1)), String.fromCharCode(97 + (i % 26)));
      }, 1000 / RATE);
      intervals.push(interval);
    }, Math.random() * (1000 / RATE)),
  );
  await new Promise((resolve) => setTimeout(resolve, DURATION_S * 1000));
  timers.forEach(clearTimeout);
  intervals.forEach(clearInterval);
  const elapsed = (performance.now() - startedAt) / 1000;
  const end = await scrape(server);

  latencies.sort((a, b) => a - b);
  const rows = (end.get('collab_update_rows_written_total') ?? 0) - (start.get('collab_update_rows_written_total') ?? 0);
  const result = {
    date: new Date().toISOString(),
    backend: BACKEND,
    clients: CLIENTS,
    resumes: RESUMES,
    charsPerSecondPerClient: RATE,
    durationSeconds: Math.round(elapsed),
    edits: sentAt.size,
    deliveries: latencies.length,
    propagationMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? NaN },
    rssPerConnectionKiB: rssPerConnection / 1024,
    serverRssMiB: (end.get('process_resident_memory_bytes') ?? 0) / 1024 / 1024,
    eventLoopDelayP99Ms: (end.get('nodejs_eventloop_lag_p99_seconds') ?? NaN) * 1000,
    updateRowsWrittenPerSecond: rows / elapsed,
  };
  const table = [
    ['metric', 'value'],
    ['clients / resumes', `${CLIENTS} / ${RESUMES}`],
    ['edits sent / deliveries', `${result.edits} / ${result.deliveries}`],
    ['propagation p50', `${result.propagationMs.p50.toFixed(1)} ms`],
    ['propagation p99', `${result.propagationMs.p99.toFixed(1)} ms`],
    ['RSS per connection', `${result.rssPerConnectionKiB.toFixed(1)} KiB`],
    ['server RSS', `${result.serverRssMiB.toFixed(0)} MiB`],
    ['event-loop delay p99', `${result.eventLoopDelayP99Ms.toFixed(1)} ms`],
    [`${BACKEND} rows written / s`, result.updateRowsWrittenPerSecond.toFixed(1)],
  ];
  const width = Math.max(...table.map((r) => (r[0] ?? '').length));
  process.stdout.write(`\n${table.map(([k, v]) => `| ${(k ?? '').padEnd(width)} | ${v} |`).join('\n')}\n`);
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/collab-${BACKEND}.json`;
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`\nwrote ${file}\n`);
} finally {
  for (const p of providers) {
    p.destroy();
    p.doc.destroy(); // also ends the awareness's own check interval, which keeps the process alive
  }
  await server.close();
}
