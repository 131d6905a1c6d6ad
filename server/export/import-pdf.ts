// A resume PDF back into JSON Resume, for the person to review and correct: the text layer with
// positions from pdfjs-dist, grouped into lines (a wide gap inside a line becomes a tab, so a
// right-aligned date or a row of tags stays apart), split into sections at the headings, then
// name, contact details, work and education entries with their dates, and skills.

import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { JsonResume } from '../../collab/schema.ts';

export interface PdfLine {
  readonly text: string;
  readonly size: number;
  readonly page: number;
  readonly x: number;
  readonly y: number;
}

/** The lines of a PDF's text layer in content order. */
export async function pdfLines(bytes: Uint8Array): Promise<PdfLine[]> {
  const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, verbosity: 0, stopAtErrors: false }).promise;
  try {
    const lines: PdfLine[] = [];
    for (let n = 1; n <= Math.min(doc.numPages, 10); n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      let current: { text: string; size: number; x: number; y: number; end: number } | undefined;
      const flush = (): void => {
        if (current && current.text.trim() !== '') lines.push({ text: current.text.replace(/[ \u00a0]+/g, ' ').trim(), size: current.size, page: n, x: current.x, y: current.y });
        current = undefined;
      };
      for (const item of content.items) {
        if (!('str' in item)) continue;
        const x = item.transform[4] ?? 0;
        const y = item.transform[5] ?? 0;
        const size = Math.abs(item.transform[3] ?? item.height) || item.height;
        if (item.str.trim() === '') {
          if (current && item.hasEOL) flush();
          continue;
        }
        if (current && Math.abs(y - current.y) < Math.max(1.5, size * 0.3) && x >= current.end - size) {
          const gap = x - current.end;
          current.text += gap > size * 0.8 ? '\t' : gap > size * 0.12 && !current.text.endsWith(' ') && !item.str.startsWith(' ') ? ' ' : '';
          current.text += item.str;
          current.size = Math.max(current.size, size);
          current.end = x + item.width;
        } else {
          flush();
          current = { text: item.str, size, x, y, end: x + item.width };
        }
        if (item.hasEOL) flush();
      }
      flush();
    }
    return lines;
  } finally {
    await doc.destroy();
  }
}

type Section = 'summary' | 'work' | 'education' | 'skills' | 'projects' | 'certificates' | 'languages' | 'awards' | 'publications' | 'volunteer' | 'interests' | 'references' | 'other';

const HEADINGS: ReadonlyArray<readonly [Section, RegExp]> = [
  ['summary', /^(summary|professional summary|profile|about( me)?|objective|career objective|overview)$/],
  ['work', /^(work experience|experience|professional experience|employment( history)?|work history|career history|relevant experience)$/],
  ['education', /^(education|academic background|education and training|qualifications)$/],
  ['skills', /^(skills|technical skills|core competencies|competencies|skills (and|&) (tools|expertise|abilities)|technologies|tech stack|key skills)$/],
  ['projects', /^(projects|personal projects|selected projects|key projects)$/],
  ['certificates', /^(certificates|certifications|licenses( (and|&) certifications)?)$/],
  ['languages', /^(languages)$/],
  ['awards', /^(awards|honors|honours|awards (and|&) honors|achievements)$/],
  ['publications', /^(publications)$/],
  ['volunteer', /^(volunteer(ing)?|volunteer experience)$/],
  ['interests', /^(interests|hobbies)$/],
  ['references', /^(references)$/],
];

function headingOf(line: string): Section | undefined {
  const text = line.replace(/^#+\s*/, '').replace(/[:：]\s*$/, '').trim().toLowerCase().replace(/\s+/g, ' ');
  if (text.length > 40) return undefined;
  return HEADINGS.find(([, pattern]) => pattern.test(text))?.[0];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DATE = `(?:${MONTH}\\s+\\d{4}|\\d{1,2}/\\d{4}|\\d{4}-\\d{2}|\\d{4})`;
const RANGE = new RegExp(`(${DATE})\\s*(?:[–—-]|to)\\s*(${DATE}|present|current|now|today)`, 'i');
const SINGLE = new RegExp(`(?:^|\\s)(${DATE})(?:\\s|$)`, 'i');
/** A line ending in one date: "Bachelor of Science, State University, May 2016". */
const SINGLE_END = new RegExp(`[,\\t]\\s*(${MONTH}\\s+\\d{4}|\\d{4})$`, 'i');

/** "Mar 2021" → "2021-03", "06/2019" → "2019-06", "2019" → "2019"; undefined for "Present". */
export function isoDate(text: string): string | undefined {
  const t = text.trim().toLowerCase();
  let m = new RegExp(`^(${MONTH})\\s+(\\d{4})$`).exec(t);
  if (m) {
    const month = MONTHS.indexOf((m[1] ?? '').slice(0, 3)) + 1;
    return `${m[2] ?? ''}-${String(month).padStart(2, '0')}`;
  }
  m = /^(\d{1,2})\/(\d{4})$/.exec(t);
  if (m) return `${m[2] ?? ''}-${(m[1] ?? '').padStart(2, '0')}`;
  m = /^(\d{4})(-\d{2})?$/.exec(t);
  if (m) return t;
  return undefined;
}

const BULLET = /^[•◦▪▸►‣∙·\-–*]\s*/;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;
const PHONE = /\+?\(?\d[\d\s().-]{7,}\d/;
const URL = /\b(?:https?:\/\/)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:\/[^\s|·,]*)?/gi;

interface Entry {
  title?: string;
  organization?: string;
  startDate?: string;
  endDate?: string;
  location?: string;
  summary: string[];
  highlights: string[];
  details: Record<string, string>;
}

/** Entries of a dated section: a line with a date range starts one; the line above it may be its title. */
function parseEntries(source: readonly string[]): Entry[] {
  // A date range wrapped after its dash ("June 2022 –" / "Present") is one line again.
  const lines: string[] = [];
  for (const line of source) {
    const prev = lines[lines.length - 1];
    if (prev !== undefined && /[–—-]\s*$/.test(prev) && new RegExp(`^(${DATE}|present|current|now)\\b`, 'i').test(line)) {
      lines[lines.length - 1] = `${prev} ${line}`;
    } else lines.push(line);
  }
  const entries: Entry[] = [];
  const dated = lines.map((line) => RANGE.test(line) || (SINGLE.test(line) && line.includes('\t')) || SINGLE_END.test(line));
  let consumedUntil = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!dated[i]) continue;
    const range = RANGE.exec(line);
    const single = range ? undefined : SINGLE.exec(line);
    let rest = line.replace(range?.[0] ?? single?.[1] ?? '', '\t');
    let location: string | undefined;
    const afterDate = /·\s*([^\t]+)\s*$/.exec(rest);
    if (afterDate) {
      location = afterDate[1]?.trim();
      rest = rest.slice(0, afterDate.index);
    }
    const parts = rest.split('\t').map((p) => p.replace(/^[\s|,–—-]+|[\s|,–—-]+$/g, '')).filter((p) => p !== '');
    const entry: Entry = { summary: [], highlights: [], details: {} };
    const above = lines[i - 1];
    // The line above is this entry's title unless it belongs to the entry before (a sentence).
    const aboveFree = i - 1 > consumedUntil && above !== undefined && above !== '' && !BULLET.test(above) && !dated[i - 1] && above.length < 90 && !/[.;]$/.test(above.trim());
    const joined = parts.join(' ');
    if (aboveFree && joined !== '') {
      entry.title = above.replace(/\t/g, ' ');
      entry.organization = joined;
    } else if (aboveFree) {
      const split = splitTitle(above.replace(/\t/g, ' '));
      Object.assign(entry, split);
    } else if (joined !== '') {
      Object.assign(entry, splitTitle(joined));
    } else if (lines[i + 1] !== undefined && !dated[i + 1] && !BULLET.test(lines[i + 1] ?? '')) {
      // Dates in a column of their own, the title on the line below.
      Object.assign(entry, splitTitle((lines[i + 1] ?? '').replace(/\t/g, ' ')));
      lines[i + 1] = '';
    }
    if (range) {
      entry.startDate = isoDate(range[1] ?? '');
      const end = isoDate(range[2] ?? '');
      if (end) entry.endDate = end;
    } else if (single) {
      entry.startDate = isoDate(single[1] ?? '');
    }
    if (location) entry.location = location;
    // The body: until the line before the next entry's date line (which may be its title).
    let end = lines.length;
    for (let j = i + 1; j < lines.length; j++) {
      if (dated[j]) {
        const prev = lines[j - 1];
        end = j - 1 > i && prev !== undefined && prev !== '' && !BULLET.test(prev) && prev.length < 90 && !/[.;]$/.test(prev.trim()) && !/^[A-Za-z ]+:\s/.test(prev) ? j - 1 : j;
        break;
      }
    }
    for (let j = i + 1; j < end; j++) {
      const body = (lines[j] ?? '').replace(/\t/g, ' ');
      if (body.trim() === '' || /^\d{1,2}$/.test(body.trim())) continue; // a consumed title, a page number
      const detail = /^(Grade|GPA|Score|Courses|Roles|Keywords):\s*(.*)$/i.exec(body);
      if (BULLET.test(body)) entry.highlights.push(body.replace(BULLET, ''));
      else if (detail) entry.details[(detail[1] ?? '').toLowerCase()] = detail[2] ?? '';
      else if (entry.highlights.length > 0 && /^[a-z0-9(]/.test(body)) entry.highlights[entry.highlights.length - 1] += ` ${body}`;
      else entry.summary.push(body);
    }
    consumedUntil = end - 1;
    entries.push(entry);
  }
  return entries;
}

function splitTitle(text: string): { title?: string; organization?: string } {
  const m = /^(.+?)\s+(?:—|–|-|\||@|at)\s+(.+)$/.exec(text);
  if (m) return { title: m[1]?.trim() ?? '', organization: m[2]?.trim() ?? '' };
  // "Title, Organization, City, Country": the first two parts.
  const parts = text.split(/,\s+/).filter((p) => p.trim() !== '');
  return parts.length >= 2 ? { title: parts[0] ?? '', organization: parts[1] ?? '' } : { title: text };
}

function skillGroups(source: readonly PdfLine[]): Array<{ name?: string; keywords: string[] }> {
  // Where tags are set smaller than names (our templates do), size tells a name from a lone tag.
  const largest = Math.max(...source.map((l) => l.size));
  const sized = source.some((l) => l.size < largest * 0.95);
  const groups: Array<{ name?: string; keywords: string[] }> = [];
  const split = (text: string): string[] =>
    text
      .split(/[\t,;|·•]+/)
      .map((k) => k.trim())
      .filter((k) => k !== '' && k.length < 60);
  let pending: { name?: string; keywords: string[] } | undefined;
  // Comma lists wrapped over lines ("Google Cloud" / "Platform, Firebase") are one list again.
  const merged: PdfLine[] = [];
  for (const entry of source) {
    const prev = merged[merged.length - 1];
    const list = (t: string): boolean => t.includes(',') && !t.includes('\t') && !/^[^:]{1,40}:/.test(t) && !BULLET.test(t);
    if (prev && list(prev.text) && (list(entry.text) || !/[,:]/.test(entry.text)) && !BULLET.test(entry.text) && entry.size === prev.size) {
      merged[merged.length - 1] = { ...prev, text: `${prev.text} ${entry.text}` };
    } else merged.push(entry);
  }
  for (const entry of merged) {
    const line = entry.text.replace(BULLET, '');
    const small = sized && entry.size < largest * 0.95;
    const labelled = /^([^:\t]{1,40}):\s*(.*)$/.exec(line);
    if (labelled) {
      pending = { name: labelled[1]?.trim() ?? '', keywords: split(labelled[2] ?? '') };
      groups.push(pending);
    } else if (!small && !line.includes('\t') && !line.includes(',') && line.split(' ').length <= 4 && (!pending || pending.keywords.length > 0 || sized)) {
      // A short line alone: the name of the group whose tags follow.
      pending = { name: line.trim(), keywords: [] };
      groups.push(pending);
    } else if (pending) {
      pending.keywords.push(...split(line));
    } else {
      pending = { keywords: split(line) };
      groups.push(pending);
    }
  }
  return groups.filter((g) => g.keywords.length > 0 || g.name);
}

/** The JSON Resume read from a PDF's lines. */
export function resumeFromLines(lines: readonly PdfLine[]): JsonResume {
  const sections = new Map<Section, string[]>();
  const sectionLines = new Map<Section, PdfLine[]>();
  const head: PdfLine[] = [];
  let current: Section | undefined;
  for (const line of lines) {
    const heading = headingOf(line.text.replace(/\t/g, ' '));
    if (heading) {
      current = heading;
      if (!sections.has(heading)) sections.set(heading, []);
      if (!sectionLines.has(heading)) sectionLines.set(heading, []);
      continue;
    }
    if (current === undefined) head.push(line);
    else {
      sections.get(current)?.push(line.text);
      sectionLines.get(current)?.push(line);
    }
  }

  const basics: Record<string, unknown> = {};
  const firstPage = head.length > 0 ? head : lines.slice(0, 6);
  const nameLine = [...firstPage].filter((l) => !EMAIL.test(l.text) && !/\d{3}/.test(l.text)).sort((a, b) => b.size - a.size)[0];
  if (nameLine) basics.name = nameLine.text.replace(/\t/g, ' ').trim();
  const contactText = firstPage.filter((l) => l !== nameLine).map((l) => l.text).join('\n');
  const email = EMAIL.exec(contactText)?.[0];
  if (email) basics.email = email;
  const phone = PHONE.exec(contactText.replace(EMAIL, ''))?.[0];
  if (phone) basics.phone = phone.trim();
  const profiles: Array<Record<string, string>> = [];
  for (const match of contactText.replace(EMAIL, '').matchAll(URL)) {
    const url = match[0].replace(/[.)]+$/, '');
    if (/^\d/.test(url)) continue;
    const known = /(linkedin|github|gitlab|twitter|x|stackoverflow|behance|dribbble|medium)\.com\/(?:in\/)?([^/\s]+)/i.exec(url);
    if (known) profiles.push({ network: networkName(known[1] ?? ''), username: known[2] ?? '', url: url.startsWith('http') ? url : `https://${url}` });
    else if (!basics.url) basics.url = url.startsWith('http') ? url : `https://${url}`;
  }
  // Profiles shown as "GitHub janedev" (a network, then a user name).
  for (const match of contactText.matchAll(/\b(GitHub|LinkedIn|Twitter|GitLab|YouTube|Medium|Dribbble|Behance)\b:?\s+([\w.-]+)/g)) {
    if (!profiles.some((p) => p.network === match[1])) profiles.push({ network: match[1] ?? '', username: match[2] ?? '' });
  }
  if (profiles.length > 0) basics.profiles = profiles;
  // A label: the line after the name that is not a contact line.
  const afterName = firstPage.filter((l) => l !== nameLine && !EMAIL.test(l.text) && !PHONE.test(l.text) && !/https?:|www\.|\.com/.test(l.text));
  const label = afterName[0]?.text.replace(/^>\s*/, '').replace(/\t/g, ' ');
  if (label && label.length < 80) basics.label = label;
  const location = /(?:^|[|·/\t]\s*)([A-Z][\p{L} .'-]+,\s*[\p{L}][\p{L} .'-]+(?:\s+\d{4,5})?(?:,\s*[A-Z]{2})?)\s*(?:$|[|·/\t\n])/mu.exec(contactText.replace(EMAIL, ''));
  if (location?.[1]) {
    const [city, ...rest] = location[1].split(',').map((p) => p.trim());
    basics.location = { city, ...(rest.length > 0 ? { region: rest.join(', ') } : {}) };
  }
  const summary = sections.get('summary');
  if (summary && summary.length > 0) basics.summary = summary.map((l) => l.replace(/\t/g, ' ')).join(' ');

  const resume: Record<string, unknown> = { basics };
  const work = sections.get('work');
  if (work) {
    resume.work = parseEntries(work).map((e) => clean({
      position: e.title,
      name: e.organization,
      location: e.location,
      startDate: e.startDate,
      endDate: e.endDate,
      summary: e.summary.join(' ') || undefined,
      highlights: e.highlights.length > 0 ? e.highlights : undefined,
    }));
  }
  const education = sections.get('education');
  if (education) {
    resume.education = parseEntries(education).map((e) => {
      const [studyType, ...area] = (e.title ?? '').split(/,\s+|\s+in\s+/);
      return clean({
        institution: e.organization ?? (e.title && !e.organization ? e.title : undefined),
        studyType: e.organization ? studyType : undefined,
        area: e.organization && area.length > 0 ? area.join(', ') : undefined,
        startDate: e.startDate,
        endDate: e.endDate,
        score: e.details.grade ?? e.details.gpa ?? e.details.score,
        courses: e.details.courses ? e.details.courses.split(/,\s*/) : undefined,
      });
    });
  }
  const projects = sections.get('projects');
  if (projects) {
    resume.projects = parseEntries(projects).map((e) => clean({
      name: e.title,
      entity: e.organization,
      startDate: e.startDate,
      endDate: e.endDate,
      description: e.summary.join(' ') || undefined,
      highlights: e.highlights.length > 0 ? e.highlights : undefined,
    }));
  }
  const skills = sectionLines.get('skills');
  if (skills) resume.skills = skillGroups(skills).map((g) => clean({ name: g.name, keywords: g.keywords }));
  const languages = sections.get('languages');
  if (languages) {
    resume.languages = languages.map((line) => {
      const [language, fluency] = line.split(/\t|:\s*|\s+[–—-]\s+/);
      return clean({ language: language?.trim(), fluency: fluency?.trim() });
    });
  }
  const interests = sectionLines.get('interests');
  if (interests) resume.interests = skillGroups(interests).map((g) => clean({ name: g.name, keywords: g.keywords }));
  return resume as JsonResume;
}

function networkName(host: string): string {
  const names: Record<string, string> = { linkedin: 'LinkedIn', github: 'GitHub', gitlab: 'GitLab', twitter: 'Twitter', x: 'X', stackoverflow: 'Stack Overflow', behance: 'Behance', dribbble: 'Dribbble', medium: 'Medium' };
  return names[host.toLowerCase()] ?? host;
}

function clean<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0))) as Partial<T>;
}

/** A PDF resume as JSON Resume. */
export async function importPdf(bytes: Uint8Array): Promise<JsonResume> {
  return resumeFromLines(await pdfLines(bytes));
}
