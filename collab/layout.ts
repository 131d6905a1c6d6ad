// What a resume shows, in which order and in which column, for a template: plain data that the
// browser preview and the server's PDF renderer both draw, so both show the same content in the same order.

import { formatDate, formatDateRange } from './dates.ts';
import { ARRAY_SECTION_NAMES, isArraySectionName, sectionTitle, type ArraySectionName, type JsonResume } from './schema.ts';
import { DEFAULT_TEMPLATE, getTemplateById, type ResumeTemplate } from './templates.ts';

/** The presentation settings the layout reads; names it does not know are skipped. */
export interface LayoutSettings {
  readonly template: string;
  readonly sectionOrder: readonly string[];
  readonly hiddenSections: readonly string[];
}

export type ContactKind = 'email' | 'phone' | 'url' | 'location' | 'profile';
export interface LayoutContact {
  readonly kind: ContactKind;
  readonly text: string;
  /** A link target: `mailto:`, `tel:` or a web address. */
  readonly href?: string;
  /** The network of a profile ("GitHub"). */
  readonly label?: string;
}
export interface LayoutHeader {
  readonly name?: string;
  readonly label?: string;
  readonly image?: string;
  readonly contacts: readonly LayoutContact[];
}

/** A labelled fact of an item: "Grade: 3.8", "Courses: ...", "Roles: ...". */
export interface LayoutDetail {
  readonly label: string;
  readonly value: string;
}
/** One entry of a section, normalized so every template draws every section the same way. */
export interface LayoutItem {
  /** The main line: a position, degree, award, skill, language, person. */
  readonly title?: string;
  /** Who it was with: an employer, institution, awarder, issuer, publisher. */
  readonly organization?: string;
  /** A secondary line: what the employer does, the kind of project. */
  readonly subtitle?: string;
  /** The address as written. */
  readonly url?: string;
  /** The address as a safe link target (web, mail or phone only). */
  readonly href?: string;
  /** Which line the link belongs to: the employer's site, or the project's, certificate's, paper's. */
  readonly linkOn?: 'title' | 'organization';
  /** Formatted: "Jan 2020 – Present", "Mar 2021", "2019". */
  readonly date?: string;
  readonly location?: string;
  /** A skill level or a language fluency. */
  readonly level?: string;
  /** Markdown. */
  readonly summary?: string;
  /** Markdown, one line each. */
  readonly highlights: readonly string[];
  /** Short words shown as tags (skill keywords, project keywords). */
  readonly keywords: readonly string[];
  readonly details: readonly LayoutDetail[];
}

/**
 * How a section is drawn: `text` (the summary), `entries` (dated items with highlights), `tags`
 * (a name with keyword tags), `pairs` (a name and a level), `quotes` (references).
 */
export type SectionDisplay = 'text' | 'entries' | 'tags' | 'pairs' | 'quotes';
export type LayoutSectionName = ArraySectionName | 'summary';
export interface LayoutSection {
  readonly name: LayoutSectionName;
  readonly title: string;
  readonly display: SectionDisplay;
  readonly items: readonly LayoutItem[];
}

export interface ResumeLayout {
  readonly template: ResumeTemplate;
  readonly header: LayoutHeader;
  /** The summary (when there is one), then the visible sections not in the sidebar, in section order. */
  readonly main: readonly LayoutSection[];
  /** The template's side-column sections, in section order; empty for one-column templates. */
  readonly sidebar: readonly LayoutSection[];
  /** Where the side column sits; it comes first in reading order when it is on the left. */
  readonly sidebarSide: 'left' | 'right' | 'none';
}

/** The skills-first layout puts its side column on the left, so skills are read before experience. */
const LEFT_SIDEBAR_TEMPLATES: ReadonlySet<string> = new Set(['technical']);

const DISPLAY: Readonly<Record<ArraySectionName, SectionDisplay>> = {
  work: 'entries',
  education: 'entries',
  skills: 'tags',
  projects: 'entries',
  volunteer: 'entries',
  awards: 'entries',
  certificates: 'entries',
  publications: 'entries',
  languages: 'pairs',
  interests: 'tags',
  references: 'quotes',
};

export function layoutResume(resume: JsonResume, settings: LayoutSettings): ResumeLayout {
  const template = getTemplateById(settings.template) ?? getTemplateById(DEFAULT_TEMPLATE);
  if (!template) throw new Error('the default template is missing from the catalogue');
  const basics = record(resume.basics);
  const hidden = new Set(settings.hiddenSections);
  const inSidebar = new Set<string>(template.columns === 2 ? template.sidebar : []);
  const main: LayoutSection[] = [];
  const sidebar: LayoutSection[] = [];

  const summary = text(basics.summary);
  if (summary !== undefined) main.push({ name: 'summary', title: 'Summary', display: 'text', items: [item({ summary })] });
  for (const name of sectionOrder(settings.sectionOrder)) {
    if (hidden.has(name)) continue;
    const items = list(resume[name]).flatMap((entry) => {
      const laid = layoutItem(name, entry);
      return laid && !isEmptyItem(laid) ? [laid] : [];
    });
    if (items.length === 0) continue;
    (inSidebar.has(name) ? sidebar : main).push({ name, title: sectionTitle(name), display: DISPLAY[name], items });
  }
  const sidebarSide = sidebar.length === 0 ? 'none' : LEFT_SIDEBAR_TEMPLATES.has(template.id) ? 'left' : 'right';
  return { template, header: layoutHeader(basics), main, sidebar, sidebarSide };
}

/** The sections in reading order: the side column first when it sits on the left. */
export function readingOrder(layout: ResumeLayout): readonly LayoutSection[] {
  return layout.sidebarSide === 'left' ? [...layout.sidebar, ...layout.main] : [...layout.main, ...layout.sidebar];
}

/** Every known section once: the stored order first, then the sections it misses, in schema order. */
function sectionOrder(stored: readonly string[]): ArraySectionName[] {
  return [...new Set([...stored.filter(isArraySectionName), ...ARRAY_SECTION_NAMES])];
}

function layoutHeader(basics: Record<string, unknown>): LayoutHeader {
  const contacts: LayoutContact[] = [];
  const email = text(basics.email);
  if (email !== undefined) contacts.push({ kind: 'email', text: email, href: `mailto:${email}` });
  const phone = text(basics.phone);
  if (phone !== undefined) contacts.push({ kind: 'phone', text: phone, href: `tel:${phone.replace(/[^\d+]/g, '')}` });
  const url = text(basics.url);
  if (url !== undefined) contacts.push(omitUndefined({ kind: 'url', text: displayUrl(url), href: webHref(url) }));
  const where = locationText(record(basics.location));
  if (where !== undefined) contacts.push({ kind: 'location', text: where });
  for (const entry of list(basics.profiles)) {
    const plain = typeof entry === 'string' ? text(entry) : undefined;
    if (plain !== undefined) contacts.push({ kind: 'profile', text: plain });
    const profile = record(entry);
    const network = text(profile.network);
    const username = text(profile.username);
    const link = text(profile.url);
    const shown = username ?? (link === undefined ? undefined : displayUrl(link));
    const href = link === undefined ? undefined : webHref(link);
    // A profile known only by its network shows the network as its text, not as a label too.
    if (shown === undefined && network !== undefined) contacts.push({ kind: 'profile', text: network });
    if (shown !== undefined) contacts.push(omitUndefined({ kind: 'profile', text: shown, label: network, href }));
  }
  return omitUndefined({ name: text(basics.name), label: text(basics.label), image: text(basics.image), contacts });
}

function locationText(location: Record<string, unknown>): string | undefined {
  const regionLine = join([text(location.region), text(location.postalCode)], ' ');
  return join([text(location.address), text(location.city), regionLine, text(location.countryCode)], ', ');
}

/** One entry of a section; strings stand for their title (`"interests": ["chess"]`). */
function layoutItem(section: ArraySectionName, entry: unknown): LayoutItem | undefined {
  if (typeof entry === 'string' || typeof entry === 'number') return item({ title: text(entry) });
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined;
  const f = record(entry);
  const range = (): string | undefined => formatDateRange(text(f.startDate), text(f.endDate));
  const single = (value: unknown): string | undefined => {
    const date = text(value);
    return date === undefined ? undefined : formatDate(date);
  };
  switch (section) {
    case 'work':
      return item({
        ...titled(text(f.position), text(f.name), 'organization'),
        subtitle: text(f.description), url: text(f.url), date: range(), location: text(f.location),
        summary: text(f.summary), highlights: texts(f.highlights),
      });
    case 'volunteer':
      return item({
        ...titled(text(f.position), text(f.organization), 'organization'),
        url: text(f.url), date: range(), summary: text(f.summary), highlights: texts(f.highlights),
      });
    case 'education':
      return item({
        ...titled(join([text(f.studyType), text(f.area)], ', '), text(f.institution), 'organization'),
        url: text(f.url), date: range(),
        details: details([['Grade', text(f.score)], ['Courses', join(texts(f.courses), ', ')]]),
      });
    case 'projects':
      return item({
        ...titled(text(f.name), text(f.entity)),
        subtitle: text(f.type), url: text(f.url), date: range(), summary: text(f.description),
        highlights: texts(f.highlights), keywords: texts(f.keywords),
        details: details([['Roles', join(texts(f.roles), ', ')]]),
      });
    case 'awards':
      return item({ ...titled(text(f.title), text(f.awarder)), date: single(f.date), summary: text(f.summary) });
    case 'certificates':
      return item({ ...titled(text(f.name), text(f.issuer)), date: single(f.date), url: text(f.url) });
    case 'publications':
      return item({
        ...titled(text(f.name), text(f.publisher)),
        date: single(f.releaseDate), url: text(f.url), summary: text(f.summary),
      });
    case 'skills':
      return item({ title: text(f.name), level: text(f.level), keywords: texts(f.keywords) });
    case 'languages':
      return item({ title: text(f.language), level: text(f.fluency) });
    case 'interests':
      return item({ title: text(f.name), keywords: texts(f.keywords) });
    case 'references':
      return item({ title: text(f.name), summary: text(f.reference) });
  }
}

/**
 * The organization becomes the title when there is no title of its own. `linkOn` says which line
 * the item's address belongs to: an employer's site links the organization, a project's its name.
 */
function titled(
  title: string | undefined,
  organization: string | undefined,
  linkOn: 'title' | 'organization' = 'title',
): Pick<ItemInit, 'title' | 'organization' | 'linkOn'> {
  if (title === undefined) return { title: organization, linkOn: 'title' };
  return { title, organization, linkOn: organization === undefined ? 'title' : linkOn };
}

type ItemInit = { -readonly [K in keyof LayoutItem]?: LayoutItem[K] | undefined };
function item(init: ItemInit): LayoutItem {
  const href = init.url === undefined ? undefined : webHref(init.url);
  const linkOn = href === undefined ? undefined : (init.linkOn ?? 'title');
  return omitUndefined({ ...init, href, linkOn, highlights: init.highlights ?? [], keywords: init.keywords ?? [], details: init.details ?? [] });
}

function isEmptyItem(entry: LayoutItem): boolean {
  const { highlights, keywords, details: facts, ...single } = entry;
  return highlights.length === 0 && keywords.length === 0 && facts.length === 0 && Object.keys(single).length === 0;
}

function details(pairs: ReadonlyArray<readonly [string, string | undefined]>): LayoutDetail[] {
  return pairs.flatMap(([label, value]) => (value === undefined ? [] : [{ label, value }]));
}

/**
 * The text of a field, trimmed, or undefined when blank. Files that do not follow the schema keep
 * odd values (a number for a name, an array for a country code); they are shown, not dropped.
 */
function text(value: unknown): string | undefined {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return join(texts(value), ', ');
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The non-blank entries of a string list; a lone string is a list of one. */
function texts(value: unknown): string[] {
  const entries: unknown[] = Array.isArray(value) ? value : [value];
  return entries.flatMap((entry) => {
    const t = Array.isArray(entry) ? undefined : text(entry);
    return t === undefined ? [] : [t];
  });
}

function join(parts: ReadonlyArray<string | undefined>, separator: string): string | undefined {
  const present = parts.filter((part): part is string => part !== undefined && part !== '');
  return present.length === 0 ? undefined : present.join(separator);
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** "janedeveloper.com/blog" for "https://www.janedeveloper.com/blog/". */
function displayUrl(url: string): string {
  return url.replace(/^https?:\/\//i, '').replace(/^www\./i, '').replace(/\/$/, '');
}

/**
 * A link target: web, mail and phone addresses as written, `https://` added to an address typed
 * without a scheme, and no link at all for other schemes (`javascript:` must never become a link).
 */
function webHref(url: string): string | undefined {
  if (/^(https?|mailto|tel):/i.test(url)) return url;
  if (/^[a-z][a-z\d+.-]*:/i.test(url) || /\s/.test(url)) return undefined;
  return `https://${url.replace(/^\/+/, '')}`;
}

function omitUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
