// The analysis report: zod schemas (for the REST layer and the stored JSON) and their types.
// Bump ANALYZER_VERSION whenever the same input could give a different report.

import { z } from 'zod';
import { SKILL_KINDS } from './vocabulary.ts';

export const ANALYZER_VERSION = 'offline-1.0.0';

/** A span of the resume text. For a resume document also its item, field and offset in that field. */
export const resumeEvidence = z.object({
  /** As written in the resume. */
  text: z.string(),
  /** `[start, end)` in the analyzed text: extractText's text for a document, the string itself otherwise. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  /** `work`, `skills`, ... (a plain-text resume: the section its heading names, or null). */
  section: z.string().nullable(),
  /** The item id in the document (`basics` for basics); null for a plain-text resume. */
  itemId: z.string().nullable(),
  /** The field path inside the item (`highlights.2`); null for a plain-text resume. */
  field: z.string().nullable(),
  /** Offset of `start` inside that field's text; null for a plain-text resume. */
  offset: z.number().int().nonnegative().nullable(),
});
export type ResumeEvidence = z.infer<typeof resumeEvidence>;

/** Where the job description asks for a term: the sentence and the term inside it. */
export const jobEvidence = z.object({
  sentence: z.string(),
  /** `[start, end)` of the term as written, in the job description. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  text: z.string(),
});
export type JobEvidence = z.infer<typeof jobEvidence>;

const term = {
  /** The skill's canonical name (JavaScript, even when the job description wrote JS). */
  term: z.string(),
  kind: z.enum(SKILL_KINDS),
  required: z.boolean(),
  jobEvidence,
};

export const matchedTerm = z.object({ ...term, evidence: z.array(resumeEvidence).min(1) });
export type MatchedTerm = z.infer<typeof matchedTerm>;

/**
 * `elsewhere`: the resume names it, but only where it shows no use (a skills list, interests, a
 * hidden section); evidence points there. `absent`: not in the resume at all.
 */
export const missingTerm = z.object({ ...term, where: z.enum(['elsewhere', 'absent']), evidence: z.array(resumeEvidence) });
export type MissingTerm = z.infer<typeof missingTerm>;

export const CHECK_IDS = [
  'contact.email',
  'contact.phone',
  'contact.location',
  'headings',
  'bullets.quantified',
  'bullets.action-verbs',
  'bullets.weak-phrases',
  'length',
  'dates',
  'gaps',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export const check = z.object({
  id: z.enum(CHECK_IDS),
  status: z.enum(['pass', 'warn', 'fail']),
  message: z.string(),
  evidence: z.array(resumeEvidence).optional(),
});
export type Check = z.infer<typeof check>;

export const BREAKDOWN_IDS = ['requiredSkills', 'preferredSkills', 'title', 'education', 'experience', 'checks'] as const;
export type BreakdownId = (typeof BREAKDOWN_IDS)[number];

/** One part of the score. Parts' `max` sum to 100 and their `earned` to the score. */
export const breakdownPart = z.object({
  id: z.enum(BREAKDOWN_IDS),
  label: z.string(),
  earned: z.number().int().nonnegative(),
  max: z.number().int().nonnegative(),
  detail: z.string(),
});
export type BreakdownPart = z.infer<typeof breakdownPart>;

export const EDUCATION_LEVELS = ['high-school', 'associate', 'bachelor', 'master', 'doctorate'] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];

export const analysisReport = z.object({
  score: z.number().int().min(0).max(100),
  breakdown: z.array(breakdownPart),
  matched: z.array(matchedTerm),
  missing: z.array(missingTerm),
  checks: z.array(check),
  /** What was read from the job description. */
  job: z.object({
    title: z.string().nullable(),
    education: z.enum(EDUCATION_LEVELS).nullable(),
    years: z.number().nullable(),
  }),
  /** What was read from the resume. */
  resume: z.object({
    words: z.number().int().nonnegative(),
    years: z.number().nonnegative(),
    education: z.enum(EDUCATION_LEVELS).nullable(),
  }),
  analyzerVersion: z.string(),
  provider: z.literal('offline'),
});
export type AnalysisReport = z.infer<typeof analysisReport>;
