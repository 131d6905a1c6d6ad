// The analyzer on every fixture resume against every fixture job description, as a document,
// as JSON and as plain text: a valid report whose evidence points at the text it quotes.
import { describe, expect, it } from 'vitest';
import { createResumeDoc, extractText } from '../../collab/index.ts';
import { analyze, analysisReport, type AnalysisReport } from '../../server/analysis/index.ts';
import { JOB_FIXTURES, loadJobFixture } from '../fixtures/jobs/index.ts';
import { RESUME_FIXTURES, loadResumeFixture } from '../fixtures/resumes/index.ts';

const today = new Date('2026-06-01T00:00:00Z');

function expectEvidenceIn(report: AnalysisReport, text: string, jobDescription: string): void {
  const all = [
    ...report.matched.flatMap((t) => t.evidence),
    ...report.missing.flatMap((t) => t.evidence),
    ...report.checks.flatMap((c) => c.evidence ?? []),
  ];
  for (const e of all) expect(text.slice(e.start, e.end)).toBe(e.text);
  for (const t of [...report.matched, ...report.missing]) {
    expect(jobDescription.slice(t.jobEvidence.start, t.jobEvidence.end)).toBe(t.jobEvidence.text);
  }
}

describe.each(JOB_FIXTURES)('against %s', (job) => {
  const jobDescription = loadJobFixture(job);

  it.each(RESUME_FIXTURES)('analyzes %s as a document and as plain text', (name) => {
    const doc = createResumeDoc(loadResumeFixture(name));
    const report = analyze({ resume: doc, jobDescription }, { today });
    expect(analysisReport.parse(report)).toEqual(report);
    expect(report.score).toBe(report.breakdown.reduce((n, p) => n + p.earned, 0));
    expect(report.matched.length + report.missing.length).toBeGreaterThanOrEqual(8);
    const text = extractText(doc).text;
    expectEvidenceIn(report, text, jobDescription);

    const plain = analyze({ resume: text, jobDescription }, { today });
    expect(analysisReport.parse(plain)).toEqual(plain);
    expectEvidenceIn(plain, text, jobDescription);
  });
});

describe('fixtures that fit a job', () => {
  it('scores the senior engineer above the career changer for the backend job', () => {
    const jobDescription = loadJobFixture('backend-eng.txt');
    const scoreOf = (name: string) => analyze({ resume: loadResumeFixture(name), jobDescription }, { today }).score;
    expect(scoreOf('complete-resume.json')).toBeGreaterThan(scoreOf('career-changer.resume.json'));
    expect(scoreOf('senior-engineer.resume.json')).toBeGreaterThan(scoreOf('empty.json'));
  });
});
