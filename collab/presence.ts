// Presence colours shared by the editor and the server: the palette a person's colour comes from,
// and the one shape (`#rrggbb`) a colour may take on the wire, so no value can smuggle in CSS.

export const PRESENCE_PALETTE = ['#c2410c', '#047857', '#7c3aed', '#b91c1c', '#0369a1', '#a16207', '#be185d', '#4d7c0f'] as const;

const HEX_COLOUR = /^#[0-9a-f]{6}$/i;

export function isHexColour(value: unknown): value is string {
  return typeof value === 'string' && HEX_COLOUR.test(value);
}

/** The same person gets the same colour in every browser (a hash of their account id). */
export function presenceColour(userId: string): string {
  let hash = 0;
  for (const ch of userId) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return PRESENCE_PALETTE[hash % PRESENCE_PALETTE.length] ?? PRESENCE_PALETTE[0];
}

/** The translucent variant y-codemirror paints selections with: the colour at 20 % alpha. */
export function lightColour(colour: string): string {
  return `${colour}33`;
}
