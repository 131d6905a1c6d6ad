// Education levels named in text: the lowest one a job description accepts, the highest one a
// resume shows.

import { EDUCATION_LEVELS, type EducationLevel } from './report.ts';

// Words in any case; abbreviations only as written (a resume's "MS Excel" is no master's).
const PATTERNS: ReadonlyArray<readonly [EducationLevel, RegExp, RegExp?]> = [
  ['doctorate', /\b(ph\.?\s?d|doctorate|doctoral|doctor of)\b/i],
  ['master', /\b(master'?s?|mba|msc|m\.sc|m\.eng|meng)\b/i, /\b(MS|MA|M\.S\.|M\.A\.)(?=[\s,.]|$)(?! Excel| Office| Word)/],
  ['bachelor', /\b(bachelor'?s?|bsc|b\.sc|b\.eng|beng|undergraduate degree|college degree|university degree|degree in)\b/i, /\b(BS|BA|B\.S\.|B\.A\.)(?=[\s,.]|$)/],
  ['associate', /\b(associate'?s? degree|associate of)\b/i],
  ['high-school', /\b(high school|secondary school|ged)\b/i],
];

/**
 * The `minimum` (a job description's "Bachelor's or Master's" accepts a bachelor) or `maximum`
 * (a resume's highest degree) level named in the text, or null.
 */
export function educationLevelIn(text: string, pick: 'minimum' | 'maximum'): EducationLevel | null {
  const found = PATTERNS.filter(([, words, abbreviations]) => words.test(text) || (abbreviations?.test(text) ?? false)).map(([level]) => EDUCATION_LEVELS.indexOf(level));
  if (found.length === 0) return null;
  const index = pick === 'minimum' ? Math.min(...found) : Math.max(...found);
  return EDUCATION_LEVELS[index] ?? null;
}

export function educationRank(level: EducationLevel): number {
  return EDUCATION_LEVELS.indexOf(level);
}
