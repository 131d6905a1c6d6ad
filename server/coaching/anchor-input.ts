// Anchors as they arrive over REST and as they are stored: the zod shapes, the check that an
// incoming anchor really points at what it quotes in this resume, and an anchor's state now.
import { z } from 'zod';
import * as Y from 'yjs';
import {
  ARRAY_SECTION_NAMES,
  anchorItem,
  fieldText,
  isEncodedPosition,
  resolveAnchor,
  type Anchor,
  type SpanAnchor,
} from '../../collab/index.ts';
import { AppError } from '../errors.ts';

/** The longest span a comment or suggestion may quote, and the longest replacement. */
export const MAX_SPAN_CHARS = 5000;

export const anchorList = z.enum(['basics', 'profiles', ...ARRAY_SECTION_NAMES]);
export const anchorItemId = z.string().min(1).max(64);
const field = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, 'must be a field path such as "summary" or "highlights.2"');
const position = z.string().max(256).refine(isEncodedPosition, 'must be an encoded Yjs relative position (base64)');

export const spanAnchorInput = z.strictObject({
  kind: z.literal('span'),
  list: anchorList,
  itemId: anchorItemId,
  field,
  start: position,
  end: position,
  quote: z.string().min(1, 'must not be empty').max(MAX_SPAN_CHARS, `at most ${MAX_SPAN_CHARS} characters`),
});
export const itemAnchorInput = z.strictObject({ kind: z.literal('item'), list: anchorList, itemId: anchorItemId });
export const anchorInput = z.discriminatedUnion('kind', [spanAnchorInput, itemAnchorInput]);

function badAnchor(message: string): AppError {
  return new AppError(400, 'validation_failed', `anchor: ${message}`, { fields: [{ path: 'anchor', message }] });
}

/** Throws a 400 unless the anchor points into this document where it says, at the text it quotes. */
export function checkAnchor(doc: Y.Doc, anchor: Anchor): void {
  if (!anchorItem(doc, anchor.list, anchor.itemId)) throw badAnchor(`there is no ${anchor.list} item "${anchor.itemId}" in this resume`);
  if (anchor.kind === 'item') return;
  const text = fieldText(doc, anchor);
  if (!text) throw badAnchor(`the item has no text field "${anchor.field}"`);
  const resolved = resolveAnchor(doc, anchor);
  // Positions this document cannot read (made on another resume, or on text not yet synced
  // here) are refused rather than found again by their quote: a new anchor must be exact.
  if (resolved.state !== 'attached' || resolved.kind !== 'span' || resolved.reanchored || resolved.text !== text) {
    throw badAnchor(`the positions do not point into "${anchor.field}" of this item`);
  }
  if (resolved.currentText !== anchor.quote) {
    throw badAnchor(`the quoted text is not what the field reads there ("${excerpt(resolved.currentText)}")`);
  }
}

/** A stored anchor, read back; null for a row whose anchor is not one (never written by this code). */
export function storedAnchor(value: unknown): Anchor | null {
  const parsed = anchorInput.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function storedSpan(value: unknown): SpanAnchor | null {
  const parsed = spanAnchorInput.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Where an anchor is now, as the API shows it. */
export type AnchorState =
  | { attached: true; kind: 'span'; index: number; length: number; currentText: string }
  | { attached: true; kind: 'item' }
  | { attached: false; reason: 'deleted' | 'gone' };

export function anchorState(doc: Y.Doc, anchor: Anchor | null): AnchorState {
  if (!anchor) return { attached: false, reason: 'gone' };
  const resolved = resolveAnchor(doc, anchor);
  if (resolved.state === 'detached') return { attached: false, reason: resolved.reason };
  if (resolved.kind === 'item') return { attached: true, kind: 'item' };
  return { attached: true, kind: 'span', index: resolved.index, length: resolved.length, currentText: resolved.currentText };
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** At most `max` UTF-16 units, cut between graphemes: a cut inside an emoji would leave a lone
 *  surrogate, which Postgres refuses in JSON (the notification carrying it was lost). */
export function excerpt(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  let end = 0;
  for (const { index, segment } of graphemes.segment(flat)) {
    if (index + segment.length > max - 1) break;
    end = index + segment.length;
  }
  return `${flat.slice(0, end)}…`;
}
