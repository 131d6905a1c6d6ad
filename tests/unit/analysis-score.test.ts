// The score: deterministic, 0-100, parts that sum to it, and moving the way a job seeker
// expects: a shown skill raises it, a missing required skill costs more than a preferred one.
import { describe, expect, it } from 'vitest';
import { analyze, analysisReport, type AnalysisReport } from '../../server/analysis/index.ts';

const today = new Date('2026-06-01T00:00:00Z');
const jobDescription = [
  'Backend Engineer',
  '',
  'Requirements:',
  '- 5+ years of experience with Python',
  '- Must have experience with PostgreSQL and Docker',
  "- Bachelor's degree",
  '',
  'Nice to have:',
  '- Kubernetes',
  '- Terraform',
].join('\n');

interface Options {
  readonly highlights?: readonly string[];
  readonly position?: string;
  readonly keywords?: readonly string[];
}

function resumeWith({ highlights = [], position = 'Backend Engineer', keywords = [] }: Options = {}) {
  return {
    basics: {
      name: 'Ada Lovelace',
      label: position,
      email: 'ada@example.com',
      phone: '+44 20 7946 0958',
      location: { city: 'London', countryCode: 'GB' },
    },
    work: [
      {
        name: 'Analytical Engines',
        position,
        startDate: '2018-01',
        highlights: ['Built 12 billing services, cutting invoice errors by 35%', ...highlights],
      },
    ],
    education: [{ institution: 'University of London', studyType: 'Bachelor of Science', area: 'Mathematics' }],
    skills: [{ name: 'Tools', keywords: [...keywords] }],
  };
}

const ALL = [
  'Wrote Python services serving 2M requests a day',
  'Moved 8 databases to PostgreSQL',
  'Packaged 20 services with Docker',
  'Ran them on Kubernetes across 3 regions',
  'Provisioned 4 environments with Terraform',
];

function score(options: Options): number {
  return analyze({ resume: resumeWith(options), jobDescription }, { today }).score;
}

function part(report: AnalysisReport, id: string) {
  return report.breakdown.find((p) => p.id === id);
}

describe('the score', () => {
  it('is the same for the same input, and a valid report', () => {
    const input = { resume: resumeWith({ highlights: ALL }), jobDescription };
    const first = analyze(input, { today });
    expect(analyze(input, { today })).toEqual(first);
    expect(analyze({ resume: JSON.parse(JSON.stringify(input.resume)) as Record<string, unknown>, jobDescription }, { today })).toEqual(first);
    expect(analysisReport.parse(first)).toEqual(first);
    expect(first).toMatchObject({ provider: 'offline', analyzerVersion: expect.stringMatching(/^offline-/) });
  });

  it('has parts whose max sum to 100 and whose earned points sum to the score', () => {
    for (const highlights of [[], ALL.slice(0, 2), ALL]) {
      const report = analyze({ resume: resumeWith({ highlights }), jobDescription }, { today });
      expect(report.breakdown.reduce((n, p) => n + p.max, 0)).toBe(100);
      expect(report.breakdown.reduce((n, p) => n + p.earned, 0)).toBe(report.score);
      for (const p of report.breakdown) expect(p.earned).toBeLessThanOrEqual(p.max);
    }
  });

  it('gives a resume showing every skill full skill, title, education and experience points', () => {
    const report = analyze({ resume: resumeWith({ highlights: ALL }), jobDescription }, { today });
    expect(report.missing).toEqual([]);
    for (const id of ['requiredSkills', 'preferredSkills', 'title', 'education', 'experience']) {
      expect(part(report, id)?.earned).toBe(part(report, id)?.max);
    }
    expect(report.score).toBeGreaterThan(90);
  });

  it('rises when a missing required skill is added, and falls when it is removed', () => {
    const without = ALL.filter((h) => !h.includes('Docker'));
    const before = score({ highlights: without });
    const after = score({ highlights: ALL });
    expect(after).toBeGreaterThan(before);
    expect(score({ highlights: without })).toBe(before);
  });

  it('costs more for a missing required skill than for a missing preferred one', () => {
    const full = score({ highlights: ALL });
    const noDocker = score({ highlights: ALL.filter((h) => !h.includes('Docker')) });
    const noTerraform = score({ highlights: ALL.filter((h) => !h.includes('Terraform')) });
    expect(full - noDocker).toBeGreaterThan(full - noTerraform);
    expect(noTerraform).toBeLessThan(full);
  });

  it('gives half credit to a skill only listed, and none to one absent', () => {
    const without = ALL.filter((h) => !h.includes('Docker'));
    const absent = score({ highlights: without });
    const listed = score({ highlights: without, keywords: ['Docker'] });
    const shown = score({ highlights: ALL });
    expect(listed).toBeGreaterThan(absent);
    expect(shown).toBeGreaterThan(listed);
  });

  it('counts aliases: Postgres and k8s are PostgreSQL and Kubernetes', () => {
    const aliased = ALL.map((h) => h.replace('PostgreSQL', 'Postgres').replace('Kubernetes', 'k8s'));
    expect(score({ highlights: aliased })).toBe(score({ highlights: ALL }));
  });

  it('scores a strong match above a weak one for the same job', () => {
    const strong = score({ highlights: ALL });
    const weak = score({ highlights: ['Answered 40 customer calls a day'], position: 'Customer Service Representative' });
    expect(strong - weak).toBeGreaterThan(30);
  });

  it('rewards the title, education and years asked for', () => {
    const report = analyze({ resume: resumeWith({ highlights: ALL, position: 'Barista' }), jobDescription }, { today });
    expect(part(report, 'title')?.earned).toBe(0);
    const junior = resumeWith({ highlights: ALL });
    const recent = { ...junior, work: junior.work.map((w) => ({ ...w, startDate: '2024-06' })), education: [] };
    const fresh = analyze({ resume: recent, jobDescription }, { today });
    expect(part(fresh, 'experience')?.earned).toBeLessThan(part(fresh, 'experience')?.max ?? 0);
    expect(part(fresh, 'education')?.earned).toBe(0);
    expect(fresh.resume.years).toBe(2.1);
  });

  it('renormalizes over the parts a job description makes applicable', () => {
    const report = analyze({ resume: resumeWith({ highlights: ALL }), jobDescription: 'We use Python.' }, { today });
    expect(report.breakdown.filter((p) => p.max > 0).map((p) => p.id)).toEqual(['requiredSkills', 'checks']);
    expect(report.breakdown.reduce((n, p) => n + p.max, 0)).toBe(100);
  });
});
