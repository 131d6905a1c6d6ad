// Restoring a version: brings a live resume document to exactly the content of another document
// (a version's snapshot) as one new change. History is never rewritten: what differs is deleted
// and inserted like a person's edits, so every peer converges and undo/GC behave as usual.

import { diffArrays, diffChars } from 'diff';
import * as Y from 'yjs';
import { getJobDescriptionText, getResumeMap, getSettingsMap, itemIdOf } from './document.ts';
import { replaceText } from './edit.ts';

/** Above this many changed characters a field is replaced as one splice: a char diff of two very
 *  different long texts costs O(N·D), and keeping caret positions inside them is moot anyway. */
const MAX_CHAR_EDITS = 2_000;

/**
 * Makes `live` hold the same resume as `version`: sections, items (matched by their model id,
 * so an item's own text keeps its identity), fields, hidden flags, settings and the job
 * description. Only what differs is touched, with the smallest deletes and inserts found, so
 * concurrent typing elsewhere and comment anchors in unchanged text survive. Runs in one
 * transaction of `live`; `version` is only read. Returns whether anything changed.
 */
export function restoreResumeDoc(live: Y.Doc, version: Y.Doc): boolean {
  const sync = new DocSync();
  live.transact(() => {
    sync.map(getResumeMap(live), getResumeMap(version));
    sync.map(getSettingsMap(live), getSettingsMap(version));
    sync.text(getJobDescriptionText(live), getJobDescriptionText(version).toString());
  });
  return sync.changes > 0;
}

/** One restore: the recursive walk over both documents, counting what it changed. */
class DocSync {
  changes = 0;

  map(live: Y.Map<unknown>, target: Y.Map<unknown>): void {
    for (const key of Array.from(live.keys())) {
      if (!target.has(key)) {
        live.delete(key);
        this.changes += 1;
      }
    }
    for (const [key, value] of target.entries()) this.entry(live, key, value);
  }

  text(live: Y.Text, value: string): void {
    const current = live.toString();
    if (current === value) return;
    this.changes += 1;
    const parts = diffChars(current, value, { maxEditLength: MAX_CHAR_EDITS });
    if (!parts) {
      replaceText(live, value);
      return;
    }
    let index = 0;
    for (const part of parts) {
      if (part.removed) live.delete(index, part.value.length);
      else if (part.added) {
        live.insert(index, part.value);
        index += part.value.length;
      } else index += part.value.length;
    }
  }

  /**
   * An array's entries: items matched by id, other entries (bullets, keywords, section names)
   * by content. Runs that differ are paired up in place where both sides are alike (a bullet
   * rewritten keeps its Y.Text and gets a character diff); the rest is deleted or inserted.
   */
  array(live: Y.Array<unknown>, target: Y.Array<unknown>): void {
    this.dropLaterCopies(live);
    const wanted = firstCopies(target.toArray());
    const changes = diffArrays(live.toArray().map(entryKey), wanted.map(entryKey));
    let i = 0; // position in live
    let j = 0; // position in wanted
    for (let c = 0; c < changes.length; c++) {
      const change = changes[c];
      if (!change) continue;
      if (!change.added && !change.removed) {
        for (let k = 0; k < change.count; k++, i++, j++) this.same(live.get(i), wanted[j]);
        continue;
      }
      const next = changes[c + 1];
      const removed = change.removed ? change.count : 0;
      const added = change.added ? change.count : next?.added && change.removed ? next.count : 0;
      if (change.removed && next?.added) c += 1;
      const paired = Math.min(removed, added);
      for (let k = 0; k < paired; k++, i++, j++) this.replace(live, i, wanted[j]);
      if (removed > paired) {
        live.delete(i, removed - paired);
        this.changes += 1;
      }
      for (let k = paired; k < added; k++, i++, j++) {
        live.insert(i, [copyOf(wanted[j])]);
        this.changes += 1;
      }
    }
  }

  private entry(live: Y.Map<unknown>, key: string, value: unknown): void {
    const current = live.get(key);
    if (value instanceof Y.Text && current instanceof Y.Text) return this.text(current, value.toString());
    if (value instanceof Y.Map && current instanceof Y.Map) return this.map(current, value);
    if (value instanceof Y.Array && current instanceof Y.Array) return this.array(current, value);
    if (sameValue(current, value)) return;
    live.set(key, copyOf(value));
    this.changes += 1;
  }

  /** Entries with equal keys: items (same id) may still differ inside; the rest are equal. */
  private same(live: unknown, target: unknown): void {
    if (live instanceof Y.Map && target instanceof Y.Map) this.map(live, target);
  }

  /** Replaces live[i] by target, in place when both are alike and carry no different identity. */
  private replace(live: Y.Array<unknown>, i: number, target: unknown): void {
    const current = live.get(i);
    if (current instanceof Y.Text && target instanceof Y.Text) return this.text(current, target.toString());
    const bothPlainMaps =
      current instanceof Y.Map && target instanceof Y.Map && itemIdOf(current) === undefined && itemIdOf(target) === undefined;
    if (bothPlainMaps) return this.map(current, target);
    if (current instanceof Y.Array && target instanceof Y.Array) return this.array(current, target);
    live.delete(i, 1);
    live.insert(i, [copyOf(target)]);
    this.changes += 1;
  }

  /** Later copies of an item (left by concurrent moves) go, as readers already ignore them. */
  private dropLaterCopies(live: Y.Array<unknown>): void {
    const seen = new Set<string>();
    const later: number[] = [];
    live.forEach((value, index) => {
      const id = itemIdOf(value);
      if (id === undefined) return;
      if (seen.has(id)) later.push(index);
      else seen.add(id);
    });
    for (const index of later.reverse()) live.delete(index, 1);
    this.changes += later.length;
  }
}

/** The entries readers see: later copies of an item are skipped (the first wins, see listItems). */
function firstCopies(entries: readonly unknown[]): unknown[] {
  const seen = new Set<string>();
  return entries.filter((value) => {
    const id = itemIdOf(value);
    if (id === undefined) return true;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** What matches an entry to its counterpart: an item's id, or the content of anything else. */
function entryKey(value: unknown): string {
  const id = itemIdOf(value);
  if (id !== undefined) return `item:${id}`;
  if (value instanceof Y.Text) return `text:${value.toString()}`;
  if (value instanceof Y.AbstractType) return `type:${JSON.stringify(value.toJSON())}`;
  return `json:${JSON.stringify(value) ?? 'undefined'}`;
}

/** A value to insert into the live document: Yjs types are deep-copied out of the version. */
function copyOf(value: unknown): unknown {
  return value instanceof Y.AbstractType ? value.clone() : value;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Y.AbstractType || b instanceof Y.AbstractType) {
    // Different kinds of type (a Y.Text where the version has plain JSON, ...): never the same.
    return a instanceof Y.AbstractType && b instanceof Y.AbstractType && a.constructor === b.constructor && sameJson(a.toJSON(), b.toJSON());
  }
  return sameJson(a, b);
}

/** Deep equality of plain JSON values (key order ignored). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}
