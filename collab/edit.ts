// Changing the resume: add, remove and move items, replace a field's text, edit string-array fields.
// Every change runs in one transaction; item positions are positions among the items readers see.

import * as Y from 'yjs';
import { simpleDiffString } from 'lib0/diff';
import { buildItem, buildObject, buildTextEntry } from './build.ts';
import { CollabError } from './errors.ts';
import {
  ensureText,
  ensureTextList,
  getBasics,
  getItem,
  getList,
  getResumeMap,
  itemIdOf,
  listItems,
  transactOn,
  type ResumeItem,
} from './document.ts';
import { HIDDEN_KEY, RESUME_SCHEMA, listFields, type ItemJson, type ListName } from './schema.ts';

/**
 * Adds an item to a list at `index` (among the items; default: the end) and returns its id.
 * Every known field is created (empty when not in `init`) and exported once it holds something.
 * An `id` in `init` is used when it is a usable id not yet in the list; otherwise one is generated.
 */
export function addItem<L extends ListName>(doc: Y.Doc, list: L, init: ItemJson<L> = {}, index?: number): string {
  return doc.transact(() => {
    const array = ensureList(doc, list);
    const items = listItems(array);
    const taken = new Set(array.toArray().flatMap((v) => itemIdOf(v) ?? []));
    const { id, map } = buildItem(init, listFields(list), { taken, mode: 'create' });
    array.insert(rawIndexBefore(array, items, index ?? items.length), [map]);
    return id;
  });
}

/** Removes the item, including any later copies of it (see listItems). False when it is not there. */
/**
 * Hides an item from the printed resume (preview and PDF) or shows it again; its content stays
 * in the document and in the JSON Resume export. Returns false when there is no such item.
 */
export function setItemHidden(doc: Y.Doc, list: ListName, id: string, hidden: boolean): boolean {
  return doc.transact(() => {
    const item = getItem(doc, list, id);
    if (!item) return false;
    if (hidden) item.set(HIDDEN_KEY, true);
    else item.delete(HIDDEN_KEY);
    return true;
  });
}

export function removeItem(doc: Y.Doc, list: ListName, id: string): boolean {
  return doc.transact(() => {
    const array = getList(doc, list);
    if (array === undefined) return false;
    let removed = false;
    for (let i = array.length - 1; i >= 0; i--) {
      if (itemIdOf(array.get(i)) === id) {
        array.delete(i, 1);
        removed = true;
      }
    }
    return removed;
  });
}

/**
 * Moves the item so that it ends at `toIndex` among the items (clamped). Yjs has no move: this
 * deletes the item and inserts a deep copy with the same id, so edits made concurrently inside the
 * moved item are lost with the deleted original, and comment anchors (relative positions) in its
 * text must be re-anchored by item id and path. Two concurrent moves
 * of one item leave two copies; the first wins (see listItems, normalizeResumeDoc).
 */
export function moveItem(doc: Y.Doc, list: ListName, id: string, toIndex: number): boolean {
  return doc.transact(() => {
    const array = getList(doc, list);
    if (array === undefined) return false;
    const items = listItems(array);
    const from = items.findIndex((item) => item.id === id);
    const moving = items[from];
    if (moving === undefined) return false;
    const target = clamp(toIndex, 0, items.length - 1);
    if (target === from) return true;
    const rest = items.filter((item) => item !== moving);
    let raw = rawIndexBefore(array, rest, target);
    const copy = moving.map.clone();
    array.delete(moving.index, 1);
    if (raw > moving.index) raw -= 1;
    array.insert(raw, [copy]);
    return true;
  });
}

/**
 * Replaces a field's text with `value`, touching only the changed middle part so that concurrent
 * typing elsewhere in the field and remote carets survive. Creates the Y.Text when needed.
 */
export function setText(map: Y.Map<unknown>, field: string, value: string): void {
  transactOn(map, () => replaceText(ensureText(map, field), value));
}

/** Replaces the whole content of a Y.Text (e.g. the job description) by the minimal splice. */
export function replaceText(text: Y.Text, value: string): void {
  transactOn(text, () => {
    const { index, remove, insert } = simpleDiffString(text.toString(), value);
    if (remove > 0) text.delete(index, remove);
    if (insert.length > 0) text.insert(index, insert);
  });
}

/** Inserts a new entry (a bullet, a keyword) into a string-array field at `index` (default: the end). */
export function insertTextEntry(map: Y.Map<unknown>, field: string, value: string, index?: number): void {
  transactOn(map, () => {
    const list = ensureTextList(map, field);
    const at = index ?? list.length;
    checkIndex(list, at, field, list.length);
    list.insert(at, [buildTextEntry(value)]);
  });
}

/** Replaces the text of one entry of a string-array field. */
export function setTextEntry(map: Y.Map<unknown>, field: string, index: number, value: string): void {
  transactOn(map, () => {
    const list = ensureTextList(map, field);
    checkIndex(list, index, field);
    const entry = list.get(index);
    if (entry instanceof Y.Text) {
      replaceText(entry, value);
      return;
    }
    list.delete(index, 1);
    list.insert(index, [buildTextEntry(value)]);
  });
}

export function removeTextEntry(map: Y.Map<unknown>, field: string, index: number): void {
  transactOn(map, () => {
    const list = ensureTextList(map, field);
    checkIndex(list, index, field);
    list.delete(index, 1);
  });
}

/**
 * Moves an entry of a string-array field so that it ends at `to`. Like moveItem this is delete +
 * insert of a copy; entries have no ids, so two concurrent moves of one entry leave it twice.
 */
export function moveTextEntry(map: Y.Map<unknown>, field: string, from: number, to: number): void {
  transactOn(map, () => {
    const list = ensureTextList(map, field);
    checkIndex(list, from, field);
    checkIndex(list, to, field);
    if (from === to) return;
    const entry = list.get(from);
    const copy = entry instanceof Y.AbstractType ? entry.clone() : entry;
    list.delete(from, 1);
    list.insert(to, [copy]);
  });
}

/** The Y.Array of a list, created when missing or null (a non-array value throws `section_not_list`). */
export function ensureList(doc: Y.Doc, list: ListName): Y.Array<unknown> {
  return doc.transact(() => {
    const parent = list === 'profiles' ? ensureBasics(doc) : getResumeMap(doc);
    const current = parent.get(list);
    if (current instanceof Y.Array) return current;
    if (current !== undefined && current !== null) {
      throw new CollabError('section_not_list', `"${list}" holds a value that is not a list`, { list });
    }
    const array = new Y.Array<unknown>();
    parent.set(list, array);
    return array;
  });
}

/** The basics Y.Map, created (with every field empty) when missing or null. */
export function ensureBasics(doc: Y.Doc): Y.Map<unknown> {
  const existing = getBasics(doc);
  if (existing) return existing;
  const resume = getResumeMap(doc);
  const current = resume.get('basics');
  if (current !== undefined && current !== null) {
    throw new CollabError('section_not_object', '"basics" holds a value that is not an object', { section: 'basics' });
  }
  const basics = buildObject({}, RESUME_SCHEMA.basics.fields);
  transactOn(resume, () => resume.set('basics', basics));
  return basics;
}

/** The raw array index at which an entry lands at position `index` among `items`. */
function rawIndexBefore(array: Y.Array<unknown>, items: readonly ResumeItem[], index: number): number {
  const next = items[clamp(index, 0, items.length)];
  return next === undefined ? array.length : next.index;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(Math.trunc(value), min), Math.max(min, max));
}

function checkIndex(list: Y.Array<unknown>, index: number, field: string, max = list.length - 1): void {
  if (!Number.isInteger(index) || index < 0 || index > max) {
    throw new CollabError('index_out_of_range', `index ${index} is outside "${field}"`, {
      field,
      index,
      length: list.length,
    });
  }
}
