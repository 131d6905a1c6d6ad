// Versions of a resume: full snapshots saved by a person (named), hourly while it is edited
// (auto), before an accept-all and before a restore; viewing, comparing and restoring them.
// A restore is a new change on the live document, never a rewrite of its history.
import * as Y from 'yjs';
import {
  compareResumeDocs,
  exportJsonResume,
  getJobDescription,
  readSettings,
  restoreResumeDoc,
  sameResumeContent,
} from '../../collab/index.ts';
import type { ResumeVersion, Store, VersionKind } from '../../db/types.ts';
import { notFound } from '../errors.ts';
import type { Locks } from '../locks/index.ts';
import type { Logger } from '../log.ts';
import type { Realtime } from '../realtime/index.ts';

/** What versions need of the live documents (CollabService). */
export interface LiveDocuments {
  readState(resumeId: string): Promise<Uint8Array>;
  edit<T>(resumeId: string, userId: string, fn: (doc: Y.Doc) => T): Promise<T>;
}

export interface VersionServiceOptions {
  store: Store;
  documents: LiveDocuments;
  locks: Locks;
  realtime: Pick<Realtime, 'toResume'>;
  log: Logger;
  /** At most one automatic version per this period while a resume is being edited (an hour). */
  autoIntervalMs: number;
}

/** Compare's `to` (or `from`) may name the live document instead of a version. */
export const CURRENT = 'current';

/** Longer than reading and writing one snapshot; a node that dies holding it frees it by expiry. */
const AUTO_LOCK_TTL_MS = 30_000;
/** Past this many remembered resumes, entries whose time has come are forgotten. */
const MAX_TRACKED = 10_000;

/** A version as the API and the socket event show it. */
export function versionJson(v: ResumeVersion) {
  return { id: v.id, resumeId: v.resumeId, name: v.name, kind: v.kind, createdBy: v.createdBy, createdAt: v.createdAt.toISOString(), size: v.size };
}

/** One side of a view or comparison: the resume as JSON Resume and how it is presented. */
function contentOf(doc: Y.Doc) {
  return {
    resume: exportJsonResume(doc),
    /** What the page shows: items hidden from the resume left out. */
    printable: exportJsonResume(doc, { omitHidden: true }),
    settings: readSettings(doc),
    jobDescription: getJobDescription(doc),
  };
}

function docOf(update: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

export class VersionService {
  private readonly log: Logger;
  /** When each resume edited on this node may next need an automatic version (ms epoch). */
  private readonly dueAt = new Map<string, number>();
  private readonly checking = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly options: VersionServiceOptions) {
    this.log = options.log.child({ component: 'versions' });
  }

  /** A person saves the current state under a name. */
  async saveNamed(resumeId: string, userId: string, name: string): Promise<ResumeVersion> {
    const version = await this.save(resumeId, 'named', userId, name);
    await this.record(resumeId, userId, 'version_saved', { versionId: version.id, name });
    return version;
  }

  /** Snapshots the resume's current content as a version of that kind and tells everyone in it. */
  async save(resumeId: string, kind: VersionKind, userId: string | null, name: string | null = null): Promise<ResumeVersion> {
    const data = await this.options.documents.readState(resumeId);
    const version = await this.options.store.versions.create({ resumeId, kind, name, data, createdBy: userId });
    this.log.info({ resume: resumeId, version: version.id, kind, bytes: data.length }, 'version saved');
    this.options.realtime.toResume(resumeId, 'version', { resumeId, action: 'saved', version: versionJson(version) });
    return version;
  }

  /** Before an accept-all of suggestions changes anything (the suggestions service calls it). */
  beforeAcceptAll(resumeId: string, userId: string): Promise<ResumeVersion> {
    return this.save(resumeId, 'before_accept_all', userId);
  }

  async list(resumeId: string, opts: { limit: number; before?: string }) {
    return (await this.options.store.versions.list(resumeId, opts)).map(versionJson);
  }

  /** One version's content, read-only. */
  async view(resumeId: string, versionId: string) {
    const version = await this.options.store.versions.get(resumeId, versionId);
    if (!version) throw notFound('version');
    const doc = docOf(version.data);
    try {
      return { version: versionJson(version), ...contentOf(doc) };
    } finally {
      doc.destroy();
    }
  }

  /** Two states side by side (`from` older, `to` newer; either may be "current") and their differences. */
  async compare(resumeId: string, fromId: string, toId: string) {
    const [from, to] = await Promise.all([this.side(resumeId, fromId), this.side(resumeId, toId)]);
    try {
      return {
        from: { version: from.version, ...contentOf(from.doc) },
        to: { version: to.version, ...contentOf(to.doc) },
        diff: compareResumeDocs(from.doc, to.doc),
      };
    } finally {
      from.doc.destroy();
      to.doc.destroy();
    }
  }

  private async side(resumeId: string, id: string) {
    if (id === CURRENT) return { version: null, doc: docOf(await this.options.documents.readState(resumeId)) };
    const version = await this.options.store.versions.get(resumeId, id);
    if (!version) throw notFound('version');
    return { version: versionJson(version), doc: docOf(version.data) };
  }

  /**
   * Brings the live document back to a version's content as one new change by this person, after
   * saving the content it replaces as a `before_restore` version (so a restore can be undone by
   * restoring that). Everyone connected sees the restored content at once.
   */
  async restore(resumeId: string, versionId: string, userId: string) {
    const { store, documents } = this.options;
    const version = await store.versions.get(resumeId, versionId);
    if (!version) throw notFound('version');
    const target = docOf(version.data);
    try {
      // Saved before anything changes: if the store fails, nothing is restored.
      const before = await documents.readState(resumeId);
      const backup = await store.versions.create({ resumeId, kind: 'before_restore', name: null, data: before, createdBy: userId });
      let exact: Uint8Array | null = null;
      const changed = await documents.edit(resumeId, userId, (doc) => {
        // An edit that slipped in between the snapshot and now belongs in the backup too.
        const now = Y.encodeStateAsUpdate(doc);
        if (!sameBytes(now, before)) exact = now;
        return restoreResumeDoc(doc, target);
      });
      if (exact) {
        await store.versions
          .replaceData(backup.id, exact)
          .catch((err: unknown) => this.log.warn({ err, resume: resumeId, version: backup.id }, 'could not bring the before-restore version up to date'));
      }
      this.log.info({ resume: resumeId, version: versionId, backup: backup.id, changed }, 'version restored');
      const restored = versionJson(version);
      this.options.realtime.toResume(resumeId, 'version', { resumeId, action: 'saved', version: versionJson(backup) });
      this.options.realtime.toResume(resumeId, 'version', { resumeId, action: 'restored', version: restored });
      await this.record(resumeId, userId, 'version_restored', {
        versionId,
        name: version.name,
        kind: version.kind,
        versionCreatedAt: version.createdAt.toISOString(),
        backupId: backup.id,
      });
      return { restored, backup: versionJson(backup), changed };
    } finally {
      target.destroy();
    }
  }

  /**
   * An edit was applied to the resume on this node (a client's, another node's or the server's).
   * Called for every update on the sync path, so it compares one number in the common case; when
   * the time may have come it checks the newest version's time in the store once, and saves an
   * automatic version under a cluster-wide lock if an interval has passed and the content moved.
   */
  noteEdit(resumeId: string): void {
    if (this.stopped || this.checking.has(resumeId)) return;
    const now = Date.now();
    if ((this.dueAt.get(resumeId) ?? 0) > now) return;
    if (this.dueAt.size >= MAX_TRACKED) this.forgetPast(now);
    this.checking.add(resumeId);
    const run = this.checkAuto(resumeId)
      .catch((err: unknown) => {
        // Try again a little later rather than on the next keystroke.
        this.dueAt.set(resumeId, Date.now() + this.retryMs);
        this.log.error({ err, resume: resumeId }, 'automatic version failed');
      })
      .finally(() => {
        this.checking.delete(resumeId);
        this.running.delete(run);
      });
    this.running.add(run);
  }

  /** Resolves once the automatic-version checks under way have finished. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  /** No new automatic versions; waits for the ones under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.settled();
  }

  private get retryMs(): number {
    return Math.min(this.options.autoIntervalMs, 60_000);
  }

  private async checkAuto(resumeId: string): Promise<void> {
    const { store, locks, autoIntervalMs } = this.options;
    const newest = await store.versions.newestAt(resumeId);
    if (newest === null) return void this.dueAt.delete(resumeId); // the resume is gone
    if (newest.getTime() + autoIntervalMs > Date.now()) return void this.dueAt.set(resumeId, newest.getTime() + autoIntervalMs);
    const lease = await locks.tryAcquire(`versions:auto:${resumeId}`, AUTO_LOCK_TTL_MS);
    if (!lease) return void this.dueAt.set(resumeId, Date.now() + this.retryMs); // another node is at it
    try {
      // Again under the lock: the node that held it before may have just saved one.
      const again = await store.versions.newestAt(resumeId);
      if (again === null) return void this.dueAt.delete(resumeId);
      if (again.getTime() + autoIntervalMs > Date.now()) return void this.dueAt.set(resumeId, again.getTime() + autoIntervalMs);
      if (await this.unchangedSinceLatest(resumeId)) {
        this.log.debug({ resume: resumeId }, 'automatic version skipped: same content as the latest');
      } else {
        await this.save(resumeId, 'auto', null);
      }
      this.dueAt.set(resumeId, Date.now() + autoIntervalMs);
    } finally {
      await lease.release();
    }
  }

  private async unchangedSinceLatest(resumeId: string): Promise<boolean> {
    const [state, latest] = await Promise.all([this.options.documents.readState(resumeId), this.options.store.versions.latest(resumeId)]);
    if (!latest) return false;
    if (sameBytes(state, latest.data)) return true;
    const [a, b] = [docOf(state), docOf(latest.data)];
    try {
      return sameResumeContent(a, b);
    } finally {
      a.destroy();
      b.destroy();
    }
  }

  private forgetPast(now: number): void {
    for (const [resumeId, at] of this.dueAt) if (at <= now) this.dueAt.delete(resumeId);
  }

  /** The owner's activity log; a failure there never fails the action itself. */
  private async record(resumeId: string, actorId: string, kind: string, data: Record<string, unknown>): Promise<void> {
    try {
      await this.options.store.activity.record({ resumeId, actorId, kind, data });
    } catch (err) {
      this.log.error({ err, resume: resumeId, kind }, 'could not record activity');
    }
  }
}
