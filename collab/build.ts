// Builds Yjs values (not yet in a document) from JSON, following the schema.
// Used by import and by addItem; the reverse direction lives in jsonresume.ts.

import * as Y from 'yjs';
import { newItemId, isUsableItemId } from './ids.ts';
import { cloneJson, isPlainObject } from './json.ts';
import {
  ABSENT_KEY,
  ITEM_ID_KEY,
  SOURCE_ID_KEY,
  escapeKey,
  fieldSpec,
  isTextList,
  type FieldSpec,
  type Fields,
} from './schema.ts';

/** How an item's `id` from the JSON is treated. */
export interface ItemIdPolicy {
  /** Ids already in the list: a source id equal to one of them is not adopted. */
  readonly taken: Set<string>;
  /**
   * `import`: a source `id` is remembered (SOURCE_ID_KEY) and exported back as it was;
   * `create`: a source `id` only picks the new item's id (addItem).
   */
  readonly mode: 'import' | 'create';
}

/**
 * A Y.Map for a JSON object. Known fields become Y types; unknown ones plain JSON.
 * Known fields absent from `json` are created empty (so two people who start typing into
 * the same empty field merge instead of one replacing the other) and listed under ABSENT_KEY,
 * so export leaves them out until they hold something.
 */
export function buildObject(json: Record<string, unknown>, fields: Fields): Y.Map<unknown> {
  return fill(new Y.Map<unknown>(), json, fields, undefined);
}

/** A Y.Map for one item of a list, with its model id set first. */
export function buildItem(
  json: Record<string, unknown>,
  fields: Fields,
  policy: ItemIdPolicy,
): { readonly id: string; readonly map: Y.Map<unknown> } {
  const id = chooseId(json[ITEM_ID_KEY], policy.taken);
  const map = new Y.Map<unknown>();
  map.set(ITEM_ID_KEY, id);
  return { id, map: fill(map, json, fields, policy) };
}

/**
 * Sets the fields of `json` into `map` (which may already be in a document): known fields as Y
 * types, unknown ones as plain JSON, absent known fields empty and listed under ABSENT_KEY.
 */
export function fill(
  map: Y.Map<unknown>,
  json: Record<string, unknown>,
  fields: Fields,
  item: ItemIdPolicy | undefined,
): Y.Map<unknown> {
  for (const [key, value] of Object.entries(json)) {
    if (value === undefined) continue;
    if (item && key === ITEM_ID_KEY) {
      if (item.mode === 'import') map.set(SOURCE_ID_KEY, cloneJson(value));
      continue;
    }
    const spec = fieldSpec(fields, key);
    map.set(escapeKey(key), spec === undefined ? cloneJson(value, key) : buildField(spec, value));
  }
  const absent = Object.keys(fields).filter((key) => !Object.hasOwn(json, key) || json[key] === undefined);
  for (const key of absent) {
    const spec = fieldSpec(fields, key);
    if (spec !== undefined) map.set(key, emptyField(spec));
  }
  if (absent.length > 0) map.set(ABSENT_KEY, absent);
  return map;
}

/** The Yjs value of a known field; a value of an unexpected JSON type is kept as plain JSON. */
export function buildField(spec: FieldSpec, value: unknown): unknown {
  if (spec === 'text') return typeof value === 'string' ? new Y.Text(value) : cloneJson(value);
  if (isTextList(spec)) {
    if (!Array.isArray(value)) return cloneJson(value);
    const list = new Y.Array<unknown>();
    list.push(value.map(buildTextEntry));
    return list;
  }
  if (spec.kind === 'object') return isPlainObject(value) ? buildObject(value, spec.fields) : cloneJson(value);
  if (!Array.isArray(value)) return cloneJson(value);
  const taken = new Set<string>();
  const list = new Y.Array<unknown>();
  list.push(
    value.map((entry) =>
      isPlainObject(entry) ? buildItem(entry, spec.fields, { taken, mode: 'import' }).map : cloneJson(entry ?? null),
    ),
  );
  return list;
}

/** One entry of a string-array field: a Y.Text for a string, plain JSON otherwise. */
export function buildTextEntry(value: unknown): unknown {
  return typeof value === 'string' ? new Y.Text(value) : cloneJson(value ?? null);
}

/** The empty Yjs value of a known field. */
export function emptyField(spec: FieldSpec): unknown {
  if (spec === 'text') return new Y.Text();
  if (isTextList(spec)) return new Y.Array<unknown>();
  if (spec.kind === 'object') return buildObject({}, spec.fields);
  return new Y.Array<unknown>();
}

function chooseId(source: unknown, taken: Set<string>): string {
  let id = isUsableItemId(source) && !taken.has(source) ? source : newItemId();
  while (taken.has(id)) id = newItemId();
  taken.add(id);
  return id;
}
