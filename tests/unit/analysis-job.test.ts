// Reading a job description: required vs preferred by its wording and headings, the skills it
// names, its title, the education and the years of experience it asks for.
import { describe, expect, it } from 'vitest';
import { parseJobDescription } from '../../server/analysis/index.ts';
import { JOB_FIXTURES, loadJobFixture } from '../fixtures/jobs/index.ts';

function demands(text: string): Record<string, boolean> {
  return Object.fromEntries(parseJobDescription(text).terms.map((t) => [t.hit.skill.name, t.required]));
}

describe('parseJobDescription', () => {
  it('tells required from preferred by headings', () => {
    const jd = [
      'Backend Engineer',
      '',
      'Requirements:',
      '- 5+ years of experience with Python',
      '- Experience with PostgreSQL and Docker',
      '',
      'Nice to have:',
      '- Kubernetes',
      '- Terraform',
    ].join('\n');
    expect(demands(jd)).toEqual({ Python: true, PostgreSQL: true, Docker: true, Kubernetes: false, Terraform: false });
  });

  it('tells required from preferred by the wording of each sentence', () => {
    const jd = [
      'You must have strong Python skills. Experience with Go is required.',
      'Familiarity with Kubernetes is a plus. Terraform is preferred. Bonus: Rust.',
      'You have shipped React apps. Knowing GraphQL would be nice to have.',
    ].join('\n');
    expect(demands(jd)).toEqual({
      Python: true,
      Go: true,
      Kubernetes: false,
      Terraform: false,
      Rust: false,
      React: true,
      GraphQL: false,
    });
  });

  it('counts a skill named both ways as required, with the requiring sentence as evidence', () => {
    const jd = 'Docker is a plus.\nYou must know Docker well.';
    const [term] = parseJobDescription(jd).terms;
    expect(term?.required).toBe(true);
    expect(term?.sentence.text).toBe('You must know Docker well.');
    expect(jd.slice(term?.hit.start, term?.hit.end)).toBe('Docker');
  });

  it('takes a JD without a requirements list as requiring what it names', () => {
    expect(demands('We build with TypeScript and Node.js.')).toEqual({ TypeScript: true, 'Node.js': true });
  });

  it('reads the title from a Title: line, a short first line, or the prose', () => {
    expect(parseJobDescription('About us\nTitle: Data Engineer\nWe love data.').title).toBe('Data Engineer');
    expect(parseJobDescription('Staff Frontend Engineer\n\nYou will build UIs.').title).toBe('Staff Frontend Engineer');
    expect(parseJobDescription('We are looking for a Senior Product Manager to drive the roadmap.').title).toBe('Senior Product Manager');
  });

  it('reads years of experience and the lowest education level accepted', () => {
    const jd = parseJobDescription("3-5 years of experience; 7+ years preferred. Bachelor's or Master's degree in Computer Science.");
    expect(jd.years).toBe(7);
    expect(jd.education).toBe('bachelor');
    expect(parseJobDescription('PhD in physics and five years of research.')).toMatchObject({ education: 'doctorate', years: 5 });
    expect(parseJobDescription('Great team, great snacks.')).toMatchObject({ education: null, years: null, title: null });
  });

  it('cuts hard-wrapped paragraphs into sentences at full stops and semicolons', () => {
    const jd = 'Requirements: 4+ years of Python\nexperience; deep knowledge of SQL. Great pay.';
    expect(parseJobDescription(jd).sentences.map((s) => [s.text, s.demand])).toEqual([
      ['4+ years of Python\nexperience', 'required'],
      ['deep knowledge of SQL.', 'required'],
      ['Great pay.', 'required'],
    ]);
  });

  it.each(JOB_FIXTURES)('reads the fixture %s: a title, years, required and preferred skills', (name) => {
    const text = loadJobFixture(name);
    const jd = parseJobDescription(text);
    expect(jd.title).toMatch(/(Engineer|Manager)$/);
    expect(jd.years).toBeGreaterThanOrEqual(3);
    expect(jd.terms.filter((t) => t.required).length).toBeGreaterThanOrEqual(4);
    for (const term of jd.terms) {
      expect(text.slice(term.hit.start, term.hit.end)).toBe(term.hit.text);
      expect(text.slice(term.sentence.start, term.sentence.end)).toBe(term.sentence.text);
      expect(term.sentence.text).toContain(term.hit.text);
    }
  });

  it('finds the backend fixture asking for Python, Kubernetes and SQL, and mentioning PostgreSQL', () => {
    const terms = demands(loadJobFixture('backend-eng.txt'));
    expect(terms).toMatchObject({ Python: true, Kubernetes: true, SQL: true, Redis: true, 'CI/CD': true, PostgreSQL: false });
  });
});
