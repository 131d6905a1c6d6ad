// Whether I coach anyone: how many resumes are shared with me, for the navigation's Coaching
// link. Read once per person, again when my own access changes.
import { onEvent } from '../lib/realtime.ts';
import { coachApi } from './api.ts';

class CoachSummary {
  #resumes = $state<number | null>(null);
  #owner: string | null = null;

  /** Null until known. */
  get resumes(): number | null {
    return this.#resumes;
  }

  /** Reads the count for this person (once) and follows changes to my access until stopped. */
  start(userId: string): () => void {
    if (this.#owner !== userId) {
      this.#owner = userId;
      this.#resumes = null;
      void this.load();
    }
    return onEvent<{ userId: string }>('membership', (e) => {
      if (e.userId === userId) void this.load();
    });
  }

  private async load(): Promise<void> {
    try {
      this.#resumes = (await coachApi.summary()).resumes;
    } catch {
      // The link stays as it was; the dashboard itself says what went wrong.
    }
  }
}

export const coachSummary = new CoachSummary();
