// Matching a job description against a resume, with evidence: the resume item, field and
// offsets (that point at the term as written) and the job-description sentence; missing terms
// split into "elsewhere in your resume" and "not in your resume".
import { describe, expect, it } from 'vitest';
import { createResumeDoc, extractText, locate, setSectionHidden } from '../../collab/index.ts';
import { analyze, type ResumeEvidence } from '../../server/analysis/index.ts';

const today = new Date('2026-06-01T00:00:00Z');
const jobDescription = [
  'Backend Engineer',
  '',
  'Requirements:',
  '- Must have production experience with JavaScript and Kubernetes',
  '- Experience with PostgreSQL',
  '',
  'Nice to have:',
  '- Go',
  '- Terraform',
].join('\n');

const resume = {
  basics: { name: 'Ada Lovelace', label: 'Backend Engineer', email: 'ada@example.com', summary: 'Engineer writing JS for a living.' },
  work: [
    {
      name: 'Analytical Engines',
      position: 'Backend Engineer',
      startDate: '2020-01',
      highlights: ['Ran 40 services on k8s', 'Moved reporting to Postgres, cutting costs by 30%'],
    },
  ],
  skills: [{ name: 'Languages', keywords: ['golang', 'JavaScript'] }],
};

function byTerm<T extends { term: string }>(list: readonly T[]): Map<string, T> {
  return new Map(list.map((t) => [t.term, t]));
}

describe('matching with evidence', () => {
  it('matches aliases in use and points at the text as written', () => {
    const doc = createResumeDoc(resume);
    const report = analyze({ resume: doc, jobDescription }, { today });
    const extracted = extractText(doc);
    const matched = byTerm(report.matched);
    expect([...matched.keys()].sort()).toEqual(['JavaScript', 'Kubernetes', 'PostgreSQL']);
    const written = (e: ResumeEvidence) => extracted.text.slice(e.start, e.end);
    expect(matched.get('Kubernetes')?.evidence.map(written)).toEqual(['k8s']);
    expect(matched.get('PostgreSQL')?.evidence.map(written)).toEqual(['Postgres']);
    // In use in the summary, and listed in the skills too.
    expect(matched.get('JavaScript')?.evidence.map((e) => [written(e), e.section, e.field])).toEqual([
      ['JS', 'basics', 'summary'],
      ['JavaScript', 'skills', 'keywords.1'],
    ]);
    for (const term of report.matched) {
      for (const e of term.evidence) {
        expect(written(e)).toBe(e.text);
        const place = locate(extracted, e.start);
        expect(place).toMatchObject({ itemId: e.itemId, path: e.field, offset: e.offset });
        expect(place?.field.text.slice(e.offset ?? -1, (e.offset ?? 0) + e.text.length)).toBe(e.text);
      }
    }
  });

  it('gives the job-description sentence and the term in it', () => {
    const report = analyze({ resume, jobDescription }, { today });
    const kubernetes = byTerm(report.matched).get('Kubernetes');
    expect(kubernetes?.required).toBe(true);
    expect(kubernetes?.jobEvidence).toMatchObject({ sentence: 'Must have production experience with JavaScript and Kubernetes', text: 'Kubernetes' });
    expect(jobDescription.slice(kubernetes?.jobEvidence.start, kubernetes?.jobEvidence.end)).toBe('Kubernetes');
  });

  it('tells a skill only listed (elsewhere) from one not in the resume (absent)', () => {
    const report = analyze({ resume, jobDescription }, { today });
    const missing = byTerm(report.missing);
    expect(missing.get('Go')).toMatchObject({ where: 'elsewhere', required: false });
    expect(missing.get('Go')?.evidence.map((e) => e.text)).toEqual(['golang']);
    expect(missing.get('Terraform')).toMatchObject({ where: 'absent', required: false, evidence: [] });
  });

  it('counts a hidden section as elsewhere, not as use', () => {
    const doc = createResumeDoc(resume);
    setSectionHidden(doc, 'work', true);
    const report = analyze({ resume: doc, jobDescription }, { today });
    expect(byTerm(report.missing).get('Kubernetes')).toMatchObject({ where: 'elsewhere', required: true });
  });

  it('names the items of a JSON Resume by their place, so the same JSON gives the same ids', () => {
    const report = analyze({ resume, jobDescription }, { today });
    expect(byTerm(report.matched).get('Kubernetes')?.evidence[0]).toMatchObject({ itemId: 'work.0', field: 'highlights.0', section: 'work', offset: 19 });
  });

  it('works on plain text, with offsets into that string and sections from its headings', () => {
    const text = [
      'Ada Lovelace',
      'ada@example.com | +44 20 7946 0958 | London, UK',
      '',
      'Experience',
      'Backend Engineer, Analytical Engines (Jan 2020 - Present)',
      '- Ran 40 services on k8s',
      '- Moved reporting to Postgres, cutting costs by 30%',
      '',
      'Skills',
      'golang, JavaScript',
    ].join('\n');
    const report = analyze({ resume: text, jobDescription }, { today });
    const matched = byTerm(report.matched);
    expect([...matched.keys()].sort()).toEqual(['Kubernetes', 'PostgreSQL']);
    for (const term of report.matched) for (const e of term.evidence) expect(text.slice(e.start, e.end)).toBe(e.text);
    expect(matched.get('Kubernetes')?.evidence[0]).toMatchObject({ text: 'k8s', section: 'work', itemId: null, field: null, offset: null });
    const missing = byTerm(report.missing);
    expect(missing.get('JavaScript')).toMatchObject({ where: 'elsewhere', required: true });
    expect(missing.get('Go')).toMatchObject({ where: 'elsewhere' });
    expect(report.checks.find((c) => c.id === 'contact.email')?.status).toBe('pass');
    expect(report.resume.years).toBe(6.5);
  });
});
