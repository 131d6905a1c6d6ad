// Plain JSON values: the type, a checked deep copy, and small predicates.
// Unknown fields and non-conforming values are stored in the Y.Doc as such copies.

import { CollabError } from './errors.ts';

export type JsonPrimitive = null | boolean | number | string;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** A plain object as JSON.parse makes it (not an array, not null, not a class instance). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Deep-copies a JSON value, dropping object properties whose value is `undefined`
 * (as JSON.stringify does). Anything that is not JSON throws `invalid_json`.
 * Objects are rebuilt with Object.fromEntries so a key named `__proto__` stays a plain key.
 */
export function cloneJson(value: unknown, path = '$'): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    throw new CollabError('invalid_json', `not a finite number at ${path}`, { path });
  }
  if (Array.isArray(value)) return value.map((v, i) => cloneJson(v ?? null, `${path}[${i}]`));
  if (isPlainObject(value)) {
    const entries: [string, JsonValue][] = [];
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) entries.push([k, cloneJson(v, `${path}.${k}`)]);
    }
    return Object.fromEntries(entries);
  }
  throw new CollabError('invalid_json', `not a JSON value at ${path}`, { path, type: typeof value });
}

/**
 * Like cloneJson, but never throws: what is not JSON becomes null (as JSON.stringify does for
 * NaN). For export, where a value written by a misbehaving peer must not break the download.
 */
export function toJsonLenient(value: unknown): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(toJsonLenient);
  if (isPlainObject(value)) {
    const entries: [string, JsonValue][] = [];
    for (const [k, v] of Object.entries(value)) if (v !== undefined) entries.push([k, toJsonLenient(v)]);
    return Object.fromEntries(entries);
  }
  return null;
}

/** "" , [] and {}: what an untouched field that was absent in the source exports to. */
export function isEmptyJson(value: JsonValue): boolean {
  if (value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return isPlainObject(value) && Object.keys(value).length === 0;
}
