// Who someone is in the shared document: a name and a colour from a fixed, readable palette
// (the same person gets the same colour in every browser), as y-codemirror.next expects them.
import { lightColour, presenceColour } from '../../../collab/presence.ts';

export interface PresenceUser {
  id: string;
  name: string;
  color: string;
  colorLight: string;
}

/** The server overwrites id and name from the session and keeps only a `#rrggbb` colour. */
export function presenceUser(user: { id: string; username: string }): PresenceUser {
  const color = presenceColour(user.id);
  return { id: user.id, name: user.username, color, colorLight: lightColour(color) };
}

export function initials(name: string): string {
  const parts = name.split(/[\s._-]+/).filter(Boolean);
  const letters = parts.length > 1 ? (parts[0]?.[0] ?? '') + (parts[1]?.[0] ?? '') : name.slice(0, 2);
  return letters.toUpperCase();
}
