// Typed reading of the resume Y.Doc: its roots, the items of each list, and the Yjs value of a field.
// Writing lives in edit.ts (items and fields) and settings.ts (presentation, job description).

import * as Y from 'yjs';
import { CollabError } from './errors.ts';
import {
  BASICS_ITEM_ID,
  ITEM_ID_KEY,
  JOB_DESCRIPTION_TEXT,
  MODEL_KEYS,
  RESUME_MAP,
  SETTINGS_MAP,
  type ListName,
} from './schema.ts';

/** An item of a list, as readers see it. */
export interface ResumeItem {
  readonly id: string;
  readonly map: Y.Map<unknown>;
  /** Position of the item in the underlying Y.Array (which may also hold skipped entries). */
  readonly index: number;
}

export function getResumeMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(RESUME_MAP);
}
export function getSettingsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(SETTINGS_MAP);
}
export function getJobDescriptionText(doc: Y.Doc): Y.Text {
  return doc.getText(JOB_DESCRIPTION_TEXT);
}

export function getBasics(doc: Y.Doc): Y.Map<unknown> | undefined {
  const basics = getResumeMap(doc).get('basics');
  return basics instanceof Y.Map ? basics : undefined;
}

export function getLocation(doc: Y.Doc): Y.Map<unknown> | undefined {
  const location = getBasics(doc)?.get('location');
  return location instanceof Y.Map ? location : undefined;
}

/** The Y.Array of a list, or undefined when it is missing or holds a non-array value. */
export function getList(doc: Y.Doc, list: ListName): Y.Array<unknown> | undefined {
  const value = list === 'profiles' ? getBasics(doc)?.get('profiles') : getResumeMap(doc).get(list);
  return value instanceof Y.Array ? value : undefined;
}

/** The model id of an item, or undefined for an entry that is not an item. */
export function itemIdOf(value: unknown): string | undefined {
  if (!(value instanceof Y.Map)) return undefined;
  const id: unknown = value.get(ITEM_ID_KEY);
  return typeof id === 'string' ? id : undefined;
}

/**
 * The items of a list in order.
 *
 * Yjs has no move: moveItem deletes an item and inserts a deep copy with the same id. Two people
 * moving the same item at once therefore leave two copies. The rule is "the first occurrence in
 * array order wins": readers (this function, export, text extraction) skip later copies, and
 * normalizeResumeDoc deletes them. Array order is the same on every peer once updates converge,
 * and a peer's partial view keeps that order, so no peer ever deletes the copy that comes first
 * for everyone; concurrent normalizers delete the same copies. Entries that are not items (plain
 * values kept from a non-conforming file) are skipped here and kept by export.
 */
export function listItems(array: Y.Array<unknown>): ResumeItem[] {
  const seen = new Set<string>();
  const items: ResumeItem[] = [];
  array.forEach((value, index) => {
    const id = itemIdOf(value);
    if (id === undefined || seen.has(id) || !(value instanceof Y.Map)) return;
    seen.add(id);
    items.push({ id, map: value, index });
  });
  return items;
}

export function getItems(doc: Y.Doc, list: ListName): ResumeItem[] {
  const array = getList(doc, list);
  return array ? listItems(array) : [];
}

export function getItem(doc: Y.Doc, list: ListName, id: string): Y.Map<unknown> | undefined {
  return getItems(doc, list).find((item) => item.id === id)?.map;
}

/** A field's Y.Text, or undefined when the field is absent or holds a non-string value. */
export function getText(map: Y.Map<unknown>, field: string): Y.Text | undefined {
  const value = map.get(field);
  return value instanceof Y.Text ? value : undefined;
}

/** A field's string (from its Y.Text or a plain string), or undefined. */
export function readText(map: Y.Map<unknown>, field: string): string | undefined {
  const value = map.get(field);
  if (value instanceof Y.Text) return value.toString();
  return typeof value === 'string' ? value : undefined;
}

/** A string-array field's Y.Array (entries are Y.Text, or plain JSON kept from a file). */
export function getTextList(map: Y.Map<unknown>, field: string): Y.Array<unknown> | undefined {
  const value = map.get(field);
  return value instanceof Y.Array ? value : undefined;
}

/** A string-array field's strings; entries that are not strings are skipped. */
export function readTextList(map: Y.Map<unknown>, field: string): string[] | undefined {
  const list = getTextList(map, field);
  if (list === undefined) return undefined;
  return list.toArray().flatMap((v) => (v instanceof Y.Text ? [v.toString()] : typeof v === 'string' ? [v] : []));
}

/**
 * A field's Y.Text, created when missing. A null or primitive value (kept from a file) is
 * replaced by a Y.Text of its string form; an object or array value throws `field_not_text`.
 * Fields of imported and added items already exist (see build.ts), so this rarely writes.
 */
export function ensureText(map: Y.Map<unknown>, field: string): Y.Text {
  const current = map.get(field);
  if (current instanceof Y.Text) return current;
  if (MODEL_KEYS.has(field) || (typeof current === 'object' && current !== null)) {
    throw new CollabError('field_not_text', `field "${field}" does not hold text`, { field });
  }
  const text = new Y.Text(current === undefined || current === null ? '' : String(current));
  transactOn(map, () => map.set(field, text));
  return text;
}

/** A string-array field's Y.Array, created when missing or null; other values throw `field_not_list`. */
export function ensureTextList(map: Y.Map<unknown>, field: string): Y.Array<unknown> {
  const current = map.get(field);
  if (current instanceof Y.Array) return current;
  if (MODEL_KEYS.has(field) || (current !== undefined && current !== null)) {
    throw new CollabError('field_not_list', `field "${field}" does not hold a list`, { field });
  }
  const list = new Y.Array<unknown>();
  transactOn(map, () => map.set(field, list));
  return list;
}

/**
 * The Y.Text at a path such as `summary`, `highlights.2` or `location.city` inside an item
 * (list `basics` with item id `basics` for the basics object). Undefined when nothing is there.
 */
export function findFieldText(doc: Y.Doc, list: ListName | 'basics', itemId: string, path: string): Y.Text | undefined {
  let current: unknown =
    list === 'basics' ? (itemId === BASICS_ITEM_ID ? getBasics(doc) : undefined) : getItem(doc, list, itemId);
  for (const segment of path.split('.')) {
    if (current instanceof Y.Map) current = current.get(segment);
    else if (current instanceof Y.Array && /^\d+$/.test(segment) && Number(segment) < current.length) {
      current = current.get(Number(segment));
    } else return undefined;
  }
  return current instanceof Y.Text ? current : undefined;
}

/** Runs `fn` in a transaction of the type's document (or directly for a type not yet in one). */
export function transactOn<T>(type: { readonly doc: Y.Doc | null }, fn: () => T): T {
  return type.doc ? type.doc.transact(() => fn()) : fn();
}
