// JSON Resume in and out of the resume Y.Doc, losslessly: unknown fields and values of unexpected
// types are kept as plain JSON, absent fields stay absent, "" stays "", item ids stay internal.

import * as Y from 'yjs';
import { fill } from './build.ts';
import { CollabError } from './errors.ts';
import { getResumeMap, itemIdOf } from './document.ts';
import { cloneJson, isEmptyJson, isPlainObject, toJsonLenient, type JsonObject, type JsonValue } from './json.ts';
import {
  ABSENT_KEY,
  HIDDEN_KEY,
  ITEM_ID_KEY,
  RESUME_SCHEMA,
  SOURCE_ID_KEY,
  fieldSpec,
  unescapeKey,
  isTextList,
  type FieldSpec,
  type Fields,
  type JsonResume,
} from './schema.ts';
import { initSettings, type ResumeSettingsInit } from './settings.ts';

/** What import accepts: any JSON object (see jsonResumeInput for validating uploads). */
export type JsonResumeInput = Readonly<Record<string, unknown>>;

const TOP_LEVEL: Fields = RESUME_SCHEMA;

/**
 * A new resume document: the JSON Resume (or an empty resume) and the settings, written in one
 * transaction. The server does this once when a resume is created and stores the state; clients
 * load it and never initialise a document themselves (two initialisations would conflict).
 */
export function createResumeDoc(json: JsonResumeInput = {}, settings?: ResumeSettingsInit): Y.Doc {
  const doc = new Y.Doc();
  importJsonResume(doc, json, settings);
  return doc;
}

/**
 * Writes a JSON Resume into an empty document in one transaction, and any missing settings.
 * Throws `invalid_json` for a value that is not JSON (nothing is written then) and
 * `doc_not_empty` when the document already holds a resume.
 */
export function importJsonResume(doc: Y.Doc, json: JsonResumeInput, settings?: ResumeSettingsInit): void {
  // A checked copy: the document must not share objects the caller may change later.
  const source = cloneJson(json);
  if (!isPlainObject(source)) throw new CollabError('invalid_json', 'a JSON Resume must be an object');
  const resume = getResumeMap(doc);
  if (resume.size > 0) throw new CollabError('doc_not_empty', 'the document already holds a resume');
  doc.transact(() => {
    initSettings(doc, settings); // first: it checks the settings before anything is written
    fill(resume, source, TOP_LEVEL, undefined);
  });
}

/**
 * The resume as JSON Resume. Fields created empty for editing (absent in the source, or in
 * addItem's `init`) are left out until they hold something; later copies of a moved item are
 * skipped (see listItems). Keys follow the source's order, then fields filled in later.
 */
export function exportJsonResume(doc: Y.Doc, options: ExportOptions = {}): JsonResume {
  // Containers are as the schema says wherever the source had them so (jsonResumeInput checks that
  // at upload); leaf values are what the source held, which JsonResume's doc comment spells out.
  return exportMap(getResumeMap(doc), TOP_LEVEL, false, { omitHidden: options.omitHidden ?? false });
}

export interface ExportOptions {
  /** Leave out items hidden from the printed resume (the preview and the PDF); the data export keeps them. */
  readonly omitHidden?: boolean;
}
type Options = Required<ExportOptions>;

/** Whether an item is hidden from the printed resume. */
export function isItemHidden(item: Y.Map<unknown>): boolean {
  return item.get(HIDDEN_KEY) === true;
}

function exportMap(map: Y.Map<unknown>, fields: Fields, isItem: boolean, options: Options): JsonObject {
  const absent = absentKeys(map);
  const entries: [string, JsonValue][] = [];
  for (const [key, value] of map.entries()) {
    if (key === ABSENT_KEY || key === HIDDEN_KEY || (isItem && key === ITEM_ID_KEY)) continue;
    if (isItem && key === SOURCE_ID_KEY) {
      entries.push([ITEM_ID_KEY, exportValue(value, undefined, options)]);
      continue;
    }
    const json = exportValue(value, fieldSpec(fields, key), options);
    if (absent.has(key) && isEmptyJson(json)) continue;
    entries.push([unescapeKey(key), json]);
  }
  return Object.fromEntries(entries);
}

function exportValue(value: unknown, spec: FieldSpec | undefined, options: Options): JsonValue {
  if (value instanceof Y.Text) return value.toString();
  if (value instanceof Y.Map) {
    const isObject = spec !== undefined && typeof spec === 'object';
    return exportMap(value, isObject ? spec.fields : {}, isObject && spec.kind === 'list', options);
  }
  if (value instanceof Y.Array) {
    if (spec !== undefined && typeof spec === 'object' && spec.kind === 'list') return exportItems(value, spec.fields, options);
    const entrySpec = isTextList(spec) ? 'text' : undefined;
    return value.toArray().map((entry) => exportValue(entry, entrySpec, options));
  }
  if (value instanceof Y.AbstractType) return toJsonLenient(value.toJSON());
  return toJsonLenient(value);
}

/** The entries of a list: items (each id once, first copy wins) and any plain entries kept. */
function exportItems(array: Y.Array<unknown>, fields: Fields, options: Options): JsonValue[] {
  const seen = new Set<string>();
  const out: JsonValue[] = [];
  for (const entry of array.toArray()) {
    const id = itemIdOf(entry);
    if (id !== undefined && seen.has(id)) continue;
    if (id !== undefined) seen.add(id);
    if (options.omitHidden && entry instanceof Y.Map && isItemHidden(entry)) continue;
    out.push(entry instanceof Y.Map ? exportMap(entry, fields, true, options) : exportValue(entry, undefined, options));
  }
  return out;
}

function absentKeys(map: Y.Map<unknown>): ReadonlySet<string> {
  const value = map.get(ABSENT_KEY);
  return new Set(Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
}
