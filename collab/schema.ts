// The one description of a resume: JSON Resume sections, their fields, and how each is held in Yjs.
// Types, import/export, text extraction, default section order and input validation derive from it.

/**
 * How one field is held:
 * - `text`: a string, as a Y.Text (concurrent typing merges by character);
 * - `lines` / `tags`: a string array, as a Y.Array of Y.Text (`lines` read as bullet lines,
 *   `tags` as a comma-separated line);
 * - `object`: a nested Y.Map (basics.location);
 * - `list`: a Y.Array of Y.Map items, each with a stable string `id` (basics.profiles).
 */
export type FieldSpec = 'text' | 'lines' | 'tags' | ObjectSpec | ListSpec;
export interface ObjectSpec {
  readonly kind: 'object';
  readonly fields: Fields;
}
export interface ListSpec {
  readonly kind: 'list';
  readonly fields: Fields;
}
export type Fields = Readonly<Record<string, FieldSpec>>;
export type SectionSpec = (ObjectSpec | ListSpec) & { readonly title: string };

const location = {
  kind: 'object',
  fields: { address: 'text', postalCode: 'text', city: 'text', countryCode: 'text', region: 'text' },
} as const;
const profiles = { kind: 'list', fields: { network: 'text', username: 'text', url: 'text' } } as const;

/**
 * The sections, in the order a resume shows them by default (DEFAULT_SECTION_ORDER follows it).
 * Fields follow the JSON Resume schema (v1.0.0), in its order.
 */
export const RESUME_SCHEMA = {
  basics: {
    title: 'Personal details',
    kind: 'object',
    fields: {
      name: 'text', label: 'text', image: 'text', email: 'text', phone: 'text', url: 'text',
      summary: 'text', location, profiles,
    },
  },
  work: {
    title: 'Work experience',
    kind: 'list',
    fields: {
      name: 'text', location: 'text', description: 'text', position: 'text', url: 'text',
      startDate: 'text', endDate: 'text', summary: 'text', highlights: 'lines',
    },
  },
  education: {
    title: 'Education',
    kind: 'list',
    fields: {
      institution: 'text', url: 'text', area: 'text', studyType: 'text', startDate: 'text',
      endDate: 'text', score: 'text', courses: 'lines',
    },
  },
  skills: { title: 'Skills', kind: 'list', fields: { name: 'text', level: 'text', keywords: 'tags' } },
  projects: {
    title: 'Projects',
    kind: 'list',
    fields: {
      name: 'text', description: 'text', highlights: 'lines', keywords: 'tags', startDate: 'text',
      endDate: 'text', url: 'text', roles: 'tags', entity: 'text', type: 'text',
    },
  },
  volunteer: {
    title: 'Volunteering',
    kind: 'list',
    fields: {
      organization: 'text', position: 'text', url: 'text', startDate: 'text', endDate: 'text',
      summary: 'text', highlights: 'lines',
    },
  },
  awards: {
    title: 'Awards',
    kind: 'list',
    fields: { title: 'text', date: 'text', awarder: 'text', summary: 'text' },
  },
  certificates: {
    title: 'Certificates',
    kind: 'list',
    fields: { name: 'text', date: 'text', url: 'text', issuer: 'text' },
  },
  publications: {
    title: 'Publications',
    kind: 'list',
    fields: { name: 'text', publisher: 'text', releaseDate: 'text', url: 'text', summary: 'text' },
  },
  languages: { title: 'Languages', kind: 'list', fields: { language: 'text', fluency: 'text' } },
  interests: { title: 'Interests', kind: 'list', fields: { name: 'text', keywords: 'tags' } },
  references: { title: 'References', kind: 'list', fields: { name: 'text', reference: 'text' } },
} as const satisfies Record<string, SectionSpec>;

type Schema = typeof RESUME_SCHEMA;
export type SectionName = keyof Schema;
export type ArraySectionName = { [S in SectionName]: Schema[S]['kind'] extends 'list' ? S : never }[SectionName];
/** A list of items with ids: an array section, or the profiles inside basics. */
export type ListName = ArraySectionName | 'profiles';

// Names of the Yjs roots and of the keys the model keeps beside the JSON Resume fields.
export const RESUME_MAP = 'resume';
export const SETTINGS_MAP = 'settings';
export const JOB_DESCRIPTION_TEXT = 'jobDescription';
export const ITEM_ID_KEY = 'id';
/** An item's `id` from the imported file, exported back as `id` (the model's own id stays internal). */
export const SOURCE_ID_KEY = '$sourceId';
/** Known fields that were absent in the source; exported only once they hold something. */
export const ABSENT_KEY = '$absent';
/** Keys the model keeps in a Y.Map beside the JSON Resume fields; never fields themselves. */
/** On an item: `true` while the item is hidden from the printed resume (kept in the data). */
export const HIDDEN_KEY = '$hidden';
export const MODEL_KEYS: ReadonlySet<string> = new Set([ITEM_ID_KEY, SOURCE_ID_KEY, ABSENT_KEY, HIDDEN_KEY]);

const RESERVED_KEY = /^\$+(absent|sourceId)$/;
/**
 * A field of the source named like a reserved key (`$absent`, `$sourceId`, `$$absent`, ...) is
 * stored with one more `$` and exported without it, so no source key is ever lost.
 */
export function escapeKey(key: string): string {
  return RESERVED_KEY.test(key) ? `$${key}` : key;
}
export function unescapeKey(key: string): string {
  return RESERVED_KEY.test(key) && key.startsWith('$$') ? key.slice(1) : key;
}
/** The pseudo item id of basics in text extraction and field lookups. */
export const BASICS_ITEM_ID = 'basics';

export function isSectionName(value: string): value is SectionName {
  return Object.hasOwn(RESUME_SCHEMA, value);
}
export function isArraySectionName(value: string): value is ArraySectionName {
  return isSectionName(value) && RESUME_SCHEMA[value].kind === 'list';
}
export function isListName(value: string): value is ListName {
  return value === 'profiles' || isArraySectionName(value);
}

export const SECTION_NAMES: readonly SectionName[] = Object.keys(RESUME_SCHEMA).filter(isSectionName);
export const ARRAY_SECTION_NAMES: readonly ArraySectionName[] = SECTION_NAMES.filter(isArraySectionName);

export function sectionTitle(section: SectionName): string {
  return RESUME_SCHEMA[section].title;
}

/** The fields of one item of a list. */
export function listFields(list: ListName): Fields {
  return list === 'profiles' ? profiles.fields : RESUME_SCHEMA[list].fields;
}

/** The spec of a known field, or undefined for an unknown key (which is then kept as plain JSON). */
export function fieldSpec(fields: Fields, key: string): FieldSpec | undefined {
  return Object.hasOwn(fields, key) ? fields[key] : undefined;
}

export function isTextList(spec: FieldSpec | undefined): spec is 'lines' | 'tags' {
  return spec === 'lines' || spec === 'tags';
}

// ---- Types derived from the schema ----

type JsonOfField<F> = F extends 'text'
  ? string
  : F extends 'lines' | 'tags'
    ? string[]
    : F extends { kind: 'object'; fields: infer X }
      ? JsonOfFields<X>
      : F extends { kind: 'list'; fields: infer X }
        ? JsonOfFields<X>[]
        : never;
/** Known fields typed by the schema; unknown fields allowed and kept. */
export type JsonOfFields<X> = { -readonly [K in keyof X]?: JsonOfField<X[K]> } & { [key: string]: unknown };

type ListFieldsOf<L extends ListName> = L extends ArraySectionName
  ? Schema[L]['fields']
  : typeof profiles.fields;

/** One item of a list as JSON (without the model's id, which the list keeps apart). */
export type ItemJson<L extends ListName> = JsonOfFields<ListFieldsOf<L>>;
export type FieldName<L extends ListName> = keyof ListFieldsOf<L> & string;
export type TextFieldName<L extends ListName> = {
  [K in FieldName<L>]: ListFieldsOf<L>[K] extends 'text' ? K : never
}[FieldName<L>];
export type TextListFieldName<L extends ListName> = {
  [K in FieldName<L>]: ListFieldsOf<L>[K] extends 'lines' | 'tags' ? K : never
}[FieldName<L>];

export type JsonResumeBasics = JsonOfFields<Schema['basics']['fields']>;
export interface JsonResumeMeta {
  canonical?: string;
  version?: string;
  lastModified?: string;
  [key: string]: unknown;
}

/**
 * A JSON Resume document. Known fields are typed by the schema; unknown ones are allowed.
 * A file that did not follow the schema keeps its values as they were (a number where a string
 * is expected stays a number): the types describe conforming resumes.
 */
export type JsonResume = { -readonly [S in SectionName]?: JsonOfField<Schema[S]> } & {
  $schema?: string;
  meta?: JsonResumeMeta;
  [key: string]: unknown;
};
