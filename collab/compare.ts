// Comparing two states of a resume (two versions, or a version and now) for a side-by-side view:
// section by section, items matched by their model id, fields compared word by word (jsdiff).

import { diffArrays, diffWordsWithSpace } from 'diff';
import * as Y from 'yjs';
import { getBasics, getItems, readText, readTextList, type ResumeItem } from './document.ts';
import { exportJsonResume, isItemHidden } from './jsonresume.ts';
import {
  MODEL_KEYS,
  RESUME_SCHEMA,
  fieldSpec,
  isTextList,
  listFields,
  sectionTitle,
  unescapeKey,
  type ArraySectionName,
  type Fields,
  type ListName,
} from './schema.ts';
import { getJobDescription, readSettings, type ResumeSettings } from './settings.ts';

/** A run of text on one side or both: unchanged (no `change`), only in the newer state, or only in the older. */
export interface DiffPart {
  text: string;
  change?: 'added' | 'removed';
}

export type ChangeStatus = 'same' | 'added' | 'removed' | 'changed';

export interface EntryComparison {
  status: ChangeStatus;
  parts: DiffPart[];
}

export interface FieldComparison {
  /** The field's name, or a dotted path for nested ones (`location.city`). */
  field: string;
  status: ChangeStatus;
  /** `text`: one word diff in `parts`; `list` (bullets, keywords): one per entry in `entries`. */
  kind: 'text' | 'list';
  parts: DiffPart[];
  entries: EntryComparison[];
}

export interface ItemComparison {
  /** The model id (`basics` for the personal details). */
  id: string;
  status: ChangeStatus;
  /** The item's place among its siblings changed. */
  moved: boolean;
  /** What names the item (position and company, institution...), from the newer side when it exists. */
  title: string;
  hidden: { from: boolean | null; to: boolean | null };
  /** Every field that holds something on either side, the unchanged ones too. */
  fields: FieldComparison[];
}

export interface SectionComparison {
  section: 'basics' | ListName;
  title: string;
  status: ChangeStatus;
  items: ItemComparison[];
}

export interface SettingsComparison {
  template: { from: string; to: string } | null;
  sectionOrder: { from: readonly string[]; to: readonly string[] } | null;
  hiddenSections: { from: readonly string[]; to: readonly string[] } | null;
}

export interface ResumeComparison {
  changed: boolean;
  /** Items added, removed and changed (the personal details count as one item). */
  counts: { added: number; removed: number; changed: number };
  /** The sections in the newer state's order, each with its items in a merged order. */
  sections: SectionComparison[];
  jobDescription: FieldComparison;
  settings: SettingsComparison;
}

/** Past this many changed words a field is shown as removed and added whole (the diff costs O(N·D)). */
const MAX_WORD_EDITS = 5_000;
/** Fields that name an item, in order of preference (as the form's card headers). */
const TITLE_FIELDS = ['position', 'name', 'institution', 'title', 'organization', 'language', 'network'];

/** The differences from `from` (the older state) to `to` (the newer one). Neither is changed. */
export function compareResumeDocs(from: Y.Doc, to: Y.Doc): ResumeComparison {
  const toSettings = readSettings(to);
  const sections: SectionComparison[] = [
    section('basics', 'Personal details', [basicsItem(from, to)]),
    section('profiles', 'Profiles', compareLists(from, to, 'profiles')),
    ...toSettings.sectionOrder.map((name) => section(name, sectionTitle(name), compareLists(from, to, name))),
  ];
  const counts = { added: 0, removed: 0, changed: 0 };
  for (const s of sections) {
    for (const item of s.items) if (item.status !== 'same') counts[item.status] += 1;
  }
  const jobDescription = compareField('jobDescription', { kind: 'text', text: getJobDescription(from) }, { kind: 'text', text: getJobDescription(to) });
  const settings = compareSettings(readSettings(from), toSettings);
  const changed =
    counts.added + counts.removed + counts.changed > 0 ||
    jobDescription.status !== 'same' ||
    settings.template !== null ||
    settings.sectionOrder !== null ||
    settings.hiddenSections !== null;
  return { changed, counts, sections, jobDescription, settings };
}

/**
 * Whether two states hold the same resume as a person sees it: the JSON Resume, which items are
 * hidden, the settings and the job description (an automatic version equal to the last is skipped).
 */
export function sameResumeContent(a: Y.Doc, b: Y.Doc): boolean {
  return contentKey(a) === contentKey(b);
}

function contentKey(doc: Y.Doc): string {
  return JSON.stringify([exportJsonResume(doc), exportJsonResume(doc, { omitHidden: true }), readSettings(doc), getJobDescription(doc)]);
}

function section(name: SectionComparison['section'], title: string, items: ItemComparison[]): SectionComparison {
  const status = items.every((i) => i.status === 'same') ? 'same' : 'changed';
  return { section: name, title, status, items };
}

// ---- items ------------------------------------------------------------------------------------

function basicsItem(from: Y.Doc, to: Y.Doc): ItemComparison {
  const a = getBasics(from);
  const b = getBasics(to);
  const fields = compareFieldSets(a ? readFields(a, RESUME_SCHEMA.basics.fields) : new Map(), b ? readFields(b, RESUME_SCHEMA.basics.fields) : new Map());
  const status = fields.some((f) => f.status !== 'same') ? 'changed' : 'same';
  const name = (doc: Y.Doc) => readText(getBasics(doc) ?? new Y.Map<unknown>(), 'name')?.trim() ?? '';
  return { id: 'basics', status, moved: false, title: name(to) || name(from), hidden: { from: null, to: null }, fields };
}

/**
 * The items of a list on both sides, in a merged order: the newer side's order, with items that
 * are only in the older one placed where they were. An item whose position among the items both
 * sides share changed is shown once, where it is now, marked moved.
 */
function compareLists(from: Y.Doc, to: Y.Doc, list: ListName): ItemComparison[] {
  const before = getItems(from, list);
  const after = getItems(to, list);
  const beforeById = new Map(before.map((item) => [item.id, item]));
  const afterById = new Map(after.map((item) => [item.id, item]));
  const fields = listFields(list);
  const out: ItemComparison[] = [];
  for (const change of diffArrays(before.map((i) => i.id), after.map((i) => i.id))) {
    for (const id of change.value) {
      const a = beforeById.get(id);
      const b = afterById.get(id);
      if (change.removed && b) continue; // moved: shown at its new place
      out.push(compareItem(id, a, b, fields, change.added === true && a !== undefined));
    }
  }
  return out;
}

function compareItem(id: string, a: ResumeItem | undefined, b: ResumeItem | undefined, fields: Fields, moved: boolean): ItemComparison {
  const fieldsA = a ? readFields(a.map, fields) : new Map<string, FieldValue>();
  const fieldsB = b ? readFields(b.map, fields) : new Map<string, FieldValue>();
  const compared = compareFieldSets(fieldsA, fieldsB);
  const hidden = { from: a ? isItemHidden(a.map) : null, to: b ? isItemHidden(b.map) : null };
  const status: ChangeStatus = !a
    ? 'added'
    : !b
      ? 'removed'
      : moved || hidden.from !== hidden.to || compared.some((f) => f.status !== 'same')
        ? 'changed'
        : 'same';
  return { id, status, moved, title: titleOf(fieldsB.size > 0 ? fieldsB : fieldsA), hidden, fields: compared };
}

/** The first two of the naming fields that hold something, e.g. "Engineer · Acme". */
function titleOf(fields: ReadonlyMap<string, FieldValue>): string {
  const names: string[] = [];
  for (const name of TITLE_FIELDS) {
    const value = fields.get(name);
    const text = value?.kind === 'text' ? value.text.trim() : '';
    if (text && !names.includes(text)) names.push(text);
  }
  return names.slice(0, 2).join(' · ');
}

// ---- fields -----------------------------------------------------------------------------------

type FieldValue = { kind: 'text'; text: string } | { kind: 'list'; entries: string[] };

/** An item's fields as plain values, known ones in schema order, then anything else it holds. */
function readFields(map: Y.Map<unknown>, fields: Fields, prefix = ''): Map<string, FieldValue> {
  const out = new Map<string, FieldValue>();
  for (const [key, spec] of Object.entries(fields)) {
    if (spec === 'text') {
      const text = readText(map, key);
      out.set(prefix + key, { kind: 'text', text: text ?? plain(map.get(key)) });
    } else if (isTextList(spec)) {
      const entries = readTextList(map, key);
      out.set(prefix + key, entries ? { kind: 'list', entries } : { kind: 'text', text: plain(map.get(key)) });
    } else if (spec.kind === 'object') {
      const nested = map.get(key);
      if (nested instanceof Y.Map) for (const [k, v] of readFields(nested, spec.fields, `${prefix}${key}.`)) out.set(k, v);
      else out.set(prefix + key, { kind: 'text', text: plain(nested) });
    }
    // 'list' (profiles inside basics) is compared as its own section.
  }
  for (const key of map.keys()) {
    if (MODEL_KEYS.has(key) || fieldSpec(fields, unescapeKey(key)) !== undefined) continue;
    out.set(prefix + unescapeKey(key), { kind: 'text', text: plain(map.get(key)) });
  }
  return out;
}

/** Any other value as text a person can read: strings as they are, the rest as JSON. */
function plain(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Y.AbstractType) return JSON.stringify(value.toJSON());
  return JSON.stringify(value) ?? '';
}

function compareFieldSets(a: ReadonlyMap<string, FieldValue>, b: ReadonlyMap<string, FieldValue>): FieldComparison[] {
  const names = [...b.keys(), ...[...a.keys()].filter((k) => !b.has(k))];
  const out: FieldComparison[] = [];
  for (const name of names) {
    const compared = compareField(name, a.get(name), b.get(name));
    if (compared.status === 'same' && isBlank(compared)) continue; // empty on both sides
    out.push(compared);
  }
  return out;
}

function isBlank(f: FieldComparison): boolean {
  return f.kind === 'text' ? f.parts.every((p) => p.text === '') : f.entries.length === 0;
}

function compareField(field: string, a: FieldValue | undefined, b: FieldValue | undefined): FieldComparison {
  if ((a === undefined || a.kind === 'list') && (b === undefined || b.kind === 'list')) {
    const entries = compareEntries(a?.entries ?? [], b?.entries ?? []);
    const before = a?.entries.length ?? 0;
    const after = b?.entries.length ?? 0;
    const status: ChangeStatus = entries.every((e) => e.status === 'same')
      ? 'same'
      : before === 0
        ? 'added'
        : after === 0
          ? 'removed'
          : 'changed';
    return { field, status, kind: 'list', parts: [], entries };
  }
  const from = asText(a);
  const to = asText(b);
  return { field, status: textStatus(from, to), kind: 'text', parts: wordDiff(from, to), entries: [] };
}

function asText(value: FieldValue | undefined): string {
  if (!value) return '';
  return value.kind === 'text' ? value.text : value.entries.join(', ');
}

function textStatus(from: string, to: string): ChangeStatus {
  if (from === to) return 'same';
  if (from === '') return 'added';
  if (to === '') return 'removed';
  return 'changed';
}

/** Bullets or keywords: equal entries kept, a rewritten entry compared word by word with the one it replaced. */
function compareEntries(a: readonly string[], b: readonly string[]): EntryComparison[] {
  const out: EntryComparison[] = [];
  const changes = diffArrays([...a], [...b]);
  for (let c = 0; c < changes.length; c++) {
    const change = changes[c];
    if (!change) continue;
    if (!change.added && !change.removed) {
      for (const text of change.value) out.push({ status: 'same', parts: [{ text }] });
      continue;
    }
    const next = changes[c + 1];
    const removed = change.removed ? change.value : [];
    const added = change.added ? change.value : change.removed && next?.added ? next.value : [];
    if (change.removed && next?.added) c += 1;
    const paired = Math.min(removed.length, added.length);
    for (let k = 0; k < Math.max(removed.length, added.length); k++) {
      const from = removed[k];
      const to = added[k];
      if (k < paired && from !== undefined && to !== undefined) out.push({ status: 'changed', parts: wordDiff(from, to) });
      else if (from !== undefined) out.push({ status: 'removed', parts: [{ text: from, change: 'removed' }] });
      else if (to !== undefined) out.push({ status: 'added', parts: [{ text: to, change: 'added' }] });
    }
  }
  return out;
}

/**
 * A word-level diff whose unchanged and removed parts spell `from` exactly, and whose unchanged
 * and added parts spell `to` (so each side of the view can be drawn from the same parts).
 */
export function wordDiff(from: string, to: string): DiffPart[] {
  if (from === to) return [{ text: from }];
  const changes = diffWordsWithSpace(from, to, { maxEditLength: MAX_WORD_EDITS });
  if (!changes) {
    return [
      ...(from ? [{ text: from, change: 'removed' as const }] : []),
      ...(to ? [{ text: to, change: 'added' as const }] : []),
    ];
  }
  return changes.map((c) => (c.added ? { text: c.value, change: 'added' } : c.removed ? { text: c.value, change: 'removed' } : { text: c.value }));
}

// ---- settings ---------------------------------------------------------------------------------

function compareSettings(a: ResumeSettings, b: ResumeSettings): SettingsComparison {
  const sameList = (x: readonly ArraySectionName[], y: readonly ArraySectionName[]) => x.length === y.length && x.every((v, i) => v === y[i]);
  const sorted = (x: readonly ArraySectionName[]) => [...x].sort();
  return {
    template: a.template === b.template ? null : { from: a.template, to: b.template },
    sectionOrder: sameList(a.sectionOrder, b.sectionOrder) ? null : { from: a.sectionOrder, to: b.sectionOrder },
    hiddenSections: sameList(sorted(a.hiddenSections), sorted(b.hiddenSections)) ? null : { from: a.hiddenSections, to: b.hiddenSections },
  };
}
