// The History tab's state: the resume's versions (newest first, paged), saving and restoring,
// and live news of versions saved or restored by anyone in the resume.
import { errorText } from '../lib/api.ts';
import { listenForVersions, versionsApi, type Version, type VersionEvent } from './versions.ts';

export class VersionHistory {
  #versions = $state<Version[]>([]);
  #next = $state<string | null>(null);
  #loaded = $state(false);
  #error = $state<string | null>(null);
  /** The latest restore anyone made while the tab is open. */
  #lastRestore = $state<VersionEvent | null>(null);
  #stop: (() => void) | null = null;

  constructor(readonly resumeId: string) {}

  get versions(): readonly Version[] {
    return this.#versions;
  }
  get hasMore(): boolean {
    return this.#next !== null;
  }
  get loaded(): boolean {
    return this.#loaded;
  }
  get error(): string | null {
    return this.#error;
  }
  get lastRestore(): VersionEvent | null {
    return this.#lastRestore;
  }

  /** Loads the first page and listens for new versions; returns the stop function. The list is
   *  read again once the live room is joined (and after a reconnect), so no version saved while
   *  the events were not yet arriving is missed. */
  start(): () => void {
    this.#stop = listenForVersions(
      this.resumeId,
      (event) => this.hear(event),
      () => void this.reload(),
    );
    void this.reload();
    return () => {
      this.#stop?.();
      this.#stop = null;
    };
  }

  async reload(): Promise<void> {
    try {
      const page = await versionsApi.list(this.resumeId);
      // Versions heard live while the page was on its way stay.
      this.#versions = merge(page.versions, this.#versions.filter((v) => !page.versions.some((p) => p.id === v.id)));
      this.#next = page.next;
      this.#error = null;
    } catch (err) {
      this.#error = errorText(err);
    } finally {
      this.#loaded = true;
    }
  }

  async loadMore(): Promise<void> {
    if (!this.#next) return;
    try {
      const page = await versionsApi.list(this.resumeId, this.#next);
      this.#versions = merge(this.#versions, page.versions);
      this.#next = page.next;
    } catch (err) {
      this.#error = errorText(err);
    }
  }

  /** Throws an ApiError the form shows. */
  async save(name: string): Promise<Version> {
    const version = await versionsApi.save(this.resumeId, name);
    this.#versions = merge([version], this.#versions);
    return version;
  }

  async restore(versionId: string) {
    const result = await versionsApi.restore(this.resumeId, versionId);
    this.#versions = merge([result.backup], this.#versions);
    return result;
  }

  private hear(event: VersionEvent): void {
    this.#versions = merge([event.version], this.#versions);
    if (event.action === 'restored') this.#lastRestore = event;
  }
}

/** One list, each version once, newest first. */
function merge(a: readonly Version[], b: readonly Version[]): Version[] {
  const byId = new Map<string, Version>();
  for (const v of [...a, ...b]) if (!byId.has(v.id)) byId.set(v.id, v);
  return [...byId.values()].sort((x, y) => y.createdAt.localeCompare(x.createdAt) || y.id.localeCompare(x.id));
}
