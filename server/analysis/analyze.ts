// The offline analysis: a resume against a job description, as a deterministic report with
// evidence. No network; the same input (and day) gives the same report.

import { runChecks, experienceYears, resumeWords } from './checks.ts';
import { educationLevelIn } from './education.ts';
import { parseJobDescription } from './job.ts';
import { matchTerms } from './match.ts';
import { ANALYZER_VERSION, type AnalysisReport } from './report.ts';
import { readResume, type ResumeInput } from './resume.ts';
import { scoreReport } from './score.ts';
import { vocabulary } from './vocabulary.ts';

export interface AnalyzeInput {
  /** A resume document, a JSON Resume object, or plain text (evidence offsets then index it). */
  readonly resume: ResumeInput;
  readonly jobDescription: string;
}

export interface AnalyzeOptions {
  /**
   * The day "present" means, for experience years and gaps (default: now). Pass it to make a
   * report reproducible across days.
   */
  readonly today?: Date;
}

export function analyze(input: AnalyzeInput, options: AnalyzeOptions = {}): AnalysisReport {
  const today = options.today ?? new Date();
  const resume = readResume(input.resume);
  const job = parseJobDescription(input.jobDescription);
  const { matched, missing } = matchTerms(job, resume);
  const checks = runChecks(resume, today);
  const resumeYears = experienceYears(resume, today);
  const resumeEducation = educationLevelIn(resume.educationText, 'maximum');
  const { score, breakdown } = scoreReport({ job, resume, matched, missing, checks, resumeYears, resumeEducation });
  return {
    score,
    breakdown,
    matched,
    missing,
    checks,
    job: { title: job.title, education: job.education, years: job.years },
    resume: { words: resumeWords(resume), years: resumeYears, education: resumeEducation },
    analyzerVersion: ANALYZER_VERSION,
    provider: 'offline',
  };
}

/**
 * Loads the vocabulary and the language model now (about a second) instead of on the first
 * analysis: for a worker thread at start-up.
 */
export function warmUpAnalyzer(): void {
  vocabulary();
}
