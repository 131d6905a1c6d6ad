// Plain text of a resume, by section, for analysis and plain-text export. Every field's place in
// the whole text is recorded, so a match in the text maps back to an item, a field and an offset.

import * as Y from 'yjs';
import { getBasics, getList, listItems } from './document.ts';
import {
  BASICS_ITEM_ID,
  MODEL_KEYS,
  RESUME_SCHEMA,
  fieldSpec,
  isTextList,
  listFields,
  sectionTitle,
  type Fields,
  type ListName,
  type SectionName,
} from './schema.ts';
import { getHiddenSections, getSectionOrder } from './settings.ts';

export interface ExtractedField {
  /** Where the text is inside its item: `summary`, `highlights.2`, `location.city`, `env.os.0`. */
  readonly path: string;
  readonly text: string;
  /** `[start, end)` of this field in ExtractedResume.text, in UTF-16 code units (JS string indexes). */
  readonly start: number;
  readonly end: number;
  /** False for a field the schema does not know (kept from an imported file). */
  readonly known: boolean;
}
export interface ExtractedItem {
  readonly id: string;
  /** `basics` (id `basics`) for the basics object, `profiles` for a profile, else the section. */
  readonly list: ListName | 'basics';
  readonly fields: readonly ExtractedField[];
  readonly start: number;
  readonly end: number;
}
export interface ExtractedSection {
  readonly section: SectionName;
  readonly title: string;
  readonly hidden: boolean;
  readonly items: readonly ExtractedItem[];
  /** `[start, end)` of the section in the text, its heading included. */
  readonly start: number;
  readonly end: number;
}
export interface ExtractedResume {
  readonly sections: readonly ExtractedSection[];
  readonly text: string;
}
export interface TextLocation {
  readonly section: SectionName;
  readonly list: ListName | 'basics';
  readonly itemId: string;
  readonly path: string;
  /** Offset inside the field's text. */
  readonly offset: number;
  readonly field: ExtractedField;
}

interface Segment {
  readonly path: string;
  readonly text: string;
  readonly known: boolean;
}
interface Line {
  readonly prefix: string;
  readonly separator: string;
  readonly segments: readonly Segment[];
}

interface PendingItem {
  readonly id: string;
  readonly list: ListName | 'basics';
  readonly lines: readonly Line[];
}

/**
 * The resume as text: basics first (no heading), then the array sections in the section order,
 * each under its title. One field per line, string-array entries as `- ` bullets (`lines`) or one
 * comma-separated line (`tags`), location on one line; items separated by a blank line. Blank
 * fields, items and sections are left out. Hidden sections are included and marked `hidden`
 * (their text too, so offsets stay in one space) unless `skipHidden` leaves them out entirely.
 */
export function extractText(doc: Y.Doc, options: { readonly skipHidden?: boolean } = {}): ExtractedResume {
  const out = new TextOut();
  const hidden = new Set(getHiddenSections(doc));
  const sections: ExtractedSection[] = [];

  const basics = getBasics(doc);
  if (basics) {
    const items: PendingItem[] = [
      { id: BASICS_ITEM_ID, list: 'basics', lines: linesOf(basics, RESUME_SCHEMA.basics.fields, '') },
    ];
    const profiles = getList(doc, 'profiles');
    for (const item of profiles ? listItems(profiles) : []) {
      items.push({ id: item.id, list: 'profiles', lines: linesOf(item.map, listFields('profiles'), '') });
    }
    const section = writeSection(out, 'basics', false, items, '\n');
    if (section) sections.push(section);
  }
  for (const name of getSectionOrder(doc)) {
    const isHidden = hidden.has(name);
    if (isHidden && options.skipHidden) continue;
    const array = getList(doc, name);
    if (!array) continue;
    const fields = listFields(name);
    const items = listItems(array).map((item) => ({ id: item.id, list: name, lines: linesOf(item.map, fields, '') }));
    const section = writeSection(out, name, isHidden, items, '\n\n');
    if (section) sections.push(section);
  }
  return { sections, text: out.text() };
}

/** The item, field and offset at `offset` of the extracted text; undefined between fields. */
export function locate(extracted: ExtractedResume, offset: number): TextLocation | undefined {
  for (const section of extracted.sections) {
    if (offset < section.start || offset > section.end) continue;
    for (const item of section.items) {
      if (offset < item.start || offset > item.end) continue;
      const field = item.fields.find((f) => offset >= f.start && offset <= f.end);
      if (field) {
        return { section: section.section, list: item.list, itemId: item.id, path: field.path, offset: offset - field.start, field };
      }
    }
  }
  return undefined;
}

function writeSection(
  out: TextOut,
  name: SectionName,
  hidden: boolean,
  items: readonly PendingItem[],
  itemSeparator: string,
): ExtractedSection | undefined {
  const filled = items.filter((item) => item.lines.length > 0);
  if (filled.length === 0) return undefined;
  if (out.length > 0) out.write('\n\n');
  const start = out.length;
  if (name !== 'basics') out.write(`${sectionTitle(name)}\n`);
  const written = filled.map((item, i) => {
    if (i > 0) out.write(itemSeparator);
    const itemStart = out.length;
    const fields = item.lines.flatMap((line, j) => {
      if (j > 0) out.write('\n');
      out.write(line.prefix);
      return line.segments.map((segment, k) => {
        if (k > 0) out.write(line.separator);
        const fieldStart = out.length;
        out.write(segment.text);
        return { ...segment, start: fieldStart, end: out.length };
      });
    });
    return { id: item.id, list: item.list, fields, start: itemStart, end: out.length };
  });
  return { section: name, title: sectionTitle(name), hidden, items: written, start, end: out.length };
}

/** The lines of one item (or basics): known fields in schema order, then unknown ones. */
function linesOf(map: Y.Map<unknown>, fields: Fields, prefix: string): Line[] {
  const lines: Line[] = [];
  for (const [key, spec] of Object.entries(fields)) {
    const value = map.get(key);
    const path = prefix + key;
    if (spec === 'text') {
      const text = stringOf(value);
      if (text !== undefined) lines.push(line('', [{ path, text, known: true }]));
    } else if (isTextList(spec)) {
      const entries = entriesOf(value, path);
      if (spec === 'lines') lines.push(...entries.map((entry) => line('- ', [entry])));
      else if (entries.length > 0) lines.push(line('', entries, ', '));
    } else if (spec.kind === 'object' && value instanceof Y.Map) {
      const segments = linesOf(value, spec.fields, `${path}.`).flatMap((l) => l.segments);
      if (segments.length > 0) lines.push(line('', segments, ', '));
    }
    // Lists inside an object (basics.profiles) are extracted as items of their own.
  }
  for (const [key, value] of map.entries()) {
    if (MODEL_KEYS.has(key) || fieldSpec(fields, key) !== undefined) continue;
    for (const segment of unknownStrings(value, prefix + key)) lines.push(line('', [segment]));
  }
  return lines;
}

function line(prefix: string, segments: readonly Segment[], separator = ''): Line {
  return { prefix, segments, separator };
}

function stringOf(value: unknown): string | undefined {
  const text = value instanceof Y.Text ? value.toString() : typeof value === 'string' ? value : undefined;
  return text !== undefined && text.trim().length > 0 ? text : undefined;
}

function entriesOf(value: unknown, path: string): Segment[] {
  const entries: unknown[] = value instanceof Y.Array ? value.toArray() : Array.isArray(value) ? value : [];
  return entries.flatMap((entry, i) => {
    const text = stringOf(entry);
    return text === undefined ? [] : [{ path: `${path}.${i}`, text, known: true }];
  });
}

/** Every non-blank string inside a value the schema does not know, with its path. */
function unknownStrings(value: unknown, path: string): Segment[] {
  const text = stringOf(value);
  if (text !== undefined) return [{ path, text, known: false }];
  const children: Array<[string, unknown]> =
    value instanceof Y.Map
      ? [...value.entries()]
      : value instanceof Y.Array
        ? value.toArray().map((v, i) => [String(i), v])
        : Array.isArray(value)
          ? value.map((v, i) => [String(i), v])
          : typeof value === 'object' && value !== null && !(value instanceof Y.AbstractType)
            ? Object.entries(value)
            : [];
  return children.flatMap(([key, child]) => unknownStrings(child, `${path}.${key}`));
}

class TextOut {
  private readonly parts: string[] = [];
  length = 0;

  write(part: string): void {
    this.parts.push(part);
    this.length += part.length;
  }

  text(): string {
    return this.parts.join('');
  }
}
