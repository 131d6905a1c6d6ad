// `npm run loadtest -- --target URL --users N --duration S`: realistic sessions against any
// deployment (one node or nginx in front of many). Each user signs up, creates a resume, opens it
// with the stock y-websocket client next to a second session of their own (their coach's seat),
// types at human speed, and asks for an analysis now and then. Prints latency percentiles per
// step, keystroke propagation to the other seat, and every error.
import { parseArgs } from 'node:util';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { getJobDescriptionText } from '../collab/index.ts';
import { api, signup } from '../tests/harness/api.ts';
import { openProvider, synced } from '../tests/harness/collab.ts';

const { values: args } = parseArgs({
  options: {
    target: { type: 'string', default: 'http://127.0.0.1:3000' },
    users: { type: 'string', default: '20' },
    duration: { type: 'string', default: '30' },
    /** Keystrokes a second per user. */
    rate: { type: 'string', default: '4' },
    /** Seconds between a user's analysis requests. */
    analysis: { type: 'string', default: '15' },
  },
});
const TARGET = new URL(args.target);
const USERS = Number(args.users);
const DURATION_MS = Number(args.duration) * 1000;
const RATE = Number(args.rate);
const ANALYSIS_EVERY_MS = Number(args.analysis) * 1000;
for (const [name, value] of Object.entries({ users: USERS, duration: DURATION_MS, rate: RATE, analysis: ANALYSIS_EVERY_MS })) {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
}
const server = {
  url: TARGET.origin,
  wsUrl: `${TARGET.protocol === 'https:' ? 'wss' : 'ws'}://${TARGET.host}`,
};

const samples = new Map<string, number[]>();
const errors = new Map<string, number>();
const record = (step: string, ms: number) => {
  let list = samples.get(step);
  if (!list) samples.set(step, (list = []));
  list.push(ms);
};
const fail = (step: string, detail: string) => errors.set(`${step}: ${detail}`, (errors.get(`${step}: ${detail}`) ?? 0) + 1);

async function timed<T>(step: string, run: () => Promise<T>): Promise<T | undefined> {
  const start = performance.now();
  try {
    const result = await run();
    record(step, performance.now() - start);
    return result;
  } catch (err) {
    fail(step, err instanceof Error ? err.message.slice(0, 80) : String(err));
    return undefined;
  }
}

async function request(step: string, method: string, path: string, cookie: string, ok: number, body?: unknown): Promise<unknown> {
  return timed(step, async () => {
    const res = await api(server, method, path, { cookie, body });
    if (res.status !== ok) throw new Error(`HTTP ${res.status}`);
    return res.body;
  });
}

const providers: WebsocketProvider[] = [];

async function session(index: number, until: number): Promise<void> {
  const user = await timed('signup', () => signup(server, `load_${process.pid}_${index}_${Date.now().toString(36)}`));
  if (!user) return;
  const created = (await request('create resume', 'POST', '/api/resumes', user.cookie, 201, { title: 'Load test resume' })) as
    | { id: string }
    | undefined;
  if (!created) return;
  const seats = await timed('open resume', async () => {
    const open = () => {
      const doc = new Y.Doc();
      const provider = openProvider(server, created.id, doc, { cookie: user.cookie });
      providers.push(provider);
      return { doc, provider };
    };
    const pair = [open(), open()];
    await Promise.all(pair.map((s) => synced(s.provider)));
    return pair;
  });
  const [editor, coach] = seats ?? [];
  if (!editor || !coach) return;

  const sentAt = new Map<string, number>();
  getJobDescriptionText(coach.doc).observe(() => {
    const text = getJobDescriptionText(coach.doc).toString();
    for (const [token, at] of sentAt) {
      if (!text.includes(token)) continue;
      record('keystroke → other seat', performance.now() - at);
      sentAt.delete(token);
    }
  });
  let typed = 0;
  const analyses: Array<Promise<unknown>> = [];
  let nextAnalysis = Date.now() + Math.random() * ANALYSIS_EVERY_MS;
  while (Date.now() < until) {
    // Human typing: bursts with small gaps, around RATE keystrokes a second.
    await new Promise((resolve) => setTimeout(resolve, (1000 / RATE) * (0.5 + Math.random())));
    const token = `${index}.${typed++} `;
    const text = getJobDescriptionText(editor.doc);
    text.insert(text.length, token);
    sentAt.set(token, performance.now());
    if (Date.now() >= nextAnalysis) {
      nextAnalysis = Date.now() + ANALYSIS_EVERY_MS;
      analyses.push(request('analysis', 'POST', `/api/resumes/${created.id}/analysis`, user.cookie, 201));
    }
  }
  await Promise.all(analyses);
  // The last keystrokes are still on their way: give them what a person would call a moment.
  const grace = Date.now() + 5000;
  while (sentAt.size > 0 && Date.now() < grace) await new Promise((resolve) => setTimeout(resolve, 50));
  if (sentAt.size > 0) fail('keystroke → other seat', `${sentAt.size} keystrokes not seen by the end`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}


process.stdout.write(`load test: ${USERS} users for ${DURATION_MS / 1000} s against ${TARGET.origin}\n`);
const until = Date.now() + DURATION_MS;
// Users arrive over the first fifth of the run, not all in the same millisecond.
await Promise.all(
  Array.from({ length: USERS }, async (_, i) => {
    await new Promise((resolve) => setTimeout(resolve, (i / USERS) * DURATION_MS * 0.2));
    await session(i, until);
  }),
);
for (const provider of providers) provider.destroy();

const rows = [...samples].map(([step, list]) => {
  const sorted = [...list].sort((a, b) => a - b);
  return { step, count: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
});
process.stdout.write(`\n${'step'.padEnd(26)}${'count'.padStart(8)}${'p50 ms'.padStart(10)}${'p95 ms'.padStart(10)}${'p99 ms'.padStart(10)}\n`);
for (const r of rows) {
  process.stdout.write(`${r.step.padEnd(26)}${String(r.count).padStart(8)}${r.p50.toFixed(1).padStart(10)}${r.p95.toFixed(1).padStart(10)}${r.p99.toFixed(1).padStart(10)}\n`);
}
const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
process.stdout.write(`\nerrors: ${errorCount}\n`);
for (const [what, n] of errors) process.stdout.write(`  ${n} × ${what}\n`);
process.exit(errorCount > 0 ? 1 : 0);
