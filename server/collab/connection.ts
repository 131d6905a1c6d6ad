// How a room sees a client (the CollabConnection interface the socket facade and test doubles
// implement) and who caused a transaction on the room's document (RoomOrigin).
import type { Role } from '../../db/types.ts';

/** What a room needs of a client: the socket facade implements it, and so do test doubles. */
export interface CollabConnection {
  readonly userId: string;
  /** The name presence shows for this person (the session's); the user id when absent. */
  readonly username?: string;
  /** Live: the REST layer may change it while the socket stays open. */
  role: Role;
  send(bytes: Uint8Array): void;
  /** Sends an answer to a request (sync step 1, awareness query) unless an answer of that kind is
   *  still unsent, in which case the request is dropped (`make` not called). Connections without a
   *  socket send at once. */
  answer?(kind: AnswerKind, make: () => Uint8Array): void;
  close(code: number, reason: string): void;
}

export type AnswerKind = 'sync' | 'awareness';

/** Who caused a transaction; echo suppression and persistence follow from the kind. */
export type RoomOrigin =
  | { readonly kind: 'connection'; readonly connection: CollabConnection }
  | { readonly kind: 'bus' }
  | { readonly kind: 'load' }
  /** An edit the server makes for a person through REST (accepting a suggestion, restoring a version). */
  | { readonly kind: 'server'; readonly userId: string };

export const BUS: RoomOrigin = { kind: 'bus' };
export const LOAD: RoomOrigin = { kind: 'load' };
const ORIGINS = new WeakSet<object>([BUS, LOAD]);

export function fromConnection(connection: CollabConnection): RoomOrigin {
  const origin: RoomOrigin = { kind: 'connection', connection };
  ORIGINS.add(origin);
  return origin;
}

export function fromServer(userId: string): RoomOrigin {
  const origin: RoomOrigin = { kind: 'server', userId };
  ORIGINS.add(origin);
  return origin;
}

/** The person behind a transaction, for "last edited by". */
export function editorOf(origin: RoomOrigin | null): string | null {
  if (origin?.kind === 'connection') return origin.connection.userId;
  if (origin?.kind === 'server') return origin.userId;
  return null;
}

export function isRoomOrigin(value: unknown): value is RoomOrigin {
  return typeof value === 'object' && value !== null && ORIGINS.has(value);
}
