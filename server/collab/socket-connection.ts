// The socket side of a collab connection: a `ws` WebSocket seen through the room's tiny
// CollabConnection interface, plus the raw-HTTP answers for upgrades refused before any handshake.
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, type RawData } from 'ws';
import type { Role } from '../../db/types.ts';
import type { AnswerKind, CollabConnection } from './room.ts';

const UUID = /^\/collab\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The resume id of `/collab/<uuid>?…`, lower-cased so one resume never gets two rooms; null otherwise. */
export function resumeIdFromUrl(url: string | undefined): string | null {
  const pathname = (url ?? '').split('?')[0] ?? '';
  const match = UUID.exec(pathname);
  return match?.[1] ? match[1].toLowerCase() : null;
}

/** Answers an upgrade with a plain HTTP error and closes the socket; no WebSocket handshake happens. */
export function refuseUpgrade(socket: Duplex, status: 401 | 403 | 404 | 500 | 503, message: string): void {
  if (socket.destroyed) return;
  const body = `${message}\n`;
  const headers = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...(status === 503 ? ['Retry-After: 1'] : []),
  ];
  socket.once('finish', () => socket.destroy());
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
}

export function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

export interface SocketLimits {
  /** Bytes queued for a peer that does not read beyond which its socket is cut (8 MiB). */
  maxBufferedBytes: number;
  /** Told once when the socket is cut for that reason. */
  onOverflow(connection: SocketConnection, bufferedBytes: number): void;
  /** Told when a request is dropped because its previous answer is still unsent. */
  onAnswerDropped(kind: AnswerKind): void;
}

export class SocketConnection implements CollabConnection {
  /** Answered the last keepalive ping. */
  alive = true;
  private closing = false;
  /** Answers handed to the socket and not yet written out. */
  private readonly unsent = new Set<AnswerKind>();

  constructor(
    readonly ws: WebSocket,
    readonly resumeId: string,
    readonly userId: string,
    public role: Role,
    private readonly limits: SocketLimits,
    /** The session that opened it (its cookie, or the session its collab token was issued under). */
    readonly sessionHash: string | null = null,
    readonly username?: string,
  ) {}

  /** False once we decided to close it or the peer went away: frames are neither sent nor read. */
  get open(): boolean {
    return !this.closing && this.ws.readyState === WebSocket.OPEN;
  }

  send(bytes: Uint8Array, onWritten?: () => void): void {
    if (!this.open) return onWritten?.();
    this.ws.send(bytes, { binary: true }, onWritten);
    // A peer that stops reading would have the node queue every relayed update for it, unbounded.
    const buffered = this.ws.bufferedAmount;
    if (buffered > this.limits.maxBufferedBytes) {
      this.closing = true;
      this.ws.terminate(); // a close frame would only queue behind what it does not read
      this.limits.onOverflow(this, buffered);
    }
  }

  /** One answer of each kind in flight: asking again before reading the last answer costs nothing. */
  answer(kind: AnswerKind, make: () => Uint8Array): void {
    if (!this.open) return;
    if (this.unsent.has(kind)) return this.limits.onAnswerDropped(kind);
    this.unsent.add(kind);
    this.send(make(), () => this.unsent.delete(kind));
  }

  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.close(code, reason);
    }
  }

  /** The socket is gone (its `close` event fired). */
  markClosed(): void {
    this.closing = true;
  }

  /** Keepalive: a socket that did not answer the previous ping is cut; otherwise ping again. */
  probe(): 'pinged' | 'dead' {
    if (!this.alive) {
      this.closing = true;
      this.ws.terminate();
      return 'dead';
    }
    this.alive = false;
    if (this.ws.readyState === WebSocket.OPEN) this.ws.ping();
    return 'pinged';
  }
}
