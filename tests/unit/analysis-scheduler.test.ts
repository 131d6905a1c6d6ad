// The automatic-analysis timer with real timers and short windows: quiet after a burst, a cap on
// how long continuous typing can postpone it, and one run per burst across nodes sharing locks.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { AnalysisScheduler } from '../../server/analysis/scheduler.ts';
import { InProcessLocks } from '../../server/locks/index.ts';
import { createMetrics } from '../../server/metrics.ts';

const log = pino({ level: 'silent' });

function scheduler(locks: InProcessLocks, runs: Array<{ resumeId: string; at: number }>, quietMs: number, maxWaitMs: number) {
  return new AnalysisScheduler({
    quietMs,
    maxWaitMs,
    locks,
    log,
    metrics: createMetrics('test'),
    run: async (resumeId) => {
      runs.push({ resumeId, at: Date.now() });
    },
  });
}

/** Resolves once `runs` has n entries. */
const runsReach = (runs: unknown[], n: number) =>
  new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (runs.length >= n) {
        clearInterval(check);
        resolve();
      }
    }, 5);
  });

describe('automatic analysis scheduling', () => {
  it('runs once after the burst goes quiet, not per edit', async () => {
    const runs: Array<{ resumeId: string; at: number }> = [];
    const s = scheduler(new InProcessLocks(), runs, 80, 5_000);
    for (let i = 0; i < 10; i++) s.noteEdit('r1');
    const lastEdit = Date.now();
    await runsReach(runs, 1);
    expect(runs).toHaveLength(1);
    expect(runs[0]?.at ?? 0).toBeGreaterThanOrEqual(lastEdit + 80 - 5);
    await s.stop();
  });

  it('does not let continuous typing postpone the analysis past the cap', async () => {
    const runs: Array<{ resumeId: string; at: number }> = [];
    const s = scheduler(new InProcessLocks(), runs, 100, 250);
    const started = Date.now();
    const typing = setInterval(() => s.noteEdit('r1'), 20); // never quiet for 100 ms
    await runsReach(runs, 2);
    clearInterval(typing);
    expect(runs[0]?.at ?? Infinity).toBeLessThan(started + 250 + 100);
    await s.stop();
  });

  it('keeps resumes apart, and two nodes sharing the locks run a burst once', async () => {
    const locks = new InProcessLocks();
    const runs: Array<{ resumeId: string; at: number }> = [];
    let release: () => void = () => undefined;
    const slow = new AnalysisScheduler({
      quietMs: 30,
      maxWaitMs: 1_000,
      locks,
      log,
      metrics: createMetrics('a'),
      run: (resumeId) =>
        new Promise<void>((resolve) => {
          runs.push({ resumeId, at: Date.now() });
          release = resolve;
        }),
    });
    const other = scheduler(locks, runs, 30, 1_000);
    slow.noteEdit('shared');
    await runsReach(runs, 1);
    other.noteEdit('shared'); // fires while the first node still holds the lock
    other.noteEdit('alone');
    await runsReach(runs, 2);
    release();
    await Promise.all([slow.stop(), other.stop()]);
    expect(runs.map((r) => r.resumeId).sort()).toEqual(['alone', 'shared']);
  });
});
