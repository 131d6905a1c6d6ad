// ResumeRoom: one loaded resume's Y.Doc and Awareness, and the y-websocket message switch for the
// connections editing it. Rooms know connections only through the tiny CollabConnection interface.
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { WRITER_ROLES } from '../../db/types.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import {
  BUS_SYNC_ANSWER,
  CloseCode,
  MessageType,
  READ_ONLY_REASON,
  SyncStep,
  encodeAwareness,
  encodeBusSyncAnswer,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  byteSize,
  type RejectReason,
} from './protocol.ts';
import { BUS, LOAD, editorOf, fromConnection, fromServer, isRoomOrigin, type AnswerKind, type CollabConnection } from './connection.ts';
import { DocumentSize } from './document-size.ts';
import { RoomGuard } from './guard.ts';

export type { AnswerKind, CollabConnection, RoomOrigin } from './connection.ts';

/** What the room remembers of a connection. */
interface ConnectionState {
  readonly userId: string;
  /** Awareness client ids it controls (removed when it leaves). */
  readonly awareness: Set<number>;
  /** The awareness client id it first used: the only one it may speak for. */
  awarenessId: number | null;
}

interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}

export interface ResumeRoomDeps {
  resumeId: string;
  log: Logger;
  metrics: Metrics;
  maxDocumentBytes: number;
  /** Hands an applied update (from a connection or the bus) to the update log, with the person
   *  who made it: null for the bus (the node it came from attributes it). */
  persist(update: Uint8Array, editedBy: string | null): void;
  /** Sends a message to the other nodes holding the resume; resolves with how many heard it
   *  (0 when none did or the bus is down) and never rejects. */
  publish(message: Uint8Array): Promise<number>;
  /** Presence relayed by another node is dropped when that node has not vouched for it this long
   *  (it died, or lost Redis). At most y-protocols' own 30 s, which also bounds it. */
  presenceTimeoutMs?: number;
}

/** Awareness from this node's connections leaves for the bus at most this often, batched: cursors
 *  are ephemeral, and a burst of caret moves becomes one message. */
const AWARENESS_BATCH_MS = 100;
/** y-protocols' outdatedTimeout: a client renews its awareness every 15 s and peers drop it after 30 s. */
export const DEFAULT_PRESENCE_TIMEOUT_MS = 30_000;

export class ResumeRoom {
  readonly resumeId: string;
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  private readonly connections = new Map<CollabConnection, ConnectionState>();
  private readonly docSize: DocumentSize;
  private readonly guard: RoomGuard;
  private loaded = false;
  /** Bus traffic that arrived while the stored document was still loading. */
  private busBacklog: Uint8Array[] = [];
  /** Awareness client ids changed by this node's connections, not yet published. */
  private readonly awarenessToPublish = new Set<number>();
  private awarenessTimer: NodeJS.Timeout | null = null;
  private healTimer: NodeJS.Timeout | null = null;
  /** Awareness client ids other nodes relayed, and when a node last vouched for each. A node that
   *  dies sends no departures; its editors' cursors go once it stops vouching. */
  private readonly peerPresence = new Map<number, number>();
  private readonly presenceTimer: NodeJS.Timeout;
  /** Waiting for a peer's first step 2 after a sync request. */
  private answerWaiters: Array<() => void> = [];

  constructor(private readonly deps: ResumeRoomDeps) {
    this.resumeId = deps.resumeId;
    this.docSize = new DocumentSize(this.doc, deps.maxDocumentBytes);
    this.guard = new RoomGuard(this.doc, this.docSize);
    // The server is no participant: without this every client would see a blank peer.
    this.awareness.setLocalState(null);
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
    const timeout = deps.presenceTimeoutMs ?? DEFAULT_PRESENCE_TIMEOUT_MS;
    this.presenceTimer = setInterval(() => this.tendPresence(timeout), timeout / 3);
    this.presenceTimer.unref();
  }

  get size(): number {
    return this.connections.size;
  }

  /** About what a newcomer's sync would carry (an estimate above it between measurements). */
  get documentBytes(): number {
    return this.docSize.bytes;
  }

  /** Applies the stored document (snapshot and log rows); neither relayed nor persisted. Throws on corrupt rows. */
  load(parts: readonly Uint8Array[]): void {
    this.doc.transact(() => {
      for (const part of parts) Y.applyUpdate(this.doc, part, LOAD);
    }, LOAD);
    this.docSize.measure();
    this.loaded = true;
    const backlog = this.busBacklog;
    this.busBacklog = [];
    for (const message of backlog) this.receiveFromBus(message);
  }

  /** Runs fn in one transaction on the room's document on behalf of a person: the change reaches
   *  every connection and node and is persisted like any client's edit. */
  editAs<T>(userId: string, fn: (doc: Y.Doc) => T): T {
    // Like a client's update, a server-side edit may not grow a document already at its cap.
    if (!this.docSize.fits(1)) {
      throw new AppError(413, 'payload_too_large', `this resume is at its size limit (${byteSize(this.deps.maxDocumentBytes)}); shorten it first`);
    }
    let result: T | undefined;
    this.doc.transact(() => {
      result = fn(this.doc);
    }, fromServer(userId));
    return result as T;
  }

  add(connection: CollabConnection): void {
    this.connections.set(connection, { userId: connection.userId, awareness: new Set(), awarenessId: null });
    connection.send(encodeSyncStep1(this.doc));
    const states = this.awareness.getStates();
    if (states.size > 0) connection.send(encodeAwareness(this.awareness, Array.from(states.keys())));
  }

  remove(connection: CollabConnection): void {
    const state = this.connections.get(connection);
    if (!state) return;
    this.connections.delete(connection);
    if (state.awareness.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, Array.from(state.awareness), fromConnection(connection));
    }
  }

  connectionsOf(userId: string): CollabConnection[] {
    return Array.from(this.connections.keys()).filter((c) => c.userId === userId);
  }

  closeAll(code: number, reason: string): void {
    for (const connection of Array.from(this.connections.keys())) connection.close(code, reason);
  }

  /** One frame from a client. A frame the room cannot read closes that connection only. */
  receive(connection: CollabConnection, message: Uint8Array): void {
    const state = this.connections.get(connection);
    if (!state) return;
    try {
      const decoder = decoding.createDecoder(message);
      const type = decoding.readVarUint(decoder);
      switch (type) {
        case MessageType.sync:
          this.receiveSync(connection, state, decoder);
          break;
        case MessageType.awareness: {
          const who = { userId: connection.userId, username: connection.username ?? connection.userId };
          const update = this.guard.admitPresence(state, who, decoding.readVarUint8Array(decoder));
          if (update) awarenessProtocol.applyAwarenessUpdate(this.awareness, update, fromConnection(connection));
          break;
        }
        case MessageType.queryAwareness:
          this.answer(connection, 'awareness', () => encodeAwareness(this.awareness, Array.from(this.awareness.getStates().keys())));
          break;
        case MessageType.auth:
          break; // clients have nothing to tell us here; the stock one never sends it
        default:
          this.refuse(connection, 'unsupported_message', CloseCode.unsupportedData, `unknown message type ${type}`);
      }
    } catch (err) {
      this.refuse(connection, 'invalid_message', CloseCode.invalidPayload, 'malformed message', err);
    }
  }

  private receiveSync(connection: CollabConnection, state: ConnectionState, decoder: decoding.Decoder): void {
    const step = decoding.readVarUint(decoder);
    switch (step) {
      case SyncStep.step1: {
        const stateVector = decoding.readVarUint8Array(decoder);
        this.answer(connection, 'sync', () => encodeSyncStep2(this.doc, stateVector));
        break;
      }
      case SyncStep.step2:
      case SyncStep.update:
        this.receiveUpdate(connection, state, decoding.readVarUint8Array(decoder), step === SyncStep.update);
        break;
      default:
        this.refuse(connection, 'unsupported_message', CloseCode.unsupportedData, `unknown sync step ${step}`);
    }
  }

  private answer(connection: CollabConnection, kind: AnswerKind, make: () => Uint8Array): void {
    if (connection.answer) connection.answer(kind, make);
    else connection.send(make());
  }

  /** `claims`: a live edit rather than a sync step 2 (see RoomGuard.admitUpdate). */
  private receiveUpdate(connection: CollabConnection, state: ConnectionState, update: Uint8Array, claims: boolean): void {
    if (!WRITER_ROLES.has(connection.role)) {
      // A read-only client answers our step 1 with a step 2 that holds nothing new (its copy came
      // from here); only an actual change is refused out loud.
      if (Y.snapshotContainsUpdate(Y.snapshot(this.doc), update)) return;
      this.deps.metrics.messagesRejected.inc({ reason: 'read_only' });
      this.deps.log.info({ resume: this.resumeId, user: connection.userId, role: connection.role }, 'read-only edit refused');
      connection.send(encodePermissionDenied(READ_ONLY_REASON));
      return;
    }
    // Decoded fully before applying, so a corrupt tail cannot leave half an update in the document.
    const verdict = this.guard.admitUpdate(state, update, claims);
    if (!verdict.ok) return this.refuse(connection, verdict.reason, verdict.code, verdict.words);
    Y.applyUpdate(this.doc, update, fromConnection(connection));
  }

  /** A message another node published for this resume. Healing (pub/sub loses messages): a
   *  peer's step 1 is answered with a step 2, our state vector (BUS_SYNC_ANSWER) and our
   *  connections' awareness; a BUS_SYNC_ANSWER is answered with a step 2 only. */
  receiveFromBus(message: Uint8Array): void {
    if (!this.loaded) {
      this.busBacklog.push(message);
      return;
    }
    try {
      const decoder = decoding.createDecoder(message);
      const type = decoding.readVarUint(decoder);
      if (type === MessageType.awareness) {
        const update = decoding.readVarUint8Array(decoder);
        this.notePeerPresence(update);
        awarenessProtocol.applyAwarenessUpdate(this.awareness, update, BUS);
      } else if (type === BUS_SYNC_ANSWER) {
        void this.deps.publish(encodeSyncStep2(this.doc, decoding.readVarUint8Array(decoder)));
      } else if (type === MessageType.sync) {
        const step = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (step === SyncStep.step1) {
          void this.deps.publish(encodeSyncStep2(this.doc, payload));
          void this.deps.publish(encodeBusSyncAnswer(this.doc));
          const ours = this.controlledAwareness();
          if (ours.length > 0) void this.deps.publish(encodeAwareness(this.awareness, ours));
        } else if (step === SyncStep.update || step === SyncStep.step2) {
          // Unlike a client's, a peer node's update was applied whole there already: no pre-decode.
          Y.applyUpdate(this.doc, payload, BUS);
          if (step === SyncStep.step2) this.answered();
        }
      }
    } catch (err) {
      this.deps.log.warn({ err, resume: this.resumeId }, 'dropped an unreadable bus message');
    }
  }

  /** Publishes our state vector so peers send what we lack (and ask for what they lack).
   *  Resolves with how many peers heard it. */
  requestSync(): Promise<number> {
    return this.deps.publish(encodeSyncStep1(this.doc));
  }

  /** Asks the peers for what this node lacks and, when some heard the request, waits for the
   *  first answer at most `waitMs` (the waiter is in place before the request leaves). */
  async syncWithPeers(waitMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    let waiter = (): void => undefined;
    const answered = new Promise<void>((resolve) => {
      waiter = resolve;
      this.answerWaiters.push(waiter);
    });
    try {
      if ((await this.requestSync()) === 0) return;
      await Promise.race([answered, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    } finally {
      clearTimeout(timer);
      this.answerWaiters = this.answerWaiters.filter((w) => w !== waiter);
    }
  }

  /** Heals with the peers every `periodMs` (±20 %, so rooms loaded together spread out). */
  startHealing(periodMs: number): void {
    const next = () => {
      this.healTimer = setTimeout(() => {
        void this.requestSync();
        next();
      }, periodMs * (0.8 + Math.random() * 0.4));
      this.healTimer.unref();
    };
    next();
  }

  destroy(): void {
    if (this.healTimer) clearTimeout(this.healTimer);
    clearInterval(this.presenceTimer);
    // Departures of this node's connections still reach the peers' cursors.
    this.flushAwareness();
    this.answered();
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.connections.clear();
    this.awareness.destroy();
    this.doc.destroy();
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (isRoomOrigin(origin) && origin.kind === 'load') return;
    this.docSize.grew(update.length);
    const source = isRoomOrigin(origin) ? origin : null;
    this.deps.metrics.updatesIn.inc({ origin: source?.kind ?? 'local' });
    const message = encodeUpdate(update);
    for (const connection of this.connections.keys()) {
      if (source?.kind === 'connection' && source.connection === connection) continue;
      connection.send(message);
      this.deps.metrics.updatesOut.inc();
    }
    if (source?.kind !== 'bus') void this.deps.publish(message);
    this.deps.persist(update, editorOf(source));
  };

  private readonly onAwarenessUpdate = (changes: AwarenessChanges, origin: unknown): void => {
    const source = isRoomOrigin(origin) ? origin : null;
    if (source?.kind === 'connection') {
      const controlled = this.connections.get(source.connection)?.awareness;
      if (controlled) {
        for (const id of changes.added) controlled.add(id);
        for (const id of changes.removed) controlled.delete(id);
      }
      // A client that came over from another node is ours now, not a peer's to vouch for.
      for (const id of [...changes.added, ...changes.updated]) this.peerPresence.delete(id);
    }
    const changed = [...changes.added, ...changes.updated, ...changes.removed];
    const message = encodeAwareness(this.awareness, changed);
    // Everyone, the sender included: the stock client drops a socket that hears nothing for 30 s.
    for (const connection of this.connections.keys()) connection.send(message);
    if (source?.kind === 'connection') {
      for (const id of changed) this.awarenessToPublish.add(id);
      this.awarenessTimer ??= setTimeout(() => this.flushAwareness(), AWARENESS_BATCH_MS);
    }
  };

  private flushAwareness(): void {
    if (this.awarenessTimer) clearTimeout(this.awarenessTimer);
    this.awarenessTimer = null;
    if (this.awarenessToPublish.size === 0) return;
    const ids = Array.from(this.awarenessToPublish);
    this.awarenessToPublish.clear();
    void this.deps.publish(encodeAwareness(this.awareness, ids));
  }

  /** Every third of the timeout: vouch for our connections' presence to the peers (an awareness
   *  renewal with an unchanged clock, which y-protocols itself ignores), and drop the presence of
   *  peers that stopped vouching for theirs. */
  private tendPresence(timeoutMs: number): void {
    const ours = this.controlledAwareness();
    if (ours.length > 0) void this.deps.publish(encodeAwareness(this.awareness, ours));
    const cutoff = performance.now() - timeoutMs;
    const stale: number[] = [];
    for (const [id, heardAt] of this.peerPresence) {
      if (heardAt >= cutoff) continue;
      this.peerPresence.delete(id);
      if (this.awareness.getStates().has(id)) stale.push(id);
    }
    if (stale.length === 0) return;
    this.deps.log.info({ resume: this.resumeId, clients: stale.length }, 'presence relayed by a silent node expired');
    // Sent to our connections as departures (a removal keeps the clock, which the stock client accepts).
    awarenessProtocol.removeAwarenessStates(this.awareness, stale, BUS);
  }

  /** Notes which awareness client ids a peer vouches for (present) or reports gone. The update is
   *  read here, not only applied, because a renewal with an unchanged clock is applied as nothing. */
  private notePeerPresence(update: Uint8Array): void {
    const decoder = decoding.createDecoder(update);
    const now = performance.now();
    for (let n = decoding.readVarUint(decoder); n > 0; n -= 1) {
      const id = decoding.readVarUint(decoder);
      decoding.readVarUint(decoder); // clock
      if (decoding.readVarString(decoder) === 'null') this.peerPresence.delete(id);
      else this.peerPresence.set(id, now);
    }
  }

  /** The awareness client ids this node's connections control. */
  private controlledAwareness(): number[] {
    const ids: number[] = [];
    for (const { awareness } of this.connections.values()) for (const id of awareness) if (this.awareness.getStates().has(id)) ids.push(id);
    return ids;
  }

  private answered(): void {
    const waiters = this.answerWaiters;
    this.answerWaiters = [];
    for (const waiter of waiters) waiter();
  }

  private refuse(connection: CollabConnection, reason: RejectReason, code: number, words: string, err?: unknown): void {
    this.deps.metrics.messagesRejected.inc({ reason });
    this.deps.log.warn({ err, resume: this.resumeId, user: connection.userId, reason, code }, `collab connection closed: ${words}`);
    connection.close(code, words);
  }
}
