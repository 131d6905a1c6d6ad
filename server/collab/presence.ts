// Presence as the server lets it through: a connection speaks only for its own awareness client
// id, and the person's id, name and colour in it come from the session, never from the client.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { isHexColour, lightColour, presenceColour } from '../../collab/presence.ts';

/** One client's entry in a y-protocols awareness update; `state` is its JSON text ("null" = gone). */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: string;
}

/** Who is behind a connection, as the session says. */
export interface PresenceIdentity {
  userId: string;
  username: string;
}

/** A cursor, a selection and the focused field fit many times over; more is not presence. */
export const MAX_PRESENCE_CHARS = 16 * 1024;

export function readAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const entries: AwarenessEntry[] = [];
  for (let n = decoding.readVarUint(decoder); n > 0; n -= 1) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    entries.push({ clientId, clock, state: decoding.readVarString(decoder) });
  }
  return entries;
}

export function writeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.state);
  }
  return encoding.toUint8Array(encoder);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The state as peers may see it, or null when it is no presence at all (not a JSON object, too
 *  large). A `user` the client set is replaced by the session's; its colour survives only as `#rrggbb`. */
export function sanitizePresence(json: string, who: PresenceIdentity): string | null {
  if (json === 'null') return json;
  if (json.length > MAX_PRESENCE_CHARS) return null;
  let state: unknown;
  try {
    state = JSON.parse(json);
  } catch {
    return null;
  }
  if (!isRecord(state)) return null;
  if (!('user' in state)) return json; // a client showing no one (headless tools)
  const given = isRecord(state.user) ? state.user.color : undefined;
  const color = isHexColour(given) ? given : presenceColour(who.userId);
  state.user = { id: who.userId, name: who.username, color, colorLight: lightColour(color) };
  return JSON.stringify(state);
}
