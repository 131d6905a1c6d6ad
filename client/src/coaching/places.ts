// Where comments and suggestions are, in words and in reading order: the item they belong to
// (“Work · Engineer”), the field (“Highlights 2”), and a sort key from the resume's plain text.
import * as Y from 'yjs';
import { anchorItem, extractText, readText, sectionTitle, type AnchorList, type ResolvedAnchor } from '../../../collab/index.ts';
import { fieldLabel, titleFields } from '../editor/fields.ts';

/** Positions of items and fields in the resume's reading order. */
export interface ReadingOrder {
  item(itemId: string): number | undefined;
  field(itemId: string, path: string): number | undefined;
}

export function readingOrder(doc: Y.Doc): ReadingOrder {
  const items = new Map<string, number>();
  const fields = new Map<string, number>();
  for (const section of extractText(doc).sections) {
    for (const item of section.items) {
      items.set(item.id, item.start);
      for (const f of item.fields) fields.set(`${item.id}\u0000${f.path}`, f.start);
    }
  }
  return { item: (itemId) => items.get(itemId), field: (itemId, path) => fields.get(`${itemId}\u0000${path}`) };
}

/** A sort key: the field's place in the text plus the offset inside it; detached ones last. */
export function orderOf(order: ReadingOrder, anchor: { itemId: string; field?: string }, at: ResolvedAnchor | undefined): number {
  const itemStart = order.item(anchor.itemId) ?? Number.MAX_SAFE_INTEGER / 2;
  if (!at || at.state === 'detached') return itemStart + 0.5;
  if (at.kind === 'item' || !anchor.field) return itemStart - 0.5;
  return (order.field(anchor.itemId, anchor.field) ?? itemStart) + at.index;
}

/** “Work · Engineer”, “Basics”, or “A removed item”. */
export function itemLabel(doc: Y.Doc, list: AnchorList, itemId: string): string {
  const section = list === 'profiles' ? 'Profiles' : sectionTitle(list);
  if (list === 'basics') return section;
  const map = anchorItem(doc, list, itemId);
  if (!map) return `${section} · a removed item`;
  for (const field of titleFields) {
    const text = readText(map, field)?.trim();
    if (text) return `${section} · ${text}`;
  }
  return `${section} · Untitled`;
}

/** “Summary”, “Highlights 2”, “City”. */
export function fieldName(list: AnchorList, path: string): string {
  const parts = path.split('.');
  const last = parts.at(-1) ?? path;
  if (/^\d+$/.test(last) && parts.length >= 2) return `${fieldLabel(list, parts.at(-2) ?? '')} ${Number(last) + 1}`;
  return fieldLabel(parts.length > 1 ? 'location' : list, last);
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** “just now”, “5 min ago”, “yesterday”, then the date. */
export function when(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (Math.abs(seconds) < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (Math.abs(minutes) < 60) return relative.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 24) return relative.format(hours, 'hour');
  const days = Math.round(hours / 24);
  if (Math.abs(days) < 7) return relative.format(days, 'day');
  return new Date(iso).toLocaleDateString();
}
