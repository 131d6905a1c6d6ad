// y-websocket frames built by hand, for tests that play a client the stock provider would never
// be: a raw socket sending sync requests, crafted updates and awareness for any client id.
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

const SYNC = 0;
const AWARENESS = 1;
const QUERY_AWARENESS = 3;

/** Sync step 1 with a state vector (an empty one asks for the whole document). */
export function syncStep1Frame(stateVector: Uint8Array = Y.encodeStateVector(new Y.Doc())): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, SYNC);
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint8Array(encoder, stateVector);
  return encoding.toUint8Array(encoder);
}

/** A sync frame carrying a Yjs update: a live edit (step 2 of y-protocols' numbering: "update") or a sync step 2 answer. */
export function updateFrame(update: Uint8Array, kind: 'update' | 'step2' = 'update'): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, SYNC);
  encoding.writeVarUint(encoder, kind === 'update' ? 2 : 1);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** An awareness frame setting these clients' states (null = gone) at these clocks. */
export function awarenessFrame(entries: ReadonlyArray<{ clientId: number; clock: number; state: unknown }>): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(inner, entry.clientId);
    encoding.writeVarUint(inner, entry.clock);
    encoding.writeVarString(inner, JSON.stringify(entry.state));
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, AWARENESS);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
  return encoding.toUint8Array(encoder);
}

export const queryAwarenessFrame = (): Uint8Array => Uint8Array.of(QUERY_AWARENESS);
