// How many pages the resume prints to: the server's PDF typesetting counted on the live document
// (so it is the PDF's number, not the preview's estimate), asked again shortly after each change
// the server has acknowledged, and at least every few seconds while people keep typing.
import { api, type PageCounts } from '../lib/api.ts';

/** Quiet time after the last acknowledged change before counting again. */
const SETTLE_MS = 300;
/** While changes keep coming, count at least this often. */
const MAX_WAIT_MS = 2000;

export class PageCount {
  #counts = $state<PageCounts | null>(null);
  /** Changes are waiting to be counted (or the count is on its way). */
  #stale = $state(true);
  #timer: ReturnType<typeof setTimeout> | null = null;
  #firstChangeAt = 0;
  /** Bumped by every change, so an answer knows whether it still covers everything. */
  #generation = 0;
  #asked = 0;
  #destroyed = false;

  constructor(private readonly resumeId: string) {}

  /** Pages on A4 and Letter, once known. */
  get current(): PageCounts | null {
    return this.#counts;
  }

  /** True while the shown number may not include the latest changes. */
  get stale(): boolean {
    return this.#stale;
  }

  /** Something changed that the server does not have yet: the count waits for it. */
  changed(): void {
    this.#generation++;
    this.#stale = true;
  }

  /** The server has every change up to now (in this template): count once things settle. */
  settled(template: string): void {
    this.#generation++;
    this.#stale = true;
    const now = Date.now();
    if (this.#timer) clearTimeout(this.#timer);
    else this.#firstChangeAt = now;
    const wait = Math.min(SETTLE_MS, Math.max(0, this.#firstChangeAt + MAX_WAIT_MS - now));
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#count(template);
    }, wait);
  }

  destroy(): void {
    this.#destroyed = true;
    if (this.#timer) clearTimeout(this.#timer);
  }

  async #count(template: string): Promise<void> {
    const asked = ++this.#asked;
    const generation = this.#generation;
    try {
      const { pages } = await api.pageCounts(this.resumeId, template);
      // A later question supersedes this answer; a change since it was asked leaves it stale.
      if (this.#destroyed || asked !== this.#asked) return;
      this.#counts = pages;
      this.#stale = generation !== this.#generation;
    } catch (err) {
      // The last number stays, marked as possibly out of date; the next change asks again.
      console.warn('could not count the pages', err);
    }
  }
}
