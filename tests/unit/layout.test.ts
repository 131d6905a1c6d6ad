// The resume layout that the preview and the PDF draw: nothing lost, the chosen order, hidden
// sections gone, the template's side column, dates as people read them.
import { describe, expect, it } from 'vitest';
import { formatDate, formatDateRange } from '../../collab/dates.ts';
import { layoutResume, readingOrder, type LayoutSettings, type ResumeLayout } from '../../collab/layout.ts';
import {
  ARRAY_SECTION_NAMES,
  DEFAULT_SECTION_ORDER,
  RESUME_SCHEMA,
  TEMPLATES,
  type ArraySectionName,
  type JsonResume,
} from '../../collab/index.ts';
import { RESUME_FIXTURES, loadResumeFixture } from '../fixtures/resumes/index.ts';

const DEFAULTS: LayoutSettings = { template: 'classic', sectionOrder: DEFAULT_SECTION_ORDER, hiddenSections: [] };
const DATE_FIELDS = new Set(['startDate', 'endDate', 'date', 'releaseDate']);

/** Every string in the layout (texts, links, labels), so a field value can be looked for in it. */
function layoutStrings(layout: ResumeLayout): string {
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(walk);
  };
  walk({ header: layout.header, main: layout.main, sidebar: layout.sidebar });
  return out.join('\n');
}

function valueText(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() === '' ? [] : [value.trim()];
  if (typeof value === 'number') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(valueText);
  return [];
}

/** The non-blank values of the schema's fields in a fixture, dates in their displayed form. */
function knownValues(resume: Record<string, unknown>): string[] {
  const values: string[] = [];
  const collect = (item: unknown, fields: Record<string, unknown>): void => {
    if (typeof item === 'string') values.push(...valueText(item));
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return;
    for (const [key, spec] of Object.entries(fields)) {
      const value = (item as Record<string, unknown>)[key];
      if (typeof spec === 'object' && spec !== null && 'fields' in spec) {
        const inner = spec.fields as Record<string, unknown>;
        for (const child of Array.isArray(value) ? value : [value]) collect(child, inner);
      } else {
        values.push(...valueText(value).map((v) => (DATE_FIELDS.has(key) ? formatDate(v) : v)));
      }
    }
  };
  collect(resume.basics, RESUME_SCHEMA.basics.fields);
  for (const name of ARRAY_SECTION_NAMES) {
    const items = resume[name];
    if (Array.isArray(items)) for (const item of items) collect(item, RESUME_SCHEMA[name].fields);
  }
  return values;
}

function sectionNames(layout: ResumeLayout): string[] {
  return readingOrder(layout).map((section) => section.name);
}

describe('layoutResume', () => {
  it.each(RESUME_FIXTURES)('loses no field of %s in any template', (fixture) => {
    const resume: JsonResume = loadResumeFixture(fixture);
    const expected = knownValues(resume);
    for (const template of TEMPLATES) {
      const shown = layoutStrings(layoutResume(resume, { ...DEFAULTS, template: template.id }));
      const missing = expected.filter((value) => !shown.includes(value));
      expect(missing, `${fixture} in ${template.id}`).toEqual([]);
    }
  });

  it('leads with the basics: name, label and contacts with links', () => {
    const { header } = layoutResume(loadResumeFixture('complete-resume.json'), DEFAULTS);
    expect(header.name).toBe('Jane Developer');
    expect(header.label).toBe('Full Stack Software Engineer');
    expect(header.contacts.map((c) => c.kind)).toEqual(['email', 'phone', 'url', 'location', 'profile', 'profile', 'profile']);
    expect(header.contacts[0]).toEqual({ kind: 'email', text: 'jane.developer@example.com', href: 'mailto:jane.developer@example.com' });
    expect(header.contacts[1]?.href).toBe('tel:5551234567');
    expect(header.contacts[2]).toEqual({ kind: 'url', text: 'janedeveloper.com', href: 'https://janedeveloper.com' });
    expect(header.contacts[3]?.text).toBe('123 Tech Street, San Francisco, California 94102, US');
    expect(header.contacts[4]).toEqual({ kind: 'profile', text: 'janedev', label: 'GitHub', href: 'https://github.com/janedev' });
  });

  it('puts the summary first, then the sections in the chosen order', () => {
    const resume = loadResumeFixture('complete-resume.json');
    const order: ArraySectionName[] = ['skills', 'education', 'work'];
    const layout = layoutResume(resume, { ...DEFAULTS, sectionOrder: order });
    const rest = DEFAULT_SECTION_ORDER.filter((name) => !order.includes(name) && Array.isArray(resume[name]));
    expect(sectionNames(layout)).toEqual(['summary', ...order, ...rest]);
  });

  it('tolerates unknown and repeated names in the stored order', () => {
    const resume = loadResumeFixture('complete-resume.json');
    const layout = layoutResume(resume, { ...DEFAULTS, sectionOrder: ['nope', 'awards', 'awards', 'basics'] });
    expect(sectionNames(layout).slice(0, 3)).toEqual(['summary', 'awards', 'work']);
    expect(new Set(sectionNames(layout)).size).toBe(sectionNames(layout).length);
  });

  it('leaves hidden sections out', () => {
    const resume = loadResumeFixture('complete-resume.json');
    const layout = layoutResume(resume, { ...DEFAULTS, template: 'modern', hiddenSections: ['work', 'skills'] });
    expect(sectionNames(layout)).not.toContain('work');
    expect(sectionNames(layout)).not.toContain('skills');
    expect(sectionNames(layout)).toContain('education');
    expect(layoutStrings(layout)).not.toContain('TechCorp Inc');
  });

  it('omits empty sections and blank items', () => {
    const layout = layoutResume(
      { basics: { name: 'A' }, work: [{ name: ' ', highlights: [''] }], awards: [], skills: [{ name: 'Go' }] },
      DEFAULTS,
    );
    expect(sectionNames(layout)).toEqual(['skills']);
    expect(layoutResume(loadResumeFixture('empty.json'), DEFAULTS).main).toEqual([]);
  });

  it('splits sections into the side column the template names, in section order', () => {
    const resume = loadResumeFixture('complete-resume.json');
    for (const template of TEMPLATES) {
      const layout = layoutResume(resume, { ...DEFAULTS, template: template.id });
      const side = layout.sidebar.map((s) => s.name);
      expect(side, template.id).toEqual(DEFAULT_SECTION_ORDER.filter((n) => (template.sidebar as readonly string[]).includes(n) && Array.isArray(resume[n])));
      expect(layout.main.every((s) => !(template.sidebar as readonly string[]).includes(s.name))).toBe(true);
      expect(layout.sidebarSide).toBe(template.columns === 1 ? 'none' : template.id === 'technical' ? 'left' : 'right');
    }
    const technical = layoutResume(resume, { ...DEFAULTS, template: 'technical' });
    expect(sectionNames(technical)[0]).toBe('skills');
  });

  it('falls back to the default template for an unknown id', () => {
    expect(layoutResume({}, { ...DEFAULTS, template: 'nope' }).template.id).toBe('classic');
  });

  it('normalizes items per section', () => {
    const layout = layoutResume(loadResumeFixture('complete-resume.json'), DEFAULTS);
    const work = layout.main.find((s) => s.name === 'work');
    expect(work?.display).toBe('entries');
    expect(work?.items[0]).toMatchObject({
      title: 'Senior Software Engineer',
      organization: 'TechCorp Inc',
      date: 'Mar 2021 – Present',
      href: 'https://techcorp.com',
    });
    expect(work?.items[0]?.highlights).toHaveLength(4);
    const education = layout.main.find((s) => s.name === 'education');
    expect(education?.items[0]).toMatchObject({ title: 'Bachelor of Science, Computer Science', date: 'Sep 2014 – May 2018' });
    expect(education?.items[0]?.details).toContainEqual({ label: 'Grade', value: '3.8' });
    const skills = layout.main.find((s) => s.name === 'skills');
    expect(skills?.display).toBe('tags');
    expect(skills?.items[0]?.keywords.length).toBeGreaterThan(0);
  });

  it('never links to a script or other unsafe address', () => {
    const layout = layoutResume(
      { basics: { url: 'javascript:alert(1)' }, work: [{ name: 'X', url: 'javascript:alert(2)' }], projects: [{ name: 'P', url: 'example.org/p' }] },
      DEFAULTS,
    );
    expect(layout.header.contacts[0]).toEqual({ kind: 'url', text: 'javascript:alert(1)' });
    expect(layout.main[0]?.items[0]?.href).toBeUndefined();
    expect(layout.main[1]?.items[0]?.href).toBe('https://example.org/p');
  });
});

describe('dates', () => {
  it('formats ISO dates as month and year', () => {
    expect(formatDate('2020-01-15')).toBe('Jan 2020');
    expect(formatDate('2020-12')).toBe('Dec 2020');
    expect(formatDate('2019')).toBe('2019');
    expect(formatDate(' Summer 2019 ')).toBe('Summer 2019');
    expect(formatDate('2020-13')).toBe('2020-13');
  });

  it('formats ranges with an en dash and Present for an open end', () => {
    expect(formatDateRange('2020-01', undefined)).toBe('Jan 2020 – Present');
    expect(formatDateRange('2020-01-01', '2021-03-31')).toBe('Jan 2020 – Mar 2021');
    expect(formatDateRange(undefined, '2021-03')).toBe('Mar 2021');
    expect(formatDateRange('2021-03-01', '2021-03-31')).toBe('Mar 2021');
    expect(formatDateRange('', '')).toBeUndefined();
  });
});
