// The resume checks a job seeker sees: contact details, standard sections, numbers in bullets,
// action verbs, weak phrases, length, dates and gaps, each with evidence to jump to.
import { describe, expect, it } from 'vitest';
import { analyze, type Check, type CheckId, type ResumeInput } from '../../server/analysis/index.ts';

const today = new Date('2026-06-01T00:00:00Z');
const jobDescription = 'We use Python.';
const filler = 'Built and shipped 14 internal tools in Python for 300 analysts across 5 offices';

function resume(overrides: Record<string, unknown> = {}) {
  return {
    basics: { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0958', location: { city: 'London' } },
    work: [
      { name: 'Analytical Engines', position: 'Engineer', startDate: '2021-01', highlights: ['Cut costs by 30% in 2 quarters', 'Led 4 engineers'] },
      { name: 'Babbage & Co', position: 'Analyst', startDate: '2018-01', endDate: '2020-12', highlights: ['Grew revenue by $2M'] },
    ],
    education: [{ institution: 'University of London', studyType: 'Bachelor' }],
    skills: [{ name: 'Languages', keywords: ['Python'] }],
    projects: [{ name: 'Engine', description: Array.from({ length: 30 }, () => filler).join('. ') }],
    ...overrides,
  };
}

function checks(input: ResumeInput): Map<CheckId, Check> {
  return new Map(analyze({ resume: input, jobDescription }, { today }).checks.map((c) => [c.id, c]));
}

describe('resume checks', () => {
  it('passes a complete resume on every check', () => {
    const all = checks(resume());
    expect([...all.values()].filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.message}`)).toEqual([]);
  });

  it('fails a resume without an email and warns without phone or location', () => {
    const all = checks(resume({ basics: { name: 'Ada Lovelace' } }));
    expect(all.get('contact.email')).toMatchObject({ status: 'fail', message: expect.stringContaining('email') });
    expect(all.get('contact.phone')?.status).toBe('warn');
    expect(all.get('contact.location')?.status).toBe('warn');
  });

  it('flags bullets without numbers and points at them', () => {
    const all = checks(
      resume({ work: [{ name: 'Engines', position: 'Engineer', startDate: '2021-01', highlights: ['Improved the build', 'Wrote docs', 'Cut costs by 30%'] }] }),
    );
    const quantified = all.get('bullets.quantified');
    expect(quantified?.status).toBe('warn');
    expect(quantified?.message).toContain('33%');
    expect(quantified?.evidence?.map((e) => [e.text, e.itemId, e.field])).toEqual([
      ['Improved the build', 'work.0', 'highlights.0'],
      ['Wrote docs', 'work.0', 'highlights.1'],
    ]);
  });

  it('finds weak phrases with their place, and bullets not opened by an action verb', () => {
    const highlights = ['Responsible for the 3 build servers', 'Helped with 2 releases', 'Worked on 5 dashboards', 'Shipped 4 apps'];
    const all = checks(resume({ work: [{ name: 'Engines', position: 'Engineer', startDate: '2021-01', highlights }] }));
    const weak = all.get('bullets.weak-phrases');
    expect(weak?.status).toBe('fail');
    expect(weak?.evidence?.map((e) => [e.text, e.field, e.offset])).toEqual([
      ['Responsible for', 'highlights.0', 0],
      ['Helped with', 'highlights.1', 0],
      ['Worked on', 'highlights.2', 0],
    ]);
    const verbs = all.get('bullets.action-verbs');
    expect(verbs?.status).toBe('fail');
    expect(verbs?.message).toContain('25%');
    expect(verbs?.evidence?.map((e) => e.text)).toEqual(highlights.slice(0, 3));
  });

  it('warns of a gap of more than six months between jobs', () => {
    const work = [
      { name: 'Engines', position: 'Engineer', startDate: '2021-06', highlights: ['Led 4 engineers'] },
      { name: 'Babbage', position: 'Analyst', startDate: '2018-01', endDate: '2020-06', highlights: ['Grew revenue by $2M'] },
    ];
    const gaps = checks(resume({ work })).get('gaps');
    expect(gaps).toMatchObject({ status: 'warn', message: expect.stringContaining('2020-06 to 2021-06') });
    const short = [{ ...work[0], startDate: '2020-10' }, work[1]];
    expect(checks(resume({ work: short })).get('gaps')?.status).toBe('pass');
  });

  it('fails jobs with a missing or invalid start date and names them', () => {
    const work = [
      { name: 'Engines', position: 'Engineer', highlights: ['Led 4 engineers'] },
      { name: 'Babbage', position: 'Analyst', startDate: 'last spring', endDate: '2020-06' },
    ];
    const dates = checks(resume({ work })).get('dates');
    expect(dates?.status).toBe('fail');
    expect(dates?.message).toContain('"Engineer" has no start date');
    expect(dates?.message).toContain('"Analyst" has a start date that is not a date');
    expect(dates?.evidence?.map((e) => e.itemId)).toEqual(['work.0', 'work.1']);
  });

  it('judges length by words and names missing standard sections', () => {
    const short = checks({ basics: { name: 'Ada', email: 'ada@example.com' }, work: [{ name: 'Engines', startDate: '2020-01', highlights: ['Led 4 engineers'] }] });
    expect(short.get('length')?.status).toBe('fail');
    expect(short.get('headings')).toMatchObject({ status: 'fail', message: expect.stringContaining('Education, Skills') });
    expect(checks(resume({ projects: [] })).get('length')?.status).toBe('fail');
    const long = resume({ projects: [{ name: 'Engine', description: Array.from({ length: 120 }, () => filler).join('. ') }] });
    expect(checks(long).get('length')?.status).toBe('fail');
  });

  it('checks a plain-text resume by its headings, bullets and date ranges', () => {
    const text = [
      'Ada Lovelace',
      'London, UK',
      '',
      'Experience',
      'Engineer, Analytical Engines, Jan 2021 - Present',
      '- Responsible for the build',
      '- Cut costs by 30%',
      'Analyst, Babbage, 2017 - 2019',
      '',
      'Education',
      'BSc Mathematics, University of London',
    ].join('\n');
    const all = checks(text);
    expect(all.get('contact.email')?.status).toBe('fail');
    expect(all.get('contact.location')?.evidence?.[0]?.text).toBe('London, UK');
    expect(all.get('headings')).toMatchObject({ status: 'warn', message: expect.stringContaining('Skills') });
    expect(all.get('bullets.weak-phrases')?.evidence?.map((e) => [e.text, text.slice(e.start, e.end)])).toEqual([['Responsible for', 'Responsible for']]);
    expect(all.get('gaps')).toMatchObject({ status: 'warn', message: expect.stringContaining('2019-01 to 2021-01') });
  });
});
