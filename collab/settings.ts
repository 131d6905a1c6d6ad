// Presentation settings (template, section order, hidden sections) and the target job description.
// Readers tolerate what concurrent edits leave behind: duplicates, unknown names, a missing entry.

import * as Y from 'yjs';
import { CollabError } from './errors.ts';
import { getJobDescriptionText, getSettingsMap } from './document.ts';
import { replaceText } from './edit.ts';
import { isArraySectionName, type ArraySectionName } from './schema.ts';
import { DEFAULT_SECTION_ORDER, DEFAULT_TEMPLATE, isTemplateId, type TemplateId } from './templates.ts';

export const TEMPLATE_KEY = 'template';
export const SECTION_ORDER_KEY = 'sectionOrder';
export const HIDDEN_SECTIONS_KEY = 'hiddenSections';

/** Settings for a new resume. `template` is checked at run time (it often comes from a request). */
export interface ResumeSettingsInit {
  readonly template?: string;
  readonly sectionOrder?: readonly ArraySectionName[];
  readonly hiddenSections?: readonly ArraySectionName[];
  readonly jobDescription?: string;
}

/** The presentation settings as renderers read them. */
export interface ResumeSettings {
  readonly template: TemplateId;
  /** Every array section once; basics always leads as the header. */
  readonly sectionOrder: readonly ArraySectionName[];
  readonly hiddenSections: readonly ArraySectionName[];
}

/**
 * Creates the settings entries that are missing (once, when the resume is created).
 * Checks every value before writing anything.
 */
export function initSettings(doc: Y.Doc, init: ResumeSettingsInit = {}): void {
  const template = init.template ?? DEFAULT_TEMPLATE;
  if (!isTemplateId(template)) throw new CollabError('unknown_template', `unknown template "${template}"`, { template });
  const order = checkSections(init.sectionOrder ?? DEFAULT_SECTION_ORDER);
  const hidden = checkSections(init.hiddenSections ?? []);
  doc.transact(() => {
    const map = getSettingsMap(doc);
    if (!map.has(TEMPLATE_KEY)) setTemplate(doc, template);
    if (!(map.get(SECTION_ORDER_KEY) instanceof Y.Array)) setSectionOrder(doc, order);
    if (!(map.get(HIDDEN_SECTIONS_KEY) instanceof Y.Array)) map.set(HIDDEN_SECTIONS_KEY, Y.Array.from<string>(hidden));
    const text = getJobDescriptionText(doc);
    if (init.jobDescription !== undefined && text.length === 0) text.insert(0, init.jobDescription);
  });
}

export function readSettings(doc: Y.Doc): ResumeSettings {
  return { template: getTemplate(doc), sectionOrder: getSectionOrder(doc), hiddenSections: getHiddenSections(doc) };
}

/** The template id; an unknown or missing value reads as the default template. */
export function getTemplate(doc: Y.Doc): TemplateId {
  const value = getSettingsMap(doc).get(TEMPLATE_KEY);
  return isTemplateId(value) ? value : DEFAULT_TEMPLATE;
}

export function setTemplate(doc: Y.Doc, template: TemplateId): void {
  if (!isTemplateId(template)) {
    throw new CollabError('unknown_template', `unknown template "${String(template)}"`, { template });
  }
  getSettingsMap(doc).set(TEMPLATE_KEY, template);
}

/**
 * Every array section once, in the stored order: later duplicates (left by concurrent reorders)
 * and unknown names are skipped, and sections missing from the stored order follow in the
 * default order.
 */
export function getSectionOrder(doc: Y.Doc): ArraySectionName[] {
  const stored = sectionNames(getSettingsMap(doc).get(SECTION_ORDER_KEY));
  return unique([...stored, ...DEFAULT_SECTION_ORDER]);
}

/** Replaces the stored section order (names are checked; duplicates dropped). */
export function setSectionOrder(doc: Y.Doc, order: readonly ArraySectionName[]): void {
  const names = checkSections(order);
  doc.transact(() => {
    const map = getSettingsMap(doc);
    const current = map.get(SECTION_ORDER_KEY);
    if (current instanceof Y.Array) {
      current.delete(0, current.length);
      current.insert(0, names);
    } else {
      map.set(SECTION_ORDER_KEY, Y.Array.from<string>(names));
    }
  });
}

/** Moves a section to position `toIndex` of the section order (clamped). */
export function moveSection(doc: Y.Doc, section: ArraySectionName, toIndex: number): void {
  checkSections([section]);
  doc.transact(() => {
    const order = getSectionOrder(doc).filter((name) => name !== section);
    const at = Math.min(Math.max(Math.trunc(toIndex), 0), order.length);
    order.splice(at, 0, section);
    setSectionOrder(doc, order);
  });
}

export function getHiddenSections(doc: Y.Doc): ArraySectionName[] {
  return unique(sectionNames(getSettingsMap(doc).get(HIDDEN_SECTIONS_KEY)));
}

export function isSectionHidden(doc: Y.Doc, section: ArraySectionName): boolean {
  return getHiddenSections(doc).includes(section);
}

/** Hides or shows a section. Showing removes every entry of it, so concurrent hides undo at once. */
export function setSectionHidden(doc: Y.Doc, section: ArraySectionName, hidden: boolean): void {
  checkSections([section]);
  doc.transact(() => {
    const map = getSettingsMap(doc);
    const current = map.get(HIDDEN_SECTIONS_KEY);
    const list = current instanceof Y.Array ? current : new Y.Array<unknown>();
    if (list !== current) map.set(HIDDEN_SECTIONS_KEY, list);
    const entries: unknown[] = list.toArray();
    if (hidden) {
      if (!entries.includes(section)) list.push([section]);
      return;
    }
    for (let i = entries.length - 1; i >= 0; i--) if (entries[i] === section) list.delete(i, 1);
  });
}

export function getJobDescription(doc: Y.Doc): string {
  return getJobDescriptionText(doc).toString();
}

/** Replaces the job description, keeping the unchanged start and end in place. */
export function setJobDescription(doc: Y.Doc, text: string): void {
  replaceText(getJobDescriptionText(doc), text);
}

function sectionNames(value: unknown): ArraySectionName[] {
  if (!(value instanceof Y.Array)) return [];
  return value.toArray().filter((name): name is ArraySectionName => typeof name === 'string' && isArraySectionName(name));
}

/** The names, each once; an unknown name throws `unknown_section` (names may come from requests). */
function checkSections(names: readonly string[]): ArraySectionName[] {
  return unique(names).map((name) => {
    if (!isArraySectionName(name)) throw new CollabError('unknown_section', `unknown section "${name}"`, { name });
    return name;
  });
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
