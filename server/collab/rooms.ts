// ResumeRooms: the loaded rooms of this node and their lifecycle (load on first connection, unload
// after the last one leaves), so there is never more than one room per resume and no edit is lost.
import * as Y from 'yjs';
import type { Store } from '../../db/types.ts';
import type { Bus, Unsubscribe } from '../bus/types.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import { ResumeRoom, type CollabConnection } from './room.ts';
import type { UpdateLog } from './update-log.ts';

export interface ResumeRoomsOptions {
  store: Store;
  bus: Bus;
  log: Logger;
  metrics: Metrics;
  updateLog: UpdateLog;
  maxDocumentBytes: number;
  /** Called after every applied edit, local or from the bus (automatic analysis listens). */
  onChange?: (resumeId: string) => void;
  /** Healing with the other nodes holding a resume: how long a load waits for their state
   *  (1 s), and the period of the exchange while loaded (~15 s). */
  healing?: { loadWaitMs: number; periodMs: number };
  /** How long presence relayed by another node outlives that node's silence (30 s). */
  presenceTimeoutMs?: number;
}

const DEFAULT_HEALING = { loadWaitMs: 1000, periodMs: 15_000 };

type Entry =
  | { readonly state: 'loading'; readonly ready: Promise<void> }
  | { readonly state: 'open'; readonly room: ResumeRoom; readonly unsubscribe: Unsubscribe }
  | { readonly state: 'unloading'; readonly done: Promise<void> };

type OpenEntry = Extract<Entry, { state: 'open' }>;

/** The stored document could not be read; the room was not created. */
export class RoomLoadError extends Error {
  override name = 'RoomLoadError';
  constructor(
    readonly resumeId: string,
    options: { cause: unknown },
  ) {
    super(`could not load resume ${resumeId}`, options);
  }
}

export const busChannel = (resumeId: string): string => `resume:${resumeId}`;

export class ResumeRooms {
  private readonly entries = new Map<string, Entry>();
  /** Resumes deleted while loaded: their rooms unload without writing anything. */
  private readonly deleted = new Set<string>();
  /** Compaction at unload; off while draining, where a quick exit matters more. */
  compactOnUnload = true;

  constructor(private readonly options: ResumeRoomsOptions) {}

  get count(): number {
    let open = 0;
    for (const entry of this.entries.values()) if (entry.state === 'open') open += 1;
    return open;
  }

  /** The open room of a resume, if this node holds one. */
  get(resumeId: string): ResumeRoom | undefined {
    const entry = this.entries.get(resumeId);
    return entry?.state === 'open' ? entry.room : undefined;
  }

  /** Adds the connection to the resume's room, loading it (or awaiting its unload) first.
   *  Rejects with RoomLoadError when the stored document cannot be read. */
  async join(resumeId: string, connection: CollabConnection): Promise<ResumeRoom> {
    for (;;) {
      const entry = this.entries.get(resumeId) ?? this.startLoad(resumeId);
      switch (entry.state) {
        case 'open':
          entry.room.add(connection);
          return entry.room;
        case 'loading':
          await entry.ready;
          break;
        case 'unloading':
          // Load afresh after the unload, so the new room sees the writes it flushed.
          await entry.done;
          break;
      }
    }
  }

  /** The connection left; the last one out unloads the room. */
  leave(room: ResumeRoom, connection: CollabConnection): void {
    room.remove(connection);
    const entry = this.entries.get(room.resumeId);
    if (room.size > 0 || entry?.state !== 'open' || entry.room !== room) return;
    this.entries.set(room.resumeId, { state: 'unloading', done: this.unload(room.resumeId, entry) });
  }

  /** The resume was deleted: its room (if any) unloads without writing, and queued writes are dropped. */
  discard(resumeId: string): void {
    this.options.updateLog.discard(resumeId);
    if (this.entries.has(resumeId)) this.deleted.add(resumeId);
  }

  /** Unloads every room, whatever its connections (draining). */
  async unloadAll(): Promise<void> {
    while (this.entries.size > 0) {
      const waits: Promise<void>[] = [];
      for (const [resumeId, entry] of this.entries) {
        if (entry.state === 'loading') waits.push(entry.ready.catch(() => undefined)); // failure logged in startLoad
        else if (entry.state === 'unloading') waits.push(entry.done);
        else {
          const done = this.unload(resumeId, entry);
          this.entries.set(resumeId, { state: 'unloading', done });
          waits.push(done);
        }
      }
      await Promise.all(waits);
    }
  }

  /** Applies a server-side edit for a person (see ResumeRoom.editAs). The room is loaded for the
   *  duration when no one has it open, so the edit is synced with the other nodes holding the
   *  resume, relayed, and persisted exactly like a client's. */
  async edit<T>(resumeId: string, userId: string, fn: (doc: Y.Doc) => T): Promise<T> {
    const holder: CollabConnection = { userId, role: 'owner', send: () => undefined, close: () => undefined };
    const room = await this.join(resumeId, holder);
    try {
      return room.editAs(userId, fn);
    } finally {
      this.leave(room, holder);
    }
  }

  /** The resume's current content as one Yjs update: the live room's state, else the stored one. */
  async readState(resumeId: string): Promise<Uint8Array> {
    const room = this.get(resumeId);
    if (room) return Y.encodeStateAsUpdate(room.doc);
    // Pending first: whatever leaves the queue after this moment is in the store when we read it.
    const pending = this.options.updateLog.pending(resumeId);
    const parts = await this.storedParts(resumeId);
    return Y.mergeUpdates([...parts, ...pending]);
  }

  async readDocument(resumeId: string): Promise<Y.Doc> {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await this.readState(resumeId));
    return doc;
  }

  private startLoad(resumeId: string): Entry {
    const { log, metrics } = this.options;
    const ready = this.load(resumeId).then(
      (open) => {
        this.entries.set(resumeId, open);
        metrics.rooms.inc();
      },
      (err: unknown) => {
        this.entries.delete(resumeId);
        log.error({ err, resume: resumeId }, 'could not load the resume document; nothing of it will be written');
        throw new RoomLoadError(resumeId, { cause: err });
      },
    );
    const entry: Entry = { state: 'loading', ready };
    this.entries.set(resumeId, entry);
    return entry;
  }

  private async load(resumeId: string): Promise<OpenEntry> {
    const { bus, log, metrics, updateLog, maxDocumentBytes } = this.options;
    const channel = busChannel(resumeId);
    const room = new ResumeRoom({
      resumeId,
      log,
      metrics,
      maxDocumentBytes,
      presenceTimeoutMs: this.options.presenceTimeoutMs,
      persist: (update, editedBy) => {
        updateLog.append(resumeId, update, editedBy);
        this.options.onChange?.(resumeId);
      },
      publish: (message) =>
        bus.publish(channel, message).catch((err: unknown) => {
          // While the bus is down every keystroke would log; healing after the reconnect repairs it.
          log.debug({ err, resume: resumeId }, 'bus publish failed');
          return 0;
        }),
    });
    const healing = this.options.healing ?? DEFAULT_HEALING;
    let unsubscribe: Unsubscribe | null = null;
    try {
      // Subscribe before reading, so nothing published meanwhile is missed (the room holds it back until loaded).
      unsubscribe = await bus.subscribe(channel, {
        message: (message) => room.receiveFromBus(message),
        reconnected: () => void room.requestSync(),
      });
      // Applied but not yet written (an unload whose flush failed): still part of the document.
      // Taken before the read, so an update written meanwhile is in one or the other.
      const pending = updateLog.pending(resumeId);
      const parts = await this.storedParts(resumeId);
      room.load([...parts, ...pending]);
      updateLog.resetCompactionCount(resumeId);
      // Another node may hold edits not yet in the store: ask, and give the first answer a moment
      // so the first client's sync already includes them (later answers arrive as updates).
      await room.syncWithPeers(healing.loadWaitMs);
      room.startHealing(healing.periodMs);
      return { state: 'open', room, unsubscribe };
    } catch (err) {
      room.destroy();
      if (unsubscribe) await unsubscribe().catch((e: unknown) => log.warn({ err: e, resume: resumeId }, 'bus unsubscribe failed'));
      throw err;
    }
  }

  private async storedParts(resumeId: string): Promise<Uint8Array[]> {
    const stored = await this.options.store.updateLog.load(resumeId);
    return stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
  }

  private async unload(resumeId: string, entry: OpenEntry): Promise<void> {
    const { log, metrics, updateLog } = this.options;
    try {
      await entry.unsubscribe().catch((err: unknown) => log.warn({ err, resume: resumeId }, 'bus unsubscribe failed'));
      if (this.deleted.has(resumeId)) {
        updateLog.discard(resumeId);
        return;
      }
      let flushed = true;
      await updateLog.flush().catch((err: unknown) => {
        // The updates stay queued and retried; a room loading meanwhile includes them.
        flushed = false;
        log.warn({ err, resume: resumeId }, 'flush at unload failed');
      });
      if (flushed && this.compactOnUnload) await updateLog.compact(resumeId);
    } finally {
      entry.room.destroy();
      metrics.rooms.dec();
      this.deleted.delete(resumeId);
      if (this.entries.get(resumeId)?.state === 'unloading') this.entries.delete(resumeId);
      log.debug({ resume: resumeId }, 'room unloaded');
    }
  }
}
