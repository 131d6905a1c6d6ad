// One open resume: the Y.Doc, its websocket provider and IndexedDB copy, and what the page shows
// about them — connection state told truthfully, problems in words, and who else is here.
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as decoding from 'lib0/decoding';
import { api, ApiError } from '../lib/api.ts';
import type { PresenceUser } from './presence.ts';
import { EditorUndo } from './undo.svelte.ts';

export type ConnectionState = 'connecting' | 'syncing' | 'saved' | 'offline';
export type ProblemKind = 'read-only' | 'too-large' | 'revoked' | 'deleted' | 'session-expired' | 'server';
export interface Problem {
  kind: ProblemKind;
  message: string;
}
export interface Peer {
  clientId: number;
  user: PresenceUser;
  field: string | null;
}

const MESSAGE_AWARENESS = 1;
const MESSAGE_AUTH = 2;
/** At most two presence messages a second leave this browser (carets, focused field). */
const AWARENESS_INTERVAL_MS = 500;

export class CollabSession {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly local: IndexeddbPersistence;
  readonly me: PresenceUser;
  /** This person's history: every local change goes through `change` (or a field's binding). */
  readonly undo = new EditorUndo(this.doc);

  #status = $state<'connecting' | 'connected' | 'disconnected'>('connecting');
  #synced = $state(false);
  #online = $state(navigator.onLine);
  #localLoaded = $state(false);
  // "Kept on this device" is confirmed, not assumed: local changes counted, and how many of them
  // IndexedDB has committed (y-indexeddb writes each update in its own transaction; a later
  // transaction on the same store completes only after the earlier ones did).
  #localWrites = $state(0);
  #localKept = $state(0);
  #problem = $state<Problem | null>(null);
  /** No more reconnecting: the resume is gone, access was revoked, or the session expired. */
  #stopped = $state(false);
  /** Connection attempts in a row that failed; after a few the server is as good as offline. */
  #failedAttempts = $state(0);
  #peers = $state<Peer[]>([]);
  #readOnly = $state(false);
  /** Bumped on every document change, so views that read the model re-derive. */
  #version = $state(0);

  // "Saved" means the server has applied every local change. The server does not acknowledge
  // updates, but it answers every awareness message (ours included) after applying what came
  // before it on the same socket; so after local edits we bump our awareness clock and wait for
  // that clock to come back.
  #localChanges = $state(0);
  #acknowledged = $state(0);
  #waiting: { clock: number; changes: number } | null = null;

  #awarenessTimer: ReturnType<typeof setTimeout> | null = null;
  #awarenessLastSent = 0;
  #sessionCheck: Promise<void> | null = null;
  #cleanups: (() => void)[] = [];

  constructor(resumeId: string, me: PresenceUser, readOnly: boolean) {
    this.me = me;
    this.#readOnly = readOnly;
    this.local = new IndexeddbPersistence(`resume:${resumeId}`, this.doc);
    this.local.on('synced', () => (this.#localLoaded = true));
    const wsOrigin = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;
    this.provider = new WebsocketProvider(`${wsOrigin}/collab`, resumeId, this.doc, {
      connect: false,
      disableBc: true,
      maxBackoffTime: 5000,
    });
    const awareness = this.provider.awareness;
    awareness.setLocalState({ user: me, field: null });
    this.#throttleAwareness();
    this.#watchMessages();

    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      this.#version++;
      if (origin !== this.provider && origin !== this.local) {
        this.#localChanges++;
        this.#requestAck();
        void this.#confirmKept(++this.#localWrites);
      }
    };
    this.doc.on('update', onUpdate);
    this.#cleanups.push(() => this.doc.off('update', onUpdate));

    this.provider.on('status', ({ status }) => {
      this.#status = status;
      this.#failedAttempts = this.provider.wsUnsuccessfulReconnects;
      if (status !== 'connected') {
        this.#waiting = null;
        this.#synced = false;
      }
    });
    this.provider.on('sync', (synced: boolean) => {
      this.#synced = synced;
      if (synced) {
        this.#failedAttempts = 0;
        // Whatever this browser kept (offline edits, even from before a reload) has just been
        // sent in answer to the server's step 1; one acknowledgement round confirms it arrived.
        this.#localChanges++;
        if (this.#problem?.kind === 'server') this.#problem = null;
        this.#requestAck();
      }
    });
    this.provider.on('connection-close', (event) => {
      // The provider counts this attempt right after telling us.
      this.#failedAttempts = this.provider.wsUnsuccessfulReconnects + 1;
      this.#closed(event);
    });
    this.provider.on('connection-error', () => this.#checkSession());

    const onAwareness = () => this.#readPeers();
    awareness.on('change', onAwareness);
    this.#cleanups.push(() => awareness.off('change', onAwareness));

    // The browser knows first when the network goes; say so at once and reconnect when it is back.
    const offline = () => {
      this.#online = false;
      this.provider.disconnect();
    };
    const online = () => {
      this.#online = true;
      if (!this.#stopped) this.provider.connect();
    };
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    this.#cleanups.push(() => {
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
    });
    if (this.#online) this.provider.connect();
  }

  get version(): number {
    return this.#version;
  }
  get readOnly(): boolean {
    return this.#readOnly;
  }
  get problem(): Problem | null {
    return this.#problem;
  }
  get peers(): readonly Peer[] {
    return this.#peers;
  }
  /** True once the copy kept in this browser (or the server's) has been loaded. */
  get ready(): boolean {
    return this.#localLoaded || this.#synced;
  }
  /** Every local change is committed to this browser's IndexedDB copy (survives closing the tab). */
  get keptLocally(): boolean {
    return this.#localKept >= this.#localWrites;
  }
  async #confirmKept(upTo: number): Promise<void> {
    try {
      await this.local.whenSynced;
      const db = this.local.db;
      if (!db) return;
      await new Promise<void>((resolve) => {
        const tx = db.transaction(['updates'], 'readonly');
        tx.oncomplete = tx.onerror = tx.onabort = () => resolve();
      });
      if (upTo > this.#localKept) this.#localKept = upTo;
    } catch (err) {
      console.warn('could not confirm the local copy', err);
    }
  }

  get state(): ConnectionState {
    if (!this.#online || this.#stopped) return 'offline';
    if (this.#status !== 'connected' && this.#failedAttempts >= 2) return 'offline';
    // Disconnected while the network is up: the provider is already retrying.
    if (this.#status !== 'connected') return 'connecting';
    if (!this.#synced || this.#acknowledged < this.#localChanges) return 'syncing';
    return 'saved';
  }

  /** The field this person is in, for everyone's presence (sent with the next throttled update). */
  setField(field: string | null): void {
    if (this.provider.awareness.getLocalState()?.field !== field) this.provider.awareness.setLocalStateField('field', field);
  }

  /** Makes a local change to the document, undoable by this person only. */
  change<T>(fn: () => T): T {
    return this.undo.change(fn);
  }

  destroy(): void {
    this.undo.destroy();
    // Say goodbye first (sent at once, not throttled), then stop listening.
    awarenessProtocol.removeAwarenessStates(this.provider.awareness, [this.doc.clientID], 'left');
    for (const cleanup of this.#cleanups) cleanup();
    if (this.#awarenessTimer) clearTimeout(this.#awarenessTimer);
    this.provider.destroy();
    void this.local.destroy().catch((err: unknown) => console.warn('closing the local copy failed', err));
    this.doc.destroy();
  }

  #readPeers(): void {
    const byUser = new Map<string, Peer>();
    this.provider.awareness.getStates().forEach((state, clientId) => {
      if (clientId === this.doc.clientID) return;
      const user = state.user as PresenceUser | undefined;
      if (!user || typeof user.name !== 'string') return;
      const field = typeof state.field === 'string' ? state.field : null;
      const seen = byUser.get(user.id);
      if (!seen || (field && !seen.field)) byUser.set(user.id, { clientId, user, field });
    });
    this.#peers = [...byUser.values()].sort((a, b) => a.user.name.localeCompare(b.user.name));
  }

  /**
   * The stock provider sends every awareness change (remote ones too) the moment it happens.
   * Here only our own state is sent, at most every AWARENESS_INTERVAL_MS; leaving is sent at once.
   */
  #throttleAwareness(): void {
    const awareness = this.provider.awareness;
    const send = this.provider._awarenessUpdateHandler;
    awareness.off('update', send);
    const flush = () => {
      this.#awarenessTimer = null;
      this.#awarenessLastSent = Date.now();
      send({ added: [], updated: [this.doc.clientID], removed: [] }, 'local');
    };
    const onUpdate = ({ removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (origin === this.provider) return;
      if (removed.includes(this.doc.clientID)) {
        send({ added: [], updated: [], removed: [this.doc.clientID] }, 'local');
        return;
      }
      if (this.#awarenessTimer) return;
      const wait = Math.max(0, this.#awarenessLastSent + AWARENESS_INTERVAL_MS - Date.now());
      this.#awarenessTimer = setTimeout(flush, wait);
    };
    awareness.on('update', onUpdate);
    this.#cleanups.push(() => awareness.off('update', onUpdate));
  }

  /** The owner changed our role while the resume is open (socket.io `membership`): the server
   *  already accepts or drops our edits accordingly; the editor follows. */
  roleChanged(role: 'owner' | 'editor' | 'commenter' | 'viewer'): void {
    const readOnly = role === 'viewer' || role === 'commenter';
    this.#readOnly = readOnly;
    if (readOnly) {
      this.#problem = {
        kind: 'read-only',
        message:
          role === 'commenter'
            ? 'The owner changed your role to commenter: you can comment and suggest changes, not edit the text.'
            : 'View only: the owner changed your role to viewer. You can read this resume but not change it.',
      };
    } else if (this.#problem?.kind === 'read-only') {
      this.#problem = null;
    }
  }

  /** Reads our own awareness echo (for "Saved") and permission-denied messages before the stock handlers. */
  #watchMessages(): void {
    const handlers = this.provider.messageHandlers;
    const stockAwareness = handlers[MESSAGE_AWARENESS];
    handlers[MESSAGE_AWARENESS] = (encoder, decoder, provider, emitSynced, type) => {
      const peek = decoding.clone(decoder);
      this.#noteEcho(decoding.readVarUint8Array(peek));
      stockAwareness?.(encoder, decoder, provider, emitSynced, type);
    };
    handlers[MESSAGE_AUTH] = (_encoder, decoder) => {
      // y-protocols auth: one varuint (0 = permission denied) and the reason.
      if (decoding.readVarUint(decoder) !== 0) return;
      const reason = decoding.readVarString(decoder);
      this.#readOnly = true;
      this.#problem = {
        kind: 'read-only',
        message: /read-only/i.test(reason)
          ? 'View only: your role lets you read this resume but not change it.'
          : `The server refused a change: ${reason}`,
      };
      // Refused edits will never be acknowledged; stop showing them as pending.
      this.#acknowledged = this.#localChanges;
    };
  }

  #requestAck(): void {
    if (this.#waiting || !this.#synced || this.#status !== 'connected') return;
    if (this.#acknowledged >= this.#localChanges) return;
    const awareness = this.provider.awareness;
    awareness.setLocalState({ ...awareness.getLocalState() });
    const clock = awareness.meta.get(this.doc.clientID)?.clock ?? 0;
    this.#waiting = { clock, changes: this.#localChanges };
  }

  #noteEcho(update: Uint8Array): void {
    const waiting = this.#waiting;
    if (!waiting) return;
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      decoding.readVarString(decoder);
      if (clientId === this.doc.clientID && clock >= waiting.clock) {
        this.#waiting = null;
        this.#acknowledged = Math.max(this.#acknowledged, waiting.changes);
        // The server has everything up to here, so whatever was too large has been fixed.
        if (this.#problem?.kind === 'too-large') this.#problem = null;
        queueMicrotask(() => this.#requestAck());
        return;
      }
    }
  }

  #closed(event: CloseEvent | null): void {
    if (!event) return;
    const reason = event.reason;
    if (event.code === 1009) {
      this.#problem = { kind: 'too-large', message: `This resume is too large to save${reason ? ` (${reason})` : ''}. Shorten or remove some text; your last edits are kept in this browser.` };
    } else if (event.code === 4403) {
      this.#readOnly = true;
      this.#stopped = true;
      this.#problem = { kind: 'revoked', message: 'Your access to this resume was removed. Ask the owner to invite you again.' };
    } else if (event.code === 4404) {
      this.#readOnly = true;
      this.#stopped = true;
      this.#problem = { kind: 'deleted', message: 'This resume was deleted by its owner.' };
    } else if (event.code === 1011) {
      this.#problem = { kind: 'server', message: reason ? `The server could not open this resume: ${reason}.` : 'The server had a problem. Retrying…' };
    } else if (event.code === 1006 && this.#online) {
      this.#checkSession();
    }
  }

  /** A refused upgrade looks like a network failure to the browser; ask the API whether the session is still valid. */
  #checkSession(): void {
    if (this.#sessionCheck || !this.#online) return;
    this.#sessionCheck = api
      .me()
      .then(
        () => undefined,
        (err: unknown) => {
          if (err instanceof ApiError && err.kind === 'unauthenticated') {
            this.provider.disconnect();
            this.#stopped = true;
            this.#problem = { kind: 'session-expired', message: 'Your session has expired. Log in again; your edits are kept in this browser.' };
          }
        },
      )
      .finally(() => setTimeout(() => (this.#sessionCheck = null), 10_000));
  }
}
