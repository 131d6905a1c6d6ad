// Guarding LLM rewrites: a rewrite may say better what the resume says, never add to it. One
// that brings in a skill, a name, a number or a job title the resume lacks is flagged.

import { skillsInResume } from './match.ts';
import type { ResumeModel } from './resume.ts';
import { vocabulary } from './vocabulary.ts';

/** Words of job titles; one absent from the resume means the rewrite promotes its author. */
const TITLE_WORDS = [
  'intern', 'junior', 'senior', 'lead', 'principal', 'staff', 'head', 'chief', 'director', 'manager', 'vp',
  'vice president', 'president', 'architect', 'engineer', 'developer', 'analyst', 'scientist', 'consultant',
  'officer', 'founder', 'co-founder', 'supervisor', 'coordinator', 'specialist', 'administrator', 'designer',
];
const NUMBER = /\d+(?:[.,]\d+)*/g;
// A capitalized word that does not open a sentence: a name of an employer, a product, a place.
const PROPER_NOUN = /(?<![.!?:]\s|^|["“(]\s?)(?<![.!?:])\b(\p{Lu}[\p{L}&'-]*(?:\s+\p{Lu}[\p{L}&'-]*)*)/gu;

export interface RewriteGuard {
  /** Why the rewrite cannot be offered as is; empty when it can. */
  flags(rewrite: string): string[];
}

export function rewriteGuard(resume: ResumeModel): RewriteGuard {
  const resumeText = resume.fields.map((f) => f.text).join('\n');
  const lower = resumeText.toLowerCase();
  const skills = new Set(skillsInResume(resume).keys());
  const numbers = new Set([...resumeText.matchAll(NUMBER)].map((m) => normalizeNumber(m[0])));
  const vocab = vocabulary();
  return {
    flags(rewrite) {
      const reasons: string[] = [];
      for (const hit of vocab.find(rewrite)) {
        if (!skills.has(hit.skill.name)) reasons.push(`adds the skill "${hit.text}", which your resume does not mention`);
      }
      for (const m of rewrite.matchAll(NUMBER)) {
        if (!numbers.has(normalizeNumber(m[0]))) reasons.push(`adds the number "${m[0]}", which your resume does not give`);
      }
      for (const m of rewrite.matchAll(PROPER_NOUN)) {
        const name = m[1] ?? '';
        if (name.length > 1 && !lower.includes(name.toLowerCase()) && !vocab.resolve(name)) {
          reasons.push(`adds the name "${name}", which your resume does not mention`);
        }
      }
      const rewriteLower = rewrite.toLowerCase();
      for (const word of TITLE_WORDS) {
        const pattern = new RegExp(`\\b${word}\\b`);
        if (pattern.test(rewriteLower) && !pattern.test(lower)) reasons.push(`adds the title "${word}", which your resume does not hold`);
      }
      return [...new Set(reasons)];
    },
  };
}

function normalizeNumber(text: string): string {
  return text.replace(/,/g, '');
}
