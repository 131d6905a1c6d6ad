// Where a comment or a suggestion points: a span of one field's Y.Text held by two Yjs relative
// positions (so it follows the text as anyone types), or a whole item. Shared by client and server.

import * as Y from 'yjs';
import { fromBase64, toBase64 } from 'lib0/buffer';
import { ARRAY_SECTION_NAMES, BASICS_ITEM_ID, type ListName } from './schema.ts';
import { findFieldText, getBasics, getItem } from './document.ts';

/** A list of items, or `basics` (whose one item has the id `basics`). */
export type AnchorList = ListName | 'basics';

/** Where a field is: the item's list and id, and the path inside the item (`summary`, `highlights.2`, `location.city`). */
export interface FieldRef {
  readonly list: AnchorList;
  readonly itemId: string;
  readonly field: string;
}

/**
 * A span of a field. `start` is relative to the first character of the span and `end` to its
 * last (left-associated), both `Y.encodeRelativePosition` in base64: text typed right before or
 * right after the span stays outside it, text typed inside it is part of it. `quote` is the text
 * when the anchor was made; `list`/`itemId`/`field` say where it was, for showing it and for
 * finding it again when the field's Y.Text was replaced (an item or a bullet moved = copied).
 */
export interface SpanAnchor extends FieldRef {
  readonly kind: 'span';
  readonly start: string;
  readonly end: string;
  readonly quote: string;
}

/** A whole item (a job, a degree, basics). */
export interface ItemAnchor {
  readonly kind: 'item';
  readonly list: AnchorList;
  readonly itemId: string;
}

export type Anchor = SpanAnchor | ItemAnchor;

export type ResolvedAnchor =
  | {
      readonly state: 'attached';
      readonly kind: 'span';
      readonly text: Y.Text;
      readonly index: number;
      readonly length: number;
      /** What the span reads now (it may differ from the quote after edits inside it). */
      readonly currentText: string;
      /** True when the positions were lost (the field was moved) and the quote was found again by item and field. */
      readonly reanchored: boolean;
    }
  | { readonly state: 'attached'; readonly kind: 'item'; readonly item: Y.Map<unknown> }
  | {
      readonly state: 'detached';
      /** `deleted`: the span's text was deleted; `gone`: the item or the field is no longer there. */
      readonly reason: 'deleted' | 'gone';
    };

/** An anchor for `[index, index + length)` of a field's text; throws RangeError for an empty or out-of-range span. */
export function spanAnchor(text: Y.Text, where: FieldRef, index: number, length: number): SpanAnchor {
  if (!Number.isInteger(index) || !Number.isInteger(length) || index < 0 || length < 1 || index + length > text.length) {
    throw new RangeError(`span ${index}+${length} is outside a text of ${text.length} characters`);
  }
  const start = Y.createRelativePositionFromTypeIndex(text, index, 0);
  const end = Y.createRelativePositionFromTypeIndex(text, index + length, -1);
  return {
    kind: 'span',
    list: where.list,
    itemId: where.itemId,
    field: where.field,
    start: toBase64(Y.encodeRelativePosition(start)),
    end: toBase64(Y.encodeRelativePosition(end)),
    quote: text.toString().slice(index, index + length),
  };
}

/** The field's Y.Text, or undefined when the item or the field is not there. */
export function fieldText(doc: Y.Doc, ref: FieldRef): Y.Text | undefined {
  return findFieldText(doc, ref.list, ref.itemId, ref.field);
}

/** The item's map (basics for `basics`), or undefined. */
export function anchorItem(doc: Y.Doc, list: AnchorList, itemId: string): Y.Map<unknown> | undefined {
  if (list === 'basics') return itemId === BASICS_ITEM_ID ? getBasics(doc) : undefined;
  return getItem(doc, list, itemId);
}

/** The field holding `itemId`'s `field`, in whichever list has the item (analysis rewrites name only the item). */
export function findField(doc: Y.Doc, itemId: string, field: string): { ref: FieldRef; text: Y.Text } | undefined {
  const lists: AnchorList[] = ['basics', 'profiles', ...ARRAY_SECTION_NAMES];
  for (const list of lists) {
    const ref: FieldRef = { list, itemId, field };
    const text = fieldText(doc, ref);
    if (text) return { ref, text };
  }
  return undefined;
}

/** Where the anchor is in the document now. Never throws: an anchor that cannot be read is `gone`. */
export function resolveAnchor(doc: Y.Doc, anchor: Anchor): ResolvedAnchor {
  if (anchor.kind === 'item') {
    const item = anchorItem(doc, anchor.list, anchor.itemId);
    return item ? { state: 'attached', kind: 'item', item } : { state: 'detached', reason: 'gone' };
  }
  const start = absolute(doc, anchor.start);
  const end = absolute(doc, anchor.end);
  if (start && end && start.type === end.type && start.type instanceof Y.Text && isAlive(start.type)) {
    const length = end.index - start.index;
    if (length <= 0) return { state: 'detached', reason: 'deleted' };
    const text = start.type;
    return { state: 'attached', kind: 'span', text, index: start.index, length, currentText: text.toString().slice(start.index, end.index), reanchored: false };
  }
  // The positions' Y.Text is gone: moving an item or a bullet replaces it by a copy. The quote
  // is looked for again in the field with the same item id and path.
  const text = fieldText(doc, anchor);
  if (!text) return { state: 'detached', reason: 'gone' };
  const at = anchor.quote.length > 0 ? text.toString().indexOf(anchor.quote) : -1;
  if (at < 0) return { state: 'detached', reason: 'deleted' };
  return { state: 'attached', kind: 'span', text, index: at, length: anchor.quote.length, currentText: anchor.quote, reanchored: true };
}

/** True when an encoded position decodes (it may still point at text this document lacks). */
export function isEncodedPosition(value: string): boolean {
  return decode(value) !== undefined;
}

function absolute(doc: Y.Doc, encoded: string): Y.AbsolutePosition | null {
  const position = decode(encoded);
  if (!position) return null;
  try {
    return Y.createAbsolutePositionFromRelativePosition(position, doc);
  } catch {
    return null; // a position naming a struct of the wrong kind
  }
}

function decode(encoded: string): Y.RelativePosition | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return undefined;
  try {
    const position = Y.decodeRelativePosition(fromBase64(encoded));
    // A span's positions always name a character (never "the end of a root type").
    return position.item ? position : undefined;
  } catch {
    return undefined;
  }
}

/** False when the type or anything holding it was deleted (Yjs still resolves positions in it). */
function isAlive(type: Y.Text): boolean {
  let item = type._item;
  while (item) {
    if (item.deleted) return false;
    const parent = item.parent;
    item = parent instanceof Y.AbstractType ? parent._item : null;
  }
  return true;
}
