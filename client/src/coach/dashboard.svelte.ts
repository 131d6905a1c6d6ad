// The coach dashboard's state: the resumes shared with me, kept current by socket.io (presence
// and last edits patched in place; a row asked for again after an analysis, comment or
// suggestion), grouped by client, sorted and filtered for the page.
import { errorText } from '../lib/api.ts';
import { onEvent, watchShared } from '../lib/realtime.ts';
import { coachApi, type DashboardResume, type EditedEvent, type PresenceEvent } from './api.ts';
import { groupByClient, type ClientGroup, type SortKey } from './grouping.ts';

/** Rows asked for again at most this often per resume (a burst of comments is one request). */
const REFRESH_MS = 300;

export class CoachDashboard {
  #rows = $state<DashboardResume[] | null>(null);
  #error = $state<string | null>(null);
  sort = $state<SortKey>('activity');
  filter = $state('');
  #groups = $derived.by(() => groupByClient(this.#rows ?? [], this.sort, this.filter));
  #loading: Promise<void> | null = null;
  #loadAgain = false;
  #refreshTimers = new Map<string, ReturnType<typeof setTimeout>>();

  /** Null until the first answer. */
  get rows(): DashboardResume[] | null {
    return this.#rows;
  }
  get groups(): ClientGroup[] {
    return this.#groups;
  }
  get error(): string | null {
    return this.#error;
  }

  /** Loads, watches every shared resume's room and follows the live events; returns the stop. */
  start(me: string): () => void {
    void this.load();
    // Every (re)watch loads again: whatever happened while the socket was away is in the answer.
    let unwatch = watchShared(() => void this.load());
    const offs = [
      onEvent<PresenceEvent>('presence', (e) => this.patch(e.resumeId, (r) => (r.presence = e.users))),
      onEvent<EditedEvent>('edited', (e) => this.patch(e.resumeId, (r) => (r.lastEdit = { at: e.at, by: e.by }))),
      onEvent<{ resumeId: string }>('analysis', (e) => this.refresh(e.resumeId)),
      onEvent<{ resumeId: string }>('comment', (e) => this.refresh(e.resumeId)),
      onEvent<{ resumeId: string }>('suggestion', (e) => this.refresh(e.resumeId)),
      onEvent<{ resumeId: string; userId: string; role: string | null }>('membership', (e) => {
        if (e.userId !== me) return;
        // My access changed: watch the new set of resumes (its acknowledgement loads them again).
        unwatch();
        unwatch = watchShared(() => void this.load());
      }),
    ];
    return () => {
      unwatch();
      for (const off of offs) off();
      for (const timer of this.#refreshTimers.values()) clearTimeout(timer);
      this.#refreshTimers.clear();
    };
  }

  /** One load at a time; asked again meanwhile, it runs once more after. */
  async load(): Promise<void> {
    if (this.#loading) {
      this.#loadAgain = true;
      return this.#loading;
    }
    this.#loading = (async () => {
      do {
        this.#loadAgain = false;
        try {
          this.#rows = (await coachApi.dashboard()).resumes;
          this.#error = null;
        } catch (err) {
          this.#error = errorText(err);
        }
      } while (this.#loadAgain);
    })();
    try {
      await this.#loading;
    } finally {
      this.#loading = null;
    }
  }

  private patch(resumeId: string, change: (row: DashboardResume) => void): void {
    const row = this.#rows?.find((r) => r.id === resumeId);
    if (row) change(row);
  }

  /** Asks for one row again, shortly (events come in bursts). */
  private refresh(resumeId: string): void {
    if (this.#refreshTimers.has(resumeId) || !this.#rows?.some((r) => r.id === resumeId)) return;
    const timer = setTimeout(() => {
      this.#refreshTimers.delete(resumeId);
      coachApi.dashboardRow(resumeId).then(
        ({ resumes: [fresh] }) => {
          if (!this.#rows) return;
          this.#rows = fresh ? this.#rows.map((r) => (r.id === resumeId ? fresh : r)) : this.#rows.filter((r) => r.id !== resumeId);
        },
        (err: unknown) => (this.#error = errorText(err)),
      );
    }, REFRESH_MS);
    this.#refreshTimers.set(resumeId, timer);
  }
}
