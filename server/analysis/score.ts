// The score: six parts with weights, renormalized over the parts the job description makes
// applicable, in whole points whose sum is the score.

import { educationRank } from './education.ts';
import type { ParsedJob } from './job.ts';
import { wordForms } from './nlp.ts';
import type { BreakdownPart, Check, EducationLevel, MatchedTerm, MissingTerm } from './report.ts';
import type { ResumeModel } from './resume.ts';
import { tokenize } from './tokens.ts';

/** Base weights, out of 100 when every part applies. Skills share one pool (see skillParts). */
const SKILLS_WEIGHT = 55;
const TITLE_WEIGHT = 10;
const EDUCATION_WEIGHT = 10;
const EXPERIENCE_WEIGHT = 10;
const CHECKS_WEIGHT = 15;
/** A required term weighs twice a preferred one, so missing it always costs more; soft skills half. */
const REQUIRED_WEIGHT = 2;
const PREFERRED_WEIGHT = 1;
const SOFT_FACTOR = 0.5;
/** Named only in a skills list: half the credit of a skill the resume shows in use. */
const ELSEWHERE_CREDIT = 0.5;
const CHECK_CREDIT = { pass: 1, warn: 0.5, fail: 0 } as const;
const TITLE_NOISE = new Set(['senior', 'junior', 'lead', 'staff', 'principal', 'sr', 'jr', 'ii', 'iii', 'iv', 'head', 'of', 'the', 'and', 'a', 'an', 'to', 'for', 'with', 'in', 'at']);

interface Part {
  readonly id: BreakdownPart['id'];
  readonly label: string;
  /** Base weight; 0 when the part does not apply. */
  readonly weight: number;
  /** Share of the part earned, 0..1. */
  readonly fraction: number;
  readonly detail: string;
}

export interface ScoreInput {
  readonly job: ParsedJob;
  readonly resume: ResumeModel;
  readonly matched: readonly MatchedTerm[];
  readonly missing: readonly MissingTerm[];
  readonly checks: readonly Check[];
  readonly resumeYears: number;
  readonly resumeEducation: EducationLevel | null;
}

export function scoreReport(input: ScoreInput): { score: number; breakdown: BreakdownPart[] } {
  const parts = [...skillParts(input), titlePart(input), educationPart(input), experiencePart(input), checksPart(input.checks)];
  const maxes = apportion(parts.map((p) => p.weight), 100);
  const breakdown = parts.map((part, i): BreakdownPart => {
    const max = maxes[i] ?? 0;
    return { id: part.id, label: part.label, max, earned: Math.min(max, Math.round(part.fraction * max)), detail: part.detail };
  });
  return { score: breakdown.reduce((n, p) => n + p.earned, 0), breakdown };
}

function termWeight(term: MatchedTerm | MissingTerm): number {
  return (term.required ? REQUIRED_WEIGHT : PREFERRED_WEIGHT) * (term.kind === 'soft' ? SOFT_FACTOR : 1);
}

function skillParts({ matched, missing }: ScoreInput): Part[] {
  const terms = [...matched.map((t) => ({ t, credit: 1 })), ...missing.map((t) => ({ t, credit: t.where === 'elsewhere' ? ELSEWHERE_CREDIT : 0 }))];
  const total = terms.reduce((n, { t }) => n + termWeight(t), 0);
  const part = (required: boolean): Part => {
    const group = terms.filter(({ t }) => t.required === required);
    const weight = group.reduce((n, { t }) => n + termWeight(t), 0);
    const earned = group.reduce((n, { t, credit }) => n + termWeight(t) * credit, 0);
    const found = group.filter(({ credit }) => credit === 1).length;
    const label = required ? 'Required skills' : 'Preferred skills';
    return {
      id: required ? 'requiredSkills' : 'preferredSkills',
      label,
      weight: total === 0 ? 0 : (SKILLS_WEIGHT * weight) / total,
      fraction: weight === 0 ? 0 : earned / weight,
      detail: group.length === 0 ? `The job description names no ${required ? 'required' : 'preferred'} skills.` : `${found} of ${group.length} shown in your resume.`,
    };
  };
  return [part(true), part(false)];
}

function titleWords(text: string): string[] {
  return tokenize(text).filter((t) => t.word && !TITLE_NOISE.has(t.lower)).map((t) => wordForms(t.lower).stem);
}

function titlePart({ job, resume }: ScoreInput): Part {
  const base = { id: 'title', label: 'Job title' } as const;
  if (!job.title) return { ...base, weight: 0, fraction: 0, detail: 'The job description names no title.' };
  const wanted = [...new Set(titleWords(job.title))];
  let best = 0;
  let closest: string | undefined;
  for (const field of resume.titles) {
    const have = new Set(titleWords(field.text));
    const share = wanted.length === 0 ? 0 : wanted.filter((w) => have.has(w)).length / wanted.length;
    if (share > best) {
      best = share;
      closest = field.text;
    }
  }
  const detail = closest ? `"${job.title}" against your "${closest}".` : `None of your titles resembles "${job.title}".`;
  return { ...base, weight: TITLE_WEIGHT, fraction: best, detail };
}

function educationPart({ job, resumeEducation }: ScoreInput): Part {
  const base = { id: 'education', label: 'Education' } as const;
  if (!job.education) return { ...base, weight: 0, fraction: 0, detail: 'The job description asks for no degree.' };
  const gap = resumeEducation === null ? Infinity : educationRank(job.education) - educationRank(resumeEducation);
  const fraction = gap <= 0 ? 1 : gap === 1 ? 0.5 : 0;
  const detail = resumeEducation === null ? `Asks for ${job.education}; no degree found in your resume.` : `Asks for ${job.education}; your resume shows ${resumeEducation}.`;
  return { ...base, weight: EDUCATION_WEIGHT, fraction, detail };
}

function experiencePart({ job, resumeYears }: ScoreInput): Part {
  const base = { id: 'experience', label: 'Years of experience' } as const;
  if (!job.years) return { ...base, weight: 0, fraction: 0, detail: 'The job description asks for no number of years.' };
  return { ...base, weight: EXPERIENCE_WEIGHT, fraction: Math.min(1, resumeYears / job.years), detail: `Asks for ${job.years}+ years; your dated work covers ${resumeYears}.` };
}

function checksPart(checks: readonly Check[]): Part {
  const passed = checks.filter((c) => c.status === 'pass').length;
  const fraction = checks.length === 0 ? 1 : checks.reduce((n, c) => n + CHECK_CREDIT[c.status], 0) / checks.length;
  return { id: 'checks', label: 'Resume checks', weight: CHECKS_WEIGHT, fraction, detail: `${passed} of ${checks.length} checks pass.` };
}

/** Whole numbers proportional to `weights` summing to `total` (largest remainder; ties by order). */
export function apportion(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((n, w) => n + w, 0);
  if (sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (w * total) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((n, v) => n + v, 0);
  const order = exact.map((v, i) => ({ i, r: v - Math.floor(v) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    out[i] = (out[i] ?? 0) + 1;
    left--;
  }
  return out;
}
