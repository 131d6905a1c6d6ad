// The /collab wire vocabulary: y-websocket message types, the close codes this gateway uses, and
// the few encoders rooms need. The bytes themselves are y-protocols' and lib0's, never ours.
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/** Bumped when what this gateway sends or accepts changes shape (the y-websocket protocol itself is fixed). */
export const COLLAB_PROTOCOL_VERSION = 1;

/** First varint of every frame, as the stock `WebsocketProvider` (y-websocket 3) numbers them. */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
} as const;

/** Second varint of a sync frame. */
export const SyncStep = {
  step1: syncProtocol.messageYjsSyncStep1,
  step2: syncProtocol.messageYjsSyncStep2,
  update: syncProtocol.messageYjsUpdate,
} as const;

/** WebSocket close codes: RFC 6455 ones, and 44xx for "reconnecting will not help" (y-websocket 3 stops retrying on 4400-4499). */
export const CloseCode = {
  unsupportedData: 1003,
  invalidPayload: 1007,
  /** A frame that breaks the gateway's rules (missing dependencies, another's client id); the stock client reconnects. */
  policyViolation: 1008,
  tooLarge: 1009,
  internalError: 1011,
  serviceRestart: 1012,
  signedOut: 4401,
  accessRevoked: 4403,
  resumeDeleted: 4404,
} as const;

/** Labels of `collab_messages_rejected_total`; one source so dashboards and code agree. */
export type RejectReason =
  | 'read_only'
  | 'document_too_large'
  | 'frame_too_large'
  | 'invalid_message'
  | 'missing_dependencies'
  | 'client_id_taken'
  | 'send_buffer_full'
  | 'answer_unsent'
  | 'unsupported_message'
  | 'text_frame';

export const READ_ONLY_REASON = 'read-only: viewers and commenters cannot edit';

/** "4 MiB", "512 KiB": limits as people read them in close reasons and logs. */
export function byteSize(bytes: number): string {
  const round = (n: number) => Math.round(n * 10) / 10;
  if (bytes >= 1024 * 1024) return `${round(bytes / (1024 * 1024))} MiB`;
  return bytes >= 1024 ? `${round(bytes / 1024)} KiB` : `${bytes} bytes`;
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeSyncStep2(encoder, doc, stateVector);
  return encoding.toUint8Array(encoder);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodeAwareness(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

export function encodePermissionDenied(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.auth);
  authProtocol.writePermissionDenied(encoder, reason);
  return encoding.toUint8Array(encoder);
}

/** Bus-only frame, never sent to clients: a peer's state vector in answer to a step 1 it heard on
 *  the bus. Like a step 1 it asks for a step 2, but it is not answered with a state vector again,
 *  so a healing exchange ends after one round trip each way. Outside y-websocket's type numbers. */
export const BUS_SYNC_ANSWER = 100;

export function encodeBusSyncAnswer(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, BUS_SYNC_ANSWER);
  encoding.writeVarUint8Array(encoder, Y.encodeStateVector(doc));
  return encoding.toUint8Array(encoder);
}

/** What a bus message carries, for the bus metrics: 'update', 'awareness', 'sync' (healing) or 'access'. */
export function busMessageKind(message: Uint8Array): string {
  if (message[0] === 0x7b) return 'access'; // server/collab/access.ts
  if (message[0] === MessageType.awareness) return 'awareness';
  if (message[0] === MessageType.sync && message[1] === SyncStep.update) return 'update';
  return 'sync';
}
