// Automatic analysis: every applied edit restarts its resume's timer; the analysis runs after
// ~3 s of quiet, or ~30 s after the first edit of a burst if typing never pauses. Exactly one
// node runs it (a lock per resume), and the service skips it when nothing changed.
import type { Locks } from '../locks/index.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';

export interface SchedulerOptions {
  quietMs: number;
  maxWaitMs: number;
  locks: Locks;
  run: (resumeId: string) => Promise<unknown>;
  log: Logger;
  metrics: Metrics;
}

export const DEFAULT_QUIET_MS = 3_000;
export const DEFAULT_MAX_WAIT_MS = 30_000;
/** Longer than any analysis; a node that dies holding it frees it by expiry. */
const LOCK_TTL_MS = 60_000;

export class AnalysisScheduler {
  private readonly bursts = new Map<string, { firstEditAt: number; lastEditAt: number; timer: NodeJS.Timeout }>();
  private readonly running = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(private readonly options: SchedulerOptions) {}

  /**
   * An edit was applied to the resume (from a local client or from another node). Called for
   * every update on the sync path, so it only notes the time; the burst's one timer re-arms
   * itself when it finds the resume was edited since it was set.
   */
  noteEdit(resumeId: string): void {
    if (this.stopped) return;
    const now = Date.now();
    const burst = this.bursts.get(resumeId);
    if (burst) {
      burst.lastEditAt = now;
      return;
    }
    this.options.metrics.analysisPending.inc();
    this.bursts.set(resumeId, { firstEditAt: now, lastEditAt: now, timer: this.arm(resumeId, this.options.quietMs) });
  }

  private arm(resumeId: string, delayMs: number): NodeJS.Timeout {
    const timer = setTimeout(() => this.check(resumeId), delayMs);
    timer.unref();
    return timer;
  }

  /** Runs the analysis when the resume has been quiet long enough, or the burst is at its cap. */
  private check(resumeId: string): void {
    const burst = this.bursts.get(resumeId);
    if (!burst) return;
    const due = Math.min(burst.lastEditAt + this.options.quietMs, burst.firstEditAt + this.options.maxWaitMs);
    const wait = due - Date.now();
    if (wait > 0) burst.timer = this.arm(resumeId, wait);
    else this.fire(resumeId);
  }

  /** Forget a resume's pending run (it was deleted). */
  cancel(resumeId: string): void {
    const burst = this.bursts.get(resumeId);
    if (!burst) return;
    clearTimeout(burst.timer);
    this.bursts.delete(resumeId);
    this.options.metrics.analysisPending.dec();
  }

  /**
   * No new runs. Waits for the ones under way at most `graceMs`: a shutdown must not hang on an
   * analysis (the runner is closed next, which ends it; the next edit elsewhere runs it again).
   */
  async stop(graceMs = 2_000): Promise<void> {
    this.stopped = true;
    for (const burst of this.bursts.values()) clearTimeout(burst.timer);
    this.options.metrics.analysisPending.dec(this.bursts.size);
    this.bursts.clear();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.allSettled([...this.running]), grace]);
    clearTimeout(timer);
  }

  private fire(resumeId: string): void {
    this.bursts.delete(resumeId);
    // Still pending until the run ends, so "nothing pending" means every burst was analysed.
    const run = this.runLocked(resumeId).finally(() => {
      this.running.delete(run);
      this.options.metrics.analysisPending.dec();
    });
    this.running.add(run);
  }

  private async runLocked(resumeId: string): Promise<void> {
    const { locks, log, metrics } = this.options;
    try {
      const lease = await locks.tryAcquire(`analysis:${resumeId}`, LOCK_TTL_MS);
      if (!lease) {
        metrics.analysisRuns.inc({ trigger: 'auto', outcome: 'elsewhere' });
        return;
      }
      try {
        await this.options.run(resumeId);
      } finally {
        await lease.release();
      }
    } catch (err) {
      metrics.analysisRuns.inc({ trigger: 'auto', outcome: 'failed' });
      log.error({ err, resume: resumeId }, 'automatic analysis failed');
    }
  }
}
