// CollabService: the /collab gateway. It authorizes upgrades, owns the `ws` sockets (framing, limits,
// keepalive) and hands frames to ResumeRooms; plus the live controls the REST layer and shutdown need.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type * as Y from 'yjs';
import type { Role, Store } from '../../db/types.ts';
import type { Bus, Unsubscribe } from '../bus/types.ts';
import type { Config } from '../config.ts';
import { redactUrl, type Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import { ACCESS_CHANNEL, decodeAccessChange, encodeAccessChange, type AccessChange } from './access.ts';
import { CloseCode, byteSize } from './protocol.ts';
import type { ResumeRoom } from './room.ts';
import { ResumeRooms } from './rooms.ts';
import { SocketConnection, refuseUpgrade, resumeIdFromUrl, toBytes } from './socket-connection.ts';
import { UpdateLog } from './update-log.ts';

export type UpgradeDecision =
  | { ok: true; userId: string; role: Role; sessionHash?: string | null }
  | { ok: false; status: 401 | 403; message: string };

export interface CollabServiceOptions {
  store: Store;
  bus: Bus;
  log: Logger;
  metrics: Metrics;
  limits: Config['limits'];
  /** This node's id (logs carry it; the bus tags what this node publishes with it). */
  nodeId: string;
  authorize: (req: IncomingMessage, resumeId: string) => Promise<UpgradeDecision>;
  /** Keepalive ping period (30 s); a socket silent for a whole period is cut. */
  pingIntervalMs?: number;
  /** Group-commit window of the update log (50 ms). */
  batchMs?: number;
  /** Called after every applied edit, local or from the bus. */
  onChange?: (resumeId: string) => void;
  /** Called after each committed write with the resumes a person edited, and who last (not for
   *  edits another node relayed: that node reports them). */
  onEdited?: (edits: ReadonlyArray<{ resumeId: string; editedBy: string }>) => void;
  /** Told when a socket is in a resume's room and when it has left (who has it open now). */
  presence?: { joined(resumeId: string, userId: string): void; left(resumeId: string, userId: string): void };
  /** How long presence relayed by another node outlives that node's silence (30 s). */
  presenceTimeoutMs?: number;
  /** How often live sockets' roles are re-read from the database (10 s): the backstop for an
   *  access change whose bus message was lost. */
  accessSweepMs?: number;
}

export interface CollabStats {
  rooms: number;
  sockets: number;
  draining: boolean;
}

/** How long drain keeps retrying a failing final write, and waits for sockets to finish closing. */
const DRAIN_FLUSH_MS = 10_000;
const DRAIN_CLOSE_MS = 2_000;

export class CollabService {
  private readonly log: Logger;
  private readonly wss: WebSocketServer;
  private readonly updateLog: UpdateLog;
  private readonly rooms: ResumeRooms;
  private readonly sockets = new Set<SocketConnection>();
  private readonly keepalive: NodeJS.Timeout;
  private readonly accessSweep: NodeJS.Timeout;
  private readonly accessSubscription: Promise<Unsubscribe | null>;
  private socketsGone: Array<() => void> = [];
  private drained: Promise<void> | null = null;

  constructor(private readonly options: CollabServiceOptions) {
    const { store, bus, metrics, limits } = options;
    this.log = options.log.child({ component: 'collab' });
    this.wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes, perMessageDeflate: false });
    this.updateLog = new UpdateLog({ store, log: this.log, metrics, batchMs: options.batchMs, onWritten: options.onEdited });
    this.rooms = new ResumeRooms({
      store,
      bus,
      log: this.log,
      metrics,
      updateLog: this.updateLog,
      maxDocumentBytes: limits.maxDocumentBytes,
      onChange: options.onChange,
      presenceTimeoutMs: options.presenceTimeoutMs,
    });
    this.keepalive = setInterval(() => {
      for (const connection of this.sockets) {
        if (connection.probe() === 'dead') {
          this.log.info({ resume: connection.resumeId, user: connection.userId }, 'collab socket missed a ping; terminated');
        }
      }
    }, options.pingIntervalMs ?? 30_000);
    this.keepalive.unref();
    this.accessSubscription = bus
      .subscribe(ACCESS_CHANNEL, {
        message: (bytes) => {
          const change = decodeAccessChange(bytes);
          if (change) this.applyAccess(change);
          else this.log.warn({ bytes: bytes.length }, 'unreadable access change on the bus; ignored');
        },
        // Changes published while the bus was down are lost: re-read every live socket's role.
        reconnected: () => void this.sweepAccess(),
      })
      .catch((err: unknown) => {
        this.log.error({ err }, 'could not subscribe to access changes; relying on the periodic sweep');
        return null;
      });
    this.accessSweep = setInterval(() => void this.sweepAccess(), options.accessSweepMs ?? 10_000);
    this.accessSweep.unref();
  }

  /** A member's role changed, a member was removed or a resume deleted: every node's live
   *  sockets follow within a moment (this node's at once). Never rejects. */
  async changeAccess(change: AccessChange): Promise<void> {
    this.applyAccess(change);
    try {
      await this.options.bus.publish(ACCESS_CHANNEL, encodeAccessChange(change));
    } catch (err) {
      this.log.warn({ err, ...change }, 'could not publish an access change; other nodes apply it at their next sweep');
    }
  }

  private applyAccess(change: AccessChange): void {
    switch (change.kind) {
      case 'role':
        return this.setRole(change.resumeId, change.userId, change.role as Role);
      case 'revoked':
        return this.disconnectUser(change.resumeId, change.userId);
      case 'deleted':
        return this.closeResume(change.resumeId);
      case 'session-ended':
        for (const connection of this.sockets) {
          if (connection.sessionHash === change.sessionHash) connection.close(CloseCode.signedOut, 'signed out');
        }
        return;
    }
  }

  /** Re-reads the roles and sessions behind every live socket (two queries) and applies what changed. */
  private async sweepAccess(): Promise<void> {
    if (this.sockets.size === 0 || this.drained) return;
    const resumeIds = [...new Set(Array.from(this.sockets, (c) => c.resumeId))];
    const sessionHashes = [...new Set(Array.from(this.sockets, (c) => c.sessionHash).filter((h): h is string => h !== null))];
    try {
      const [roles, sessions] = await Promise.all([
        this.options.store.members.rolesIn(resumeIds),
        this.options.store.sessions.alive(sessionHashes),
      ]);
      for (const connection of this.sockets) {
        const role = roles.get(`${connection.resumeId}:${connection.userId}`);
        // A logout whose bus message was lost: the session is gone, so is its socket.
        if (connection.sessionHash !== null && !sessions.has(connection.sessionHash)) {
          this.log.info({ resume: connection.resumeId, user: connection.userId }, 'session ended (sweep); socket closed');
          connection.close(CloseCode.signedOut, 'signed out');
        } else if (!role) {
          this.log.info({ resume: connection.resumeId, user: connection.userId }, 'access gone (sweep); socket closed');
          connection.close(CloseCode.accessRevoked, 'access revoked');
        } else if (role !== connection.role) {
          connection.role = role;
        }
      }
    } catch (err) {
      this.log.warn({ err }, 'access sweep failed; retried at the next one');
    }
  }

  /** For the HTTP server's `upgrade` event on `/collab/<resumeId>`. Never throws. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.upgrade(req, socket, head).catch((err: unknown) => {
      this.log.error({ err, url: redactUrl(req.url) }, 'collab upgrade failed');
      refuseUpgrade(socket, 500, 'internal error');
    });
  }

  /** Revocation: closes that user's sockets on the resume (4403 tells the stock client not to retry). */
  disconnectUser(resumeId: string, userId: string, code: number = CloseCode.accessRevoked, reason = 'access revoked'): void {
    for (const connection of this.socketsOf(resumeId, userId)) connection.close(code, reason);
  }

  /** A member's role changed: their live sockets follow at once (a downgrade stops their edits). */
  setRole(resumeId: string, userId: string, role: Role): void {
    for (const connection of this.socketsOf(resumeId, userId)) connection.role = role;
  }

  /** The resume was deleted: every socket on it closes with 4404 and nothing more of it is written. */
  closeResume(resumeId: string): void {
    this.rooms.discard(resumeId);
    for (const connection of this.socketsOf(resumeId)) connection.close(CloseCode.resumeDeleted, 'resume deleted');
  }

  /** The resume's current content (a copy; the caller may keep or destroy it). */
  readDocument(resumeId: string): Promise<Y.Doc> {
    return this.rooms.readDocument(resumeId);
  }

  /** Changes the live document on a person's behalf (accepting a suggestion, restoring a
   *  version): one transaction, relayed to every client and node and persisted. fn should check
   *  first and throw before changing anything (Yjs keeps what a transaction did before a throw). Rejects with RoomLoadError when the document cannot be loaded. */
  edit<T>(resumeId: string, userId: string, fn: (doc: Y.Doc) => T): Promise<T> {
    return this.rooms.edit(resumeId, userId, fn);
  }

  /** The same content as one Yjs update, without building a document (for the analysis worker). */
  readState(resumeId: string): Promise<Uint8Array> {
    return this.rooms.readState(resumeId);
  }

  /** Writes every applied update now (rejects if the store fails; they stay queued). */
  flush(): Promise<void> {
    return this.updateLog.flush();
  }

  stats(): CollabStats {
    return { rooms: this.rooms.count, sockets: this.sockets.size, draining: this.drained !== null };
  }

  /** SIGTERM: refuse upgrades (503), close sockets with 1012, unload rooms and write every edit. */
  drain(): Promise<void> {
    this.drained ??= this.drainOnce();
    return this.drained;
  }

  private async drainOnce(): Promise<void> {
    clearInterval(this.keepalive);
    clearInterval(this.accessSweep);
    const unsubscribe = await this.accessSubscription;
    await unsubscribe?.().catch((err: unknown) => this.log.debug({ err }, 'access unsubscribe failed'));
    for (const connection of this.sockets) connection.close(CloseCode.serviceRestart, 'server restarting');
    this.rooms.compactOnUnload = false;
    await this.rooms.unloadAll();
    await this.finalFlush();
    this.updateLog.close();
    await this.updateLog.settled();
    await this.allSocketsClosed();
    this.wss.close();
    this.log.info('collab drained');
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const onError = (err: Error) => this.log.debug({ err }, 'collab socket error before handshake');
    socket.on('error', onError);
    const resumeId = resumeIdFromUrl(req.url);
    if (!resumeId) return refuseUpgrade(socket, 404, 'no such document');
    if (this.drained) return refuseUpgrade(socket, 503, 'server restarting');
    const decision = await this.options.authorize(req, resumeId);
    if (!decision.ok) {
      this.log.info({ resume: resumeId, status: decision.status }, `collab upgrade refused: ${decision.message}`);
      return refuseUpgrade(socket, decision.status, decision.message);
    }
    // Presence shows the name the account has, whatever the client claims.
    const username = (await this.options.store.users.findById(decision.userId))?.username;
    if (this.drained) return refuseUpgrade(socket, 503, 'server restarting');
    if (socket.destroyed) return;
    socket.off('error', onError);
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, resumeId, decision.userId, decision.role, decision.sessionHash ?? null, username));
  }

  private readonly onOverflow = (connection: SocketConnection, buffered: number): void => {
    this.options.metrics.messagesRejected.inc({ reason: 'send_buffer_full' });
    this.log.warn(
      { resume: connection.resumeId, user: connection.userId, buffered },
      `collab connection cut: it stopped reading (over ${byteSize(this.options.limits.maxSendBufferBytes)} unsent)`,
    );
  };

  private accept(ws: WebSocket, resumeId: string, userId: string, role: Role, sessionHash: string | null, username: string | undefined): void {
    const { metrics, limits } = this.options;
    const log = this.log.child({ resume: resumeId, user: userId });
    const socketLimits = {
      maxBufferedBytes: limits.maxSendBufferBytes,
      onOverflow: this.onOverflow,
      onAnswerDropped: () => metrics.messagesRejected.inc({ reason: 'answer_unsent' }),
    };
    const connection = new SocketConnection(ws, resumeId, userId, role, socketLimits, sessionHash, username);
    this.sockets.add(connection);
    metrics.sockets.inc();
    let room: ResumeRoom | null = null;
    const early: Uint8Array[] = []; // frames that arrive while the room loads

    ws.on('message', (data, isBinary) => {
      if (!connection.open) return;
      if (!isBinary) {
        metrics.messagesRejected.inc({ reason: 'text_frame' });
        log.warn('collab connection closed: text frame');
        connection.close(CloseCode.unsupportedData, 'binary frames only');
        return;
      }
      const bytes = toBytes(data);
      if (room) room.receive(connection, bytes);
      else early.push(bytes);
    });
    ws.on('pong', () => {
      connection.alive = true;
    });
    ws.on('error', (err: Error & { code?: string }) => {
      // ws has already closed the socket; an oversized frame closes with 1009 and no reason, so say it here.
      if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        metrics.messagesRejected.inc({ reason: 'frame_too_large' });
        log.warn({ code: CloseCode.tooLarge }, `collab connection closed: frame too large (max ${byteSize(limits.maxFrameBytes)})`);
      } else {
        log.warn({ err }, 'collab socket error');
      }
    });
    ws.on('close', (code, reason) => {
      this.sockets.delete(connection);
      metrics.sockets.dec();
      connection.markClosed();
      if (room) {
        this.rooms.leave(room, connection);
        this.options.presence?.left(resumeId, userId);
      }
      log.debug({ code, reason: reason.toString() }, 'collab socket closed');
      if (this.sockets.size === 0) for (const resolve of this.socketsGone.splice(0)) resolve();
    });

    if (this.drained) {
      connection.close(CloseCode.serviceRestart, 'server restarting');
      return;
    }
    this.rooms.join(resumeId, connection).then(
      (joined) => {
        // Closed while the room loaded: leave at once (the close handler saw no room yet).
        if (!connection.open) return this.rooms.leave(joined, connection);
        room = joined;
        this.options.presence?.joined(resumeId, userId);
        for (const bytes of early.splice(0)) joined.receive(connection, bytes);
      },
      // Logged with the resume id by ResumeRooms; the stock client retries on 1011.
      () => connection.close(CloseCode.internalError, 'could not load the document, try again'),
    );
  }

  private socketsOf(resumeId: string, userId?: string): SocketConnection[] {
    return Array.from(this.sockets).filter(
      (c) => c.resumeId === resumeId && (userId === undefined || c.userId === userId),
    );
  }

  private async finalFlush(): Promise<void> {
    const deadline = Date.now() + DRAIN_FLUSH_MS;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.updateLog.flush();
      } catch (err) {
        if (Date.now() >= deadline) {
          this.log.error({ err, attempt }, 'drain could not write every edit; clients still hold them and resend on reconnect');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 100 * 2 ** attempt))); // retry backoff
      }
    }
  }

  private async allSocketsClosed(): Promise<void> {
    if (this.sockets.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const gone = new Promise<void>((resolve) => this.socketsGone.push(resolve));
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, DRAIN_CLOSE_MS)));
    await Promise.race([gone, late]);
    clearTimeout(timer);
    for (const connection of this.sockets) connection.ws.terminate();
  }
}
