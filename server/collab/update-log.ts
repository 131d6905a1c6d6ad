// UpdateLog: group commit of applied document updates to the store (one INSERT per ~50 ms for all
// resumes, merged per resume), retried with backoff until written, and compaction off the hot path.
import * as Y from 'yjs';
import type { Store, UpdateRow } from '../../db/types.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';

export interface UpdateLogOptions {
  store: Store;
  log: Logger;
  metrics: Metrics;
  /** The group-commit window. */
  batchMs?: number;
  /** Rows appended for one resume (since its load or last compaction) that trigger a compaction. */
  compactAfterRows?: number;
  /** Retry backoff bounds after a failed write. */
  retryMs?: { min: number; max: number };
  /** After each committed batch: the resumes it attributed to a person, and who (the last one). */
  onWritten?: (edits: ReadonlyArray<{ resumeId: string; editedBy: string }>) => void;
}

interface Queued {
  update: Uint8Array;
  appliedAt: number;
  /** The person who made it; null when another node relayed it. */
  editedBy: string | null;
}

export class UpdateLog {
  private readonly queue = new Map<string, Queued[]>();
  private readonly rowsSinceCompaction = new Map<string, number>();
  private readonly compacting = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;
  /** The batch being written: still pending until the store confirms it. */
  private inFlight: Map<string, Queued[]> | null = null;
  private failures = 0;
  private closed = false;
  private readonly batchMs: number;
  private readonly compactAfterRows: number;
  private readonly retryMs: { min: number; max: number };

  constructor(private readonly options: UpdateLogOptions) {
    this.batchMs = options.batchMs ?? 50;
    this.compactAfterRows = options.compactAfterRows ?? 200;
    this.retryMs = options.retryMs ?? { min: 100, max: 5000 };
  }

  append(resumeId: string, update: Uint8Array, editedBy: string | null = null): void {
    let list = this.queue.get(resumeId);
    if (!list) this.queue.set(resumeId, (list = []));
    list.push({ update, appliedAt: performance.now(), editedBy });
    this.schedule(this.batchMs);
  }

  /** Updates applied but not yet written: a room loading meanwhile must still see them. */
  pending(resumeId: string): Uint8Array[] {
    const waiting = [...(this.inFlight?.get(resumeId) ?? []), ...(this.queue.get(resumeId) ?? [])];
    return waiting.map((q) => q.update);
  }

  /** The resume was deleted: nothing of it is written any more. */
  discard(resumeId: string): void {
    this.queue.delete(resumeId);
    this.inFlight?.delete(resumeId);
    this.rowsSinceCompaction.delete(resumeId);
  }

  /** A room (re)loaded: start counting toward its next compaction afresh. */
  resetCompactionCount(resumeId: string): void {
    this.rowsSinceCompaction.set(resumeId, 0);
  }

  /** Writes everything queued so far; rejects if the write fails (the updates stay queued). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing.catch(() => undefined); // its failure is logged by its caller
    if (this.queue.size === 0) return;
    const write = this.writeBatch();
    this.writing = write;
    try {
      await write;
    } finally {
      this.writing = null;
    }
  }

  /** Folds the resume's log into one snapshot row; never throws (errors are logged). */
  compact(resumeId: string): Promise<void> {
    const running = this.compacting.get(resumeId);
    if (running) return running;
    const { store, log, metrics } = this.options;
    const run = store.updateLog
      .compact(resumeId, (parts) => Y.mergeUpdates(parts))
      .then(
        ({ folded }) => {
          metrics.compactions.inc();
          log.debug({ resume: resumeId, folded }, 'update log compacted');
        },
        (err: unknown) => log.warn({ err, resume: resumeId }, 'update log compaction failed'),
      )
      .finally(() => this.compacting.delete(resumeId));
    this.compacting.set(resumeId, run);
    return run;
  }

  /** Stops the timer; queued updates stay for a last `flush()`. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Awaits the compactions in flight (drain and tests). */
  async settled(): Promise<void> {
    await Promise.all(Array.from(this.compacting.values()));
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush().then(
        () => {
          if (this.queue.size > 0) this.schedule(this.batchMs);
        },
        () => undefined, // logged, and the retry scheduled, by writeBatch
      );
    }, delayMs);
  }

  private async writeBatch(): Promise<void> {
    const { store, log, metrics } = this.options;
    const taken = new Map(this.queue);
    this.queue.clear();
    this.inFlight = taken;
    const rows: UpdateRow[] = [];
    for (const [resumeId, list] of taken) {
      const updates = list.map((q) => q.update);
      const editedBy = list.findLast((q) => q.editedBy !== null)?.editedBy ?? null;
      rows.push({ resumeId, data: updates.length === 1 && updates[0] ? updates[0] : Y.mergeUpdates(updates), editedBy });
    }
    try {
      await store.updateLog.append(rows);
    } catch (err) {
      // Put the batch back in front of what arrived meanwhile (minus resumes discarded meanwhile).
      for (const [resumeId, list] of this.inFlight ?? []) {
        this.queue.set(resumeId, [...list, ...(this.queue.get(resumeId) ?? [])]);
      }
      this.inFlight = null;
      metrics.persistenceFailures.inc();
      this.failures += 1;
      const backoff = Math.min(this.retryMs.max, this.retryMs.min * 2 ** (this.failures - 1));
      log.error(
        { err, resumes: Array.from(taken.keys()), rows: rows.length, retryInMs: backoff },
        'update log write failed; retrying',
      );
      this.schedule(backoff); // never drop an update: keep trying until the store answers
      throw err;
    }
    this.inFlight = null;
    this.failures = 0;
    const now = performance.now();
    metrics.persistedRows.inc(rows.length);
    for (const [resumeId, list] of taken) {
      for (const q of list) metrics.persistenceLag.observe((now - q.appliedAt) / 1000);
      const count = (this.rowsSinceCompaction.get(resumeId) ?? 0) + 1;
      this.rowsSinceCompaction.set(resumeId, count);
      if (count >= this.compactAfterRows) {
        this.rowsSinceCompaction.set(resumeId, 0);
        void this.compact(resumeId); // never rejects: compact() logs its own failure
      }
    }
    const attributed = rows.flatMap((r) => (r.editedBy ? [{ resumeId: r.resumeId, editedBy: r.editedBy }] : []));
    if (attributed.length === 0) return;
    try {
      this.options.onWritten?.(attributed);
    } catch (err) {
      log.warn({ err }, 'onWritten listener failed'); // the batch is written all the same
    }
  }
}
