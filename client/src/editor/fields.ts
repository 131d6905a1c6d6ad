// How the form shows each field of the schema: its label, whether it is a date or long text,
// and the order a person fills them in (the export keeps the schema's order).
import { listFields, type ListName } from '../../../collab/index.ts';

const LABELS: Record<string, string> = {
  name: 'Name', label: 'Headline', image: 'Photo URL', email: 'Email', phone: 'Phone', url: 'Website',
  summary: 'Summary', position: 'Position', location: 'Location', description: 'Description',
  startDate: 'Start', endDate: 'End', highlights: 'Highlights', institution: 'Institution',
  area: 'Field of study', studyType: 'Degree', score: 'Grade', courses: 'Courses', level: 'Level',
  keywords: 'Keywords', roles: 'Roles', entity: 'Organisation', type: 'Type', organization: 'Organisation',
  title: 'Title', date: 'Date', awarder: 'Awarded by', issuer: 'Issuer', publisher: 'Publisher',
  releaseDate: 'Published', language: 'Language', fluency: 'Fluency', reference: 'Reference',
  network: 'Network', username: 'Username', address: 'Address', postalCode: 'Postal code', city: 'City',
  countryCode: 'Country code', region: 'Region', profiles: 'Profiles',
};
const PER_LIST: Partial<Record<ListName, Record<string, string>>> = {
  work: { name: 'Company', location: 'Location' },
  projects: { name: 'Project' },
  skills: { name: 'Skill' },
  interests: { name: 'Interest' },
  certificates: { name: 'Certificate' },
  publications: { name: 'Title' },
  volunteer: { organization: 'Organisation' },
};
const DATE_FIELDS = new Set(['startDate', 'endDate', 'date', 'releaseDate']);
const LONG_FIELDS = new Set(['summary', 'reference']);
/** Fields shown first as the item's name in its card header. */
const TITLE_FIELDS = ['position', 'name', 'institution', 'title', 'organization', 'language', 'network'];

export function fieldLabel(list: ListName | 'basics' | 'location', field: string): string {
  const own = list === 'basics' || list === 'location' ? undefined : PER_LIST[list]?.[field];
  return own ?? LABELS[field] ?? field.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());
}
export const isDateField = (field: string) => DATE_FIELDS.has(field);
export const isLongField = (field: string) => LONG_FIELDS.has(field);
export const titleFields = TITLE_FIELDS;

const ADD_LABELS: Partial<Record<ListName, string>> = {
  work: 'Add position', education: 'Add education', skills: 'Add skill', projects: 'Add project',
  volunteer: 'Add volunteering', awards: 'Add award', certificates: 'Add certificate',
  publications: 'Add publication', languages: 'Add language', interests: 'Add interest',
  references: 'Add reference', profiles: 'Add profile',
};
const HELP: Partial<Record<ListName, string>> = {
  work: 'List your jobs, most recent first, with what you achieved in each.',
  education: 'Degrees, schools and courses that matter for the job.',
  skills: 'Group your skills, e.g. “Frontend” with keywords React, TypeScript.',
  projects: 'Side projects, open source or notable work with links.',
  volunteer: 'Unpaid roles that show what you care about.',
  awards: 'Prizes and recognition.',
  certificates: 'Certifications with their issuer and date.',
  publications: 'Articles, papers or books you wrote.',
  languages: 'Languages you speak and how well.',
  interests: 'A few interests that say something about you.',
  references: 'People who can vouch for your work.',
  profiles: 'LinkedIn, GitHub or other profiles.',
};
export const addLabel = (list: ListName) => ADD_LABELS[list] ?? 'Add item';
export const helpText = (list: ListName) => HELP[list] ?? 'Nothing here yet.';
export const entryNoun = (field: string) => (field === 'highlights' ? 'highlight' : field === 'courses' ? 'course' : field === 'roles' ? 'role' : 'keyword');

/** Fields a person thinks of first, moved to the front of the form (a job is its position first). */
const FORM_FIRST: Partial<Record<ListName, readonly string[]>> = { work: ['position'], volunteer: ['position'] };

/** An item's fields in the form's order: the schema's, with FORM_FIRST's in front. */
export function formFields(list: ListName): ReturnType<typeof listFields> {
  const fields = listFields(list);
  const first = FORM_FIRST[list] ?? [];
  const ordered = Object.entries(fields).sort(([a], [b]) => Number(!first.includes(a)) - Number(!first.includes(b)));
  return Object.fromEntries(ordered) as ReturnType<typeof listFields>;
}
