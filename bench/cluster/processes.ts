// The node processes of a benchmark cluster, ours or Hocuspocus: spawned directly (so the pid is
// the node's own and /proc tells its CPU time and RSS), ready on their 'listening' line, and a
// teardown list that kills by pid whatever was started, on success, failure or Ctrl-C alike.
import { execFileSync, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const GC_ON_SIGNAL = pathToFileURL(path.join(ROOT, 'bench/cluster/gc-on-signal.mjs')).href;
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Undo steps run last-in first-out; each runs once even if run() is called again (a signal). */
export class Teardown {
  private readonly steps: Array<{ name: string; run: () => Promise<unknown> }> = [];

  add(name: string, run: () => Promise<unknown>): void {
    this.steps.push({ name, run });
  }

  async run(): Promise<void> {
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      await step.run().catch((err: unknown) => process.stderr.write(`cleanup '${step?.name}' failed: ${String(err)}\n`));
    }
  }
}

const live = new Set<Teardown>();
let exiting = false;
/** Runs every live teardown before the process dies of Ctrl-C or SIGTERM. */
function onSignal(signal: NodeJS.Signals): void {
  if (exiting) return;
  exiting = true;
  process.stderr.write(`\n${signal}: stopping every process the benchmark started…\n`);
  void Promise.all(Array.from(live, (t) => t.run())).finally(() => process.exit(130));
}
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);

/** A teardown that the signal handlers also run; `release` it once it has run. */
export function liveTeardown(): Teardown & { release(): void } {
  const teardown = Object.assign(new Teardown(), { release: () => live.delete(teardown) });
  live.add(teardown);
  return teardown;
}

export interface NodeProcess {
  readonly name: string;
  readonly pid: number;
  readonly port: number;
  readonly url: string;
  readonly wsUrl: string;
  /** The last lines it printed above info level (for error messages). */
  tail(): string;
  stop(): Promise<void>;
}

/** Starts `node --import tsx <script>` (plus SIGUSR2 → full GC, for RSS readings) and resolves once it prints its `"msg":"listening"` line. */
export async function spawnNode(opts: { name: string; script: string; port: number; env: Record<string, string>; nodeFlags?: string[] }): Promise<NodeProcess> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), ...opts.env, PORT: String(opts.port) };
  const proc = spawn(process.execPath, [...(opts.nodeFlags ?? []), '--expose-gc', '--import', 'tsx', '--import', GC_ON_SIGNAL, opts.script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    await exited;
  };
  try {
    await new Promise<void>((resolve, reject) => {
      proc.stdout.on('data', (chunk: Buffer) => {
        keep(chunk);
        if (chunk.toString('utf8').includes('"msg":"listening"')) resolve();
      });
      proc.stderr.on('data', keep);
      proc.once('error', reject);
      proc.once('exit', (code, signal) => reject(new Error(`${opts.name} exited at start (code ${code}, signal ${signal}):\n${lines.join('\n')}`)));
      setTimeout(() => reject(new Error(`${opts.name} did not listen within 60 s:\n${lines.join('\n')}`)), 60_000).unref();
    });
  } catch (err) {
    await stop();
    throw err;
  }
  if (proc.pid === undefined) throw new Error(`${opts.name} has no pid`);
  return {
    name: opts.name,
    pid: proc.pid,
    port: opts.port,
    url: `http://127.0.0.1:${opts.port}`,
    wsUrl: `ws://127.0.0.1:${opts.port}`,
    tail: () => lines.filter((line) => !line.includes('"level":30')).slice(-20).join('\n'),
    stop,
  };
}

export interface ProcessSample {
  /** User plus system CPU time of the whole process (every thread), in seconds. */
  cpuSeconds: number;
  /** Resident anonymous memory (RssAnon: heaps, buffers, malloc). File-backed pages — the node
   *  binary and libraries, shared and dropped by the kernel under memory pressure at any moment
   *  on this busy machine — are left out: they are no connection's. */
  rssBytes: number;
  rssFileBytes: number;
}

/** CPU time from /proc/<pid>/stat (utime + stime) and RSS from /proc/<pid>/status. */
export async function sampleProcess(pid: number): Promise<ProcessSample> {
  const [stat, status] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8'), readFile(`/proc/${pid}/status`, 'utf8')]);
  // Fields after the command name in parentheses: state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { cpuSeconds: ticks / CLOCK_TICKS, rssBytes: kib('RssAnon'), rssFileBytes: kib('RssFile') };
}

/** Anonymous RSS at rest. Rounds of: a full GC in every thread (SIGUSR2, see gc-on-signal.mjs),
 *  then 12 s without another, then 4 readings 250 ms apart; until two rounds agree within 1 MiB
 *  (at most 4 rounds). The wait is for V8's memory reducer, which runs ~8 s after a collection
 *  once an isolate is idle and is put off by every further GC; a fresh node of ours hands back
 *  ~90 MiB of start-up memory some 10–60 s after start, mostly within such a wait. Readings after
 *  forced GCs alone put our baseline ~90 MiB above the reading with clients connected (RSS per
 *  connection negative). When the hand-back still comes later, cluster.ts re-reads the baseline
 *  after the clients have left. */
export async function settledRss(pid: number): Promise<{ meanBytes: number; spreadBytes: number; rounds: number }> {
  const means: number[] = [];
  let spread = NaN;
  for (;;) {
    process.kill(pid, 'SIGUSR2');
    await sleep(12_000);
    const samples: number[] = [];
    for (let i = 0; i < 4; i++) {
      if (i > 0) await sleep(250);
      samples.push((await sampleProcess(pid)).rssBytes);
    }
    means.push(samples.reduce((a, b) => a + b, 0) / samples.length);
    const last = means.slice(-2);
    spread = Math.max(...last) - Math.min(...last);
    if ((last.length === 2 && spread <= 1024 * 1024) || means.length >= 4) return { meanBytes: means.at(-1) ?? NaN, spreadBytes: spread, rounds: means.length };
  }
}
