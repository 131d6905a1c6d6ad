// Who someone is in the shared document: a name and a colour from a fixed, readable palette
// (the same person gets the same colour in every browser), as y-codemirror.next expects them.

const PALETTE = ['#c2410c', '#047857', '#7c3aed', '#b91c1c', '#0369a1', '#a16207', '#be185d', '#4d7c0f'] as const;

export interface PresenceUser {
  id: string;
  name: string;
  color: string;
  colorLight: string;
}

export function presenceUser(user: { id: string; username: string }): PresenceUser {
  let hash = 0;
  for (const ch of user.id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const color = PALETTE[hash % PALETTE.length] ?? PALETTE[0];
  return { id: user.id, name: user.username, color, colorLight: `${color}33` };
}

export function initials(name: string): string {
  const parts = name.split(/[\s._-]+/).filter(Boolean);
  const letters = parts.length > 1 ? (parts[0]?.[0] ?? '') + (parts[1]?.[0] ?? '') : name.slice(0, 2);
  return letters.toUpperCase();
}
