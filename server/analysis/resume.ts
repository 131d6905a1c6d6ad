// The resume as the analyzer reads it: its text, cut into fields that know their item, path and
// kind of place, from a resume document, a JSON Resume object or plain text.

import * as Y from 'yjs';
import { createResumeDoc, extractText, type ExtractedResume, type JsonResumeInput } from '../../collab/index.ts';
import { DATE_RANGE, parseResumeDate, type ParsedDate } from './dates.ts';
import type { ResumeEvidence } from './report.ts';

/**
 * What a field says about a skill written in it:
 * - `use`: the resume shows it used (work, projects, summary, education, certificates...);
 * - `listing`: only names it (skills lists, interests, a hidden section);
 * - `contact`: contact details, never searched for skills (an email is no evidence of JS);
 * - `meta`: dates and links.
 */
export type Place = 'use' | 'listing' | 'contact' | 'meta';

export interface ResumeField {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly section: string | null;
  readonly itemId: string | null;
  readonly path: string | null;
  readonly place: Place;
  /** A highlight of work, projects or volunteering; a marked line of a plain-text resume. */
  readonly bullet: boolean;
}

export interface WorkEntry {
  readonly itemId: string | null;
  /** The field naming the job (position, else employer), for messages. */
  readonly label: ResumeField | undefined;
  readonly start: ParsedDate | undefined;
  readonly end: ParsedDate | undefined;
}

export interface ResumeModel {
  readonly text: string;
  readonly fields: readonly ResumeField[];
  readonly work: readonly WorkEntry[];
  /** A plain-text resume with an experience section in which no date range was found. */
  readonly undatedWork: boolean;
  readonly contact: { readonly email?: ResumeField; readonly phone?: ResumeField; readonly location?: ResumeField };
  /** Sections that hold something: `work`, `education`, `skills`, ... */
  readonly sections: ReadonlySet<string>;
  /** Headline and job titles: basics.label, work positions (or the first lines of plain text). */
  readonly titles: readonly ResumeField[];
  readonly educationText: string;
}

export type ResumeInput = Y.Doc | JsonResumeInput | string;

export function evidenceOf(field: ResumeField, start = field.start, end = field.end): ResumeEvidence {
  return {
    text: field.text.slice(start - field.start, end - field.start),
    start,
    end,
    section: field.section,
    itemId: field.itemId,
    field: field.path,
    offset: field.itemId === null ? null : start - field.start,
  };
}

export function readResume(input: ResumeInput): ResumeModel {
  if (typeof input === 'string') return fromPlainText(input);
  if (input instanceof Y.Doc) return fromExtracted(extractText(input), (_list, id) => id);
  // A JSON object gets fresh random item ids on import; the report names items by their place
  // instead (`work.0`: the first non-blank work item) so the same JSON gives the same report.
  return fromExtracted(extractText(createResumeDoc(input)), (list, _id, index) => (list === 'basics' ? 'basics' : `${list}.${index}`));
}

const CONTACT_PATHS = /^(name|email|phone|url|image|location(\..*)?)$/;
const META_PATHS = /^(url|startDate|endDate|date|releaseDate)$/;
const LISTING_SECTIONS = new Set(['skills', 'interests']);
const BULLET_SECTIONS = new Set(['work', 'projects', 'volunteer']);

function fromExtracted(extracted: ExtractedResume, idOf: (list: string, id: string, index: number) => string): ResumeModel {
  const fields: ResumeField[] = [];
  const work: WorkEntry[] = [];
  const titles: ResumeField[] = [];
  const contact: { email?: ResumeField; phone?: ResumeField; location?: ResumeField } = {};
  const sections = new Set<string>();
  const education: string[] = [];
  for (const section of extracted.sections) {
    if (!section.hidden) sections.add(section.section);
    const counters = new Map<string, number>();
    for (const item of section.items) {
      const index = counters.get(item.list) ?? 0;
      counters.set(item.list, index + 1);
      const itemId = idOf(item.list, item.id, index);
      const byPath = new Map<string, ResumeField>();
      for (const f of item.fields) {
        const place: Place =
          item.list === 'profiles' || (item.list === 'basics' && CONTACT_PATHS.test(f.path))
            ? 'contact'
            : META_PATHS.test(f.path)
              ? 'meta'
              : section.hidden || LISTING_SECTIONS.has(section.section)
                ? 'listing'
                : 'use';
        const field: ResumeField = {
          text: f.text,
          start: f.start,
          end: f.end,
          section: section.section,
          itemId,
          path: f.path,
          place,
          bullet: BULLET_SECTIONS.has(section.section) && /^highlights\.\d+$/.test(f.path),
        };
        fields.push(field);
        byPath.set(f.path, field);
        if (section.section === 'education') education.push(f.text);
      }
      if (item.list === 'basics') {
        contact.email = byPath.get('email');
        contact.phone = byPath.get('phone');
        contact.location = [...byPath.values()].find((f) => f.path?.startsWith('location.'));
        const label = byPath.get('label');
        if (label) titles.push(label);
      }
      if (item.list === 'work' && !section.hidden) {
        const position = byPath.get('position');
        if (position) titles.push(position);
        const start = byPath.get('startDate');
        const end = byPath.get('endDate');
        work.push({
          itemId,
          label: position ?? byPath.get('name'),
          start: start ? parseResumeDate(start.text) : undefined,
          end: end ? parseResumeDate(end.text) : undefined,
        });
      }
    }
  }
  return { text: extracted.text, fields, work, undatedWork: false, contact, sections, titles, educationText: education.join('\n') };
}

/** Headings of a plain-text resume, lower case without punctuation, to the section they open. */
const HEADINGS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    work: ['experience', 'work experience', 'professional experience', 'employment', 'employment history', 'work history', 'career history', 'relevant experience'],
    education: ['education', 'academic background', 'education and training', 'qualifications'],
    skills: ['skills', 'technical skills', 'core competencies', 'competencies', 'technologies', 'tools', 'skills and tools', 'key skills', 'tech stack'],
    projects: ['projects', 'personal projects', 'selected projects', 'side projects'],
    basics: ['summary', 'profile', 'professional summary', 'about', 'about me', 'objective', 'contact'],
    certificates: ['certifications', 'certificates', 'licenses', 'licenses and certifications'],
    awards: ['awards', 'honors', 'honours', 'achievements'],
    publications: ['publications'],
    languages: ['languages'],
    interests: ['interests', 'hobbies'],
    volunteer: ['volunteer', 'volunteering', 'volunteer experience'],
    references: ['references'],
  }).flatMap(([section, names]) => names.map((name) => [name, section] as const)),
);
const BULLET_MARK = /^(\s*(?:[-•*▪●◦–·]|\d{1,2}[.)])\s+)/;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;
const PHONE = /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{2,4}[\s.-]\d{2,4}(?:[\s.-]\d{2,4})?/;
const ONE_DATE_RANGE = new RegExp(DATE_RANGE.source, 'i');
const CITY = /\b[A-Z][A-Za-z .'-]+,\s*(?:[A-Z]{2}\b|[A-Z][a-z]+)/;

function headingOf(line: string): string | undefined {
  const key = line.trim().replace(/^#+\s*/, '').replace(/[:\s]+$/, '').replace(/&/g, 'and').toLowerCase();
  return key.split(/\s+/).length <= 4 ? HEADINGS.get(key) : undefined;
}

function fromPlainText(text: string): ResumeModel {
  const fields: ResumeField[] = [];
  const work: WorkEntry[] = [];
  const titles: ResumeField[] = [];
  const contact: { email?: ResumeField; phone?: ResumeField; location?: ResumeField } = {};
  const sections = new Set<string>();
  const education: string[] = [];
  let section: string | null = null;
  let sawWorkLine = false;
  let offset = 0;
  for (const raw of text.split('\n')) {
    const lineStart = offset;
    offset += raw.length + 1;
    if (raw.trim().length === 0) continue;
    const heading = headingOf(raw);
    if (heading) {
      section = heading;
      continue;
    }
    const mark = BULLET_MARK.exec(raw)?.[1] ?? '';
    const body = raw.slice(mark.length).trimEnd();
    const start = lineStart + mark.length;
    const inHeader = section === null;
    const isContact = inHeader && (EMAIL.test(body) || PHONE.test(body) || /https?:\/\//.test(body));
    const field: ResumeField = {
      text: body,
      start,
      end: start + body.length,
      section: section ?? 'basics',
      itemId: null,
      path: null,
      place: isContact ? 'contact' : section !== null && LISTING_SECTIONS.has(section) ? 'listing' : 'use',
      bullet: mark.length > 0 && section !== 'skills' && section !== 'interests',
    };
    fields.push(field);
    sections.add(field.section ?? 'basics');
    if (inHeader) {
      contact.email ??= matchIn(field, EMAIL);
      contact.phone ??= matchIn(field, PHONE);
      contact.location ??= matchIn(field, CITY);
      // The first lines under the name: the headline.
      if (!isContact && fields.length <= 3 && body.split(/\s+/).length <= 8) titles.push(field);
    }
    if (section === 'education') education.push(body);
    if (section === 'work') {
      sawWorkLine = true;
      for (const m of body.matchAll(DATE_RANGE)) {
        work.push({ itemId: null, label: field, start: parseResumeDate(m[1] ?? ''), end: parseResumeDate(m[2] ?? '') });
      }
      if (mark.length === 0 && body.split(/\s+/).length <= 8 && !ONE_DATE_RANGE.test(body)) titles.push(field);
    }
  }
  // Without headings the whole text is searched for education and contact details.
  if (!sections.has('education')) education.push(text);
  return { text, fields, work, undatedWork: sawWorkLine && work.length === 0, contact, sections, titles, educationText: education.join('\n') };
}

/** The part of a field a pattern matches, as a field of its own (so evidence points at it). */
function matchIn(field: ResumeField, pattern: RegExp): ResumeField | undefined {
  const m = pattern.exec(field.text);
  if (!m) return undefined;
  const start = field.start + m.index;
  return { ...field, text: m[0], start, end: start + m[0].length };
}
